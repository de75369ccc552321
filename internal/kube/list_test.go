package kube_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// The list resources are tested where they live: the provider's protocol
// server driven with tfprotov6 requests, as Terraform 1.14 sends them,
// against the mock. The CLIs of CI (Terraform 1.11, OpenTofu 1.12) do not
// run list resources.

const (
	clusterType  = "ovh_cloud_project_kube"
	nodePoolType = "ovh_cloud_project_kube_nodepool"
)

// listed is a list result decoded.
type listed struct {
	name     string
	identity map[string]string
	resource tftypes.Value // null without include_resource
	diags    []*tfprotov6.Diagnostic
}

// list runs a ListResource request whose list block sets config, and
// decodes its results.
func list(t *testing.T, p *acctest.ProtoServer, typeName string, config map[string]any, include bool, limit int64) []listed {
	t.Helper()
	ctx := context.Background()
	req := &tfprotov6.ListResourceRequest{TypeName: typeName, IncludeResource: include, Limit: limit,
		Config: p.Config(p.ListResource(typeName), config)}
	ls := p.ListResourceServer()
	valid, err := ls.ValidateListResourceConfig(ctx, &tfprotov6.ValidateListResourceConfigRequest{TypeName: typeName, Config: req.Config})
	if err != nil || len(valid.Diagnostics) > 0 {
		t.Fatalf("ValidateListResourceConfig: %v %s", err, acctest.DiagText(valid.Diagnostics))
	}
	stream, err := ls.ListResource(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	var out []listed
	for r := range stream.Results {
		l := listed{name: r.DisplayName, diags: r.Diagnostics, resource: tftypes.NewValue(p.ResourceType(typeName), nil)}
		if r.Identity != nil && r.Identity.IdentityData != nil {
			l.identity = stringAttrs(t, p.Decode(r.Identity.IdentityData, p.IdentityType(typeName)))
		}
		if r.Resource != nil {
			l.resource = p.Decode(r.Resource, p.ResourceType(typeName))
		}
		out = append(out, l)
	}
	return out
}

// stringAttrs are the string attributes of an object.
func stringAttrs(t *testing.T, v tftypes.Value) map[string]string {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, a := range attrs {
		var s string
		if a.Type().Is(tftypes.String) && a.IsKnown() && !a.IsNull() && a.As(&s) == nil {
			out[k] = s
		}
	}
	return out
}

// imported is what Terraform holds after importing id (by identity when
// identity is set) and refreshing: the ReadResource after the
// ImportResourceState.
type imported struct {
	state    tftypes.Value
	private  []byte
	identity *tfprotov6.ResourceIdentityData
}

func importThenRead(t *testing.T, p *acctest.ProtoServer, typeName, id string, identity map[string]string) imported {
	t.Helper()
	ctx := context.Background()
	req := &tfprotov6.ImportResourceStateRequest{TypeName: typeName, ID: id}
	if identity != nil {
		req.ID, req.Identity = "", p.Identity(typeName, identity)
	}
	imp, err := p.ImportResourceState(ctx, req)
	if err != nil || len(imp.Diagnostics) > 0 || len(imp.ImportedResources) != 1 {
		t.Fatalf("ImportResourceState %s: %v %s", id, err, acctest.DiagText(imp.Diagnostics))
	}
	ir := imp.ImportedResources[0]
	read, err := p.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: ir.State,
		Private: ir.Private, CurrentIdentity: ir.Identity})
	if err != nil || len(read.Diagnostics) > 0 {
		t.Fatalf("ReadResource after the import of %s: %v %s", id, err, acctest.DiagText(read.Diagnostics))
	}
	return imported{state: p.Decode(read.NewState, p.ResourceType(typeName)), private: read.Private, identity: read.NewIdentity}
}

