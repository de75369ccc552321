// Package e2e runs the built provider binary under the real CLI, as users do,
// for what in-process acceptance tests cannot see: the logs of both processes.
package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const (
	appSecret   = "as-secret-9d2c7f41e8b3"
	consumerKey = "ck-secret-5a0e6b19c4d7"
	accessToken = "at-secret-3f8e2d6c1b0a"
)

// secretsConfig is a cluster whose kubeconfig is also an output.
var secretsConfig = fmt.Sprintf("\n"+acctest.RequiredProviders+`
resource "ovh_cloud_project_kube" "c" {
  service_name    = %q
  name            = "secrets"
  region          = "GRA11"
  kube_proxy_mode = "ipvs"
}

output "kubeconfig" {
  value     = ovh_cloud_project_kube.c.kubeconfig
  sensitive = true
}
`, ovhmock.DefaultProject)

// TestAccE2E_noSecretsInTraceLogs applies, refreshes and destroys a cluster with
// TF_LOG=TRACE, under application-key and then bearer-token authentication,
// and looks for every secret in everything the CLI and the provider printed.
func TestAccE2E_noSecretsInTraceLogs(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	m := ovhmock.New(ovhmock.Options{ApplicationSecret: appSecret, ConsumerKey: consumerKey, AccessToken: accessToken})
	endpoint := acctest.ServeMock(t, m)
	w := acctest.NewWorkdir(t, binary, providerDir, endpoint, secretsConfig)
	w.Env = append(w.Env, "TF_LOG=TRACE")
	acctest.GuardState(t, m, w)

	appKeyEnv := []string{"OVH_APPLICATION_KEY=" + ovhmock.DefaultApplicationKey, "OVH_APPLICATION_SECRET=" + appSecret, "OVH_CONSUMER_KEY=" + consumerKey}
	tokenEnv := []string{"OVH_ACCESS_TOKEN=" + accessToken}
	var logs strings.Builder
	logs.WriteString(w.Run(appKeyEnv, "apply", "-auto-approve", "-no-color"))
	logs.WriteString(w.Run(appKeyEnv, "output", "-no-color"))
	logs.WriteString(w.Run(tokenEnv, "plan", "-no-color", "-detailed-exitcode"))
	logs.WriteString(w.Run(tokenEnv, "show", "-no-color"))

	// The key material the API issued, read from the state, where it belongs.
	raw, err := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Instances []struct {
				Attributes struct {
					Kubeconfig           string `json:"kubeconfig"`
					KubeconfigAttributes []struct {
						ClientKey         string `json:"client_key"`
						ClientCertificate string `json:"client_certificate"`
					} `json:"kubeconfig_attributes"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	attrs := state.Resources[0].Instances[0].Attributes
	if attrs.Kubeconfig == "" || len(attrs.KubeconfigAttributes) != 1 {
		t.Fatal("no kubeconfig in state: the test would prove nothing")
	}
	keyPEM, err := base64.StdEncoding.DecodeString(attrs.KubeconfigAttributes[0].ClientKey)
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{
		"application secret":   appSecret,
		"consumer key":         consumerKey,
		"access token":         accessToken,
		"client key (base64)":  attrs.KubeconfigAttributes[0].ClientKey[:40],
		"client certificate":   attrs.KubeconfigAttributes[0].ClientCertificate[:40],
		"client key (PEM)":     pemBody(string(keyPEM)),
		"private key header":   "PRIVATE KEY-----",
		"kubeconfig user part": "client-key-data",
	}
	out := logs.String()
	if !strings.Contains(out, "[TRACE]") || !strings.Contains(out, "OVHcloud API call") {
		t.Fatal("no TRACE lines, or none of the provider's, in the output: the test would prove nothing")
	}
	for what, secret := range secrets {
		if i := strings.Index(out, secret); i >= 0 {
			t.Errorf("the %s appears in the output: ...%s...", what, out[max(0, i-200):min(len(out), i+len(secret)+50)])
		}
	}
	t.Logf("%d bytes of TRACE output checked", len(out))
	w.Run(appKeyEnv, "destroy", "-auto-approve", "-no-color")
}

// pemBody returns the first line of base64 inside a PEM block.
func pemBody(p string) string {
	lines := strings.Split(p, "\n")
	if len(lines) < 2 {
		return p
	}
	return lines[1]
}
