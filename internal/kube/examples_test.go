package kube_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/zclconf/go-cty/cty"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
	"github.com/mkscloud/terraform-provider-ovh/internal/provider"
)

// The documented examples, as users copy them, are applied against the mock
// by two tests: TestAccExamples applies those that leave the provider's
// configuration to the test (resources), TestAccExamples_fromEnvironment the
// provider's own example, which configures it from the OVH_* variables, with
// the data sources it reads through. Every file under examples/ is applied
// by one or the other, or imported (import.sh); examples/ci holds a CI
// pipeline, not HCL to apply.
//
// To keep the CLI runs few, examples share one configuration, one apply and
// one destroy, unless they declare the same name or manage the same object.
//
// An example that names an object it does not create (kube_id = "...")
// finds it seeded in the mock: every literal kube_id is a READY cluster of
// the literal service_name, and exampleSeeds adds what blocks of some types
// read besides. A new kind of example that reads something else adds an
// entry there.
//
// The import.sh examples are imported, by an import step of the test that
// applies the example declaring the resource they name: exampleImportSeeds
// seeds the object their id names.

const examplesRoot = "../../examples"

// exampleSeeds maps a block ("resource.TYPE", "data.TYPE" or
// "ephemeral.TYPE") to what it needs in the mock besides its cluster. attrs
// are the block's literal string arguments.
var exampleSeeds = map[string]func(s *exampleSeeder, attrs map[string]string){
	// Data sources that read a node pool by name, and its nodes.
	"data.ovh_cloud_project_kube_nodepool":       func(s *exampleSeeder, a map[string]string) { s.pool(a, a["name"], "") },
	"data.ovh_cloud_project_kube_nodepool_nodes": func(s *exampleSeeder, a map[string]string) { s.pool(a, a["name"], "") },
	// The nodes of a cluster: a pool brings some.
	"data.ovh_cloud_project_kube_nodes": func(s *exampleSeeder, a map[string]string) { s.pool(a, "pool-1", "") },
	// A cluster's allow-list and OIDC configuration.
	"data.ovh_cloud_project_kube_iprestrictions": func(s *exampleSeeder, a map[string]string) { s.ipRestrictions(a) },
	"data.ovh_cloud_project_kube_oidc":           func(s *exampleSeeder, a map[string]string) { s.oidc(a) },
	// A cluster's log subscriptions.
	"data.ovh_cloud_project_kube_log_subscriptions": func(s *exampleSeeder, a map[string]string) { s.logSubscription(a, "") },
}

// exampleImportSeeds maps a resource type to what an import id of its
// import.sh example names, split at the slashes.
var exampleImportSeeds = map[string]func(s *exampleSeeder, id []string){
	"ovh_cloud_project_kube": func(s *exampleSeeder, id []string) {
		s.cluster(map[string]string{"service_name": id[0], "kube_id": id[1]})
	},
	"ovh_cloud_project_kube_nodepool": func(s *exampleSeeder, id []string) {
		a := map[string]string{"service_name": id[0], "kube_id": id[1]}
		s.cluster(a)
		s.pool(a, "imported", id[2])
	},
	// One allow-list and one OIDC configuration per cluster: the example's
	// apply creates what its import then reads.
	"ovh_cloud_project_kube_iprestrictions": func(s *exampleSeeder, id []string) {
		s.cluster(map[string]string{"service_name": id[0], "kube_id": id[1]})
	},
	"ovh_cloud_project_kube_oidc": func(s *exampleSeeder, id []string) {
		s.cluster(map[string]string{"service_name": id[0], "kube_id": id[1]})
	},
	"ovh_cloud_project_kube_log_subscription": func(s *exampleSeeder, id []string) {
		a := map[string]string{"service_name": id[0], "kube_id": id[1]}
		s.cluster(a)
		s.logSubscription(a, id[2])
	},
}

// importLine is a command of an import.sh example.
var importLine = regexp.MustCompile(`^terraform import (\S+) (\S+)$`)

