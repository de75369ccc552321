package acctest

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mkscloud/terraform-provider-ovh/internal/kube"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
	"github.com/mkscloud/terraform-provider-ovh/internal/provider"
)

// FastPolling suits the mock, whose transitions take tens of milliseconds.
// Every answer of the server's shortcuts is checked against the framework's.
var FastPolling = kube.Options{PollFirst: 10 * time.Millisecond, PollMax: 50 * time.Millisecond, StaleGrace: 2 * time.Second, CheckShortcuts: true}

// ProtoV6ProviderFactories serve the provider, as its binary does
// (provider.NewServer), with FastPolling, to terraform-plugin-testing.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"ovh": func() (tfprotov6.ProviderServer, error) { //nolint:unparam // the signature terraform-plugin-testing asks for
		return provider.NewServerWithOptions("test", FastPolling)(), nil
	},
}

// MockCredentials are the application-key credentials the mock accepts, as
// the environment of a CLI.
var MockCredentials = []string{"OVH_APPLICATION_KEY=" + ovhmock.DefaultApplicationKey,
	"OVH_APPLICATION_SECRET=" + ovhmock.DefaultApplicationSecret, "OVH_CONSUMER_KEY=" + ovhmock.DefaultConsumerKey}

// RequiredProviders is the terraform block of a configuration that takes
// the provider from the address ovh/ovh, the official provider's, where the
// tests install this one.
const RequiredProviders = "terraform {\n  required_providers {\n    ovh = { source = \"ovh/ovh\" }\n  }\n}\n"

// ClusterAddress is the address of the cluster that KubeConfig and
// SeedConfig render.
const ClusterAddress = "ovh_cloud_project_kube.c"

// ProviderBlock is the provider block that points the provider at the mock
// at endpoint, with the mock's credentials.
func ProviderBlock(endpoint string) string {
	return fmt.Sprintf(`
provider "ovh" {
  endpoint           = %q
  application_key    = %q
  application_secret = %q
  consumer_key       = %q
}
`, endpoint, ovhmock.DefaultApplicationKey, ovhmock.DefaultApplicationSecret, ovhmock.DefaultConsumerKey)
}

// KubeConfig renders ProviderBlock and a cluster of the default project in
// GRA11, at ClusterAddress, with the given body lines.
func KubeConfig(endpoint, body string) string {
	return ProviderBlock(endpoint) + fmt.Sprintf(`
resource "ovh_cloud_project_kube" "c" {
  service_name = %q
  region       = "GRA11"
%s
}
`, ovhmock.DefaultProject, body)
}

// SeedConfig is the documented example of the resource, the mission's IPVS
// cluster with every timing at PT0S, at ClusterAddress and pointed at the
// mock at endpoint; extra lines go into the resource. It reads the example
// from the test's package directory, which is two levels below the root of
// the module as every package of internal/ is.
func SeedConfig(endpoint string, extra string) string {
	raw, err := os.ReadFile("../../examples/resources/ovh_cloud_project_kube/resource.tf")
	if err != nil {
		panic(err)
	}
	example := string(raw)
	for _, r := range [][2]string{
		{`"my_cluster"`, `"c"`},
		{`"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`, fmt.Sprintf("%q", ovhmock.DefaultProject)},
		{"kube_proxy_mode = \"ipvs\" # or \"iptables\"\n", "kube_proxy_mode = \"ipvs\"\n" + extra + "\n"},
	} {
		if !strings.Contains(example, r[0]) {
			panic("the example no longer contains " + r[0])
		}
		example = strings.Replace(example, r[0], r[1], 1)
	}
	return ProviderBlock(endpoint) + example
}

// ProviderHost is the registry host of the provider's address in a state:
// OpenTofu's when the tests run under it (TF_ACC_PROVIDER_HOST).
func ProviderHost() string {
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		return host
	}
	return "registry.terraform.io"
}
