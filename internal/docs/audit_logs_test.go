package docs

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	ovhprovider "github.com/mkscloud/terraform-provider-ovh/internal/provider"
)

// officialGraylogStreamArgs are the arguments of the official OVH provider's
// ovh_dbaas_logs_output_graylog_stream data source (v2.x): both required.
// Nothing here can run the official provider, so its schema is recorded.
var officialGraylogStreamArgs = []string{"service_name", "title"}

// terraformFence matches a ```terraform block of a page and captures its
// body.
var terraformFence = regexp.MustCompile("(?s)```terraform\n(.*?)```")

// TestAuditLogsGuideSideBySide checks the audit logs guide's configuration of
// the two providers, which no test can apply (the official provider is not
// at hand, and the mock has no Logs Data Platform stream API): it parses; it
// names the official provider ovh and this one mks, as the migration guide
// does; the stream is read by the official data source with the arguments
// of its schema; the log subscription is this provider's (provider = mks),
// with every argument its schema requires and no other, and takes its
// stream_id from that data source. The guide also embeds the examples the
// tests apply, and names the API token rights.
func TestAuditLogsGuideSideBySide(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", "audit-logs.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	guide := string(raw)
	for _, want := range []string{
		`{{ tffile "examples/audit-logs/main.tf" }}`,
		`{{ tffile "examples/data-sources/ovh_cloud_project_kube_etcd_usage/data-source.tf" }}`,
		"`GET` on `/dbaas/logs/*/operation/*`",
		"`forwardTo`",
		"`ovh_cloud_project_kube_log_subscriptions`",
	} {
		if !strings.Contains(guide, want) {
			t.Errorf("the audit logs guide lacks %s", want)
		}
	}

	var body *hclsyntax.Body
	for _, m := range terraformFence.FindAllStringSubmatch(guide, -1) {
		if strings.Contains(m[1], `"ovh_dbaas_logs_output_graylog_stream"`) {
			f, diags := hclsyntax.ParseConfig([]byte(m[1]), "audit-logs.md", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatalf("the side-by-side configuration does not parse: %s", diags)
			}
			body = f.Body.(*hclsyntax.Body)
		}
	}
	if body == nil {
		t.Fatal("the audit logs guide has no configuration that reads ovh_dbaas_logs_output_graylog_stream")
	}

	sources := map[string]string{}
	var stream, sub *hclsyntax.Block
	for _, b := range body.Blocks {
		switch {
		case b.Type == "terraform":
			for _, rp := range b.Body.Blocks {
				for name, attr := range rp.Body.Attributes {
					v, diags := attr.Expr.Value(nil)
					if diags.HasErrors() {
						t.Fatal(diags)
					}
					sources[name] = v.GetAttr("source").AsString()
				}
			}
		case b.Type == "data" && b.Labels[0] == "ovh_dbaas_logs_output_graylog_stream":
			stream = b
		case b.Type == "resource" && b.Labels[0] == "ovh_cloud_project_kube_log_subscription":
			sub = b
		}
	}
	if want := map[string]string{"ovh": "ovh/ovh", "mks": "mkscloud/ovh"}; !maps.Equal(sources, want) {
		t.Errorf("required_providers: got %v, want %v", sources, want)
	}
	if stream == nil || sub == nil {
		t.Fatalf("the side-by-side configuration lacks the stream data source or the log subscription")
	}
	if _, ok := stream.Body.Attributes["provider"]; ok {
		t.Error("the stream data source names a provider: it belongs to the official one, the local name ovh")
	}
	if got := slices.Sorted(maps.Keys(stream.Body.Attributes)); !slices.Equal(got, officialGraylogStreamArgs) {
		t.Errorf("the stream data source's arguments are %v, want the official schema's %v", got, officialGraylogStreamArgs)
	}

	p, ok := sub.Body.Attributes["provider"]
	if !ok || hcl.ExprAsKeyword(p.Expr) != "mks" {
		t.Error("the log subscription does not say provider = mks")
	}
	var args []string
	for name := range sub.Body.Attributes {
		if name != "provider" {
			args = append(args, name)
		}
	}
	slices.Sort(args)
	if want := requiredArgs(t, "ovh_cloud_project_kube_log_subscription"); !slices.Equal(args, want) {
		t.Errorf("the log subscription's arguments are %v, want those the schema requires, %v", args, want)
	}
	if a, ok := sub.Body.Attributes["stream_id"]; ok {
		var refs []string
		for _, tr := range a.Expr.Variables() {
			refs = append(refs, tr.RootName())
			for _, step := range tr.SimpleSplit().Rel {
				if at, ok := step.(hcl.TraverseAttr); ok {
					refs = append(refs, at.Name)
				}
			}
		}
		want := []string{"data", "ovh_dbaas_logs_output_graylog_stream", stream.Labels[1], "stream_id"}
		if !slices.Equal(refs, want) {
			t.Errorf("stream_id refers to %v, want %v", refs, want)
		}
	}
}

// requiredArgs are the required attributes of a resource of the provider,
// sorted, plus service_name, which defaults to the environment.
func requiredArgs(t *testing.T, typeName string) []string {
	t.Helper()
	ctx := context.Background()
	p := ovhprovider.New("test")()
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	for _, f := range p.Resources(ctx) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &md)
		if md.TypeName != typeName {
			continue
		}
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		out := []string{"service_name"}
		for name, a := range sr.Schema.Attributes {
			if a.IsRequired() {
				out = append(out, name)
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	t.Fatalf("the provider has no resource %s", typeName)
	return nil
}