// exampleImport is one import command of an import.sh example.
type exampleImport struct {
	file, address, id string
	// config is the example that declares the resource, without its
	// outputs, which the test framework cannot read from a state that
	// holds only the imported object.
	config string
}

// example is one file of examples/ (or one module: a directory with a
// main.tf), as the test applies it.
type example struct {
	name  string   // under examples/, for messages
	files []string // under examples/, the files it is made of
	// config is the example without its terraform block: the test
	// framework declares the provider, to load the one under test.
	config string
	// withoutOutputs is config without its output blocks.
	withoutOutputs string
	// declares are the names it declares at the top level, and the
	// objects it manages on clusters it does not create: another example
	// with one of them cannot share its configuration.
	declares []string
	// configuresProvider: it has a provider "ovh" block, configured from
	// the environment.
	configuresProvider bool
	blocks             []exampleBlock
}

// exampleBlock is a resource, data or ephemeral block with its literal
// string arguments.
type exampleBlock struct {
	kind  string // "resource.TYPE", "data.TYPE" or "ephemeral.TYPE"
	attrs map[string]string
}

// readExamples walks examples/.
func readExamples(t *testing.T) ([]example, []exampleImport) {
	t.Helper()
	var out []example
	var imports []exampleImport
	err := filepath.WalkDir(examplesRoot, func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if dir == filepath.Join(examplesRoot, "ci") || dir == filepath.Join(examplesRoot, "actions") {
			return filepath.SkipDir // not HCL; Terraform 1.14 actions (TestExamples_actions)
		}
		scripts, err := filepath.Glob(filepath.Join(dir, "*.sh"))
		if err != nil {
			return err
		}
		for _, script := range scripts {
			imports = append(imports, readImports(t, script)...)
		}
		files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
		if err != nil || len(files) == 0 {
			return err
		}
		// As scripts/validate-examples.sh: a main.tf makes the directory
		// one module; otherwise each file is a snippet, with the
		// directory's versions.tf if any.
		var versions []string
		if slices.Contains(files, filepath.Join(dir, "versions.tf")) {
			versions = []string{filepath.Join(dir, "versions.tf")}
		}
		if slices.Contains(files, filepath.Join(dir, "main.tf")) {
			out = append(out, parseExample(t, dir, files))
			return nil
		}
		for _, f := range files {
			if filepath.Base(f) != "versions.tf" {
				out = append(out, parseExample(t, f, append([]string{f}, versions...)))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, imports
}

// readImports reads the terraform import commands of a script, which must
// hold nothing else but comments.
func readImports(t *testing.T, script string) []exampleImport {
	t.Helper()
	raw, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(examplesRoot, script)
	var out []exampleImport
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := importLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("%s: %q is not a terraform import command, which this test knows how to run", script, line)
		}
		out = append(out, exampleImport{file: filepath.ToSlash(rel), address: m[1], id: m[2]})
	}
	if len(out) == 0 {
		t.Fatalf("%s: no terraform import command", script)
	}
	return out
}

func parseExample(t *testing.T, name string, files []string) example {
	t.Helper()
	rel, err := filepath.Rel(examplesRoot, name)
	if err != nil {
		t.Fatal(err)
	}
	ex := example{name: filepath.ToSlash(rel)}
	var config, withoutOutputs strings.Builder
	for _, file := range files {
		rel, err := filepath.Rel(examplesRoot, file)
		if err != nil {
			t.Fatal(err)
		}
		ex.files = append(ex.files, filepath.ToSlash(rel))
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, diags := hclsyntax.ParseConfig(src, file, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", file, diags)
		}
		kept, keptOutputs := 0, 0
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			r := b.Range()
			switch b.Type {
			case "terraform":
				config.Write(src[kept:r.Start.Byte])
				kept = r.End.Byte
				withoutOutputs.Write(src[keptOutputs:r.Start.Byte])
				keptOutputs = r.End.Byte
				continue
			case "output":
				withoutOutputs.Write(src[keptOutputs:r.Start.Byte])
				keptOutputs = r.End.Byte
			case "provider":
				ex.configuresProvider = ex.configuresProvider || b.Labels[0] == "ovh"
			case "locals":
				for name := range b.Body.Attributes {
					ex.declares = append(ex.declares, "local."+name)
				}
				continue
			case "resource", "data", "ephemeral":
				ex.blocks = append(ex.blocks, exampleBlock{kind: b.Type + "." + b.Labels[0], attrs: literalArgs(b.Body)})
			}
			ex.declares = append(ex.declares, b.Type+"."+strings.Join(b.Labels, "."))
		}
		config.Write(src[kept:])
		config.WriteString("\n")
		withoutOutputs.Write(src[keptOutputs:])
		withoutOutputs.WriteString("\n")
	}
	ex.config, ex.withoutOutputs = config.String(), withoutOutputs.String()
	for _, b := range ex.blocks {
		if kubeID := b.attrs["kube_id"]; kubeID != "" && strings.HasPrefix(b.kind, "resource.") {
			// Two pools of one name, or two singletons (IP
			// restrictions), on one cluster: not in one configuration.
			ex.declares = append(ex.declares, "object."+kubeID+"."+b.kind+"."+b.attrs["name"])
		}
	}
	return ex
}

