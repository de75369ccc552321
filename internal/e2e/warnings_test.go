package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
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

// resourceLine matches the first line of the cluster's resource block: the
// CLIs show a diagnostic about a nested block there, and only its detail
// names the block.
var resourceLine = regexp.MustCompile(`(?m)^\s*\d+:\s+resource "ovh_cloud_project_kube" "c" \{$`)

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
		// The API's schema shows a creation with a plugin in both lists:
		// a warning, not an error, and the plan goes on.
		name: "admission plugin both enabled and disabled",
		config: kubeConfig("\n  customization_apiserver {\n    admissionplugins {\n      enabled  = [\"AlwaysPullImages\"]\n" +
			"      disabled = [\"AlwaysPullImages\"]\n    }\n  }\n"),
		want: []wantWarning{{
			title: "Admission plugin both enabled and disabled",
			at:    regexp.MustCompile(`(?m)^\s*\d+:\s+disabled = \["AlwaysPullImages"\]$`),
			detail: []string{`Attribute customization_apiserver[0].admissionplugins[0].disabled: "AlwaysPullImages" is also in ` +
				`enabled. The API accepts a plugin in both lists, but which one it applies is not documented. Keep the plugin ` +
				`in one list only, for example enabled = ["AlwaysPullImages"] and disabled = ["NodeRestriction"].`},
			// Checked by ValidateConfig, which both the validation and the
			// plan run.
			repeated: true,
		}},
		lines: []string{"Plan: 1 to add, 0 to change, 0 to destroy."},
	},
	{
		name: "admission plugin both enabled and disabled, deprecated block",
		config: kubeConfig("\n  customization {\n    apiserver {\n      admissionplugins {\n        enabled  = [\"NodeRestriction\"]\n" +
			"        disabled = [\"NodeRestriction\"]\n      }\n    }\n  }\n"),
		want: []wantWarning{
			{title: deprecatedTitle, at: resourceLine, detail: []string{deprecatedDetail}, repeated: true},
			{
				title: "Admission plugin both enabled and disabled",
				at:    regexp.MustCompile(`(?m)^\s*\d+:\s+disabled = \["NodeRestriction"\]$`),
				detail: []string{`Attribute customization[0].apiserver[0].admissionplugins[0].disabled: "NodeRestriction" is ` +
					`also in enabled. The API accepts a plugin in both lists, but which one it applies is not documented.`},
				repeated: true,
			},
		},
		lines: []string{"Plan: 1 to add, 0 to change, 0 to destroy."},
	},
	{
		// plan is a plain string in the API's schema.
		name:   "plan OVHcloud does not document",
		config: kubeConfig("  plan = \"premium\"\n"),
		want: []wantWarning{{
			title: "Unknown cluster plan",
			at:    regexp.MustCompile(`(?m)^\s*\d+:\s+plan = "premium"$`),
			detail: []string{`Attribute plan: "premium" is not a plan OVHcloud documents ("free" or "standard"). The API's ` +
				`schema takes any name, so it is sent as written, and the cluster gets the features of the plan the API makes ` +
				`of it. For example: plan = "free".`},
		}},
		absent: []string{ciliumFreeTitle, standardTitle},
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
		// The cluster exists, so the plan checks the flavor; an unknown one
		// is a warning there (an error would stop terraform destroy, which
		// plans first), and the apply refuses it.
		name:     "new node pool with an unknown flavor",
		resource: "ovh_cloud_project_kube_nodepool.p",
		before:   kubeConfig(""),
		config:   poolConfig("  flavor_name  = \"b9-99\"\n"),
		want: []wantWarning{{
			title: "Unknown flavor",
			at:    regexp.MustCompile(`(?m)^\s*\d+:\s+flavor_name\s+= "b9-99"$`),
			detail: []string{
				`Attribute flavor_name: "b9-99" is not a flavor of cluster`,
				`Every flavor: b2-15, b2-7, b3-16, b3-8, c3-4, c3-8, d2-4, d2-8, r3-16, t1-45. The apply will refuse to ` +
					`create this pool, before any request: correct flavor_name first. (A warning, not an error, so that ` +
					`terraform destroy, which plans the configuration first, still works.)`,
			},
		}},
		lines: []string{
			"# ovh_cloud_project_kube_nodepool.p will be created",
			"Plan: 1 to add, 0 to change, 0 to destroy.",
		},
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
	providerDir := acctest.ReleaseDir(t)
	// TF_LOG is cleared over acctest.NewWorkdir's TRACE: the output must be what a
	// user sees.
	env := append([]string{"TF_LOG="}, acctest.MockCredentials...)
	for _, binary := range clis {
		t.Run(filepath.Base(binary), func(t *testing.T) {
			for _, tc := range warningCases {
				t.Run(tc.name, func(t *testing.T) {
					m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings()})
					endpoint := acctest.ServeMock(t, m)
					w := acctest.NewWorkdir(t, binary, providerDir, endpoint, tc.config)
					acctest.GuardState(t, m, w)
					if tc.before != "" {
						acctest.WriteFile(t, filepath.Join(w.Dir, "main.tf"), tc.before)
						w.Run(env, "apply", "-auto-approve", "-no-color")
						acctest.WriteFile(t, filepath.Join(w.Dir, "main.tf"), tc.config)
					}
					out := w.Run(env, "plan", "-no-color")
					checkPlanOutput(t, tc, out)
				})
			}
		})
	}
}

