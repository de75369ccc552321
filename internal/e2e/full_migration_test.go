package e2e

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/kube"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// fullOfficialConfig is what a user of the official provider has for the
// cluster, its two node pools, its IP restrictions, OIDC configuration and
// audit log subscription (the state of acctest.OfficialFullState), and a data source of every type
// the two providers share.
var fullOfficialConfig = fmt.Sprintf(acctest.OfficialPoolsConfig, ovhmock.DefaultProject, "free") + `
resource "ovh_cloud_project_kube_iprestrictions" "api" {
  service_name = ovh_cloud_project_kube.my_cluster.service_name
  kube_id      = ovh_cloud_project_kube.my_cluster.id
  ips          = ["` + strings.Join(acctest.MigratedIPs, `", "`) + `"]
}

resource "ovh_cloud_project_kube_oidc" "my_oidc" {
  service_name = ovh_cloud_project_kube.my_cluster.service_name
  kube_id      = ovh_cloud_project_kube.my_cluster.id
  issuer_url   = "https://keycloak.example.com/realms/kubernetes"
  client_id    = "kubernetes"
}
` + acctest.OfficialLogSubscriptionConfig + `
data "ovh_cloud_project_kube" "my_cluster" {
  service_name = ovh_cloud_project_kube.my_cluster.service_name
  kube_id      = ovh_cloud_project_kube.my_cluster.id
}

data "ovh_cloud_project_kube_nodepool" "workers" {
  service_name = ovh_cloud_project_kube_nodepool.workers.service_name
  kube_id      = ovh_cloud_project_kube_nodepool.workers.kube_id
  name         = ovh_cloud_project_kube_nodepool.workers.name
}

data "ovh_cloud_project_kube_nodepool_nodes" "workers" {
  service_name = ovh_cloud_project_kube_nodepool.workers.service_name
  kube_id      = ovh_cloud_project_kube_nodepool.workers.kube_id
  name         = ovh_cloud_project_kube_nodepool.workers.name
}

data "ovh_cloud_project_kube_nodes" "my_cluster" {
  service_name = ovh_cloud_project_kube.my_cluster.service_name
  kube_id      = ovh_cloud_project_kube.my_cluster.id
}

data "ovh_cloud_project_kube_iprestrictions" "api" {
  service_name = ovh_cloud_project_kube_iprestrictions.api.service_name
  kube_id      = ovh_cloud_project_kube_iprestrictions.api.kube_id
}

data "ovh_cloud_project_kube_oidc" "my_oidc" {
  service_name = ovh_cloud_project_kube_oidc.my_oidc.service_name
  kube_id      = ovh_cloud_project_kube_oidc.my_oidc.kube_id
}
`

// ownOnlyLines set, on the cluster, the arguments only this provider has:
// what a user adds once moved, and removes before moving back.
const ownOnlyLines = `  kubeconfig_in_state       = false
  reset_instead_of_replace  = true
  reset_worker_nodes_policy = "reinstall"
`

// kubeconfigBlock is the ephemeral kubeconfig of the cluster, which only
// this provider has; provider is its provider line, or "".
func kubeconfigBlock(provider string) string {
	return `
ephemeral "ovh_cloud_project_kube_kubeconfig" "my_cluster" {
` + provider + `  service_name = ovh_cloud_project_kube.my_cluster.service_name
  kube_id      = ovh_cloud_project_kube.my_cluster.id
}
`
}

// configEdit is one change of the configuration that the migration guide
// documents: guide is a regular expression that the guide's section of the
// move must match, or section when it is set.
type configEdit struct {
	what    string
	edit    func(string) string
	guide   string
	section string
}

var (
	blockHeader     = regexp.MustCompile(`(?m)^((?:resource|data|ephemeral) "[^"]+" "[^"]+" \{\n)`)
	mksLine         = regexp.MustCompile(`(?m)^((?:resource|data) "[^"]+" "[^"]+" \{\n)  provider = mks\n\n`)
	ownOnly         = regexp.MustCompile(`(?m)^  (?:kubeconfig_in_state|reset_instead_of_replace|reset_worker_nodes_policy) +=.*\n`)
	ephemeralBlock  = regexp.MustCompile(`(?ms)\nephemeral "[^"]+" "[^"]+" \{\n.*?^\}\n`)
	clusterPlanLine = `  plan         = "free"` + "\n"
)