// literalArgs returns the arguments of a block that are string literals.
func literalArgs(body *hclsyntax.Body) map[string]string {
	out := map[string]string{}
	for name, a := range body.Attributes {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			out[name] = v.AsString()
		}
	}
	return out
}

// exampleGroup is the examples applied together, in one configuration.
type exampleGroup struct {
	examples []example
	declared map[string]string // name -> the example declaring it
	imports  []exampleImport   // of resources its examples declare
}

func (g *exampleGroup) name() string {
	var names []string
	for _, ex := range g.examples {
		names = append(names, ex.name)
	}
	return strings.Join(names, "+")
}

// groupExamples puts each example into the first group where nothing it
// declares is declared already.
func groupExamples(examples []example) []*exampleGroup {
	var groups []*exampleGroup
	for _, ex := range examples {
		var into *exampleGroup
		for _, g := range groups {
			if !slices.ContainsFunc(ex.declares, func(d string) bool { return g.declared[d] != "" }) {
				into = g
				break
			}
		}
		if into == nil {
			into = &exampleGroup{declared: map[string]string{}}
			groups = append(groups, into)
		}
		into.examples = append(into.examples, ex)
		for _, d := range ex.declares {
			into.declared[d] = ex.name
		}
	}
	return groups
}

// exampleGroups splits the examples between the two tests, and gives each
// import to the group that declares its resource.
func exampleGroups(t *testing.T) (explicit, fromEnvironment []*exampleGroup) {
	t.Helper()
	examples, imports := readExamples(t)
	var withProvider, without []example
	for _, ex := range examples {
		if ex.configuresProvider || strings.HasPrefix(ex.name, "data-sources/") {
			withProvider = append(withProvider, ex)
		} else {
			without = append(without, ex)
		}
	}
	explicit, fromEnvironment = groupExamples(without), groupExamples(withProvider)
	all := slices.Concat(explicit, fromEnvironment)
	for _, imp := range imports {
		i := slices.IndexFunc(all, func(g *exampleGroup) bool { return g.declared["resource."+imp.address] != "" })
		if i < 0 {
			t.Fatalf("%s imports %s, which no example declares", imp.file, imp.address)
		}
		g := all[i]
		declaring := g.declared["resource."+imp.address]
		imp.config = g.examples[slices.IndexFunc(g.examples, func(ex example) bool { return ex.name == declaring })].withoutOutputs
		g.imports = append(g.imports, imp)
	}
	return explicit, fromEnvironment
}

func (g *exampleGroup) config() string {
	var b strings.Builder
	for _, ex := range g.examples {
		fmt.Fprintf(&b, "# examples/%s\n%s\n", ex.name, ex.config)
	}
	return b.String()
}

