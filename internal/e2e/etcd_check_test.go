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

// TestAccE2E_etcdUsageCheck runs the documented example of the etcd usage
// data source, whose check block warns at 80 %, under every CLI: an apply
// below the threshold warns of nothing; a plan over that state, once the
// usage is above it, reads the data source again and prints the warning as
// the CLI words it, with the percentage; a plan back below prints none.
func TestAccE2E_etcdUsageCheck(t *testing.T) {
	clis := warningCLIs(t)
	providerDir := acctest.ReleaseDir(t)
	example, err := os.ReadFile("../../examples/data-sources/ovh_cloud_project_kube_etcd_usage/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	const (
		project = ovhmock.ExampleProject
		kubeID  = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
		quota   = 400 << 20
		title   = "Check block assertion failed"
	)
	// TF_LOG is cleared: the output must be what a user sees.
	env := append([]string{"TF_LOG="}, acctest.MockCredentials...)
	for _, binary := range clis {
		t.Run(filepath.Base(binary), func(t *testing.T) {
			m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings()})
			if err := m.AddCluster(project, ovhmock.Cluster{ID: kubeID, Name: "etcd", Region: "GRA11", Status: "READY",
				Plan: "free", CreatedAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
			setUsage := func(usage int64) {
				t.Helper()
				if err := m.SetEtcdUsage(project, kubeID, ovhmock.EtcdUsage{Quota: quota, Usage: usage}); err != nil {
					t.Fatal(err)
				}
				m.ResetRequests()
			}
			reads := func(step string) {
				t.Helper()
				if n := acctest.Count(m, "GET", acctest.RouteEtcdUsage); n == 0 {
					t.Errorf("%s did not read the etcd usage", step)
				}
			}
			w := acctest.NewWorkdir(t, binary, providerDir, acctest.ServeMock(t, m), acctest.RequiredProviders+string(example))

			setUsage(quota / 2)
			out := w.Run(env, "apply", "-auto-approve", "-no-color")
			reads("the apply")
			if strings.Contains(out, title) {
				t.Errorf("the apply at 50 %% warns:\n%s", acctest.Tail(out, 3000))
			}

			setUsage(quota * 7 / 8)
			out = w.Run(env, "plan", "-no-color")
			reads("the plan above the threshold")
			checkPlanOutput(t, warningCase{lines: []string{"~ etcd_usage_percent = 50 -> 87"}, want: []wantWarning{{
				title: title,
				detail: []string{
					"data.ovh_cloud_project_kube_etcd_usage.etcd.usage_ratio is 0.875",
					"etcd is 87% full: delete the objects the cluster no longer needs before the API server refuses writes.",
				},
			}}}, out)
			block, _ := warningBlock(out, title)
			if at := regexp.MustCompile(`(?m)^\s*\d+:\s+condition\s+= data\.ovh_cloud_project_kube_etcd_usage\.etcd\.usage_ratio < 0\.8$`); !at.MatchString(block) ||
				!strings.Contains(block, `in check "etcd_quota":`) {
				t.Errorf("the warning does not point at the assertion of check etcd_quota:\n%s", block)
			}

			setUsage(quota * 3 / 4)
			out = w.Run(env, "plan", "-no-color")
			reads("the plan below the threshold")
			checkPlanOutput(t, warningCase{absent: []string{title}, lines: []string{"~ etcd_usage_percent = 50 -> 75"}}, out)
		})
	}
}
