package kube_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// These tests drive the provider's protocol server with the requests a CLI
// that keeps identities (Terraform 1.12 and later, OpenTofu 1.12) sends,
// and with those of one that does not (an older CLI, a state the official
// provider wrote): every response that leaves an object in state carries
// its identity.

const (
	typeCluster = "ovh_cloud_project_kube"
	typePool    = "ovh_cloud_project_kube_nodepool"
	typeIPs     = "ovh_cloud_project_kube_iprestrictions"
	typeOIDC    = "ovh_cloud_project_kube_oidc"
	typeLogSub  = "ovh_cloud_project_kube_log_subscription"
)

// checkIdentity fails the test unless got is the identity want.
func checkIdentity(t *testing.T, s *acctest.ProtoServer, what, typeName string, got *tfprotov6.ResourceIdentityData, want map[string]string) {
	t.Helper()
	if got == nil || got.IdentityData == nil {
		t.Errorf("%s of %s: no identity", what, typeName)
		return
	}
	v, err := got.IdentityData.Unmarshal(s.IdentityType(typeName))
	if err != nil {
		t.Errorf("%s of %s: %v", what, typeName, err)
		return
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil || len(attrs) != len(want) {
		t.Errorf("%s of %s: identity %s, want %v", what, typeName, v, want)
		return
	}
	for name, w := range want {
		var g string
		if err := attrs[name].As(&g); err != nil || g != w {
			t.Errorf("%s of %s: identity %s, want %v", what, typeName, v, want)
			return
		}
	}
}

// attribute is a top-level string attribute of a state.
func attribute(t *testing.T, s *acctest.ProtoServer, typeName string, state *tfprotov6.DynamicValue, name string) string {
	t.Helper()
	v := s.Decode(state, s.ResourceType(typeName))
	var attrs map[string]tftypes.Value
	var out string
	if err := v.As(&attrs); err != nil || attrs[name].As(&out) != nil {
		t.Fatalf("no %s in %s", name, v)
	}
	return out
}

// create plans and applies the creation of typeName with the given
// configuration, and returns the new state and identity.
func create(t *testing.T, s *acctest.ProtoServer, typeName string, attrs map[string]any) (*tfprotov6.DynamicValue, *tfprotov6.ResourceIdentityData) {
	t.Helper()
	ctx := context.Background()
	config := s.Config(s.Resource(typeName), attrs)
	null := s.Encode(tftypes.NewValue(s.ResourceType(typeName), nil))
	planned, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: null, ProposedNewState: config, Config: config,
	})
	if err != nil || len(planned.Diagnostics) > 0 {
		t.Fatalf("PlanResourceChange of %s: %v %s", typeName, err, acctest.DiagText(planned.Diagnostics))
	}
	applied, err := s.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: null, PlannedState: planned.PlannedState, Config: config,
		PlannedPrivate: planned.PlannedPrivate, PlannedIdentity: planned.PlannedIdentity,
	})
	if err != nil || len(applied.Diagnostics) > 0 {
		t.Fatalf("ApplyResourceChange of %s: %v %s", typeName, err, acctest.DiagText(applied.Diagnostics))
	}
	return applied.NewState, applied.NewIdentity
}

func readResource(t *testing.T, s *acctest.ProtoServer, typeName string, state *tfprotov6.DynamicValue, private []byte, identity *tfprotov6.ResourceIdentityData) *tfprotov6.ReadResourceResponse {
	t.Helper()
	resp, err := s.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
		TypeName: typeName, CurrentState: state, Private: private, CurrentIdentity: identity,
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("ReadResource of %s: %v %s", typeName, err, acctest.DiagText(resp.Diagnostics))
	}
	return resp
}

func importState(t *testing.T, s *acctest.ProtoServer, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportedResource, []*tfprotov6.Diagnostic) {
	t.Helper()
	resp, err := s.ImportResourceState(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) > 0 {
		return nil, resp.Diagnostics
	}
	if len(resp.ImportedResources) != 1 {
		t.Fatalf("import of %s: %d resources", req.TypeName, len(resp.ImportedResources))
	}
	return resp.ImportedResources[0], nil
}

