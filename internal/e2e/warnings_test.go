package e2e

import (
	"cmp"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// warningCLIs returns the CLIs a warning must be checked under. scripts/test.sh
// runs the suite once per CLI with TF_ACC_TERRAFORM_PATH set, so that CLI alone
// is used then, instead of running every CLI twice; a direct `go test` uses
// OpenTofu from bin/ and Terraform when it is on PATH.
func warningCLIs(t *testing.T) []string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run end-to-end tests")
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return []string{p}
	}
	tofu, err := filepath.Abs("../../bin/tofu")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tofu); err != nil {
		t.Fatalf("OpenTofu is missing (%v): run `make tools`, or set TF_ACC_TERRAFORM_PATH", err)
	}
	clis := []string{tofu}
	if tf, err := exec.LookPath("terraform"); err == nil {
		clis = append(clis, tf)
	}
	return clis
}

// kubeConfig is a module with one cluster, c, whose body adds attrs.
func kubeConfig(attrs string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    ovh = { source = "ovh/ovh" }
  }
}

resource "ovh_cloud_project_kube" "c" {
  service_name = %q
  name         = "warnings"
  region       = "GRA11"
%s}
`, ovhmock.DefaultProject, attrs)
}

// poolConfig is a module with one cluster, c, and one node pool of it, p,
// whose body adds attrs.
func poolConfig(attrs string) string {
	return kubeConfig("") + `
resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name = ovh_cloud_project_kube.c.service_name
  kube_id      = ovh_cloud_project_kube.c.id
  name         = "pool-1"
` + attrs + "}\n"
}

// poolTemplate is a template block with a label and a taint.
func poolTemplate(role string) string {
	return fmt.Sprintf(`
  template {
    metadata {
      labels = {
        "example.com/role" = %q
      }
    }
    spec {
      taints = [
        {
          key    = "dedicated"
          value  = %q
          effect = "NoSchedule"
        },
      ]
    }
  }
