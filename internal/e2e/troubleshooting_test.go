package e2e

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// troubleshootingGuide is the guide whose log lines the waits must print.
const troubleshootingGuide = "../../docs/guides/troubleshooting.md"

// notProvoked are the INFO messages of the guide that the run below does not
// cause, with why; TestTroubleshootingQuotesTheProvidersWords
// (internal/docs) finds them in the code.
var notProvoked = map[string]string{
	"adopted the cluster whose creation answer was lost":                       "needs a lost answer",
	"adopted the node pool whose creation answer was lost":                     "needs a lost answer",
	"the OIDC configuration shows the change whose answer was lost or refused": "needs a lost answer",
}

// waitsConfig is a cluster with a node pool, IP restrictions and OIDC, all
// created in one apply; ips is the IP list.
func waitsConfig(ips string) string {
	return fmt.Sprintf(acctest.RequiredProviders+`
resource "ovh_cloud_project_kube" "c" {
  service_name = %[1]q
  name         = "troubleshooting"
  region       = "GRA11"
}

resource "ovh_cloud_project_kube_nodepool" "p" {
  service_name  = %[1]q
  kube_id       = ovh_cloud_project_kube.c.id
  name          = "pool"
  flavor_name   = "b3-8"
  desired_nodes = 1
}

resource "ovh_cloud_project_kube_iprestrictions" "ips" {
  service_name = %[1]q
  kube_id      = ovh_cloud_project_kube.c.id
  ips          = %[2]s
}

resource "ovh_cloud_project_kube_oidc" "sso" {
  service_name = %[1]q
  kube_id      = ovh_cloud_project_kube.c.id
  issuer_url   = "https://idp.example.com/realms/k8s"
  client_id    = "kubernetes"
}
`, ovhmock.DefaultProject, ips)
}

// waitsTimings make each wait last long enough to be seen: an install
// longer than the first poll, a redeploy long enough for the other changes
// of the cluster to wait for it.
func waitsTimings() ovhmock.Timings {
	t := ovhmock.TestTimings()
	t.Install, t.NodePoolInstall, t.Redeploy = time.Second, time.Second, 1500*time.Millisecond
	return t
}

// providerLogLine is a log line of the provider as the CLI prints it.
var providerLogLine = regexp.MustCompile(`\[(TRACE|DEBUG|INFO|WARN|ERROR)\] +provider\.terraform-provider-ovh: (.*)$`)

var (
	logFieldsRe = regexp.MustCompile(`^(?:[\w@.]+=(?:"(?:[^"\\]|\\.)*"|\S*)(?: |$))+$`)
	logFieldRe  = regexp.MustCompile(`([\w@.]+)=("(?:[^"\\]|\\.)*"|\S*)`)
)

// loggedLine is a provider's log line: its level, message and fields.
type loggedLine struct {
	level, msg string
	fields     map[string]string
}

// parseLogLine reads a provider's log line; the message ends at the first
// ": " after which only fields follow.
func parseLogLine(line string) (loggedLine, bool) {
	m := providerLogLine.FindStringSubmatch(line)
	if m == nil {
		return loggedLine{}, false
	}
	rest := m[2]
	for i := 0; i+2 <= len(rest); i++ {
		if rest[i:i+2] == ": " && logFieldsRe.MatchString(rest[i+2:]) {
			l := loggedLine{level: m[1], msg: rest[:i], fields: map[string]string{}}
			for _, f := range logFieldRe.FindAllStringSubmatch(rest[i+2:], -1) {
				l.fields[f[1]] = f[2]
			}
			return l, true
		}
	}
	return loggedLine{level: m[1], msg: rest}, true
}

// guideLogLines returns the provider's log lines the guide quotes at level.
func guideLogLines(t *testing.T, level string) []loggedLine {
	t.Helper()
	raw, err := os.ReadFile(troubleshootingGuide)
	if err != nil {
		t.Fatal(err)
	}
	var out []loggedLine
	in := false
	for _, l := range strings.Split(string(raw), "\n") {
		switch {
		case strings.TrimSpace(l) == "```text":
			in = true
		case strings.TrimSpace(l) == "```":
			in = false
		case in:
			if ll, ok := parseLogLine(l); ok && ll.level == level {
				out = append(out, ll)
			}
		}
	}
	return out
}

// fieldMatches compares a field the CLI printed with the guide's, whose
// "..." stand for any value.
func fieldMatches(guide, got string) bool {
	parts := strings.Split(guide, "...")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	return regexp.MustCompile(`^` + strings.Join(parts, `.*`) + `$`).MatchString(got)
}

