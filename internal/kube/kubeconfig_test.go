package kube

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// setKubeconfigText reads and stores a kubeconfig as the resource does with
// the one it fetches.
func setKubeconfigText(m *clusterAttributes, content string) diag.Diagnostics {
	parts, diags := parseKubeconfig(content)
	if diags.HasError() {
		return diags
	}
	return m.setKubeconfig(content, parts)
}

const (
	kubeconfigCA   = "Q0EtREFUQQ=="
	kubeconfigCert = "Q0VSVC1EQVRB"
	kubeconfigKey  = "S0VZLURBVEE="
)

const validKubeconfig = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ` + kubeconfigCA + `
    server: https://abc.c1.gra11.k8s.ovh.net
  name: c1
contexts:
- context:
    cluster: c1
    user: kubernetes-admin-c1
  name: kubernetes-admin@c1
current-context: kubernetes-admin@c1
users:
- name: kubernetes-admin-c1
  user:
    client-certificate-data: ` + kubeconfigCert + `
    client-key-data: ` + kubeconfigKey + `
`

func TestSetKubeconfig(t *testing.T) {
	var m clusterModel
	if diags := setKubeconfigText(&m.clusterAttributes, validKubeconfig); diags.HasError() {
		t.Fatal(diags)
	}
	if m.Kubeconfig.ValueString() != validKubeconfig {
		t.Errorf("kubeconfig = %q", m.Kubeconfig.ValueString())
	}
	elems := m.KubeconfigAttributes.Elements()
	if len(elems) != 1 {
		t.Fatalf("kubeconfig_attributes has %d elements, want 1", len(elems))
	}
	attrs := elems[0].(types.Object).Attributes()
	want := map[string]string{
		"host":                   "https://abc.c1.gra11.k8s.ovh.net",
		"cluster_ca_certificate": kubeconfigCA,
		"client_certificate":     kubeconfigCert,
		"client_key":             kubeconfigKey,
	}
	if len(attrs) != len(want) {
		t.Errorf("attributes = %v", attrs)
	}
	for name, w := range want {
		if got := attrs[name].(types.String).ValueString(); got != w {
			t.Errorf("%s = %q, want %q", name, got, w)
		}
	}
	if !m.hasKubeconfig() {
		t.Error("hasKubeconfig() = false after a valid kubeconfig")
	}
}

func TestSetKubeconfigErrorsNeverQuoteTheContent(t *testing.T) {
	const secret = "SECRET-PRIVATE-KEY-MATERIAL"
	const unreadable = "The kubeconfig returned by the API could not be read (it needs at least one cluster and one user). " +
		"Its content is not shown because it holds credentials."
	tests := []struct {
		name       string
		content    string
		wantDetail string
	}{
		{"not YAML", "clusters: [\n  " + secret + ": {", unreadable},
		{"wrong shape", "clusters: \"" + secret + "\"\nusers: []\n", unreadable},
		{"empty", "", unreadable},
		{"no users", strings.SplitN(validKubeconfig, "users:", 2)[0] + "# " + secret + "\n", unreadable},
		{"no clusters", strings.Replace(validKubeconfig, "clusters:", "clusterz:", 1) + "# " + secret + "\n", unreadable},
		{"key not base64", strings.Replace(validKubeconfig, kubeconfigKey, "-----BEGIN-"+secret, 1),
			"A certificate field of the kubeconfig is not base64 (corrupt base64 input). Its content is not shown because it holds credentials."},
		{"CA not base64", strings.Replace(validKubeconfig, kubeconfigCA, secret+"!", 1),
			"A certificate field of the kubeconfig is not base64 (corrupt base64 input). Its content is not shown because it holds credentials."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := clusterModel{clusterAttributes: clusterAttributes{Kubeconfig: snull, KubeconfigAttributes: types.ListNull(kubeconfigElemType())}}
			diags := setKubeconfigText(&m.clusterAttributes, tt.content)
			if diags.ErrorsCount() != 1 {
				t.Fatalf("diags = %v, want one error", diags)
			}
			d := diags.Errors()[0]
			if d.Summary() != "Invalid kubeconfig from the API" {
				t.Errorf("summary = %q", d.Summary())
			}
			if d.Detail() != tt.wantDetail {
				t.Errorf("detail =\n %q\nwant\n %q", d.Detail(), tt.wantDetail)
			}
			for _, part := range []string{secret, "SECRET", "BEGIN"} {
				if strings.Contains(d.Summary()+d.Detail(), part) {
					t.Errorf("the error quotes the content (%q): %s", part, d.Detail())
				}
			}
			if !m.Kubeconfig.IsNull() || !m.KubeconfigAttributes.IsNull() || m.hasKubeconfig() {
				t.Errorf("the model was changed by an invalid kubeconfig")
			}
		})
	}
}

// ---- comparisons (resource.go) ----