// sourceOf changes the source of the local name ovh to address.
func sourceOf(address string) configEdit {
	return configEdit{
		what: "source = " + address + " for the local name ovh",
		edit: func(c string) string {
			return regexp.MustCompile(`ovh = \{ source = "[^"]+" \}`).ReplaceAllString(c, `ovh = { source = "`+address+`" }`)
		},
		guide: `ovh = \{\s*source = "` + address + `"\s*\}`,
	}
}

var (
	addOwnOnly = configEdit{
		what:    "the arguments only this provider has, on the cluster",
		edit:    func(c string) string { return strings.Replace(c, clusterPlanLine, clusterPlanLine+ownOnlyLines, 1) },
		guide:   `kubeconfig_in_state\s*=\s*false`,
		section: "## What only this provider has",
	}
	removeOwnOnly = configEdit{
		what:  "no argument only this provider has",
		edit:  func(c string) string { return ownOnly.ReplaceAllString(c, "") },
		guide: "(?i)remove[^.]*`reset_instead_of_replace`",
	}
	addKubeconfig = configEdit{
		what:  "the ephemeral kubeconfig",
		edit:  func(c string) string { return c + kubeconfigBlock("") },
		guide: `ephemeral "ovh_cloud_project_kube_kubeconfig" "[^"]+" \{\n\s*service_name`,
	}
	addKubeconfigMks = configEdit{
		what:  "the ephemeral kubeconfig, with provider = mks",
		edit:  func(c string) string { return c + kubeconfigBlock("  provider = mks\n\n") },
		guide: `ephemeral "ovh_cloud_project_kube_kubeconfig" "[^"]+" \{\n\s*provider = mks\n`,
	}
	removeKubeconfig = configEdit{
		what:  "no ephemeral kubeconfig",
		edit:  func(c string) string { return ephemeralBlock.ReplaceAllString(c, "") },
		guide: "`ovh_cloud_project_kube_kubeconfig`",
	}
	addMks = configEdit{
		what: "mks = mkscloud/ovh beside ovh = ovh/ovh",
		edit: func(c string) string {
			return strings.Replace(c, `ovh = { source = "ovh/ovh" }`, `ovh = { source = "ovh/ovh" }`+"\n    "+`mks = { source = "mkscloud/ovh" }`, 1)
		},
		guide: `mks = \{\s*source = "mkscloud/ovh"\s*\}`,
	}
	providerMks = configEdit{
		what:  "provider = mks on every resource and data source",
		edit:  func(c string) string { return blockHeader.ReplaceAllString(c, "${1}  provider = mks\n\n") },
		guide: `(?s)resource "ovh_cloud_project_kube" "[^"]+" \{\n\s*provider = mks\n.*data "ovh_cloud_project_kube[a-z_]*" "[^"]+" \{\n\s*provider = mks\n`,
	}
	noProviderMks = configEdit{
		what:  "no provider = mks on resources and data sources",
		edit:  func(c string) string { return mksLine.ReplaceAllString(c, "${1}") },
		guide: "(?i)remove[^.]*`provider = mks`",
	}
)

// fullMove is one move of the whole stack between the two addresses, as
// the migration guide documents it in its section.
type fullMove struct {
	name string
	// section is the heading of the guide's section that documents the
	// move, "## ..." or "### ...".
	section string
	edits   []configEdit
	// steps run, in order, before the first plan.
	steps [][]string
	// locked are the addresses of the lock file after the steps.
	locked []string
	// to is the address of every resource and data source after the move.
	to string
	// ephemeral is whether the configuration opens the ephemeral kubeconfig.
	ephemeral bool
}

