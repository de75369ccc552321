package e2e

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// The helpers that several test files of this package share; the kit that
// the test packages share, with the CLI runners and the official provider's
// states, is internal/acctest.

// TestMain removes the release binary that the tests built, once every test
// has run.
func TestMain(m *testing.M) {
	code := m.Run()
	acctest.RemoveBuilds()
	os.Exit(code)
}

// readsCluster checks that a step read the cluster.
func readsCluster(log []ovhmock.Request) error {
	for _, r := range log {
		if r.Route == acctest.RouteKube {
			return nil
		}
	}
	return errors.New("did not read the cluster")
}

// takeOver plans, applies and plans again over a state the provider did not
// write (what names it in messages): the first plan replaces nothing, no
// step sends anything but GETs, each step passes reads (what it must have
// read), the plan after the apply is empty, and unchanged, when given, finds
// the mock as it was.
func takeOver(t *testing.T, m *ovhmock.Mock, w *acctest.Workdir, creds []string, what string,
	reads func([]ovhmock.Request) error, unchanged func() error,
) {
	t.Helper()
	onlyReads := func(step string) {
		t.Helper()
		log := m.Requests()
		for _, r := range log {
			// Fetching the kubeconfig is a POST that changes nothing; the
			// apply after an import does it, and no plan.
			fetch := r.Method == "POST" && r.Route == acctest.RouteKubeconfig && strings.HasPrefix(step, "applying")
			if r.Method != "GET" && !fetch {
				t.Errorf("%s sent %s %s (route %s)", step, r.Method, r.Path, r.Route)
			}
		}
		if err := reads(log); err != nil {
			t.Errorf("%s %v", step, err)
		}
		m.ResetRequests()
	}

	m.ResetRequests()
	plan := planSummary(w.Run(creds, "plan", "-no-color"))
	onlyReads("the first plan")
	for _, bad := range []string{"must be replaced", "forces replacement", "Error:"} {
		if strings.Contains(plan, bad) {
			t.Fatalf("the first plan over %s contains %q:\n%s", what, bad, plan)
		}
	}
	if strings.Contains(plan, "Plan: ") && (!strings.Contains(plan, "0 to add") || !strings.Contains(plan, "0 to destroy")) {
		t.Fatalf("the first plan over %s adds or destroys:\n%s", what, plan)
	}
	t.Logf("first plan over %s:\n%s", what, plan)

	w.Run(creds, "apply", "-auto-approve", "-no-color")
	onlyReads("applying over " + what)

	out, err := w.Try(creds, "plan", "-no-color", "-detailed-exitcode")
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		t.Fatalf("the plan after the first apply is not empty:\n%s", planSummary(out))
	}
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, acctest.Tail(out, 3000))
	}
	onlyReads("the plan after the first apply")

	if unchanged != nil {
		if err := unchanged(); err != nil {
			t.Error(err)
		}
	}
}

// planSummary keeps the lines of a plan that are not TRACE logs.
func planSummary(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.Contains(l, "[TRACE]") && !strings.Contains(l, "[DEBUG]") && !strings.Contains(l, "[INFO]") && !strings.Contains(l, "[WARN]") {
			keep = append(keep, l)
		}
	}
	out = strings.Join(keep, "\n")
	if i := strings.Index(out, "used the selected providers"); i >= 0 {
		out = out[i:]
	}
	return acctest.Tail(out, 6000)
}

// ---- Plan output, as users read it: the provider's warnings and the plan ----

// kubeConfig is a module with one cluster, c, whose body adds attrs.
func kubeConfig(attrs string) string {
	return fmt.Sprintf(acctest.RequiredProviders+`
resource "ovh_cloud_project_kube" "c" {
  service_name = %q
  name         = "warnings"
  region       = "GRA11"
%s}
`, ovhmock.DefaultProject, attrs)
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

// warningCase is a configuration whose plan output checkPlanOutput checks.
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

// The titles of the provider's warnings.
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

// checkPlanOutput checks the output of a plan of tc.config against tc.
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
		t.Logf("plan output:\n%s", acctest.Tail(out, 8000))
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

// collapseSpace folds every run of white space of s into one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