// exampleSeeder adds to the mock what the examples of a group read.
type exampleSeeder struct {
	t      *testing.T
	m      *ovhmock.Mock
	seeded map[string]bool
}

func project(attrs map[string]string) string {
	if p := attrs["service_name"]; p != "" {
		return p
	}
	return ovhmock.DefaultProject
}

// cluster seeds the cluster a block names, once.
func (s *exampleSeeder) cluster(attrs map[string]string) {
	s.t.Helper()
	id := attrs["kube_id"]
	if id == "" || s.seeded[id] {
		return
	}
	s.seeded[id] = true
	if err := s.m.AddCluster(project(attrs), ovhmock.Cluster{ID: id, Name: "example", Region: "GRA11", Version: "1.32.1",
		KubeProxyMode: "iptables", Status: "READY", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", CreatedAt: time.Now()}); err != nil {
		s.t.Fatal(err)
	}
	s.declare(id)
}

// pool seeds a node pool of two nodes, with a label, in the cluster a block
// names, once; an empty id is generated.
func (s *exampleSeeder) pool(attrs map[string]string, name, id string) {
	s.t.Helper()
	kubeID := attrs["kube_id"]
	if kubeID == "" || name == "" || s.seeded[kubeID+"/"+name] {
		return
	}
	s.seeded[kubeID+"/"+name] = true
	p, err := s.m.AddNodePool(project(attrs), kubeID, ovhmock.NodePool{ID: id, Name: name, Flavor: "b3-8", DesiredNodes: 2,
		Template: ovhmock.NodePoolTemplate{Metadata: ovhmock.NodePoolTemplateMetadata{Labels: map[string]string{"role": "web"}}}})
	if err != nil {
		s.t.Fatal(err)
	}
	s.declare(p.ID)
}

// declare tells the orphan guard that the test, not Terraform, made it.
// ipRestrictions gives the cluster of attrs an allow-list.
func (s *exampleSeeder) ipRestrictions(attrs map[string]string) {
	s.t.Helper()
	if err := s.m.SetIPRestrictions(project(attrs), attrs["kube_id"], []string{"203.0.113.0/24"}); err != nil {
		s.t.Fatal(err)
	}
	s.declare(acctest.IPRestrictionsKey(attrs["kube_id"]))
}

// oidc gives the cluster of attrs an OIDC configuration.
func (s *exampleSeeder) oidc(attrs map[string]string) {
	s.t.Helper()
	if err := s.m.SetOIDC(project(attrs), attrs["kube_id"], &ovhmock.OpenIDConnect{
		IssuerURL: "https://keycloak.example.com/realms/kubernetes", ClientID: "kubernetes",
	}); err != nil {
		s.t.Fatal(err)
	}
	s.declare(acctest.OIDCKey(attrs["kube_id"]))
}

// logSubscription gives the cluster of attrs a subscription of its audit
// logs, under id unless it is empty.
func (s *exampleSeeder) logSubscription(attrs map[string]string, id string) {
	s.t.Helper()
	if attrs["kube_id"] == "" {
		return // the cluster's id comes from a resource of the example, which creates the subscription
	}
	sub, err := s.m.AddLogSubscription(project(attrs), attrs["kube_id"], ovhmock.LogSubscription{SubscriptionID: id})
	if err != nil {
		s.t.Fatal(err)
	}
	s.declare(sub.SubscriptionID)
}

func (s *exampleSeeder) declare(id string) { acctest.DeclareSeeded(s.t, s.m, id) }

// seed starts a mock holding what the group's examples read.
func (g *exampleGroup) seed(t *testing.T) string {
	t.Helper()
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	s := &exampleSeeder{t: t, m: m, seeded: map[string]bool{}}
	for _, ex := range g.examples {
		for _, b := range ex.blocks {
			s.cluster(b.attrs)
		}
	}
	for _, ex := range g.examples {
		for _, b := range ex.blocks {
			if seed := exampleSeeds[b.kind]; seed != nil {
				seed(s, b.attrs)
			}
		}
	}
	for _, imp := range g.imports {
		typ, _, _ := strings.Cut(imp.address, ".")
		seed := exampleImportSeeds[typ]
		if seed == nil {
			t.Fatalf("%s imports a %s: say in exampleImportSeeds what its id names", imp.file, typ)
		}
		seed(s, strings.Split(imp.id, "/"))
	}
	return endpoint
}

// steps applies the group's configuration, then imports what its import
// examples name: the imported object has the id that the import id ends
// with, or the whole import id. provider is what comes before an example.
func (g *exampleGroup) steps(provider string) []resource.TestStep {
	config := provider + g.config()
	steps := []resource.TestStep{{
		Config: config,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
	}}
	for _, imp := range g.imports {
		want := imp.id[strings.LastIndex(imp.id, "/")+1:]
		steps = append(steps, resource.TestStep{
			Config:        provider + imp.config,
			ResourceName:  imp.address,
			ImportState:   true,
			ImportStateId: imp.id,
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				// The OIDC configuration's id is its whole import id.
				if len(states) != 1 || (states[0].ID != want && states[0].ID != imp.id) {
					return fmt.Errorf("%s: imported %d objects, want one with id %s", imp.file, len(states), want)
				}
				return nil
			},
		})
	}
	return steps
}

