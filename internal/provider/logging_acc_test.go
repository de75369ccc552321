package provider

import (
	"bufio"
	"context"
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
	logsAppSecret   = "as-secret-0b7d3e95c2a1"
	logsConsumerKey = "ck-secret-8e1f4a6c2d90"
)

// TestAccLogs runs the provider binary under the CLI of the acceptance tests
// and reads what the provider itself writes on stderr, which the CLI parses
// and, unless TF_LOG or TF_LOG_PROVIDER asks for it, throws away: a wrapper
// in dev_overrides sends it to a file. Without any TF_LOG* variable the
// provider writes no line of the SDK, the framework or its own; with
// TF_LOG=TRACE all three come back, and none holds a credential or a part of
// the kubeconfig.
func TestAccLogs(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run the provider binary under a CLI")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	t.Parallel()
	dir := t.TempDir()
	binary := filepath.Join(dir, "terraform-provider-ovh-real")
	if out, err := exec.Command("go", "build", "-o", binary, "github.com/mkscloud/terraform-provider-ovh").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	pluginDir := filepath.Join(dir, "plugins")
	stderrLog := filepath.Join(dir, "provider-stderr.log")
	writeFile(t, filepath.Join(pluginDir, "terraform-provider-ovh"), fmt.Sprintf("#!/bin/sh\nexec %q \"$@\" 2>>%q\n", binary, stderrLog), 0o755)
	rc := filepath.Join(dir, "cli.tfrc")
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"ovh/ovh\" = %q\n  }\n  direct {}\n}\n", pluginDir), 0o644)
	work := filepath.Join(dir, "work")
	writeFile(t, filepath.Join(work, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    ovh = { source = "ovh/ovh" }
  }
}

resource "ovh_cloud_project_kube" "c" {
  service_name    = %q
  name            = "logs"
  region          = "GRA11"
  kube_proxy_mode = "ipvs"
}
`, ovhmock.DefaultProject), 0o644)

	m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings(), ApplicationSecret: logsAppSecret, ConsumerKey: logsConsumerKey})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	env := []string{"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"OVH_ENDPOINT=" + srv.URL + "/1.0", "OVH_APPLICATION_KEY=" + ovhmock.DefaultApplicationKey,
		"OVH_APPLICATION_SECRET=" + logsAppSecret, "OVH_CONSUMER_KEY=" + logsConsumerKey}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "OVH_") && !strings.HasPrefix(name, "TF_") {
			env = append(env, kv)
		}
	}
	run := func(extraEnv []string, args ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, cli, args...)
		cmd.Dir, cmd.Env = work, append(append([]string{}, env...), extraEnv...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(cli), strings.Join(args, " "), err, out)
		}
	}
	// stderrModules empties the provider's stderr file and counts its
	// terraform-plugin-log lines by module (sdk.proto, sdk.framework, ovh);
	// other lines are go-plugin's own.
	stderrModules := func() (map[string]int, string) {
		t.Helper()
		raw, err := os.ReadFile(stderrLog)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err := os.Remove(stderrLog); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		modules := map[string]int{}
		sc := bufio.NewScanner(strings.NewReader(string(raw)))
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var line struct {
				Module string `json:"@module"`
			}
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Module != "" {
				modules[line.Module]++
			}
		}
		return modules, string(raw)
	}

	// What users run: no TF_LOG* at all.
	run(nil, "apply", "-auto-approve", "-no-color", "-input=false")
	run(nil, "plan", "-no-color", "-input=false", "-detailed-exitcode")
	if modules, raw := stderrModules(); len(modules) > 0 {
		t.Errorf("without TF_LOG, the provider wrote log lines nobody reads: %v\n%s", modules, tail(raw, 2000))
	}

	// Asked for: every logger at TRACE again.
	run([]string{"TF_LOG=TRACE"}, "plan", "-no-color", "-input=false", "-detailed-exitcode")
	modules, raw := stderrModules()
	// The provider's own logger is named after the last part of its address.
	for _, module := range []string{"sdk.proto", "sdk.framework", "ovh"} {
		if modules[module] == 0 {
			t.Errorf("with TF_LOG=TRACE, no %s line on the provider's stderr (lines by module: %v)", module, modules)
		}
	}
	state, err := os.ReadFile(filepath.Join(work, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Instances []struct {
				Attributes struct {
					KubeconfigAttributes []struct {
						ClientKey string `json:"client_key"`
					} `json:"kubeconfig_attributes"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(state, &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Resources) != 1 || len(st.Resources[0].Instances) != 1 || len(st.Resources[0].Instances[0].Attributes.KubeconfigAttributes) != 1 {
		t.Fatalf("no kubeconfig in state: the secret check would prove nothing\n%s", state)
	}
	for what, secret := range map[string]string{
		"application secret": logsAppSecret,
		"consumer key":       logsConsumerKey,
		"client key":         st.Resources[0].Instances[0].Attributes.KubeconfigAttributes[0].ClientKey[:40],
		"kubeconfig user":    "client-key-data",
	} {
		if i := strings.Index(raw, secret); i >= 0 {
			t.Errorf("the %s appears in the provider's TRACE logs: ...%s...", what, raw[max(0, i-200):min(len(raw), i+len(secret)+50)])
		}
	}
	t.Logf("%d bytes of TRACE logs checked; lines by module: %v", len(raw), modules)
	run(nil, "destroy", "-auto-approve", "-no-color", "-input=false")
	if left := m.Clusters(ovhmock.DefaultProject); len(left) != 0 {
		t.Errorf("the mock still holds %d clusters after the destroy", len(left))
	}
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