var (
	initStep = []string{"init", "-input=false", "-no-color"}
	// fullMigrations are the moves of TestAccE2E_fullMigration: from a state
	// of the official provider to this one, and back, each way of the
	// guide.
	fullMigrations = []struct {
		name  string
		moves []fullMove
	}{
		{name: "whole configuration", moves: []fullMove{
			{
				name: "to mkscloud/ovh", section: "## The whole configuration",
				edits: []configEdit{sourceOf(acctest.OwnAddress), addOwnOnly, addKubeconfig},
				steps: [][]string{
					{"state", "replace-provider", "-auto-approve", "-no-color", acctest.OfficialAddress, acctest.OwnAddress}, initStep,
				},
				locked: []string{acctest.OwnAddress}, to: acctest.OwnAddress, ephemeral: true,
			},
			{
				name: "back to ovh/ovh", section: "### The whole configuration, back",
				edits: []configEdit{removeOwnOnly, removeKubeconfig, sourceOf(acctest.OfficialAddress)},
				steps: [][]string{
					{"state", "replace-provider", "-auto-approve", "-no-color", acctest.OwnAddress, acctest.OfficialAddress}, initStep,
				},
				locked: []string{acctest.OfficialAddress}, to: acctest.OfficialAddress,
			},
		}},
		{name: "resource by resource", moves: []fullMove{
			{
				name: "to mkscloud/ovh", section: "## Resource by resource",
				edits:  []configEdit{addMks, providerMks, addOwnOnly, addKubeconfigMks},
				steps:  [][]string{initStep},
				locked: []string{acctest.OfficialAddress, acctest.OwnAddress}, to: acctest.OwnAddress, ephemeral: true,
			},
			{
				name: "back to ovh/ovh", section: "### Resource by resource, back",
				edits:  []configEdit{noProviderMks, removeOwnOnly},
				steps:  [][]string{initStep},
				locked: []string{acctest.OfficialAddress, acctest.OwnAddress}, to: acctest.OfficialAddress, ephemeral: true,
			},
		}},
	}
)

// fullAddresses are the resources and data sources of fullOfficialConfig.
var fullAddresses = []string{
	"ovh_cloud_project_kube.my_cluster", "ovh_cloud_project_kube_nodepool.backend",
	"ovh_cloud_project_kube_nodepool.workers", "ovh_cloud_project_kube_iprestrictions.api",
	"ovh_cloud_project_kube_oidc.my_oidc", "ovh_cloud_project_kube_log_subscription.audit",
	"data.ovh_cloud_project_kube.my_cluster", "data.ovh_cloud_project_kube_nodepool.workers",
	"data.ovh_cloud_project_kube_nodepool_nodes.workers", "data.ovh_cloud_project_kube_nodes.my_cluster",
	"data.ovh_cloud_project_kube_iprestrictions.api", "data.ovh_cloud_project_kube_oidc.my_oidc",
}

// applyEdits applies the edits of a move to config, and fails when one
// changes nothing: the guide would document an edit the test does not make.
func applyEdits(tb testing.TB, config string, edits []configEdit) string {
	tb.Helper()
	for _, e := range edits {
		edited := e.edit(config)
		if edited == config {
			tb.Fatalf("the edit %q changes nothing in:\n%s", e.what, config)
		}
		config = edited
	}
	return config
}

// fullConfigs are the configurations of a migration: the official one,
// then the one after each move.
func fullConfigs(tb testing.TB, moves []fullMove) []string {
	tb.Helper()
	configs := []string{fullOfficialConfig}
	for _, mv := range moves {
		configs = append(configs, applyEdits(tb, configs[len(configs)-1], mv.edits))
	}
	return configs
}