// Every resource sets its identity on create, on a read with or without
// one, and on an import by id or by identity; the read that follows each
// import keeps it. An identity that lacks an attribute is refused with the
// words the user reads.
func TestIdentityOnCreateReadAndImport(t *testing.T) {
	m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings()})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	s := acctest.NewProtoServer(t, srv.URL+"/1.0")
	sn := ovhmock.DefaultProject

	clusterState, clusterIdentity := create(t, s, typeCluster, map[string]any{"service_name": sn, "name": "identity", "region": "GRA11"})
	kubeID := attribute(t, s, typeCluster, clusterState, "id")
	checkIdentity(t, s, "create", typeCluster, clusterIdentity, map[string]string{"service_name": sn, "id": kubeID})

	poolState, poolIdentity := create(t, s, typePool, map[string]any{
		"service_name": sn, "kube_id": kubeID, "name": "pool", "flavor_name": "b3-8", "desired_nodes": 1,
	})
	poolID := attribute(t, s, typePool, poolState, "id")
	ipsState, ipsIdentity := create(t, s, typeIPs, map[string]any{"service_name": sn, "kube_id": kubeID, "ips": []string{"10.0.0.0/8"}})
	oidcState, oidcIdentity := create(t, s, typeOIDC, map[string]any{
		"service_name": sn, "kube_id": kubeID, "client_id": "kubernetes", "issuer_url": "https://keycloak.example.com/realms/k",
	})
	logState, logIdentity := create(t, s, typeLogSub, map[string]any{
		"service_name": sn, "kube_id": kubeID, "kind": "audit", "stream_id": ovhmock.DefaultLogStreams[0],
	})
	subID := attribute(t, s, typeLogSub, logState, "subscription_id")

	for _, tc := range []struct {
		typeName string
		state    *tfprotov6.DynamicValue
		created  *tfprotov6.ResourceIdentityData
		want     map[string]string
		id       string
	}{
		{typeCluster, clusterState, clusterIdentity, map[string]string{"service_name": sn, "id": kubeID}, sn + "/" + kubeID},
		{typePool, poolState, poolIdentity, map[string]string{"service_name": sn, "kube_id": kubeID, "id": poolID}, sn + "/" + kubeID + "/" + poolID},
		{typeIPs, ipsState, ipsIdentity, map[string]string{"service_name": sn, "kube_id": kubeID}, sn + "/" + kubeID},
		{typeOIDC, oidcState, oidcIdentity, map[string]string{"service_name": sn, "kube_id": kubeID}, sn + "/" + kubeID},
		{typeLogSub, logState, logIdentity, map[string]string{"service_name": sn, "kube_id": kubeID, "subscription_id": subID}, sn + "/" + kubeID + "/" + subID},
	} {
		checkIdentity(t, s, "create", tc.typeName, tc.created, tc.want)
		checkIdentity(t, s, "read without identity", tc.typeName, readResource(t, s, tc.typeName, tc.state, nil, nil).NewIdentity, tc.want)
		checkIdentity(t, s, "read with identity", tc.typeName, readResource(t, s, tc.typeName, tc.state, nil, s.Identity(tc.typeName, tc.want)).NewIdentity, tc.want)

		byID, diags := importState(t, s, &tfprotov6.ImportResourceStateRequest{TypeName: tc.typeName, ID: tc.id})
		if diags != nil {
			t.Fatalf("import of %s by id: %s", tc.typeName, acctest.DiagText(diags))
		}
		byIdentity, diags := importState(t, s, &tfprotov6.ImportResourceStateRequest{TypeName: tc.typeName, Identity: s.Identity(tc.typeName, tc.want)})
		if diags != nil {
			t.Fatalf("import of %s by identity: %s", tc.typeName, acctest.DiagText(diags))
		}
		for how, imported := range map[string]*tfprotov6.ImportedResource{"import by id": byID, "import by identity": byIdentity} {
			checkIdentity(t, s, how, tc.typeName, imported.Identity, tc.want)
			read := readResource(t, s, tc.typeName, imported.State, imported.Private, imported.Identity)
			checkIdentity(t, s, "read after "+how, tc.typeName, read.NewIdentity, tc.want)
			for name, want := range tc.want {
				if name == "id" || name == "kube_id" || name == "service_name" || name == "subscription_id" {
					if got := attribute(t, s, tc.typeName, read.NewState, name); got != want {
						t.Errorf("read after %s of %s: %s %q, want %q", how, tc.typeName, name, got, want)
					}
				}
			}
		}

		// The CLI checks that every attribute is given; an empty one gets
		// this far.
		incomplete := map[string]string{}
		for name, v := range tc.want {
			incomplete[name] = v
		}
		incomplete["service_name"] = ""
		_, diags = importState(t, s, &tfprotov6.ImportResourceStateRequest{TypeName: tc.typeName, Identity: s.Identity(tc.typeName, incomplete)})
		if len(diags) != 1 || diags[0].Summary != "Invalid import identity" ||
			!acctest.MessagePattern(`The identity's service_name must be set and hold no "/", for example "0123456789abcdef0123456789abcdef"; it is "".`).MatchString(diags[0].Detail) {
			t.Errorf("import of %s by an identity without service_name: %s", tc.typeName, acctest.DiagText(diags))
		}
	}
}