// TestAccE2E_troubleshootingLogs runs what the troubleshooting guide tells
// users to run, TF_LOG_PROVIDER=INFO, on an apply of a cluster with a node
// pool, IP restrictions and OIDC, then on a change of the IP restrictions
// that a cluster busy outside Terraform refuses with 409 until it is READY
// again, and checks that every INFO line the guide quotes was printed, with
// the field values the guide shows. The lines the guide quotes are found in
// the code by TestTroubleshootingQuotesTheProvidersWords; this test checks
// that the waits print them.
func TestAccE2E_troubleshootingLogs(t *testing.T) {
	t.Parallel()
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	m := ovhmock.New(ovhmock.Options{Timings: waitsTimings()})
	endpoint := acctest.ServeMock(t, m)
	w := acctest.NewWorkdir(t, binary, providerDir, endpoint, waitsConfig(`["203.0.113.0/24"]`))
	w.Env = append(w.Env, "TF_LOG_PROVIDER=INFO")
	acctest.GuardState(t, m, w)

	var logs strings.Builder
	start := time.Now()
	logs.WriteString(w.Run(acctest.MockCredentials, "apply", "-auto-approve", "-no-color", "-input=false"))
	t.Logf("apply: %s", time.Since(start).Round(time.Millisecond))
	c := acctest.OnlyCluster(t, m)

	// A change outside Terraform keeps the cluster busy until the provider
	// has been refused once.
	if err := m.ModifyCluster(ovhmock.DefaultProject, c.ID, func(c *ovhmock.Cluster) { c.Status = "REDEPLOYING" }); err != nil {
		t.Fatal(err)
	}
	m.ResetRequests()
	released := make(chan error, 1)
	go func() {
		deadline := time.Now().Add(2 * time.Minute)
		for time.Now().Before(deadline) {
			for _, r := range m.Requests() {
				if r.Status == http.StatusConflict {
					time.Sleep(500 * time.Millisecond)
					released <- m.ModifyCluster(ovhmock.DefaultProject, c.ID, func(c *ovhmock.Cluster) { c.Status = "READY" })
					return
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
		released <- fmt.Errorf("no 409 within 2 minutes")
	}()
	acctest.WriteFile(t, w.Dir+"/main.tf", waitsConfig(`["203.0.113.0/24", "192.0.2.0/24"]`))
	start = time.Now()
	out, err := w.Try(acctest.MockCredentials, "apply", "-auto-approve", "-no-color", "-input=false")
	t.Logf("apply refused with 409 first: %s", time.Since(start).Round(time.Millisecond))
	logs.WriteString(out)
	if rerr := <-released; rerr != nil {
		t.Fatal(rerr)
	}
	if err != nil {
		t.Fatalf("the apply that met a 409 failed: %v\n%s", err, acctest.Tail(out, 6000))
	}
	if held, _ := m.IPRestrictions(ovhmock.DefaultProject, c.ID); len(held) != 2 {
		t.Errorf("IP restrictions after the change: %v, want 2 blocks", held)
	}

	var printed []loggedLine
	for _, l := range strings.Split(logs.String(), "\n") {
		if ll, ok := parseLogLine(l); ok && ll.level == "INFO" {
			printed = append(printed, ll)
		}
	}
	quoted := guideLogLines(t, "INFO")
	if len(quoted) < 10 {
		t.Fatalf("%d INFO lines in %s: the test would prove little", len(quoted), troubleshootingGuide)
	}
	for _, q := range quoted {
		if notProvoked[q.msg] != "" {
			continue
		}
		found := false
		for _, p := range printed {
			if p.msg != q.msg {
				continue
			}
			found = true
			for k, v := range q.fields {
				if got, ok := p.fields[k]; !ok || !fieldMatches(v, got) {
					found = false
					break
				}
			}
			if found {
				break
			}
		}
		if !found {
			t.Errorf("the guide quotes a line the run did not print: %q with %v", q.msg, q.fields)
		}
	}
	if t.Failed() {
		var lines []string
		for _, p := range printed {
			lines = append(lines, fmt.Sprintf("%s %v", p.msg, p.fields))
		}
		t.Logf("the provider's INFO lines:\n%s", strings.Join(lines, "\n"))
	}
	w.Run(acctest.MockCredentials, "destroy", "-auto-approve", "-no-color", "-input=false")
}