// TestAccE2E_fullMigration moves a cluster, two node pools, IP restrictions,
// OIDC, an audit log subscription, a data source of every type and the ephemeral kubeconfig, from a
// state the official provider wrote under ovh/ovh to mkscloud/ovh and back
// again, both ways the migration guide documents: the whole configuration
// (state replace-provider) and resource by resource (provider = mks).
// Another copy of this provider stands in for the official one under
// ovh/ovh, from the same mirror; every configuration that the official
// provider would read passes officialValidate first.
//
// Each move: init installs from the mirror and locks what the
// configuration asks for, no step but the plans and applies calls the API,
// these only read (GETs, and the POST that fetches a kubeconfig), the first
// plan replaces nothing, the plan after one apply is empty, the mock holds
// what it held, and the state holds every resource and data source under
// the new address.
func TestAccE2E_fullMigration(t *testing.T) {
	binary := acctest.CLI(t)
	mirror, version := acctest.NewMirror(t)
	host := acctest.ProviderHost()
	for _, tt := range fullMigrations {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			configs := fullConfigs(t, tt.moves)
			m := ovhmock.New(ovhmock.Options{})
			acctest.SeedOfficialFull(t, m)
			seeded := mockSnapshot(m)
			endpoint := acctest.ServeMock(t, m)
			w := acctest.NewMirrorWorkdir(t, binary, mirror, endpoint, configs[0])
			acctest.GuardState(t, m, w)
			acctest.WriteFile(t, w.Dir+"/terraform.tfstate", acctest.OfficialFullState(t, host))

			for i, mv := range tt.moves {
				start := time.Now()
				acctest.WriteFile(t, w.Dir+"/main.tf", configs[i+1])
				if err := officialValidate(t, configs[i+1]); err != nil {
					t.Fatalf("%s: the official provider would refuse the configuration: %v", mv.name, err)
				}
				m.ResetRequests()
				for _, step := range mv.steps {
					w.Run(nil, step...)
				}
				if log := m.Requests(); len(log) != 0 {
					t.Fatalf("%s: %v called the API: %v", mv.name, mv.steps, log)
				}
				wantLocked := map[string]string{}
				for _, a := range mv.locked {
					wantLocked[host+"/"+a] = version
				}
				if got := acctest.LockedProviders(t, w); !maps.Equal(got, wantLocked) {
					t.Fatalf("%s: lock file after init: got %v, want %v", mv.name, got, wantLocked)
				}

				moveOver(t, m, w, mv)

				want := map[string]string{}
				for _, a := range fullAddresses {
					want[a] = host + "/" + mv.to
				}
				if got := acctest.StateProviders(t, w); !maps.Equal(got, want) {
					t.Fatalf("%s: providers in state: got %v, want %v", mv.name, got, want)
				}
				if now := mockSnapshot(m); !reflect.DeepEqual(now, seeded) {
					t.Fatalf("%s: the mock changed:\nbefore: %+v\nafter:  %+v", mv.name, seeded, now)
				}
				t.Logf("%s: %s", mv.name, time.Since(start).Round(10*time.Millisecond))
			}
		})
	}
}