// seedFleet seeds three clusters of two pools each into m: in GRA11, GRA9
// and EU-WEST-PAR, named prod-a, prod-b and dev, with settings that differ
// (customizations, a private network, autoscaling, zones, templates). It
// returns the clusters' ids in the order of their names.
func seedFleet(t *testing.T, m *ovhmock.Mock) (prodA, prodB, dev string) {
	t.Helper()
	prodA, prodB, dev = "b0000000-0000-4000-8000-00000000000a", "a0000000-0000-4000-8000-00000000000b", "c0000000-0000-4000-8000-00000000000d"
	now := time.Now()
	acctest.SeedCluster(t, m, ovhmock.Cluster{ID: prodA, Name: "prod-a", Region: "GRA11", Version: "1.32", KubeProxyMode: "ipvs",
		Status: "READY", Plan: "free", UpdatePolicy: "MINIMAL_DOWNTIME", CreatedAt: now,
		Customization: &ovhmock.Customization{KubeProxy: &ovhmock.KubeProxy{IPVS: &ovhmock.IPVS{
			Scheduler: "rr", SyncPeriod: "PT30S", MinSyncPeriod: "PT0S", TCPTimeout: "PT0S", TCPFinTimeout: "PT0S", UDPTimeout: "PT0S",
		}}}})
	acctest.SeedCluster(t, m, ovhmock.Cluster{ID: prodB, Name: "prod-b", Region: "GRA9", Version: "1.31", KubeProxyMode: "iptables",
		Status: "READY", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", CreatedAt: now})
	acctest.SeedCluster(t, m, ovhmock.Cluster{ID: dev, Name: "dev", Region: "EU-WEST-PAR", Version: "1.33", KubeProxyMode: "iptables",
		Status: "READY", Plan: "standard", UpdatePolicy: "NEVER_UPDATE", CreatedAt: now})

	acctest.SeedNodePool(t, m, prodA, ovhmock.NodePool{Name: "web", Flavor: "b3-8", DesiredNodes: 2, MinNodes: 1, MaxNodes: 5,
		Autoscale: true, AntiAffinity: true,
		Autoscaling: ovhmock.NodePoolAutoscaling{ScaleDownUnneededTimeSeconds: 300, ScaleDownUnreadyTimeSeconds: 900, ScaleDownUtilizationThreshold: 0.25},
		Template: ovhmock.NodePoolTemplate{
			Metadata: ovhmock.NodePoolTemplateMetadata{Labels: map[string]string{"role": "web"}, Finalizers: []string{"example.com/drain"}},
			Spec:     ovhmock.NodePoolTemplateSpec{Taints: []ovhmock.Taint{{Key: "dedicated", Value: "web", Effect: "NoSchedule"}}},
		}})
	acctest.SeedNodePool(t, m, prodA, ovhmock.NodePool{Name: "batch", Flavor: "c3-4", DesiredNodes: 0})
	acctest.SeedNodePool(t, m, prodB, ovhmock.NodePool{Name: "default", Flavor: "b3-8", DesiredNodes: 3, MonthlyBilled: true})
	acctest.SeedNodePool(t, m, prodB, ovhmock.NodePool{Name: "gpu", Flavor: "c3-4", DesiredNodes: 1,
		Template: ovhmock.NodePoolTemplate{Metadata: ovhmock.NodePoolTemplateMetadata{Annotations: map[string]string{"example.com/owner": "ml"}}}})
	acctest.SeedNodePool(t, m, dev, ovhmock.NodePool{Name: "zonal", Flavor: "b3-8", DesiredNodes: 1,
		AvailabilityZones: []string{"eu-west-par-a"}, AttachFloatingIPs: &ovhmock.AttachFloatingIPs{Enabled: true}})
	acctest.SeedNodePool(t, m, dev, ovhmock.NodePool{Name: "default", Flavor: "b3-8", DesiredNodes: 1})
	return prodA, prodB, dev
}

// names are the display names of results, which must carry no diagnostics.
func names(t *testing.T, results []listed) []string {
	t.Helper()
	out := make([]string, 0, len(results))
	for _, r := range results {
		if len(r.diags) > 0 {
			t.Errorf("result %q: diagnostics %s", r.name, acctest.DiagText(r.diags))
		}
		out = append(out, r.name)
	}
	return out
}

// listError is the one result of a list that fails, its diagnostic as
// summary: detail.
func onlyError(t *testing.T, results []listed) string {
	t.Helper()
	if len(results) != 1 || len(results[0].diags) != 1 || results[0].diags[0].Severity != tfprotov6.DiagnosticSeverityError {
		t.Fatalf("want one result with one error, got %d results: %+v", len(results), results)
	}
	return results[0].diags[0].Summary + ": " + results[0].diags[0].Detail
}

// gets counts the mock's GET requests to route.
func gets(m *ovhmock.Mock, route string) int {
	return acctest.Count(m, "GET", route)
}

func expectNames(t *testing.T, results []listed, want ...string) {
	t.Helper()
	if got := names(t, results); !slices.Equal(got, want) {
		t.Errorf("listed %q, want %q", got, want)
	}
}

func expectMessage(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("message %q lacks %q", got, w)
		}
	}
}