// TestAccExamples applies every resource example against the mock, as
// written but for the provider block that points at the test's mock; the
// plan after the apply is empty, and the destroy leaves nothing behind.
func TestAccExamples(t *testing.T) {
	t.Parallel()
	groups, _ := exampleGroups(t)
	for i, g := range groups {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			t.Log(g.name())
			endpoint := g.seed(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps:                    g.steps(acctest.ProviderBlock(endpoint)),
			})
		})
	}
}

// TestAccExamples_fromEnvironment applies the provider's example (also the
// one of docs/index.md) as written: its provider block takes the endpoint
// and the credentials from the environment the mock prints. The data-source
// examples read through it. Not parallel: the provider reads the process's
// environment.
func TestAccExamples_fromEnvironment(t *testing.T) {
	_, groups := exampleGroups(t)
	for i, g := range groups {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Log(g.name())
			endpoint := g.seed(t)
			for k, v := range map[string]string{
				"OVH_ENDPOINT":              endpoint,
				"OVH_APPLICATION_KEY":       ovhmock.DefaultApplicationKey,
				"OVH_APPLICATION_SECRET":    ovhmock.DefaultApplicationSecret,
				"OVH_CONSUMER_KEY":          ovhmock.DefaultConsumerKey,
				"OVH_CLOUD_PROJECT_SERVICE": ovhmock.DefaultProject,
			} {
				t.Setenv(k, v)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps:                    g.steps(""),
			})
		})
	}
}