// moveOver plans, applies and plans again after the steps of a move: the
// first plan replaces, adds and destroys nothing, no step sends anything but
// GETs and kubeconfig fetches, the plans and the apply read every object,
// the apply and the last plan open the ephemeral kubeconfig when the
// configuration has it, and the plan after the apply is empty.
func moveOver(t *testing.T, m *ovhmock.Mock, w *acctest.Workdir, mv fullMove) {
	t.Helper()
	check := func(step string) {
		t.Helper()
		log := m.Requests()
		m.ResetRequests()
		read := map[string]bool{}
		opened := 0
		for _, r := range log {
			switch {
			case r.Method == "GET":
				read[r.Route] = true
			case r.Method == "POST" && r.Route == acctest.RouteKubeconfig:
				opened++
			default:
				t.Errorf("%s: %s sent %s %s (route %s)", mv.name, step, r.Method, r.Path, r.Route)
			}
		}
		for _, route := range []string{
			acctest.RouteKube, acctest.RouteNodePool, acctest.RouteIPRestrictions, acctest.RouteOIDC, acctest.RouteLogSubscription,
		} {
			if !read[route] {
				t.Errorf("%s: %s did not read %s", mv.name, step, route)
			}
		}
		if err := readsClusterAndPools(log); err != nil {
			t.Errorf("%s: %s %v", mv.name, step, err)
		}
		// The first plan defers the kubeconfig when the cluster has changes
		// pending: its arguments are then unknown.
		if mv.ephemeral && opened == 0 && step != "the first plan" {
			t.Errorf("%s: %s did not open the ephemeral kubeconfig", mv.name, step)
		}
	}

	m.ResetRequests()
	plan := planSummary(w.Run(acctest.MockCredentials, "plan", "-no-color"))
	check("the first plan")
	for _, bad := range []string{"must be replaced", "forces replacement", "Error:"} {
		if strings.Contains(plan, bad) {
			t.Fatalf("%s: the first plan contains %q:\n%s", mv.name, bad, plan)
		}
	}
	if strings.Contains(plan, "Plan: ") && (!strings.Contains(plan, "0 to add") || !strings.Contains(plan, "0 to destroy")) {
		t.Fatalf("%s: the first plan adds or destroys:\n%s", mv.name, plan)
	}
	t.Logf("%s: the first plan:\n%s", mv.name, plan)

	w.Run(acctest.MockCredentials, "apply", "-auto-approve", "-no-color")
	check("the apply")

	out, err := w.Try(acctest.MockCredentials, "plan", "-no-color", "-detailed-exitcode")
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		t.Fatalf("%s: the plan after the apply is not empty:\n%s", mv.name, planSummary(out))
	}
	if err != nil {
		t.Fatalf("%s: plan: %v\n%s", mv.name, err, acctest.Tail(out, 3000))
	}
	check("the plan after the apply")
}

// fullSnapshot is what the mock holds for the migrated cluster.
type fullSnapshot struct {
	Clusters  []ovhmock.Cluster
	NodePools []ovhmock.NodePool
	IPs       []string
	OIDC      ovhmock.OpenIDConnect
	Logs      []ovhmock.LogSubscription
}

func mockSnapshot(m *ovhmock.Mock) fullSnapshot {
	ips, _ := m.IPRestrictions(ovhmock.DefaultProject, acctest.MigratedPoolClusterID)
	oidc, _ := m.OIDC(ovhmock.DefaultProject, acctest.MigratedPoolClusterID)
	logs, _ := m.LogSubscriptions(ovhmock.DefaultProject, acctest.MigratedPoolClusterID)
	return fullSnapshot{
		Clusters:  m.Clusters(ovhmock.DefaultProject),
		NodePools: m.NodePools(ovhmock.DefaultProject, acctest.MigratedPoolClusterID),
		IPs:       ips, OIDC: oidc, Logs: logs,
	}
}

// officialValidate refuses, as the official provider's validate would, a
// configuration that gives the provider of ovh/ovh a type or a top-level
// argument that the official provider does not have (an ephemeral resource,
// or an argument missing from acctest.OfficialAttributes). The copy of this
// provider that stands in for the official one knows them all.
func officialValidate(tb testing.TB, config string) error {
	tb.Helper()
	file, diags := hclsyntax.ParseConfig([]byte(config), "main.tf", hcl.InitialPos)
	if diags.HasErrors() {
		return diags
	}
	body := file.Body.(*hclsyntax.Body)
	sources := map[string]string{}
	for _, b := range body.Blocks {
		if b.Type != "terraform" {
			continue
		}
		for _, rp := range b.Body.Blocks {
			if rp.Type != "required_providers" {
				continue
			}
			for name, attr := range rp.Body.Attributes {
				v, diags := attr.Expr.Value(nil)
				if diags.HasErrors() {
					return diags
				}
				sources[name] = v.GetAttr("source").AsString()
			}
		}
	}
	known := acctest.OfficialAttributes(tb)
	meta := map[string]bool{"provider": true, "count": true, "for_each": true, "depends_on": true, "lifecycle": true}
	var errs []error
	for _, b := range body.Blocks {
		if b.Type != "resource" && b.Type != "data" && b.Type != "ephemeral" {
			continue
		}
		local := "ovh"
		if p, ok := b.Body.Attributes["provider"]; ok {
			local = hcl.ExprAsKeyword(p.Expr)
		}
		if sources[local] != acctest.OfficialAddress {
			continue
		}
		typ, address := b.Labels[0], b.Type+"."+strings.Join(b.Labels, ".")
		switch b.Type {
		case "ephemeral":
			errs = append(errs, fmt.Errorf("%s: the provider %s does not support ephemeral resource %q", address, acctest.OfficialAddress, typ))
			continue
		case "data":
			if !slices.Contains(acctest.OfficialDataSourceTypes, typ) {
				errs = append(errs, fmt.Errorf("%s: the provider %s does not support data source %q", address, acctest.OfficialAddress, typ))
			}
			continue
		}
		if !slices.Contains(acctest.OfficialResourceTypes, typ) {
			errs = append(errs, fmt.Errorf("%s: the provider %s does not support resource type %q", address, acctest.OfficialAddress, typ))
			continue
		}
		var names []string
		for name := range b.Body.Attributes {
			names = append(names, name)
		}
		for _, nested := range b.Body.Blocks {
			names = append(names, nested.Type)
		}
		slices.Sort(names)
		for _, name := range names {
			if !meta[name] && !known[typ][name] {
				errs = append(errs, fmt.Errorf("%s: an argument named %q is not expected here", address, name))
			}
		}
	}
	return errors.Join(errs...)
}