// The state the official provider wrote (no identity) gains one from the
// first refresh, under a CLI that keeps identities or not, and nothing but
// GETs reaches the API.
func TestIdentityOfTheOfficialProvidersState(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{Timings: ovhmock.TestTimings()})
	acctest.SeedOfficialFull(t, m)
	acctest.ExpectLeftOver(t, m, 6, "the test only reads what the official provider's state holds, without a CLI or a state of its own")
	s := acctest.NewProtoServer(t, endpoint)
	var state struct {
		Resources []struct {
			Type      string `json:"type"`
			Name      string `json:"name"`
			Instances []struct {
				SchemaVersion int64           `json:"schema_version"`
				Attributes    json.RawMessage `json:"attributes"`
				Private       string          `json:"private"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(acctest.OfficialFullState(t, "registry.terraform.io")), &state); err != nil {
		t.Fatal(err)
	}
	sn, kubeID := ovhmock.DefaultProject, acctest.MigratedPoolClusterID
	seen := map[string]int{}
	m.ResetRequests()
	for _, r := range state.Resources {
		for _, in := range r.Instances {
			upgraded, err := s.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{
				TypeName: r.Type, Version: in.SchemaVersion, RawState: &tfprotov6.RawState{JSON: in.Attributes},
			})
			if err != nil || len(upgraded.Diagnostics) > 0 {
				t.Fatalf("UpgradeResourceState of %s.%s: %v %s", r.Type, r.Name, err, acctest.DiagText(upgraded.Diagnostics))
			}
			private, err := base64.StdEncoding.DecodeString(in.Private)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"service_name": sn, "kube_id": kubeID}
			switch r.Type {
			case typeCluster:
				want = map[string]string{"service_name": sn, "id": kubeID}
			case typePool:
				want["id"] = attribute(t, s, r.Type, upgraded.UpgradedState, "id")
			case typeLogSub:
				want["subscription_id"] = attribute(t, s, r.Type, upgraded.UpgradedState, "subscription_id")
			}
			read := readResource(t, s, r.Type, upgraded.UpgradedState, private, nil)
			checkIdentity(t, s, "read of the official provider's "+r.Name, r.Type, read.NewIdentity, want)
			// The next refresh sends that identity back.
			again := readResource(t, s, r.Type, read.NewState, read.Private, read.NewIdentity)
			checkIdentity(t, s, "second read of the official provider's "+r.Name, r.Type, again.NewIdentity, want)
			seen[r.Type]++
		}
	}
	for _, typ := range acctest.OfficialResourceTypes {
		if seen[typ] == 0 {
			t.Errorf("no %s in the official provider's state", typ)
		}
	}
	if w := nonGETs(m); len(w) > 0 {
		t.Errorf("the refreshes wrote to the API: %v", w)
	}
	if len(m.Requests()) == 0 {
		t.Error("the refreshes read nothing")
	}
}

// A read of an object gone from the API removes it from a state that has
// no identity yet without the framework's "Missing Resource Identity After
// Read" error: the identity is set before the API is asked.
func TestIdentityOfAStateWhoseObjectIsGone(t *testing.T) {
	m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings()})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	s := acctest.NewProtoServer(t, srv.URL+"/1.0")
	sn := ovhmock.DefaultProject
	clusterState, _ := create(t, s, typeCluster, map[string]any{"service_name": sn, "name": "gone", "region": "GRA11"})
	kubeID := attribute(t, s, typeCluster, clusterState, "id")
	poolState, _ := create(t, s, typePool, map[string]any{
		"service_name": sn, "kube_id": kubeID, "name": "pool", "flavor_name": "b3-8", "desired_nodes": 1,
	})
	ipsState, _ := create(t, s, typeIPs, map[string]any{"service_name": sn, "kube_id": kubeID, "ips": []string{"10.0.0.0/8"}})
	oidcState, _ := create(t, s, typeOIDC, map[string]any{
		"service_name": sn, "kube_id": kubeID, "client_id": "kubernetes", "issuer_url": "https://keycloak.example.com/realms/k",
	})
	m.RemoveCluster(sn, kubeID)
	for typeName, st := range map[string]*tfprotov6.DynamicValue{typeCluster: clusterState, typePool: poolState, typeIPs: ipsState, typeOIDC: oidcState} {
		resp := readResource(t, s, typeName, st, nil, nil)
		if v, err := resp.NewState.Unmarshal(s.ResourceType(typeName)); err != nil || !v.IsNull() {
			t.Errorf("%s stays in state: %s %v", typeName, v, err)
		}
	}
}

// identityConfig is SeedConfig's cluster with a node pool, IP restrictions
// and an OIDC configuration.
func identityConfig(endpoint string) string {
	return acctest.SeedConfig(endpoint, "") + `
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name  = ovh_cloud_project_kube.c.service_name
  kube_id       = ovh_cloud_project_kube.c.id
  name          = "pool"
  flavor_name   = "b3-8"
  desired_nodes = 1
}

resource "ovh_cloud_project_kube_iprestrictions" "ips" {
  service_name = ovh_cloud_project_kube.c.service_name
  kube_id      = ovh_cloud_project_kube.c.id
  ips          = ["10.0.0.0/8"]
}

resource "ovh_cloud_project_kube_oidc" "o" {
  service_name = ovh_cloud_project_kube.c.service_name
  kube_id      = ovh_cloud_project_kube.c.id
  client_id    = "kubernetes"
  issuer_url   = "https://keycloak.example.com/realms/k"
}
`
}

// TestAccIdentity_importBlocks: the state of every resource holds its
// identity, and an import block by that identity imports each one with
// nothing but reads. Import blocks by identity need Terraform 1.12 or
// OpenTofu 1.12: the test runs under the OpenTofu of CI, and is skipped
// under the Terraform 1.11 of CI (its Terraform pass does not select it).
func TestAccIdentity_importBlocks(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	config := identityConfig(endpoint)
	sn := knownvalue.StringExact(ovhmock.DefaultProject)
	kubeID := func() knownvalue.Check { return knownvalue.StringExact(acctest.OnlyCluster(t, m).ID) }
	importStep := func(address string, expectChange bool) resource.TestStep {
		return resource.TestStep{
			PreConfig:          m.ResetRequests,
			Config:             config,
			ResourceName:       address,
			ImportState:        true,
			ImportStateKind:    resource.ImportBlockWithResourceIdentity,
			ExpectNonEmptyPlan: expectChange,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				onlyReads{m},
			}},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")),
					statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("service_name")),
					statecheck.ExpectIdentityValueMatchesState("ovh_cloud_project_kube_nodepool.p", tfjsonpath.New("id")),
					statecheck.ExpectIdentityValueMatchesState("ovh_cloud_project_kube_nodepool.p", tfjsonpath.New("kube_id")),
					statecheck.ExpectIdentityValueMatchesState("ovh_cloud_project_kube_iprestrictions.ips", tfjsonpath.New("kube_id")),
					statecheck.ExpectIdentityValueMatchesState("ovh_cloud_project_kube_oidc.o", tfjsonpath.New("kube_id")),
					stateCheckFunc(func() statecheck.StateCheck {
						return statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"service_name": sn, "id": kubeID()})
					}),
					stateCheckFunc(func() statecheck.StateCheck {
						return statecheck.ExpectIdentity("ovh_cloud_project_kube_oidc.o", map[string]knownvalue.Check{"service_name": sn, "kube_id": kubeID()})
					}),
					stateCheckFunc(func() statecheck.StateCheck {
						return statecheck.ExpectIdentity("ovh_cloud_project_kube_iprestrictions.ips", map[string]knownvalue.Check{"service_name": sn, "kube_id": kubeID()})
					}),
				},
			},
			// The cluster's import plans the fetch of its kubeconfig, which
			// an import leaves to the next apply.
			importStep(addr, true),
			importStep("ovh_cloud_project_kube_nodepool.p", false),
			importStep("ovh_cloud_project_kube_iprestrictions.ips", false),
			importStep("ovh_cloud_project_kube_oidc.o", false),
		},
	})
}

// stateCheckFunc is the state check f returns when the check runs: after
// the step's apply, when the mock holds what the check names.
type stateCheckFunc func() statecheck.StateCheck

func (f stateCheckFunc) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	f().CheckState(ctx, req, resp)
}

// onlyReads fails a plan that sent the mock anything but reads: GETs, and
// the POST that reads the kubeconfig, which the refresh of a cluster sends
// once when the cluster changed since its stored kubeconfig was checked (the
// IP restrictions and OIDC created after it here), to see whether a reset
// revoked it.
type onlyReads struct{ m *ovhmock.Mock }

func (c onlyReads) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var writes []string
	for _, w := range nonGETs(c.m) {
		if w != "POST /cloud/project/{serviceName}/kube/{kubeId}/kubeconfig -> 200" {
			writes = append(writes, w)
		}
	}
	if len(writes) > 0 {
		resp.Error = fmt.Errorf("the import's plan wrote to the API: %v", writes)
	}
	if len(c.m.Requests()) == 0 {
		resp.Error = errors.New("the import's plan read nothing")
	}
}
