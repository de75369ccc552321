package kube_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// The errors a configuration mistake causes, as users read them: each names
// the setting to check.

// queryIDMark stands in an expected message for the mock's query id, which
// holds the time and a counter.
const queryIDMark = "{query-id}"

// errorPattern is acctest.MessagePattern, with queryIDMark matching any query id
// of the mock.
func errorPattern(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		parts := strings.Split(w, queryIDMark)
		for j, p := range parts {
			parts[j] = regexp.QuoteMeta(p)
		}
		words[i] = strings.Join(parts, `EU\.ext-mock\.[0-9a-f]+\.[0-9]+\.mock`)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

// dataSourceConfig reads a cluster at plan time, so that a plan alone
// calls the API.
func dataSourceConfig(provider string) string {
	return provider + fmt.Sprintf(`
data "ovh_cloud_project_kube" "d" {
  service_name = %q
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
}
`, ovhmock.DefaultProject)
}

func TestAccErrors_wrongApplicationSecret(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	const wrongSecret = "not-the-application-secret"
	secretLine := fmt.Sprintf("application_secret = %q", ovhmock.DefaultApplicationSecret)
	config := acctest.KubeConfig(endpoint, `  name = "c"`)
	if !strings.Contains(config, secretLine) {
		t.Fatal("acctest.ProviderBlock no longer sets the application secret")
	}
	config = strings.Replace(config, secretLine, fmt.Sprintf("application_secret = %q", wrongSecret), 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ExpectError: errorPattern(fmt.Sprintf(
				`OVHcloud API answered 403 Client::Forbidden to POST /cloud/project/%s/kube: Invalid signature (query id %s). `+
					`The API at endpoint %q refused the credentials: check application_key (OVH_APPLICATION_KEY), `+
					`application_secret (OVH_APPLICATION_SECRET) and consumer_key (OVH_CONSUMER_KEY), and that they were created for this endpoint`,
				ovhmock.DefaultProject, queryIDMark, endpoint)),
		}},
	})
	if n := acctest.Count(m, http.MethodPost, acctest.RouteList); n != 1 {
		t.Errorf("%d creation requests, want 1: a refused signature is not retried", n)
	}
}

func TestAccErrors_unknownServiceName(t *testing.T) {
	_, endpoint := acctest.StartMock(t, ovhmock.Options{})
	const unknown = "ffffffffffffffffffffffffffffffff"
	hint := fmt.Sprintf(`This service does not exist (query id %s). Check service_name (or OVH_CLOUD_PROJECT_SERVICE): %q must be the id of a `+
		`Public Cloud project that these credentials can reach on endpoint %q`, queryIDMark, unknown, endpoint)
	config := strings.Replace(acctest.KubeConfig(endpoint, `  name = "c"`), fmt.Sprintf("service_name = %q", ovhmock.DefaultProject),
		fmt.Sprintf("service_name = %q", unknown), 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: errorPattern(fmt.Sprintf(`OVHcloud API answered 404 Client::NotFound to POST /cloud/project/%s/kube: %s`, unknown, hint)),
		}, {
			// A cluster imported through a project the credentials cannot
			// reach is reported, not taken for a deleted one.
			Config:        config,
			ResourceName:  addr,
			ImportState:   true,
			ImportStateId: unknown + "/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f",
			ExpectError: errorPattern(fmt.Sprintf(`OVHcloud API answered 404 Client::NotFound to GET /cloud/project/%s/kube/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f: %s`,
				unknown, hint)),
		}},
	})
}

func TestAccErrors_endpointWithoutVersionPath(t *testing.T) {
	m, endpoint := acctest.StartMock(t, ovhmock.Options{})
	base := strings.TrimSuffix(endpoint, "/1.0")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      dataSourceConfig(acctest.ProviderBlock(base)),
			PlanOnly:    true,
			ExpectError: acctest.MessagePattern(fmt.Sprintf(`endpoint %q lacks the API version path: use %q`, base, base+"/1.0")),
		}, {
			// Any other explicit path is taken as given, and a wrong one is
			// told apart from a stopped API.
			PreConfig: func() {
				if reqs := m.Requests(); len(reqs) != 0 {
					t.Errorf("%d API calls with an endpoint refused at configuration, want 0", len(reqs))
				}
			},
			Config:   dataSourceConfig(acctest.ProviderBlock(base + "/v1")),
			PlanOnly: true,
			ExpectError: errorPattern(fmt.Sprintf(`preparing GET /cloud/project/%s/kube/5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f: `+
				`OVHcloud API answered 404 Client::NotFound to GET /auth/time: Got an invalid (or empty) URL (query id %s). `+
				`Check that endpoint %q (or OVH_ENDPOINT) is the URL of the OVHcloud API, such as https://eu.api.ovh.com/1.0`,
				ovhmock.DefaultProject, queryIDMark, base+"/v1")),
		}},
	})
}

// A stopped API fails a plan within seconds, not after the tens of seconds
// of the retries meant for an outage in the middle of a run.
func TestAccErrors_endpointDown(t *testing.T) {
	srv := httptest.NewServer(ovhmock.New(ovhmock.Options{}))
	endpoint := srv.URL + "/1.0"
	host := strings.TrimPrefix(srv.URL, "http://")
	srv.Close()

	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:   dataSourceConfig(acctest.ProviderBlock(endpoint)),
			PlanOnly: true,
			ExpectError: acctest.MessagePattern(fmt.Sprintf(`cannot reach the OVHcloud API at endpoint %q (3 attempts): GET /auth/time: `+
				`dial tcp %s: connect: connection refused. Check that the API, or the mock API, is running at that address `+
				`and that endpoint (or OVH_ENDPOINT) is right`, endpoint, host)),
		}},
	})
	elapsed := time.Since(start)
	t.Logf("the plan failed after %s, CLI start included", elapsed.Round(10*time.Millisecond))
	// The message pins the policy (3 attempts); the bound only catches the
	// retries of an outage, which would take minutes, with room for a CLI
	// that starts slowly on a busy machine.
	if elapsed > 30*time.Second {
		t.Errorf("the plan took %s to fail, want under 30 s", elapsed)
	}
}