// ownTypes lists the resource, data source and ephemeral resource types of
// this provider, from internal/kube.
func ownTypes() (resources, dataSources, ephemerals []string) {
	ctx := context.Background()
	for _, newR := range kube.Resources() {
		var resp resource.MetadataResponse
		newR().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "ovh"}, &resp)
		resources = append(resources, resp.TypeName)
	}
	for _, newD := range kube.DataSources() {
		var resp datasource.MetadataResponse
		newD().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "ovh"}, &resp)
		dataSources = append(dataSources, resp.TypeName)
	}
	for _, newE := range kube.EphemeralResources() {
		var resp ephemeral.MetadataResponse
		newE().Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "ovh"}, &resp)
		ephemerals = append(ephemerals, resp.TypeName)
	}
	return resources, dataSources, ephemerals
}

// ownOnlyArguments maps each resource type of this provider to the
// top-level attributes and blocks of its schema that the official provider
// does not know (acctest.OfficialAttributes), sorted.
func ownOnlyArguments(tb testing.TB) map[string][]string {
	tb.Helper()
	ctx := context.Background()
	official := acctest.OfficialAttributes(tb)
	out := map[string][]string{}
	for _, newR := range kube.Resources() {
		r := newR()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "ovh"}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() {
			tb.Fatalf("%s: %v", md.TypeName, sr.Diagnostics)
		}
		// Arguments only: a read-only attribute the official provider does
		// not know is dropped from the state by its schema upgrade, and a
		// configuration cannot set it.
		var names []string
		for name, a := range sr.Schema.Attributes {
			if a.IsRequired() || a.IsOptional() {
				names = append(names, name)
			}
		}
		names = append(names, slices.Collect(maps.Keys(sr.Schema.Blocks))...)
		for _, name := range names {
			if !official[md.TypeName][name] {
				out[md.TypeName] = append(out[md.TypeName], name)
			}
		}
		slices.Sort(out[md.TypeName])
	}
	return out
}

