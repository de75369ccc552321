package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// TestAccE2E_auditLogsCheck runs the audit logs guide's example,
// examples/audit-logs/main.tf, under every CLI: its apply subscribes the
// cluster to the stream of its variable and its check block finds the
// stream among the cluster's subscriptions, so nothing warns. The
// configuration the guide describes for a team that only reads the
// subscriptions (the example's data source and check block, with the
// cluster's ids written out) plans without a warning while the
// subscription exists, and warns, as the CLI words it, once it is removed
// outside Terraform. The example's destroy then succeeds although its
// subscription is gone.
func TestAccE2E_auditLogsCheck(t *testing.T) {
	clis := warningCLIs(t)
	providerDir := acctest.ReleaseDir(t)
	raw, err := os.ReadFile("../../examples/audit-logs/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	example := string(raw)
	const (
		project = ovhmock.ExampleProject
		kubeID  = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
		title   = "Check block assertion failed"
	)
	// The reading team's configuration: the variable, the data source with
	// the cluster's ids, and the check block, as the example writes them.
	variable := regexp.MustCompile(`(?ms)^variable "audit_log_stream_id" \{\n.*?^\}\n`).FindString(example)
	check := regexp.MustCompile(`(?ms)^check "audit_logs_on" \{\n.*?^\}\n`).FindString(example)
	if variable == "" || check == "" {
		t.Fatal("the example no longer has the variable audit_log_stream_id or the check block audit_logs_on")
	}
	reader := acctest.RequiredProviders + variable + `
data "ovh_cloud_project_kube_log_subscriptions" "audit" {
  service_name = "` + project + `"
  kube_id      = "` + kubeID + `"
  kind         = "audit"
}

` + check
	env := append([]string{"TF_LOG="}, acctest.MockCredentials...)
	for _, binary := range clis {
		t.Run(filepath.Base(binary), func(t *testing.T) {
			m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings()})
			if err := m.AddCluster(project, ovhmock.Cluster{ID: kubeID, Name: "audit", Region: "GRA11", Status: "READY",
				Plan: "free", CreatedAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
			endpoint := acctest.ServeMock(t, m)
			w := acctest.NewWorkdir(t, binary, providerDir, endpoint, acctest.RequiredProviders+example)

			out := w.Run(env, "apply", "-auto-approve", "-no-color")
			if strings.Contains(out, title) {
				t.Errorf("the apply of the example warns:\n%s", acctest.Tail(out, 3000))
			}
			subs, _ := m.LogSubscriptions(project, kubeID)
			if len(subs) != 1 || subs[0].StreamID != ovhmock.DefaultLogStreams[0] {
				t.Fatalf("after the apply the mock holds the subscriptions %+v, want one to %s", subs, ovhmock.DefaultLogStreams[0])
			}

			r := acctest.NewWorkdir(t, binary, providerDir, endpoint, reader)
			out = r.Run(env, "plan", "-no-color")
			checkPlanOutput(t, warningCase{absent: []string{title}}, out)

			if !m.RemoveLogSubscription(project, kubeID, subs[0].SubscriptionID) {
				t.Fatal("the subscription was not in the mock")
			}
			out = r.Run(env, "plan", "-no-color")
			checkPlanOutput(t, warningCase{want: []wantWarning{{
				title:  title,
				detail: []string{"The cluster's audit logs no longer go to stream " + ovhmock.DefaultLogStreams[0] + "."},
			}}}, out)
			if block, _ := warningBlock(out, title); !strings.Contains(block, `in check "audit_logs_on":`) {
				t.Errorf("the warning does not point at check audit_logs_on:\n%s", block)
			}

			w.Run(env, "destroy", "-auto-approve", "-no-color")
			if subs, _ := m.LogSubscriptions(project, kubeID); len(subs) != 0 {
				t.Errorf("after the destroy the mock holds the subscriptions %+v", subs)
			}
		})
	}
}
