// Package e2e runs the built provider binary under the real CLI, as users do,
// for what in-process acceptance tests cannot see: the logs of both processes.
package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

const (
	appSecret   = "as-secret-9d2c7f41e8b3"
	consumerKey = "ck-secret-5a0e6b19c4d7"
	accessToken = "at-secret-3f8e2d6c1b0a"
)

// cli returns the Terraform or OpenTofu binary the acceptance tests use.
func cli(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run end-to-end tests")
	}
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	return path
}

// buildProvider returns the directory of the provider binary, for
// dev_overrides: the release binary, built once per test binary.
func buildProvider(t *testing.T) string {
	t.Helper()
	path, _ := releaseBinary(t)
	return filepath.Dir(path)
}

type workdir struct {
	t   *testing.T
	bin string
	dir string
	env []string
}

func newWorkdir(t *testing.T, binary, providerDir, endpoint, mainTF string) *workdir {
	dir := t.TempDir()
	rc := filepath.Join(dir, "cli.tfrc")
	write(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"ovh/ovh\" = %q\n  }\n  direct {}\n}\n", providerDir))
	write(t, filepath.Join(dir, "main.tf"), mainTF)
	// No TF_LOG: TRACE logs of both processes cost more than the rest of a
	// run; the test that reads them asks for them.
	env := []string{"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "OVH_ENDPOINT=" + endpoint}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "OVH_") || strings.HasPrefix(name, "TF_") {
			continue
		}
		env = append(env, kv)
	}
	return &workdir{t: t, bin: binary, dir: dir, env: env}
}

// secretsConfig is a cluster whose kubeconfig is also an output.
var secretsConfig = fmt.Sprintf(`
terraform {
  required_providers {
    ovh = { source = "ovh/ovh" }
  }
}

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

func (w *workdir) run(extraEnv []string, args ...string) string {
	w.t.Helper()
	out, err := w.try(extraEnv, args...)
	if err != nil {
		w.t.Fatalf("%s %s: %v\n%s", filepath.Base(w.bin), strings.Join(args, " "), err, tail(out, 4000))
	}
	return out
}

// try runs the CLI and returns its output and error, for callers that look
// at the exit code.
func (w *workdir) try(extraEnv []string, args ...string) (string, error) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.bin, args...)
	cmd.Dir = w.dir
	cmd.Env = append(append([]string{}, w.env...), extraEnv...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// TestAccE2E_noSecretsInTraceLogs applies, refreshes and destroys a cluster with
// TF_LOG=TRACE, under application-key and then bearer-token authentication,
// and looks for every secret in everything the CLI and the provider printed.
func TestAccE2E_noSecretsInTraceLogs(t *testing.T) {
	binary := cli(t)
	providerDir := buildProvider(t)
	m := ovhmock.New(ovhmock.Options{ApplicationSecret: appSecret, ConsumerKey: consumerKey, AccessToken: accessToken})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	w := newWorkdir(t, binary, providerDir, srv.URL+"/1.0", secretsConfig)
	w.env = append(w.env, "TF_LOG=TRACE")
	guardState(t, m, w)

	appKeyEnv := []string{"OVH_APPLICATION_KEY=" + ovhmock.DefaultApplicationKey, "OVH_APPLICATION_SECRET=" + appSecret, "OVH_CONSUMER_KEY=" + consumerKey}
	tokenEnv := []string{"OVH_ACCESS_TOKEN=" + accessToken}
	var logs strings.Builder
	logs.WriteString(w.run(appKeyEnv, "apply", "-auto-approve", "-no-color"))
	logs.WriteString(w.run(appKeyEnv, "output", "-no-color"))
	logs.WriteString(w.run(tokenEnv, "plan", "-no-color", "-detailed-exitcode"))
	logs.WriteString(w.run(tokenEnv, "show", "-no-color"))

	// The key material the API issued, read from the state, where it belongs.
	raw, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
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
	w.run(appKeyEnv, "destroy", "-auto-approve", "-no-color")
}

// pemBody returns the first line of base64 inside a PEM block.
func pemBody(p string) string {
	lines := strings.Split(p, "\n")
	if len(lines) < 2 {
		return p
	}
	return lines[1]
}
