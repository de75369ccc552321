package kube

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

func i64(n int64) types.Int64 { return types.Int64Value(n) }

var i64null = types.Int64Null()

func strMap(kv ...string) types.Map {
	m := map[string]attr.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = types.StringValue(kv[i+1])
	}
	return types.MapValueMust(types.StringType, m)
}

func taintList(taints ...map[string]string) types.List {
	var elems []attr.Value
	for _, t := range taints {
		m := map[string]attr.Value{}
		for k, v := range t {
			m[k] = types.StringValue(v)
		}
		elems = append(elems, types.MapValueMust(types.StringType, m))
	}
	return types.ListValueMust(taintType, elems)
}

func basePool() nodePoolModel {
	return nodePoolModel{nodePoolAttributes: nodePoolAttributes{
		FlavorName: types.StringValue("b3-8"), Name: types.StringNull(),
		DesiredNodes: types.Int64Unknown(), MinNodes: types.Int64Unknown(), MaxNodes: types.Int64Unknown(),
		Autoscale: types.BoolUnknown(), AntiAffinity: types.BoolUnknown(), MonthlyBilled: types.BoolUnknown(),
		ScaleDownUnneededTimeSeconds: types.Int64Unknown(), ScaleDownUnreadyTimeSeconds: types.Int64Unknown(),
		ScaleDownUtilizationThreshold: types.Float64Unknown(), AvailabilityZones: types.ListNull(types.StringType),
	}}
}

