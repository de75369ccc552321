package kube_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// TestAccKubeconfigEphemeral_errors: an unknown cluster and a missing project
// fail the plan that opens the kubeconfig, with the words a user reads.
func TestAccKubeconfigEphemeral_errors(t *testing.T) {
	_, endpoint := acctest.StartMock(t, ovhmock.Options{})
	config := func(args string) string {
		return acctest.ProviderBlock(endpoint) + fmt.Sprintf(`
ephemeral "ovh_cloud_project_kube_kubeconfig" "k" {
%s
}
`, args)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(fmt.Sprintf(`  service_name = %q
  kube_id      = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"`, ovhmock.DefaultProject)),
				ExpectError: regexp.MustCompile(`(?s)Cannot fetch the kubeconfig.*5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f`),
			},
			{
				Config:      config(`  kube_id = "5ba8f5c8-1a2b-4c3d-9e8f-0a1b2c3d4e5f"`),
				ExpectError: regexp.MustCompile(`(?s)service_name.*OVH_CLOUD_PROJECT_SERVICE`),
			},
		},
	})
}

// TestAccKubeconfigEphemeral_sameApply: a cluster created by the same apply
// has no id during the plan, which must not fail for it (whether the apply
// then opens a kubeconfig nothing consumes is the CLI's choice: Terraform
// does, OpenTofu does not), and the state holds no kubeconfig.
func TestAccKubeconfigEphemeral_sameApply(t *testing.T) {
	_, endpoint := acctest.StartMock(t, ovhmock.Options{})
	config := acctest.KubeConfig(endpoint, `  name = "with-ephemeral"
  kubeconfig_in_state = false`) + `
ephemeral "ovh_cloud_project_kube_kubeconfig" "k" {
  service_name = ovh_cloud_project_kube.c.service_name
  kube_id      = ovh_cloud_project_kube.c.id
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("kubeconfig"), knownvalue.Null()),
			},
		}},
	})
}