`, role, role)
}

// wantWarning is a warning as the CLI prints it under -no-color:
//
//	Warning: <title>
//
//	  with ovh_cloud_project_kube.c,
//	  on main.tf line 10, in resource "ovh_cloud_project_kube" "c":
//	  10:   kube_proxy_mode = "ipvs"
//
//	<detail>
type wantWarning struct {
	title string
	// at matches the configuration line the warning points at; nil for a
	// warning about the resource as a whole.
	at *regexp.Regexp
	// detail holds fragments of the detail, compared with runs of white
	// space collapsed since the CLI wraps long lines.
	detail []string
	// repeated allows the CLI's note that it folded more warnings of the
	// same title into this one. Only for the framework's deprecation
	// warning: it comes from validation, which each CLI runs twice in a
	// plan (once over the whole configuration, once before planning the
	// resource). The provider's own warnings come from ModifyPlan, once.
	repeated bool
}

type warningCase struct {
	name string
	// resource is the address the warnings name; "" for
	// ovh_cloud_project_kube.c.
	resource string
	// before, when set, is applied first, so that the plan has a prior state.
	before string
	config string
	want   []wantWarning
	// absent are warning titles the plan must not show.
	absent []string
	// lines must each be a whole line of the plan output, compared with
	// runs of white space collapsed since the CLI aligns the "=" signs;
	// notContains must appear nowhere in it.
	lines       []string
	notContains []string
}

const (
	standardTitle        = "kube-proxy settings have no effect on a standard cluster"
	resetTitle           = "The cluster will be reset, erasing all Kubernetes data"
	templateRemovedTitle = "Removing the template clears the nodes' labels and taints"
	poolReplacedTitle    = "The node pool will be replaced, old pool first"
	ciliumFreeTitle      = "Cilium settings have no effect on a free cluster"
	otherModeTitle       = "kube-proxy timings of another mode"
	// deprecatedTitle is the title the framework gives the DeprecationMessage
	// of a block; Terraform and OpenTofu print it as it is.
	deprecatedTitle = "Block Deprecated"
	// deprecatedDetail is the DeprecationMessage of the customization block.
	deprecatedDetail = "Use the customization_apiserver block instead: it sets the same API server settings. " +
		"Move the content of customization { apiserver { ... } } into customization_apiserver { ... }."
)

// resourceLine matches the first line of the cluster's resource block: the
// CLIs show a diagnostic about a nested block there, and only its detail
// names the block.
var resourceLine = regexp.MustCompile(`(?m)^\s*\d+:\s+resource "ovh_cloud_project_kube" "c" \{$`)

// ciliumBlock is a customization_cilium block with Hubble and its relay.
const ciliumBlock = `
  customization_cilium {
    hubble {
      enabled = true
      relay {
        enabled = true
      }
    }
  }
`

// admissionPlugins is the content of an API server customization.
const admissionPlugins = `
    admissionplugins {
      enabled = ["AlwaysPullImages"]
    }
`

var warningCases = []warningCase{
	{
		name:   "standard plan with kube_proxy_mode",
		config: kubeConfig("  plan            = \"standard\"\n  kube_proxy_mode = \"ipvs\"\n"),
		want: []wantWarning{{
			title:  standardTitle,
			at:     regexp.MustCompile(`(?m)^\s*\d+:\s+kube_proxy_mode\s+= "ipvs"$`),
			detail: []string{`kube_proxy_mode is set, but plan = "standard" clusters run the Cilium CNI`},
		}},
	},
	{
		name: "standard plan with customization_kube_proxy",
		config: kubeConfig("  plan = \"standard\"\n\n  customization_kube_proxy {\n    ipvs {\n" +
			"      scheduler = \"rr\"\n    }\n  }\n"),
		want: []wantWarning{{
			title: standardTitle,
			// The CLIs show a diagnostic on a nested block at the resource:
			// only the detail names the block.
			at:     regexp.MustCompile(`(?m)^\s*\d+:\s+resource "ovh_cloud_project_kube" "c" \{$`),
			detail: []string{`customization_kube_proxy is set, but plan = "standard"`},
		}},
	},
	{
		name: "standard plan with both",
		config: kubeConfig("  plan            = \"standard\"\n  kube_proxy_mode = \"iptables\"\n\n" +
			"  customization_kube_proxy {\n    iptables {\n      sync_period = \"PT30S\"\n    }\n  }\n"),
		want: []wantWarning{{
			title:  standardTitle,
			at:     regexp.MustCompile(`(?m)^\s*\d+:\s+kube_proxy_mode\s+= "iptables"$`),
			detail: []string{`kube_proxy_mode and customization_kube_proxy are set, but plan = "standard"`},
		}},
	},
	{
		name:   "free plan with kube-proxy settings",
		config: kubeConfig("  plan            = \"free\"\n  kube_proxy_mode = \"ipvs\"\n\n  customization_kube_proxy {\n    ipvs {\n      scheduler = \"rr\"\n    }\n  }\n"),
		absent: []string{standardTitle},
	},
	{
		name:   "plan left to the API with kube_proxy_mode",
		config: kubeConfig("  kube_proxy_mode = \"ipvs\"\n"),
		absent: []string{standardTitle},
	},
	{
		name:   "reset instead of replace",
		before: kubeConfig("  kube_proxy_mode          = \"iptables\"\n  reset_instead_of_replace = true\n"),
		config: kubeConfig("  kube_proxy_mode          = \"ipvs\"\n  reset_instead_of_replace = true\n"),
		want: []wantWarning{{
			title:  resetTitle,
			at:     regexp.MustCompile(`(?m)^\s*\d+:\s+resource "ovh_cloud_project_kube" "c" \{$`),
			detail: []string{"because these attributes can only change on a reset:", `kube_proxy_mode: "iptables" -> "ipvs"`},
		}},
		lines: []string{
			// The legend line ("~ update in-place") differs between CLI
			// versions; the resource's own line does not.
			"# ovh_cloud_project_kube.c will be updated in-place",
			`~ kube_proxy_mode = "iptables" -> "ipvs"`,
			"Plan: 0 to add, 1 to change, 0 to destroy.",
		},
		notContains: []string{"must be replaced", "forces replacement"},
	},
	{
		name:   "replace",
		before: kubeConfig("  kube_proxy_mode = \"iptables\"\n"),
		config: kubeConfig("  kube_proxy_mode = \"ipvs\"\n"),
		absent: []string{resetTitle},
		lines: []string{
			"# ovh_cloud_project_kube.c must be replaced",
			`~ kube_proxy_mode = "iptables" -> "ipvs" # forces replacement`,
			"Plan: 1 to add, 0 to change, 1 to destroy.",
		},
		notContains: []string{"will be updated in-place"},
	},
	{
		name:   "free plan with customization_cilium",
		config: kubeConfig("  plan = \"free\"\n" + ciliumBlock),
		want: []wantWarning{{
			title: ciliumFreeTitle,
			at:    resourceLine,
			detail: []string{`customization_cilium is set, but plan = "free": free clusters run Canal/Calico, not Cilium, ` +
				`so these settings will have no effect. Remove the block, or use plan = "standard".`},
		}},
		absent: []string{standardTitle, otherModeTitle, deprecatedTitle},
	},
	{
		name:   "plan left to the API with customization_cilium",
		config: kubeConfig(ciliumBlock),
		want: []wantWarning{{
			title:  ciliumFreeTitle,
			at:     resourceLine,
			detail: []string{`customization_cilium is set, but plan is not set, so the cluster gets the API's default, "free"`},
		}},
	},
	{
		name:   "standard plan with customization_cilium",
		config: kubeConfig("  plan = \"standard\"\n" + ciliumBlock),
		absent: []string{ciliumFreeTitle, standardTitle, deprecatedTitle},
		lines:  []string{"Plan: 1 to add, 0 to change, 0 to destroy."},
	},
	{
		name: "iptables mode with ipvs timings only",
		config: kubeConfig("  kube_proxy_mode = \"iptables\"\n\n  customization_kube_proxy {\n    ipvs {\n" +
			"      scheduler   = \"rr\"\n      sync_period = \"PT30S\"\n    }\n  }\n"),
		want: []wantWarning{{
			title: otherModeTitle,
			at:    regexp.MustCompile(`(?m)^\s*\d+:\s+ipvs \{$`),
			detail: []string{`customization_kube_proxy sets ipvs timings only, but kube_proxy_mode = "iptables": kube-proxy ` +
				`uses the timings of the mode it runs, so these have no effect. Add an iptables block, or set kube_proxy_mode = "ipvs".`},
		}},
		absent: []string{standardTitle},
	},
	{
		name: "ipvs mode with iptables timings only",
		config: kubeConfig("  kube_proxy_mode = \"ipvs\"\n\n  customization_kube_proxy {\n    iptables {\n" +
			"      sync_period = \"PT30S\"\n    }\n  }\n"),
		want: []wantWarning{{
			title:  otherModeTitle,
			at:     regexp.MustCompile(`(?m)^\s*\d+:\s+iptables \{$`),
			detail: []string{`customization_kube_proxy sets iptables timings only, but kube_proxy_mode = "ipvs"`},
		}},
	},
	{
		name: "iptables mode with timings of both modes",
		config: kubeConfig("  kube_proxy_mode = \"iptables\"\n\n  customization_kube_proxy {\n    iptables {\n" +
			"      sync_period = \"PT30S\"\n    }\n    ipvs {\n      scheduler = \"rr\"\n    }\n  }\n"),
		absent: []string{otherModeTitle, standardTitle},
		lines:  []string{"Plan: 1 to add, 0 to change, 0 to destroy."},
	},
	{
		name:   "deprecated customization block",
		config: kubeConfig("\n  customization {\n    apiserver {" + admissionPlugins + "    }\n  }\n"),
		want: []wantWarning{{
			title:    deprecatedTitle,
			at:       resourceLine,
			detail:   []string{deprecatedDetail},
			repeated: true,
		}},
		absent: []string{ciliumFreeTitle, standardTitle},
		lines:  []string{"Plan: 1 to add, 0 to change, 0 to destroy."},
	},
	{
		name:   "customization_apiserver",
		config: kubeConfig("\n  customization_apiserver {" + admissionPlugins + "  }\n"),
		absent: []string{deprecatedTitle, "deprecated"},
		lines:  []string{"Plan: 1 to add, 0 to change, 0 to destroy."},
	},
	{
		// Every warning of the provider's own at once: each is shown once,
		// and none is folded with a repeat of itself.
		name: "every warning at once",
		config: kubeConfig("  plan            = \"free\"\n  kube_proxy_mode = \"iptables\"\n\n" +
			"  customization {\n    apiserver {" + admissionPlugins + "    }\n  }\n\n" +
			"  customization_kube_proxy {\n    ipvs {\n      scheduler = \"rr\"\n    }\n  }\n" + ciliumBlock),
		want: []wantWarning{
			{title: deprecatedTitle, at: resourceLine, detail: []string{deprecatedDetail}, repeated: true},
			{title: ciliumFreeTitle, at: resourceLine, detail: []string{`customization_cilium is set, but plan = "free"`}},
			{title: otherModeTitle, at: regexp.MustCompile(`(?m)^\s*\d+:\s+ipvs \{$`),
				detail: []string{`customization_kube_proxy sets ipvs timings only, but kube_proxy_mode = "iptables"`}},
		},
		absent: []string{standardTitle},
	},
	{
		// The same warnings over a prior state: ModifyPlan runs for an
		// update as for a creation, and still warns once.
		name:   "cilium on a free cluster already applied",
		before: kubeConfig("  plan = \"free\"\n"),
		config: kubeConfig("  plan = \"free\"\n" + ciliumBlock),
		want: []wantWarning{{
			title: ciliumFreeTitle,
			at:    resourceLine,
		}},
	},
	{
		name:     "node pool template removed",
		resource: "ovh_cloud_project_kube_nodepool.p",
		before:   poolConfig("  flavor_name  = \"b3-8\"\n" + poolTemplate("backend")),
		config:   poolConfig("  flavor_name  = \"b3-8\"\n"),
		want: []wantWarning{{
			title: templateRemovedTitle,
			// The block is gone from the configuration: the CLIs point at
			// the resource.
			at: regexp.MustCompile(`(?m)^\s*\d+:\s+resource "ovh_cloud_project_kube_nodepool" "p" \{$`),
			detail: []string{"The template block was removed from node pool pool-1: the apply sends an empty template, " +
				"which removes the labels, annotations, finalizers and taints it had set from every node of the pool. " +
				"Keep the block to keep them."},
		}},
		absent: []string{poolReplacedTitle},
		lines: []string{
			"# ovh_cloud_project_kube_nodepool.p will be updated in-place",
			"- template {",
			"Plan: 0 to add, 1 to change, 0 to destroy.",
		},
		notContains: []string{"must be replaced", "forces replacement"},
	},
	{
		name:     "node pool template changed",
		resource: "ovh_cloud_project_kube_nodepool.p",
		before:   poolConfig("  flavor_name  = \"b3-8\"\n" + poolTemplate("backend")),
		config:   poolConfig("  flavor_name  = \"b3-8\"\n" + poolTemplate("frontend")),
		absent:   []string{templateRemovedTitle, poolReplacedTitle},
		lines: []string{
			"# ovh_cloud_project_kube_nodepool.p will be updated in-place",
			"Plan: 0 to add, 1 to change, 0 to destroy.",
		},
		notContains: []string{"must be replaced", "forces replacement"},
	},
	{
		name:     "node pool flavor changed",
		resource: "ovh_cloud_project_kube_nodepool.p",
		before:   poolConfig("  flavor_name  = \"b3-8\"\n" + poolTemplate("backend")),
		config:   poolConfig("  flavor_name  = \"b3-16\"\n" + poolTemplate("backend")),
		want: []wantWarning{{
			title: poolReplacedTitle,
			at:    regexp.MustCompile(`(?m)^\s*\d+:\s+flavor_name\s+= "b3-16"$`),
			detail: []string{
				`Changing flavor_name from "b3-8" to "b3-16" replaces node pool pool-1:`,
				"by default the old pool and its nodes are deleted before the new pool exists, leaving no capacity meanwhile.",
				"To keep capacity, add lifecycle { create_before_destroy = true } to the resource and give the new pool " +
					"another name (two pools of one cluster cannot share a name).",
			},
		}},
		absent: []string{templateRemovedTitle},
		lines: []string{
			"# ovh_cloud_project_kube_nodepool.p must be replaced",
			`~ flavor_name = "b3-8" -> "b3-16" # forces replacement`,
			"Plan: 1 to add, 0 to change, 1 to destroy.",
		},
		notContains: []string{"will be updated in-place"},
	},
	{
		name:     "node pool resized",
		resource: "ovh_cloud_project_kube_nodepool.p",
		before:   poolConfig("  flavor_name   = \"b3-8\"\n  desired_nodes = 1\n"),
		config:   poolConfig("  flavor_name   = \"b3-8\"\n  desired_nodes = 2\n"),
		absent:   []string{templateRemovedTitle, poolReplacedTitle},
		lines: []string{
			"# ovh_cloud_project_kube_nodepool.p will be updated in-place",
			"~ desired_nodes = 1 -> 2",
			"Plan: 0 to add, 1 to change, 0 to destroy.",
		},
		notContains: []string{"must be replaced", "forces replacement"},
	},
	{
		name:     "new node pool",
		resource: "ovh_cloud_project_kube_nodepool.p",
		config:   poolConfig("  flavor_name  = \"b3-8\"\n"),
		absent:   []string{templateRemovedTitle, poolReplacedTitle},
		lines: []string{
			"# ovh_cloud_project_kube_nodepool.p will be created",
			"Plan: 2 to add, 0 to change, 0 to destroy.",
		},
	},
}