// generatedConfig is the configuration Terraform 1.14 writes with
// `terraform query -generate-config-out` for the listed object obj, as the
// value it decodes from that file: the provider's GenerateResourceConfig
// (read-only, deprecated attributes and empty optional strings left out),
// then what Terraform's writer makes of it: a sensitive attribute is written
// `null # sensitive`, a block is written once per element, so that an
// absent list of blocks reads as an empty list.
func generatedConfig(t *testing.T, p *acctest.ProtoServer, typeName string, obj tftypes.Value) tftypes.Value {
	t.Helper()
	resp, err := p.GenerateResourceConfig(context.Background(), &tfprotov6.GenerateResourceConfigRequest{TypeName: typeName, State: p.Encode(obj)})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("GenerateResourceConfig: %v %s", err, acctest.DiagText(resp.Diagnostics))
	}
	return asWritten(t, p.Resource(typeName).Block, p.Decode(resp.Config, p.ResourceType(typeName)))
}

func objectAttrs(t *testing.T, v tftypes.Value) map[string]tftypes.Value {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs
}

func elements(t *testing.T, v tftypes.Value) []tftypes.Value {
	t.Helper()
	var elems []tftypes.Value
	if v.IsNull() {
		return nil
	}
	if err := v.As(&elems); err != nil {
		t.Fatal(err)
	}
	return elems
}

func asWritten(t *testing.T, block *tfprotov6.SchemaBlock, v tftypes.Value) tftypes.Value {
	t.Helper()
	if v.IsNull() {
		return v
	}
	attrs := objectAttrs(t, v)
	for _, a := range block.Attributes {
		if a.Sensitive || a.Deprecated || a.WriteOnly || a.Computed && !a.Optional {
			attrs[a.Name] = tftypes.NewValue(attrs[a.Name].Type(), nil)
		}
	}
	for _, b := range block.BlockTypes {
		bv := attrs[b.TypeName]
		switch b.Nesting {
		case tfprotov6.SchemaNestedBlockNestingModeList, tfprotov6.SchemaNestedBlockNestingModeSet:
			var out []tftypes.Value
			for _, e := range elements(t, bv) {
				out = append(out, asWritten(t, b.Block, e))
			}
			if out == nil {
				out = []tftypes.Value{}
			}
			attrs[b.TypeName] = tftypes.NewValue(bv.Type(), out)
		default:
			attrs[b.TypeName] = asWritten(t, b.Block, bv)
		}
	}
	return tftypes.NewValue(v.Type(), attrs)
}

