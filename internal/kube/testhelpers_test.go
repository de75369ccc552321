package kube_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// The helpers that several test files of this package share; the kit that
// the test packages share is internal/acctest.

// addr is the cluster of acctest.KubeConfig and acctest.SeedConfig.
const addr = acctest.ClusterAddress

func TestMain(m *testing.M) {
	// Credentials of the developer's shell must not leak into tests, which
	// configure the provider explicitly.
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "OVH_") {
			os.Unsetenv(name)
		}
	}
	os.Exit(m.Run())
}

var compareSame = compare.ValuesSame()

// importID is the import id of the cluster at addr: service_name/id.
func importID(s *terraform.State) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s not in state", addr)
	}
	return rs.Primary.Attributes["service_name"] + "/" + rs.Primary.ID, nil
}

// seedReadyCluster adds a READY cluster that Terraform does not manage, for
// the node pools of a test.
func seedReadyCluster(t *testing.T, m *ovhmock.Mock) string {
	t.Helper()
	acctest.SeedCluster(t, m, ovhmock.Cluster{Name: "pools", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "iptables",
		Status: "READY", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", CreatedAt: time.Now()})
	return acctest.OnlyCluster(t, m).ID
}

// seedClusterToRead adds a READY cluster with a fixed id, so that configs
// and expected messages can name it.
func seedClusterToRead(t *testing.T, m *ovhmock.Mock, id, region, plan string) {
	t.Helper()
	acctest.SeedCluster(t, m, ovhmock.Cluster{ID: id, Name: "reads-" + plan, Region: region, Version: "1.31", KubeProxyMode: "iptables",
		Status: "READY", Plan: plan, UpdatePolicy: "ALWAYS_UPDATE", CreatedAt: time.Now()})
}

// titled matches a diagnostic's title, then its detail, whatever the
// wrapping of the CLI output.
func titled(title, detail string) *regexp.Regexp {
	return regexp.MustCompile(`Error: ` + regexp.QuoteMeta(title) + `(?s:.*?)` + acctest.MessagePattern(detail).String())
}

// Margins of checkPacing: a request sent before the client read a 429 may
// arrive just after it, and the pause ends when the client's timer fires.
const (
	pauseStartSlack = 200 * time.Millisecond
	pauseEndSlack   = 100 * time.Millisecond
)

// checkPacing asserts that after each 429 no request reached the API until
// its Retry-After had passed, whatever its path: the pause is the client's,
// not the request's. It returns how long the pauses lasted in all (overlaps
// counted once).
func checkPacing(t *testing.T, log []ovhmock.Request) time.Duration {
	t.Helper()
	var total time.Duration
	var coveredUntil time.Time
	for i, r := range log {
		if r.Status != 429 {
			continue
		}
		if r.RetryAfter <= 0 {
			t.Errorf("429 to %s %s without Retry-After", r.Method, r.Path)
			continue
		}
		from, to := r.Time.Add(pauseStartSlack), r.Time.Add(r.RetryAfter-pauseEndSlack)
		for _, o := range log[i+1:] {
			if o.Time.After(from) && o.Time.Before(to) {
				t.Errorf("%s %s reached the API %s after a 429 asking for %s: the client did not pause",
					o.Method, o.Path, o.Time.Sub(r.Time).Round(time.Millisecond), r.RetryAfter)
			}
		}
		end := r.Time.Add(r.RetryAfter)
		switch {
		case !r.Time.Before(coveredUntil):
			total += r.RetryAfter
		case end.After(coveredUntil):
			total += end.Sub(coveredUntil)
		}
		if end.After(coveredUntil) {
			coveredUntil = end
		}
	}
	return total
}
