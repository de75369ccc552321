package kube

import (
	"context"
	"maps"
	"reflect"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// nodePoolAttributes are the attributes that the resource and the data source
// share: a field added here is read by both.
type nodePoolAttributes struct {
	ID                            types.String         `tfsdk:"id"`
	ServiceName                   types.String         `tfsdk:"service_name"`
	KubeID                        types.String         `tfsdk:"kube_id"`
	Name                          types.String         `tfsdk:"name"`
	FlavorName                    types.String         `tfsdk:"flavor_name"`
	DesiredNodes                  types.Int64          `tfsdk:"desired_nodes"`
	MinNodes                      types.Int64          `tfsdk:"min_nodes"`
	MaxNodes                      types.Int64          `tfsdk:"max_nodes"`
	Autoscale                     types.Bool           `tfsdk:"autoscale"`
	ScaleDownUnneededTimeSeconds  types.Int64          `tfsdk:"autoscaling_scale_down_unneeded_time_seconds"`
	ScaleDownUnreadyTimeSeconds   types.Int64          `tfsdk:"autoscaling_scale_down_unready_time_seconds"`
	ScaleDownUtilizationThreshold types.Float64        `tfsdk:"autoscaling_scale_down_utilization_threshold"`
	AntiAffinity                  types.Bool           `tfsdk:"anti_affinity"`
	MonthlyBilled                 types.Bool           `tfsdk:"monthly_billed"`
	AvailabilityZones             types.List           `tfsdk:"availability_zones"`
	AttachFloatingIPs             []floatingIPsModel   `tfsdk:"attach_floating_ips"`
	Template                      []nodePoolTemplModel `tfsdk:"template"`
	Status                        types.String         `tfsdk:"status"`
	SizeStatus                    types.String         `tfsdk:"size_status"`
	Flavor                        types.String         `tfsdk:"flavor"`
	ProjectID                     types.String         `tfsdk:"project_id"`
	CurrentNodes                  types.Int64          `tfsdk:"current_nodes"`
	AvailableNodes                types.Int64          `tfsdk:"available_nodes"`
	UpToDateNodes                 types.Int64          `tfsdk:"up_to_date_nodes"`
	CreatedAt                     types.String         `tfsdk:"created_at"`
	UpdatedAt                     types.String         `tfsdk:"updated_at"`
}

// nodePoolModel is the state and plan of ovh_cloud_project_kube_nodepool.
type nodePoolModel struct {
	nodePoolAttributes
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (m *nodePoolModel) timeoutsBlock() timeouts.Value { return m.Timeouts }

type floatingIPsModel struct {
	Enabled types.Bool `tfsdk:"enabled"`
}

type nodePoolTemplModel struct {
	Metadata []templateMetadataModel `tfsdk:"metadata"`
	Spec     []templateSpecModel     `tfsdk:"spec"`
}

type templateMetadataModel struct {
	Labels      types.Map  `tfsdk:"labels"`
	Annotations types.Map  `tfsdk:"annotations"`
	Finalizers  types.List `tfsdk:"finalizers"`
}

type templateSpecModel struct {
	Unschedulable types.Bool `tfsdk:"unschedulable"`
	Taints        types.List `tfsdk:"taints"`
}

// taintType is the element of taints: a map with key, value and effect, as
// the official provider declares it.
var taintType = types.MapType{ElemType: types.StringType}

// ---- expand: Terraform values to API payloads ----

// int64Ptr returns nil for null and unknown values: a size the user did not
// set is not sent, while 0 is.
func int64Ptr(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	n := v.ValueInt64()
	return &n
}

func boolPtr(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	b := v.ValueBool()
	return &b
}

func float64Ptr(v types.Float64) *float64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	f := v.ValueFloat64()
	return &f
}

func (m *nodePoolModel) autoscaling() *ovhapi.NodePoolAutoscale {
	a := &ovhapi.NodePoolAutoscale{
		ScaleDownUnneededTimeSeconds:  int64Ptr(m.ScaleDownUnneededTimeSeconds),
		ScaleDownUnreadyTimeSeconds:   int64Ptr(m.ScaleDownUnreadyTimeSeconds),
		ScaleDownUtilizationThreshold: float64Ptr(m.ScaleDownUtilizationThreshold),
	}
	if *a == (ovhapi.NodePoolAutoscale{}) {
		return nil
	}
	return a
}

func expandFloatingIPs(blocks []floatingIPsModel) *ovhapi.AttachFloatingIPs {
	if len(blocks) == 0 {
		return nil
	}
	return &ovhapi.AttachFloatingIPs{Enabled: blocks[0].Enabled.ValueBool()}
}

// expandTemplate returns the whole template: the API requires every key
// once a template is sent, so parts the configuration leaves out are sent
// empty. No block at all is the empty template, which clears the nodes'
// labels and taints.
func expandTemplate(ctx context.Context, blocks []nodePoolTemplModel) (*ovhapi.NodePoolTemplate, diag.Diagnostics) {
	var diags diag.Diagnostics
	t := &ovhapi.NodePoolTemplate{
		Metadata: ovhapi.NodePoolTemplateMetadata{Labels: map[string]string{}, Annotations: map[string]string{}, Finalizers: []string{}},
		Spec:     ovhapi.NodePoolTemplateSpec{Taints: []ovhapi.Taint{}},
	}
	if len(blocks) == 0 {
		return t, diags
	}
	if md := blocks[0].Metadata; len(md) > 0 {
		diags.Append(mapInto(ctx, md[0].Labels, &t.Metadata.Labels)...)
		diags.Append(mapInto(ctx, md[0].Annotations, &t.Metadata.Annotations)...)
		diags.Append(listInto(ctx, md[0].Finalizers, &t.Metadata.Finalizers)...)
	}
	if sp := blocks[0].Spec; len(sp) > 0 {
		t.Spec.Unschedulable = sp[0].Unschedulable.ValueBool()
		var taints []map[string]string
		if !sp[0].Taints.IsNull() && !sp[0].Taints.IsUnknown() {
			diags.Append(sp[0].Taints.ElementsAs(ctx, &taints, false)...)
		}
		for _, tm := range taints {
			t.Spec.Taints = append(t.Spec.Taints, ovhapi.Taint{Key: tm["key"], Value: tm["value"], Effect: tm["effect"]})
		}
	}
	return t, diags
}

func mapInto(ctx context.Context, m types.Map, out *map[string]string) diag.Diagnostics {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	return m.ElementsAs(ctx, out, false)
}

func stringList(ctx context.Context, l types.List) ([]string, diag.Diagnostics) {
	out := []string{}
	return out, listInto(ctx, l, &out)
}

// createRequest sends the sizes and settings the plan knows: a value left
// out of the configuration is unknown at creation and not sent.
func (m *nodePoolModel) createRequest(ctx context.Context) (ovhapi.NodePoolCreate, diag.Diagnostics) {
	tmpl, diags := expandTemplate(ctx, m.Template)
	zones, d := stringList(ctx, m.AvailabilityZones)
	diags.Append(d...)
	return ovhapi.NodePoolCreate{
		FlavorName:        m.FlavorName.ValueString(),
		Name:              strPtr(m.Name),
		DesiredNodes:      int64Ptr(m.DesiredNodes),
		MinNodes:          int64Ptr(m.MinNodes),
		MaxNodes:          int64Ptr(m.MaxNodes),
		Autoscale:         boolPtr(m.Autoscale),
		AntiAffinity:      boolPtr(m.AntiAffinity),
		MonthlyBilled:     boolPtr(m.MonthlyBilled),
		AvailabilityZones: zones,
		Autoscaling:       m.autoscaling(),
		AttachFloatingIPs: expandFloatingIPs(m.AttachFloatingIPs),
		Template:          tmpl,
	}, diags
}

// updateRequest carries what changed between state and plan, and reports
// whether anything did.
func (m *nodePoolModel) updateRequest(ctx context.Context, state nodePoolModel) (ovhapi.NodePoolUpdate, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	var u ovhapi.NodePoolUpdate
	changedInt := func(p, s types.Int64) *int64 {
		if p.IsUnknown() || p.IsNull() || p.Equal(s) {
			return nil
		}
		return int64Ptr(p)
	}
	u.DesiredNodes = changedInt(m.DesiredNodes, state.DesiredNodes)
	u.MinNodes = changedInt(m.MinNodes, state.MinNodes)
	u.MaxNodes = changedInt(m.MaxNodes, state.MaxNodes)
	if !m.Autoscale.IsUnknown() && !m.Autoscale.IsNull() && !m.Autoscale.Equal(state.Autoscale) {
		u.Autoscale = boolPtr(m.Autoscale)
	}
	if !m.ScaleDownUnneededTimeSeconds.Equal(state.ScaleDownUnneededTimeSeconds) ||
		!m.ScaleDownUnreadyTimeSeconds.Equal(state.ScaleDownUnreadyTimeSeconds) ||
		!m.ScaleDownUtilizationThreshold.Equal(state.ScaleDownUtilizationThreshold) {
		u.Autoscaling = m.autoscaling()
	}
	if !slices.Equal(m.AttachFloatingIPs, state.AttachFloatingIPs) && len(m.AttachFloatingIPs) > 0 {
		u.AttachFloatingIPs = expandFloatingIPs(m.AttachFloatingIPs)
	}
	planned, d := expandTemplate(ctx, m.Template)
	diags.Append(d...)
	prior, d := expandTemplate(ctx, state.Template)
	diags.Append(d...)
	if !templatesEqual(planned, prior) {
		u.Template = planned
	}
	// NodesToRemove is never set here: no argument carries it yet.
	return u, !reflect.DeepEqual(u, ovhapi.NodePoolUpdate{}), diags
}

func templatesEqual(a, b *ovhapi.NodePoolTemplate) bool {
	return maps.Equal(a.Metadata.Labels, b.Metadata.Labels) && maps.Equal(a.Metadata.Annotations, b.Metadata.Annotations) &&
		slices.Equal(a.Metadata.Finalizers, b.Metadata.Finalizers) && a.Spec.Unschedulable == b.Spec.Unschedulable &&
		slices.Equal(a.Spec.Taints, b.Spec.Taints)
}

// ---- flatten: API answers to Terraform values ----

// setFromAPI copies the node pool object into the model. guide is the prior
// state or the plan: template parts and blocks the user did not configure
// stay absent unless the API holds something there. importing takes
// everything the API reports.
func (m *nodePoolModel) setFromAPI(ctx context.Context, serviceName, kubeID string, np *ovhapi.NodePool, guide *nodePoolModel, importing bool) diag.Diagnostics {
	var diags diag.Diagnostics
	if guide == nil {
		guide = &nodePoolModel{}
	}
	m.setReported(serviceName, kubeID, np)

	// Not computed, as in the official provider: zones the configuration
	// leaves out are not read back, or a region's default would force a
	// replacement.
	m.AvailabilityZones = types.ListNull(types.StringType)
	switch {
	case len(np.AvailabilityZones) == 0 && !importing:
		// No zones: whichever form of "none" the guide has.
		if !guide.AvailabilityZones.IsUnknown() && len(guide.AvailabilityZones.Elements()) == 0 {
			m.AvailabilityZones = guide.AvailabilityZones
		}
	case !guide.AvailabilityZones.IsNull() || (importing && len(np.AvailabilityZones) > 0):
		zones, d := types.ListValueFrom(ctx, types.StringType, nonNil(np.AvailabilityZones))
		diags.Append(d...)
		m.AvailabilityZones = zones
	}
	fips := np.AttachFloatingIPs
	if importing && fips != nil && !fips.Enabled {
		// Standard clusters answer {enabled: false} for every pool: on
		// import that is the absent block, so configurations need none.
		fips = nil
	}
	m.AttachFloatingIPs = guidedBlock(guide.AttachFloatingIPs, fips, importing, func(_ floatingIPsModel, a ovhapi.AttachFloatingIPs) floatingIPsModel {
		return floatingIPsModel{Enabled: types.BoolValue(a.Enabled)}
	})
	tmpl, d := flattenTemplate(ctx, np.Template, guide.Template)
	diags.Append(d...)
	m.Template = tmpl
	return diags
}

// setReported copies what the resource and the data source read alike:
// everything but availability_zones, attach_floating_ips and template.
func (m *nodePoolAttributes) setReported(serviceName, kubeID string, np *ovhapi.NodePool) {
	m.ServiceName, m.KubeID = types.StringValue(serviceName), types.StringValue(kubeID)
	m.ID, m.Name, m.ProjectID = types.StringValue(np.ID), types.StringValue(np.Name), types.StringValue(np.ProjectID)
	m.FlavorName, m.Flavor = types.StringValue(np.Flavor), types.StringValue(np.Flavor)
	m.DesiredNodes, m.MinNodes, m.MaxNodes = types.Int64Value(np.DesiredNodes), types.Int64Value(np.MinNodes), types.Int64Value(np.MaxNodes)
	m.Autoscale, m.AntiAffinity, m.MonthlyBilled = types.BoolValue(np.Autoscale), types.BoolValue(np.AntiAffinity), types.BoolValue(np.MonthlyBilled)
	var as ovhapi.NodePoolAutoscale
	if np.Autoscaling != nil {
		as = *np.Autoscaling
	}
	m.ScaleDownUnneededTimeSeconds = optInt64(as.ScaleDownUnneededTimeSeconds)
	m.ScaleDownUnreadyTimeSeconds = optInt64(as.ScaleDownUnreadyTimeSeconds)
	m.ScaleDownUtilizationThreshold = optFloat64(as.ScaleDownUtilizationThreshold)
	m.Status, m.SizeStatus = types.StringValue(np.Status), types.StringValue(np.SizeStatus)
	m.CurrentNodes, m.AvailableNodes = types.Int64Value(np.CurrentNodes), types.Int64Value(np.AvailableNodes)
	m.UpToDateNodes = types.Int64Value(np.UpToDateNodes)
	m.CreatedAt, m.UpdatedAt = types.StringValue(np.CreatedAt), types.StringValue(np.UpdatedAt)
}

func optInt64(v *int64) types.Int64 {
	if v == nil {
		return types.Int64Null()
	}
	return types.Int64Value(*v)
}

func optFloat64(v *float64) types.Float64 {
	if v == nil {
		return types.Float64Null()
	}
	return types.Float64Value(*v)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// flattenTemplate reads the template as the API holds it, for a creation, an
// update, a refresh and an import alike. A block (template, metadata, spec)
// shows when the API holds something in it, or when the guide has it (an
// empty block of the configuration stays); within a block every attribute is
// read, an empty one as empty (the schema's default for an attribute the
// configuration leaves out). The API answers "" for a taint sent without a
// value: the taint shows without value unless the guide's has one.
func flattenTemplate(ctx context.Context, api *ovhapi.NodePoolTemplate, guide []nodePoolTemplModel) ([]nodePoolTemplModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	if api == nil {
		api = &ovhapi.NodePoolTemplate{}
	}
	md, sp := api.Metadata, api.Spec
	hasMetadata := len(md.Labels) > 0 || len(md.Annotations) > 0 || len(md.Finalizers) > 0
	hasSpec := sp.Unschedulable || len(sp.Taints) > 0
	if len(guide) == 0 && !hasMetadata && !hasSpec {
		return nil, diags
	}
	var g nodePoolTemplModel
	if len(guide) > 0 {
		g = guide[0]
	}
	out := nodePoolTemplModel{}
	if len(g.Metadata) > 0 || hasMetadata {
		labels, d := types.MapValueFrom(ctx, types.StringType, nonNilMap(md.Labels))
		diags.Append(d...)
		annotations, d := types.MapValueFrom(ctx, types.StringType, nonNilMap(md.Annotations))
		diags.Append(d...)
		finalizers, d := types.ListValueFrom(ctx, types.StringType, nonNil(md.Finalizers))
		diags.Append(d...)
		out.Metadata = []templateMetadataModel{{Labels: labels, Annotations: annotations, Finalizers: finalizers}}
	}
	if len(g.Spec) > 0 || hasSpec {
		var guideTaints []map[string]string
		if len(g.Spec) > 0 && !g.Spec[0].Taints.IsNull() && !g.Spec[0].Taints.IsUnknown() {
			diags.Append(g.Spec[0].Taints.ElementsAs(ctx, &guideTaints, false)...)
		}
		list := make([]map[string]string, 0, len(sp.Taints))
		for i, t := range sp.Taints {
			tm := map[string]string{"key": t.Key, "value": t.Value, "effect": t.Effect}
			if t.Value == "" {
				if _, set := guideValue(guideTaints, i); !set {
					delete(tm, "value")
				}
			}
			list = append(list, tm)
		}
		taints, d := types.ListValueFrom(ctx, taintType, list)
		diags.Append(d...)
		out.Spec = []templateSpecModel{{Unschedulable: types.BoolValue(sp.Unschedulable), Taints: taints}}
	}
	return []nodePoolTemplModel{out}, diags
}

// guideValue is the value of the guide's i-th taint, and whether it has one.
func guideValue(taints []map[string]string, i int) (string, bool) {
	if i >= len(taints) {
		return "", false
	}
	v, ok := taints[i]["value"]
	return v, ok
}
