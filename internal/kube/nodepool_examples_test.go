package kube_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// exampleKubeID is the cluster id the documented examples use.
const exampleKubeID = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"

// exampleConfig reads a documented example and points its placeholders at
// the test's mock: the project, and the cluster the examples name.
func exampleConfig(t *testing.T, endpoint, file string) string {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	example := strings.ReplaceAll(string(raw), `"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`, `"`+ovhmock.DefaultProject+`"`)
	return providerBlock(endpoint) + example
}

// TestAccNodePool_documentedExamples applies every node pool example and
// reads every node data-source example, as users copy them, against the
// mock; the plan after each apply is empty.
func TestAccNodePool_documentedExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/resources/ovh_cloud_project_kube_nodepool/*.tf")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := filepath.Glob("../../examples/data-sources/ovh_cloud_project_kube_node*/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, ds...)
	if len(files) < 7 {
		t.Fatalf("found %d node pool examples, want at least 7: %v", len(files), files)
	}
	for _, file := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(file, "../../examples/"), ".tf")
		t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
			m, endpoint := startMock(t, ovhmock.Options{})
			// The examples that do not create their cluster use this one;
			// the data-source examples read its pool "pool-1".
			seedCluster(t, m, ovhmock.Cluster{ID: exampleKubeID, Name: "example", Region: "GRA11", Version: "1.32.1",
				KubeProxyMode: "iptables", Status: "READY", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", CreatedAt: time.Now()})
			if strings.Contains(file, "data-sources") {
				seedNodePool(t, m, exampleKubeID, ovhmock.NodePool{Name: "pool-1", Flavor: "b3-8", DesiredNodes: 2,
					Template: ovhmock.NodePoolTemplate{Metadata: ovhmock.NodePoolTemplateMetadata{Labels: map[string]string{"role": "web"}}}})
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories,
				Steps: []resource.TestStep{{
					Config: exampleConfig(t, endpoint, file),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				}},
			})
		})
	}
}