// TestAccE2E_planWarnings reads the output of `plan` as a user sees it and
// looks there for the provider's warnings: their titles, the configuration
// line they point at and their detail, under every CLI.
func TestAccE2E_planWarnings(t *testing.T) {
	clis := warningCLIs(t)
	providerDir := buildProvider(t)
	// TF_LOG is cleared over newWorkdir's TRACE: the output must be what a
	// user sees.
	env := []string{"TF_LOG=", "OVH_APPLICATION_KEY=" + ovhmock.DefaultApplicationKey,
		"OVH_APPLICATION_SECRET=" + ovhmock.DefaultApplicationSecret, "OVH_CONSUMER_KEY=" + ovhmock.DefaultConsumerKey}
	for _, binary := range clis {
		t.Run(filepath.Base(binary), func(t *testing.T) {
			for _, tc := range warningCases {
				t.Run(tc.name, func(t *testing.T) {
					m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings()})
					srv := httptest.NewServer(m)
					t.Cleanup(srv.Close)
					w := newWorkdir(t, binary, providerDir, srv.URL+"/1.0", tc.config)
					guardState(t, m, w)
					if tc.before != "" {
						write(t, filepath.Join(w.dir, "main.tf"), tc.before)
						w.run(env, "apply", "-auto-approve", "-no-color")
						write(t, filepath.Join(w.dir, "main.tf"), tc.config)
					}
					out := w.run(env, "plan", "-no-color")
					checkPlanOutput(t, tc, out)
				})
			}
		})
	}
}