// proposedNew is Terraform's proposed new state for a configuration and a
// prior state, for schemas of attributes and lists of blocks: a computed
// attribute the configuration leaves null keeps its prior value.
func proposedNew(t *testing.T, block *tfprotov6.SchemaBlock, prior, config tftypes.Value) tftypes.Value {
	t.Helper()
	if config.IsNull() || prior.IsNull() {
		return config
	}
	attrs, before := objectAttrs(t, config), objectAttrs(t, prior)
	for _, a := range block.Attributes {
		if a.Computed && attrs[a.Name].IsNull() {
			attrs[a.Name] = before[a.Name]
		}
	}
	for _, b := range block.BlockTypes {
		switch b.Nesting {
		case tfprotov6.SchemaNestedBlockNestingModeList:
			cfg, pr := elements(t, attrs[b.TypeName]), elements(t, before[b.TypeName])
			out := make([]tftypes.Value, len(cfg))
			for i := range cfg {
				out[i] = cfg[i]
				if i < len(pr) {
					out[i] = proposedNew(t, b.Block, pr[i], cfg[i])
				}
			}
			attrs[b.TypeName] = tftypes.NewValue(attrs[b.TypeName].Type(), out)
		case tfprotov6.SchemaNestedBlockNestingModeSingle:
			attrs[b.TypeName] = proposedNew(t, b.Block, before[b.TypeName], attrs[b.TypeName])
		default:
			t.Fatalf("block %s: nesting %v not handled", b.TypeName, b.Nesting)
		}
	}
	return tftypes.NewValue(config.Type(), attrs)
}

// planAfterImport plans the generated configuration of a listed object
// over what the import of that object holds, as the plan after
// `terraform query -generate-config-out` does, and returns the planned
// state and the prior one. Any diagnostic fails the test, but the warning of
// a Standard-plan cluster's kube_proxy_mode on the fleet's "dev".
func planAfterImport(t *testing.T, p *acctest.ProtoServer, typeName string, r listed) (planned, prior tftypes.Value) {
	t.Helper()
	imp := importThenRead(t, p, typeName, "", r.identity)
	config := generatedConfig(t, p, typeName, r.resource)
	proposed := proposedNew(t, p.Resource(typeName).Block, imp.state, config)
	resp, err := p.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{TypeName: typeName,
		PriorState: p.Encode(imp.state), ProposedNewState: p.Encode(proposed), Config: p.Encode(config),
		PriorPrivate: imp.private, PriorIdentity: imp.identity})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		// A Standard-plan cluster's kube_proxy_mode, which the API reports
		// and the configuration therefore holds, draws the warning that it
		// has no effect; it changes nothing.
		standard := d.Severity == tfprotov6.DiagnosticSeverityWarning && d.Summary == "kube-proxy settings have no effect on a standard cluster"
		if !standard || r.name != "dev" {
			t.Errorf("PlanResourceChange of %s: %s: %s", r.name, d.Summary, d.Detail)
		}
	}
	if len(resp.RequiresReplace) > 0 {
		t.Errorf("%s: the plan replaces it for %v", r.name, resp.RequiresReplace)
	}
	return p.Decode(resp.PlannedState, p.ResourceType(typeName)), imp.state
}

// The configuration `terraform query -generate-config-out` writes for the
// listed clusters and node pools plans nothing after their import: the
// planned state of each is the state the import holds.
func TestList_generatedConfigPlansNothing(t *testing.T) {
	t.Parallel()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	seedFleet(t, m)
	p := acctest.NewProtoServer(t, endpoint)
	for _, typeName := range []string{clusterType, nodePoolType} {
		results := list(t, p, typeName, map[string]any{"service_name": ovhmock.DefaultProject}, true, 100)
		if n := len(names(t, results)); n < 3 {
			t.Fatalf("%d results of %s", n, typeName)
		}
		m.ResetRequests()
		for _, r := range results {
			planned, prior := planAfterImport(t, p, typeName, r)
			if !planned.Equal(prior) {
				diffs, _ := planned.Diff(prior)
				t.Errorf("%s %s: the plan after the import changes it:\n%v", typeName, r.name, diffs)
			}
		}
		for _, req := range m.Requests() {
			if req.Method != "GET" {
				t.Errorf("%s: the import and plan sent %s %s", typeName, req.Method, req.Path)
			}
		}
	}
}