// TestExamples_everyOneApplied checks the split: every file of examples/
// (but ci/, and actions/: see TestExamples_actions) is applied or imported
// in exactly one group of one of the two tests, the groups are few, and no group holds two declarations of one
// name.
func TestExamples_everyOneApplied(t *testing.T) {
	var files []string
	err := filepath.WalkDir(examplesRoot, func(path string, d fs.DirEntry, err error) error {
		// Query files (.tfquery.hcl) are for terraform query and examples/actions
		// for actions, which no CLI of the tests runs: TestExamples_listQueries
		// and TestExamples_actions check them.
		if err == nil && !d.IsDir() && !strings.HasPrefix(path, filepath.Join(examplesRoot, "ci")) &&
			!strings.HasPrefix(path, filepath.Join(examplesRoot, "actions")) && !strings.HasSuffix(path, ".tfquery.hcl") {
			rel, _ := filepath.Rel(examplesRoot, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	explicit, fromEnv := exampleGroups(t)
	var applied []string
	envHasProvider := false
	for _, g := range slices.Concat(explicit, fromEnv) {
		var declared []string
		for _, imp := range g.imports {
			applied = append(applied, imp.file)
		}
		for _, ex := range g.examples {
			applied = append(applied, ex.files...)
			declared = append(declared, ex.declares...)
			envHasProvider = envHasProvider || ex.configuresProvider
		}
		slices.Sort(declared)
		if len(slices.Compact(slices.Clone(declared))) != len(declared) {
			t.Errorf("group %s declares a name twice: %v", g.name(), declared)
		}
	}
	slices.Sort(applied)
	if !slices.Equal(slices.Compact(applied), files) {
		t.Fatalf("applied examples:\n  %s\nfiles under examples/:\n  %s", strings.Join(applied, "\n  "), strings.Join(files, "\n  "))
	}
	if len(files) < 17 || !envHasProvider {
		t.Fatalf("found %d examples (want at least 17), the provider's among them: %v", len(files), envHasProvider)
	}
	if n := len(explicit) + len(fromEnv); n > len(files)/3 {
		t.Errorf("%d groups for %d examples: too many CLI runs", n, len(files))
	}
	t.Logf("%d examples in %d + %d configurations", len(files), len(explicit), len(fromEnv))
}

// TestExamples_listQueries checks the query files of examples/list-resources,
// which neither CLI of the tests reads (terraform query is Terraform 1.14's):
// every list resource of the provider has one, in the directory of its type;
// each holds list blocks of that type only, with provider = ovh, and a config
// block whose arguments are those of the list resource's schema; and the
// page of each, in templates/list-resources, documents every argument.
func TestExamples_listQueries(t *testing.T) {
	ctx := context.Background()
	schemas, err := provider.NewServerWithOptions("test", acctest.FastPolling)().GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	if len(schemas.ListResourceSchemas) == 0 {
		t.Fatal("the provider has no list resource")
	}
	for typeName, schema := range schemas.ListResourceSchemas {
		args := map[string]bool{}
		for _, a := range schema.Block.Attributes {
			args[a.Name] = true
		}
		// Neither CLI of this repository reports list resource schemas,
		// so their pages are written by hand: each argument in its page.
		page, err := os.ReadFile(filepath.Join(examplesRoot, "..", "templates", "list-resources", strings.TrimPrefix(typeName, "ovh_")+".md.tmpl"))
		if err != nil {
			t.Errorf("%s: no page: %v", typeName, err)
		}
		for name := range args {
			if !strings.Contains(string(page), "- `"+name+"` (String) ") {
				t.Errorf("%s: the page does not document the argument %s", typeName, name)
			}
		}
		files, _ := filepath.Glob(filepath.Join(examplesRoot, "list-resources", typeName, "*.tfquery.hcl"))
		if len(files) == 0 {
			t.Errorf("%s: no examples/list-resources/%s/list-resource.tfquery.hcl", typeName, typeName)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			file, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos)
			if diags.HasErrors() {
				t.Errorf("%s: %s", f, diags)
				continue
			}
			blocks := file.Body.(*hclsyntax.Body).Blocks
			if len(blocks) == 0 {
				t.Errorf("%s: no list block", f)
			}
			for _, b := range blocks {
				if b.Type != "list" || len(b.Labels) != 2 || b.Labels[0] != typeName {
					t.Errorf("%s: block %s %v, want list %q \"NAME\"", f, b.Type, b.Labels, typeName)
					continue
				}
				if p, ok := b.Body.Attributes["provider"]; !ok || string(p.Expr.Range().SliceBytes(src)) != "ovh" {
					t.Errorf("%s: list %s has no provider = ovh", f, b.Labels[1])
				}
				var config *hclsyntax.Block
				for _, nb := range b.Body.Blocks {
					if nb.Type == "config" {
						config = nb
					} else {
						t.Errorf("%s: list %s: unexpected block %s", f, b.Labels[1], nb.Type)
					}
				}
				if config == nil {
					t.Errorf("%s: list %s has no config block", f, b.Labels[1])
					continue
				}
				for name := range config.Body.Attributes {
					if !args[name] {
						t.Errorf("%s: list %s: %s is not an argument of %s", f, b.Labels[1], name, typeName)
					}
				}
			}
		}
	}
}