func checkPlanOutput(t *testing.T, tc warningCase, out string) {
	t.Helper()
	failed := false
	fail := func(format string, args ...any) {
		t.Helper()
		failed = true
		t.Errorf(format, args...)
	}
	for _, want := range tc.want {
		block, ok := warningBlock(out, want.title)
		if !ok {
			fail("no warning titled %q", want.title)
			continue
		}
		// A warning raised twice is shown either twice or, when the CLI
		// folds repeats, once with a note: both are caught here.
		if n := countWarnings(out, want.title); n != 1 {
			fail("warning %q is shown %d times, want once", want.title, n)
		}
		if !want.repeated && foldedNote.MatchString(block) {
			fail("warning %q was raised more than once: the CLI folded the repeats into it", want.title)
		}
		if want.at != nil {
			resource := cmp.Or(tc.resource, "ovh_cloud_project_kube.c")
			if !strings.Contains(block, "with "+resource+",") {
				fail("warning %q does not name the resource", want.title)
			}
			if !want.at.MatchString(block) {
				fail("warning %q does not point at the line matching %s", want.title, want.at)
			}
		}
		flat := collapseSpace(block)
		for _, d := range want.detail {
			if !strings.Contains(flat, collapseSpace(d)) {
				fail("warning %q does not say %q", want.title, d)
			}
		}
	}
	for _, title := range tc.absent {
		if strings.Contains(out, title) {
			fail("unexpected warning %q", title)
		}
	}
	have := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		have[collapseSpace(l)] = true
	}
	for _, l := range tc.lines {
		if !have[collapseSpace(l)] {
			fail("no line %q", l)
		}
	}
	for _, s := range tc.notContains {
		if strings.Contains(out, s) {
			fail("the plan says %q", s)
		}
	}
	if failed {
		t.Logf("plan output:\n%s", tail(out, 8000))
	}
}

// warningBlock returns the diagnostic that starts with "Warning: <title>",
// up to the next diagnostic or the separator the CLI prints after them.
func warningBlock(out, title string) (string, bool) {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "Warning: "+title {
			continue
		}
		end := i + 1
		for ; end < len(lines); end++ {
			s := strings.TrimSpace(lines[end])
			if strings.HasPrefix(s, "Warning: ") || strings.HasPrefix(s, "Error: ") || strings.HasPrefix(s, "─") {
				break
			}
		}
		return strings.Join(lines[i:end], "\n"), true
	}
	return "", false
}

// foldedNote is the line the CLIs add to a warning under which they folded
// others of the same title: "(and one more similar warning elsewhere)",
// "(and 2 more similar warnings elsewhere)".
var foldedNote = regexp.MustCompile(`(?m)^\s*\(and \S+ more similar warnings? elsewhere\)\s*$`)

// countWarnings counts the warnings titled title in out.
func countWarnings(out, title string) int {
	n := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.TrimSpace(l) == "Warning: "+title {
			n++
		}
	}
	return n
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
