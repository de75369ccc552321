package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// ephemeralConfig opens the kubeconfig of cluster id and hands its parts to
// a provisioner, which writes what it received (the host, and the first line
// of each decoded PEM) next to the configuration: the values reach a
// consumer, without going through any attribute of any resource.
func ephemeralConfig(id string) string {
	return fmt.Sprintf("\n"+acctest.RequiredProviders+`
ephemeral "ovh_cloud_project_kube_kubeconfig" "k" {
  service_name = %q
  kube_id      = %q
}

resource "terraform_data" "consumer" {
  provisioner "local-exec" {
    command = "printf '%%s' \"$HOST\" > host.txt && printf '%%s' \"$CA\" | base64 -d | head -n 1 > ca.txt && printf '%%s' \"$KEY\" | base64 -d | head -n 1 > key.txt && printf '%%s' \"$KUBECONFIG_YAML\" | grep -c certificate-authority-data > yaml.txt"
    environment = {
      HOST            = ephemeral.ovh_cloud_project_kube_kubeconfig.k.host
      CA              = ephemeral.ovh_cloud_project_kube_kubeconfig.k.cluster_ca_certificate
      KEY             = ephemeral.ovh_cloud_project_kube_kubeconfig.k.client_key
      KUBECONFIG_YAML = ephemeral.ovh_cloud_project_kube_kubeconfig.k.kubeconfig
    }
  }
}
`, ovhmock.DefaultProject, id)
}

// TestAccE2E_ephemeralKubeconfig opens the ephemeral kubeconfig in a plan
// saved to a file and in the apply of that plan: the provisioner receives
// every part, the mock sees one POST /kubeconfig per plan or apply, and
// neither the state file nor the saved plan holds any of it.
func TestAccE2E_ephemeralKubeconfig(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	m := ovhmock.New(ovhmock.Options{})
	const id = "0f1e2d3c-4b5a-4968-8776-655443322110"
	if err := m.AddCluster(ovhmock.DefaultProject, ovhmock.Cluster{
		ID: id, Name: "ephemeral", Region: "GRA11", Version: "1.32.1", KubeProxyMode: "iptables",
		Status: "READY", Plan: "free", UpdatePolicy: "ALWAYS_UPDATE", IsUpToDate: true, ControlPlaneIsUpToDate: true,
		URL: "eph123.c1.gra.k8s.ovh.net", NodesURL: "eph123.nodes.c1.gra.k8s.ovh.net",
		CreatedAt: time.Now().Add(-time.Hour), UpdatedAt: time.Now().Add(-time.Hour),
	}); err != nil {
		t.Fatal(err)
	}
	endpoint := acctest.ServeMock(t, m)
	w := acctest.NewWorkdir(t, binary, providerDir, endpoint, ephemeralConfig(id))
	creds := append([]string{"TF_LOG="}, acctest.MockCredentials...)
	opens := func() int {
		n := 0
		for _, r := range m.Requests() {
			if r.Method == "POST" && r.Route == acctest.RouteKubeconfig {
				n++
			}
		}
		return n
	}

	w.Run(creds, "plan", "-no-color", "-out", "saved.tfplan")
	if n := opens(); n != 1 {
		t.Fatalf("the plan opened the kubeconfig %d times, want 1", n)
	}
	w.Run(creds, "apply", "-no-color", "saved.tfplan")
	if n := opens(); n != 2 {
		t.Fatalf("the plan and the apply opened the kubeconfig %d times, want 2", n)
	}

	// What the consumer received.
	for file, want := range map[string]string{
		"host.txt": "https://eph123.c1.gra.k8s.ovh.net",
		"ca.txt":   "-----BEGIN CERTIFICATE-----",
		"key.txt":  "-----BEGIN EC PRIVATE KEY-----",
		"yaml.txt": "1",
	} {
		got, err := os.ReadFile(filepath.Join(w.Dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(string(got)) != want {
			t.Errorf("%s = %q, want %q", file, got, want)
		}
	}

	// The cluster's certificate authority, which every kubeconfig carries;
	// the client certificate and key differ from one fetch to the next, so
	// they are looked for by their PEM header, in base64 and in clear.
	var saved bytes.Buffer
	if err := m.SaveState(&saved); err != nil {
		t.Fatal(err)
	}
	var dump any
	if err := json.Unmarshal(saved.Bytes(), &dump); err != nil {
		t.Fatal(err)
	}
	caPEM := findString(dump, "caCert")
	if !strings.HasPrefix(caPEM, "-----BEGIN CERTIFICATE-----") {
		t.Fatal("no certificate authority in the mock's state: the test would prove nothing")
	}
	ca := base64.StdEncoding.EncodeToString([]byte(caPEM))
	secrets := map[string]string{
		"the host":                         "eph123.c1.gra.k8s.ovh.net",
		"the certificate authority":        ca[20:80],
		"a PEM block in base64":            base64.StdEncoding.EncodeToString([]byte("-----BEGIN"))[:12],
		"a PEM block":                      "-----BEGIN",
		"the kubeconfig's client key name": "client-key-data",
	}
	state, err := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(state) || !strings.Contains(string(state), `"terraform_data"`) {
		t.Fatal("the state does not hold the consumer: the test would prove nothing")
	}
	files := map[string][]byte{"terraform.tfstate": state}
	for name, content := range zipFiles(t, filepath.Join(w.Dir, "saved.tfplan")) {
		files["saved.tfplan:"+name] = content
	}
	for name, content := range files {
		for what, s := range secrets {
			if strings.Contains(string(content), s) {
				t.Errorf("%s holds %s (%q)", name, what, s)
			}
		}
	}
	t.Logf("searched %d files (state, and the saved plan's entries) for %d markers", len(files), len(secrets))
}

// zipFiles returns the entries of a saved plan, which is a zip archive.
func zipFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	r, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := map[string][]byte{}
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	if len(out) == 0 {
		t.Fatal("empty saved plan")
	}
	return out
}

// findString returns the first string value of key in a decoded JSON tree.
func findString(v any, key string) string {
	switch v := v.(type) {
	case map[string]any:
		if s, ok := v[key].(string); ok {
			return s
		}
		for _, e := range v {
			if s := findString(e, key); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range v {
			if s := findString(e, key); s != "" {
				return s
			}
		}
	}
	return ""
}