// warningCorpusDir holds the configurations that plan with a warning the
// invalid-configuration corpus once had as an error: values the API's
// published schema allows and no user report shows the live API refusing.
// Each file's first line gives the warning, "# warning: <text>" (the words
// of the summary, the configuration line and the detail, whatever the
// spacing).
const warningCorpusDir = "../kube/testdata/warning"

func readWarningCorpus(t *testing.T) []corpusCase {
	t.Helper()
	return readCorpusDir(t, warningCorpusDir, 30, "configurations with a warning", `"# warning: "`,
		func(first string) (*regexp.Regexp, bool) {
			text, ok := strings.CutPrefix(first, "# warning: ")
			return acctest.MessagePattern(text), ok
		})
}

// TestAccE2E_warningConfigs plans every configuration of the warning corpus
// at once, each a module of one root configuration: the plan succeeds, with
// no error at all, and each module shows the warning its first line names.
// Nothing is changed in the API (a plan may read the flavors of a pool's
// cluster).
func TestAccE2E_warningConfigs(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	m := ovhmock.New(ovhmock.Options{})
	endpoint := acctest.ServeMock(t, m)
	w := acctest.NewWorkdir(t, binary, providerDir, endpoint, "")
	env := append([]string{"TF_LOG="}, acctest.MockCredentials...)

	const versions = acctest.RequiredProviders
	cases := readWarningCorpus(t)
	var root strings.Builder
	root.WriteString(versions)
	for _, c := range cases {
		dir := filepath.Join(w.Dir, c.name)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		acctest.WriteFile(t, filepath.Join(dir, "versions.tf"), versions)
		acctest.WriteFile(t, filepath.Join(dir, "main.tf"), c.body)
		fmt.Fprintf(&root, "\nmodule %q {\n  source = \"./%s\"\n}\n", "m"+c.name, c.name)
	}
	acctest.WriteFile(t, filepath.Join(w.Dir, "main.tf"), root.String())
	w.Run(env, "get", "-no-color")
	out, err := w.Try(env, "plan", "-json", "-no-color", "-input=false", "-lock=false")
	found := map[string][]string{} // module name -> warning texts
	var errs []string
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var line struct {
			Type       string         `json:"type"`
			Diagnostic *cliDiagnostic `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil || line.Type != "diagnostic" {
			continue
		}
		d := line.Diagnostic
		if d.Severity == "error" {
			errs = append(errs, moduleOf(d)+": "+d.text())
			continue
		}
		found[moduleOf(d)] = append(found[moduleOf(d)], d.text())
	}
	if err != nil || len(errs) > 0 {
		t.Fatalf("the plan failed (%v):\n%s\n%s", err, strings.Join(errs, "\n---\n"), acctest.Tail(out, 3000))
	}
	for _, c := range cases {
		if texts := found[c.name]; !slices.ContainsFunc(texts, c.want.MatchString) {
			t.Errorf("%s.tf: no warning matches %q; its warnings:\n%s", c.name, c.want, strings.Join(texts, "\n---\n"))
		}
	}
	for _, r := range m.Requests() {
		if r.Method != "GET" {
			t.Errorf("the plan sent %s %s", r.Method, r.Path)
		}
	}
}