func TestNodePoolCreateRequest(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		edit func(*nodePoolModel)
		want string
	}{
		{
			name: "only the flavor: unset sizes are not sent, zones and an empty template are",
			edit: func(*nodePoolModel) {},
			want: `{"flavorName":"b3-8","availabilityZones":[],"template":{"metadata":{"labels":{},"annotations":{},"finalizers":[]},"spec":{"unschedulable":false,"taints":[]}}}`,
		},
		{
			name: "zero is a size",
			edit: func(m *nodePoolModel) { m.DesiredNodes, m.MinNodes = i64(0), i64(0) },
			want: `{"flavorName":"b3-8","desiredNodes":0,"minNodes":0,"availabilityZones":[],"template":{"metadata":{"labels":{},"annotations":{},"finalizers":[]},"spec":{"unschedulable":false,"taints":[]}}}`,
		},
		{
			name: "labels only",
			edit: func(m *nodePoolModel) {
				m.Template = []nodePoolTemplModel{{Metadata: []templateMetadataModel{{Labels: strMap("role", "web"), Annotations: types.MapNull(types.StringType), Finalizers: types.ListNull(types.StringType)}}}}
			},
			want: `{"flavorName":"b3-8","availabilityZones":[],"template":{"metadata":{"labels":{"role":"web"},"annotations":{},"finalizers":[]},"spec":{"unschedulable":false,"taints":[]}}}`,
		},
		{
			name: "a taint without value is sent with an empty one",
			edit: func(m *nodePoolModel) {
				m.Template = []nodePoolTemplModel{{Spec: []templateSpecModel{{Unschedulable: types.BoolNull(), Taints: taintList(map[string]string{"key": "gpu", "effect": "NoSchedule"})}}}}
			},
			want: `{"flavorName":"b3-8","availabilityZones":[],"template":{"metadata":{"labels":{},"annotations":{},"finalizers":[]},"spec":{"unschedulable":false,"taints":[{"key":"gpu","value":"","effect":"NoSchedule"}]}}}`,
		},
		{
			name: "autoscaling with one setting, floating IPs, zones",
			edit: func(m *nodePoolModel) {
				m.Autoscale = types.BoolValue(true)
				m.ScaleDownUnneededTimeSeconds = i64(300)
				m.AttachFloatingIPs = []floatingIPsModel{{Enabled: types.BoolValue(true)}}
				m.AvailabilityZones = types.ListValueMust(types.StringType, []attr.Value{types.StringValue("eu-west-par-a")})
				m.Template = nil
			},
			want: `{"flavorName":"b3-8","autoscale":true,"availabilityZones":["eu-west-par-a"],"autoscaling":{"scaleDownUnneededTimeSeconds":300},"attachFloatingIps":{"enabled":true},"template":{"metadata":{"labels":{},"annotations":{},"finalizers":[]},"spec":{"unschedulable":false,"taints":[]}}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := basePool()
			tt.edit(&m)
			body, diags := m.createRequest(ctx)
			if diags.HasError() {
				t.Fatal(diags)
			}
			raw, _ := json.Marshal(body)
			if string(raw) != tt.want {
				t.Errorf("body =\n %s\nwant\n %s", raw, tt.want)
			}
		})
	}
}

func TestNodePoolUpdateRequest(t *testing.T) {
	ctx := context.Background()
	state := basePool()
	state.DesiredNodes, state.MinNodes, state.MaxNodes = i64(2), i64(0), i64(10)
	state.Autoscale = types.BoolValue(false)
	state.ScaleDownUnneededTimeSeconds, state.ScaleDownUnreadyTimeSeconds = i64(600), i64(1200)
	state.ScaleDownUtilizationThreshold = types.Float64Value(0.5)
	state.Template = []nodePoolTemplModel{{Metadata: []templateMetadataModel{{Labels: strMap("role", "web"), Annotations: types.MapNull(types.StringType), Finalizers: types.ListNull(types.StringType)}}}}
	tests := []struct {
		name    string
		edit    func(*nodePoolModel)
		want    string
		changed bool
	}{
		{name: "nothing", edit: func(*nodePoolModel) {}, want: `{}`},
		{name: "resize to zero", edit: func(m *nodePoolModel) { m.DesiredNodes = i64(0) }, want: `{"desiredNodes":0}`, changed: true},
		{name: "autoscaling setting", edit: func(m *nodePoolModel) { m.ScaleDownUtilizationThreshold = types.Float64Value(0.7) },
			want: `{"autoscaling":{"scaleDownUnneededTimeSeconds":600,"scaleDownUnreadyTimeSeconds":1200,"scaleDownUtilizationThreshold":0.7}}`, changed: true},
		{name: "template removed clears it", edit: func(m *nodePoolModel) { m.Template = nil },
			want: `{"template":{"metadata":{"labels":{},"annotations":{},"finalizers":[]},"spec":{"unschedulable":false,"taints":[]}}}`, changed: true},
		{name: "floating IPs", edit: func(m *nodePoolModel) { m.AttachFloatingIPs = []floatingIPsModel{{Enabled: types.BoolValue(true)}} },
			want: `{"attachFloatingIps":{"enabled":true}}`, changed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := state
			plan.Template = append([]nodePoolTemplModel(nil), state.Template...)
			tt.edit(&plan)
			u, changed, diags := plan.updateRequest(ctx, state)
			if diags.HasError() {
				t.Fatal(diags)
			}
			raw, _ := json.Marshal(u)
			if string(raw) != tt.want || changed != tt.changed {
				t.Errorf("body = %s (changed %v), want %s (changed %v)", raw, changed, tt.want, tt.changed)
			}
		})
	}
}

func TestNodePoolSetFromAPI(t *testing.T) {
	ctx := context.Background()
	np := &ovhapi.NodePool{
		ID: "np1", Name: "pool-1", Flavor: "b3-8", Status: "READY", SizeStatus: "CAPACITY_OK", DesiredNodes: 2, MaxNodes: 100,
		Autoscaling:       &ovhapi.NodePoolAutoscale{ScaleDownUnneededTimeSeconds: ptr(int64(600))},
		AvailabilityZones: []string{"gra11-a"},
		Template: &ovhapi.NodePoolTemplate{
			Metadata: ovhapi.NodePoolTemplateMetadata{Labels: map[string]string{"role": "web"}, Annotations: map[string]string{}, Finalizers: []string{}},
			Spec:     ovhapi.NodePoolTemplateSpec{Taints: []ovhapi.Taint{{Key: "gpu", Value: "", Effect: "NoSchedule"}}},
		},
	}
	t.Run("guided by a labels-and-taint configuration", func(t *testing.T) {
		guide := basePool()
		guide.Template = []nodePoolTemplModel{{
			Metadata: []templateMetadataModel{{Labels: strMap("role", "web"), Annotations: types.MapNull(types.StringType), Finalizers: types.ListNull(types.StringType)}},
			Spec:     []templateSpecModel{{Unschedulable: types.BoolNull(), Taints: taintList(map[string]string{"key": "gpu", "effect": "NoSchedule"})}},
		}}
		var m nodePoolModel
		if d := m.setFromAPI(ctx, "proj", "k1", np, &guide, false); d.HasError() {
			t.Fatal(d)
		}
		md, sp := m.Template[0].Metadata[0], m.Template[0].Spec[0]
		if !md.Annotations.Equal(strMap()) || !md.Finalizers.Equal(types.ListValueMust(types.StringType, nil)) || !sp.Unschedulable.Equal(types.BoolValue(false)) {
			t.Errorf("parts the configuration leaves out must read as their defaults, empty: %v %v %v", md.Annotations, md.Finalizers, sp.Unschedulable)
		}
		if !sp.Taints.Equal(taintList(map[string]string{"key": "gpu", "effect": "NoSchedule"})) {
			t.Errorf("taints = %v: a taint configured without value must not gain value = \"\"", sp.Taints)
		}
		if !m.AvailabilityZones.IsNull() {
			t.Errorf("zones the configuration leaves out are not read back: %v", m.AvailabilityZones)
		}
		if !m.ScaleDownUtilizationThreshold.IsNull() || m.ScaleDownUnneededTimeSeconds.ValueInt64() != 600 {
			t.Errorf("autoscaling = %v, %v", m.ScaleDownUnneededTimeSeconds, m.ScaleDownUtilizationThreshold)
		}
	})
	t.Run("import takes what the API holds", func(t *testing.T) {
		var m nodePoolModel
		if d := m.setFromAPI(ctx, "proj", "k1", np, nil, true); d.HasError() {
			t.Fatal(d)
		}
		if m.FlavorName.ValueString() != "b3-8" || m.Name.ValueString() != "pool-1" || m.KubeID.ValueString() != "k1" {
			t.Errorf("flavor %v name %v kube %v", m.FlavorName, m.Name, m.KubeID)
		}
		if len(m.AvailabilityZones.Elements()) != 1 {
			t.Errorf("zones = %v", m.AvailabilityZones)
		}
		if len(m.Template) != 1 || len(m.Template[0].Metadata) != 1 || len(m.Template[0].Spec) != 1 {
			t.Fatalf("template = %+v", m.Template)
		}
		md, sp := m.Template[0].Metadata[0], m.Template[0].Spec[0]
		if !md.Labels.Equal(strMap("role", "web")) || !md.Annotations.Equal(strMap()) || !md.Finalizers.Equal(types.ListValueMust(types.StringType, nil)) {
			t.Errorf("metadata = %+v, want the labels and the other parts empty, as a creation writes them", md)
		}
		if !sp.Unschedulable.Equal(types.BoolValue(false)) || !sp.Taints.Equal(taintList(map[string]string{"key": "gpu", "effect": "NoSchedule"})) {
			t.Errorf("spec = %+v, want unschedulable false and the taint without value, as a creation writes them", sp)
		}
	})
	t.Run("import reads a block only where the API holds something", func(t *testing.T) {
		labelsOnly := *np
		labelsOnly.Template = &ovhapi.NodePoolTemplate{Metadata: ovhapi.NodePoolTemplateMetadata{Labels: map[string]string{"tier": "front"}}}
		var m nodePoolModel
		if d := m.setFromAPI(ctx, "proj", "k1", &labelsOnly, nil, true); d.HasError() {
			t.Fatal(d)
		}
		if len(m.Template) != 1 || len(m.Template[0].Metadata) != 1 || len(m.Template[0].Spec) != 0 {
			t.Errorf("template = %+v, want metadata alone", m.Template)
		}
	})
	t.Run("an empty block of the configuration stays", func(t *testing.T) {
		labelsOnly := *np
		labelsOnly.Template = &ovhapi.NodePoolTemplate{Metadata: ovhapi.NodePoolTemplateMetadata{Labels: map[string]string{"tier": "front"}}}
		guide := basePool()
		guide.Template = []nodePoolTemplModel{{
			Metadata: []templateMetadataModel{{Labels: strMap("tier", "front"), Annotations: strMap(), Finalizers: types.ListValueMust(types.StringType, nil)}},
			Spec:     []templateSpecModel{{Unschedulable: types.BoolValue(false), Taints: taintList()}},
		}}
		var m nodePoolModel
		if d := m.setFromAPI(ctx, "proj", "k1", &labelsOnly, &guide, false); d.HasError() {
			t.Fatal(d)
		}
		if len(m.Template) != 1 || len(m.Template[0].Spec) != 1 || !m.Template[0].Spec[0].Taints.Equal(taintList()) {
			t.Errorf("template = %+v, want the configuration's empty spec block", m.Template)
		}
	})
	t.Run("an empty template from the API is no block", func(t *testing.T) {
		empty := *np
		empty.Template = &ovhapi.NodePoolTemplate{}
		var m nodePoolModel
		if d := m.setFromAPI(ctx, "proj", "k1", &empty, nil, true); d.HasError() {
			t.Fatal(d)
		}
		if m.Template != nil {
			t.Errorf("template = %+v, want none", m.Template)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestValidateSizes(t *testing.T) {
	tests := []struct {
		name                 string
		minN, want, maxN     types.Int64
		antiAffinity         bool
		wantPath, wantDetail string
	}{
		{name: "unset", minN: i64null, want: i64null, maxN: i64null},
		{name: "in range", minN: i64(1), want: i64(2), maxN: i64(3)},
		{name: "zero everywhere", minN: i64(0), want: i64(0), maxN: i64(0)},
		{name: "min over max", minN: i64(3), want: i64null, maxN: i64(2), wantPath: "min_nodes",
			wantDetail: "Attribute min_nodes: 3 is greater than max_nodes 2. For example: min_nodes = 1 with max_nodes = 3."},
		{name: "desired over max", minN: i64null, want: i64(5), maxN: i64(3), wantPath: "desired_nodes",
			wantDetail: "Attribute desired_nodes: 5 is greater than max_nodes 3; desired_nodes must be within [min_nodes, max_nodes]."},
		{name: "anti-affinity max", minN: i64null, want: i64(2), maxN: i64(6), antiAffinity: true, wantPath: "max_nodes",
			wantDetail: "Attribute max_nodes: 6 nodes, but a pool with anti_affinity = true holds at most 5 nodes (one per hypervisor). Lower max_nodes to 5 or less, or split the nodes over several pools."},
		{name: "anti-affinity within", minN: i64null, want: i64(5), maxN: i64(5), antiAffinity: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := basePool()
			m.MinNodes, m.DesiredNodes, m.MaxNodes, m.AntiAffinity = tt.minN, tt.want, tt.maxN, types.BoolValue(tt.antiAffinity)
			diags := validateSizes(m)
			if tt.wantDetail == "" {
				if diags.HasError() {
					t.Fatalf("refused: %v", diags)
				}
				return
			}
			if diags.ErrorsCount() != 1 {
				t.Fatalf("diags = %v, want one error", diags)
			}
			d := diags.Errors()[0]
			if d.Detail() != tt.wantDetail {
				t.Errorf("detail = %q\nwant %q", d.Detail(), tt.wantDetail)
			}
			if p, ok := d.(interface{ Path() path.Path }); !ok || !p.Path().Equal(path.Root(tt.wantPath)) {
				t.Errorf("diagnostic not on %s: %v", tt.wantPath, d)
			}
		})
	}
}

func TestClosestFlavors(t *testing.T) {
	names := []string{"b2-7", "b3-16", "b3-8", "c3-4", "c3-8", "d2-4", "d2-8", "r3-16", "t1-45"}
	got := closest("b3-9", names, 3)
	if got[0] != "b3-8" || len(got) != 3 {
		t.Errorf("closest(b3-9) = %v, want b3-8 first", got)
	}
	if got := closest("B3-8", names, 1); got[0] != "b3-8" {
		t.Errorf("closest(B3-8) = %v", got)
	}
}
