package provider_test

import (
	"bufio"
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
	cli := acctest.CLI(t)
	t.Parallel()
	dir := t.TempDir()
	binary := filepath.Join(dir, "terraform-provider-ovh-real")
	if err := acctest.BuildProvider(binary, ""); err != nil {
		t.Fatal(err)
	}
	pluginDir := filepath.Join(dir, "plugins")
	stderrLog := filepath.Join(dir, "provider-stderr.log")
	if err := os.Mkdir(pluginDir, 0o755); err != nil {
		t.Fatal(err)
	}
	wrapper := fmt.Sprintf("#!/bin/sh\nexec %q \"$@\" 2>>%q\n", binary, stderrLog)
	if err := os.WriteFile(filepath.Join(pluginDir, "terraform-provider-ovh"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}

	m := ovhmock.New(ovhmock.Options{Timings: ovhmock.TestTimings(), ApplicationSecret: logsAppSecret, ConsumerKey: logsConsumerKey})
	w := acctest.NewWorkdir(t, cli, pluginDir, acctest.ServeMock(t, m), fmt.Sprintf("\n"+acctest.RequiredProviders+`
resource "ovh_cloud_project_kube" "c" {
  service_name    = %q
  name            = "logs"
  region          = "GRA11"
  kube_proxy_mode = "ipvs"
}
`, ovhmock.DefaultProject))
	creds := []string{"OVH_APPLICATION_KEY=" + ovhmock.DefaultApplicationKey,
		"OVH_APPLICATION_SECRET=" + logsAppSecret, "OVH_CONSUMER_KEY=" + logsConsumerKey}
	run := func(extraEnv []string, args ...string) {
		t.Helper()
		w.Run(append(append([]string{}, creds...), extraEnv...), args...)
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
		t.Errorf("without TF_LOG, the provider wrote log lines nobody reads: %v\n%s", modules, acctest.Tail(raw, 2000))
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
	state, err := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
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