// guideSection returns the section of the guide under heading ("## ..." or
// "### ..."), up to the next heading of the same level or above; lines of
// fenced code blocks are not headings.
func guideSection(guide, heading string) (string, bool) {
	level := strings.Index(heading, " ")
	var out []string
	in, fenced := false, false
	for _, line := range strings.Split(guide, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
		}
		if !fenced {
			if h := regexp.MustCompile(`^(#+) `).FindStringSubmatch(line); h != nil {
				if line == heading {
					in = true
				} else if in && len(h[1]) <= level {
					break
				}
			}
		}
		if in {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n"), in
}

// TestMigrationGuideCoversEverything checks the migration guide against the
// provider and against TestAccE2E_fullMigration: it names every resource,
// data source and ephemeral resource type of the provider; its section on
// moving back names every argument only this provider has (found by
// comparing the schemas with the official provider's states) and the
// ephemeral kubeconfig; and the section of each move of
// TestAccE2E_fullMigration shows the commands the test runs and the
// configuration changes it makes. It also checks that the moves' edits are
// what the official provider needs: without the removals, moving back is
// refused by officialValidate.
func TestMigrationGuideCoversEverything(t *testing.T) {
	raw, err := os.ReadFile("../../templates/guides/migration.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	guide := string(raw)

	resources, dataSources, ephemerals := ownTypes()
	for _, typ := range slices.Concat(resources, dataSources, ephemerals) {
		if !strings.Contains(guide, "`"+typ+"`") {
			t.Errorf("the migration guide does not name `%s`", typ)
		}
	}

	back, ok := guideSection(guide, "## Back to the official provider")
	if !ok {
		t.Fatal("the migration guide has no section ## Back to the official provider")
	}
	own := ownOnlyArguments(t)
	if len(own["ovh_cloud_project_kube"]) == 0 {
		t.Fatal("no argument of ovh_cloud_project_kube is found to be this provider's only: the comparison proves nothing")
	}
	t.Logf("arguments only this provider has: %v", own)
	for typ, names := range own {
		for _, name := range names {
			if !strings.Contains(back, "`"+name+"`") {
				t.Errorf("the guide's section on moving back does not name `%s`, an argument of %s that the official provider does not know", name, typ)
			}
		}
	}
	for _, typ := range ephemerals {
		if !strings.Contains(back, "`"+typ+"`") {
			t.Errorf("the guide's section on moving back does not name `%s`, which the official provider does not have", typ)
		}
	}

	for _, tt := range fullMigrations {
		configs := fullConfigs(t, tt.moves)
		if err := officialValidate(t, configs[0]); err != nil {
			t.Errorf("%s: the official configuration does not pass officialValidate: %v", tt.name, err)
		}
		for i, mv := range tt.moves {
			section, ok := guideSection(guide, mv.section)
			if !ok {
				t.Errorf("%s, %s: the migration guide has no section %s", tt.name, mv.name, mv.section)
				continue
			}
			for _, step := range mv.steps {
				var words []string
				for _, a := range step {
					if !strings.HasPrefix(a, "-") {
						words = append(words, a)
					}
				}
				if cmd := "terraform " + strings.Join(words, " "); !strings.Contains(section, cmd+"\n") {
					t.Errorf("%s, %s: the guide's section %q does not show `%s`", tt.name, mv.name, mv.section, cmd)
				}
			}
			for _, e := range mv.edits {
				in, heading := section, mv.section
				if e.section != "" {
					heading = e.section
					if in, ok = guideSection(guide, heading); !ok {
						t.Errorf("the migration guide has no section %s", heading)
						continue
					}
				}
				if !regexp.MustCompile(e.guide).MatchString(in) {
					t.Errorf("%s, %s: the guide's section %q does not document %s (%s)", tt.name, mv.name, heading, e.what, e.guide)
				}
			}
			if mv.to != acctest.OfficialAddress {
				continue
			}
			// Moving back without removing what the official provider does
			// not know is refused, naming each of them.
			var kept []configEdit
			for _, e := range mv.edits {
				if e.guide != removeOwnOnly.guide && e.guide != removeKubeconfig.guide {
					kept = append(kept, e)
				}
			}
			err := officialValidate(t, applyEdits(t, configs[i], kept))
			for _, name := range slices.Concat(own["ovh_cloud_project_kube"], []string{`ephemeral resource "ovh_cloud_project_kube_kubeconfig"`}) {
				if mv.ephemeral && strings.HasPrefix(name, "ephemeral") {
					continue // the kubeconfig stays with this provider
				}
				if err == nil || !strings.Contains(err.Error(), name) {
					t.Errorf("%s, %s: without the removals, officialValidate does not refuse %s: %v", tt.name, mv.name, name, err)
				}
			}
		}
	}
}
