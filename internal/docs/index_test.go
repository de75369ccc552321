// Package docs checks the pages of docs/ against the provider and its code:
// what the index links to, and that the messages a guide quotes are the ones
// the provider writes. docs/ itself is generated (make docs); these tests
// read the generated pages, which scripts/docs.sh keeps equal to templates/.
package docs

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	ovhprovider "github.com/mkscloud/terraform-provider-ovh/internal/provider"
)

// docsDir is docs/, from this package's directory.
const docsDir = "../../docs"

// markdownLink matches [text](target) and captures the target.
var markdownLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// typeNames returns the type names of the provider's resources, data sources
// and ephemeral resources, as the provider declares them.
func typeNames(t *testing.T) (resources, dataSources, ephemerals []string) {
	t.Helper()
	ctx := context.Background()
	p := ovhprovider.New("test")()
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	for _, f := range p.Resources(ctx) {
		var resp resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		resources = append(resources, resp.TypeName)
	}
	for _, f := range p.DataSources(ctx) {
		var resp datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		dataSources = append(dataSources, resp.TypeName)
	}
	pe, ok := p.(provider.ProviderWithEphemeralResources)
	if !ok {
		t.Fatal("the provider has no ephemeral resources")
	}
	for _, f := range pe.EphemeralResources(ctx) {
		var resp ephemeral.MetadataResponse
		f().Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		ephemerals = append(ephemerals, resp.TypeName)
	}
	if len(resources) == 0 || len(dataSources) == 0 || len(ephemerals) == 0 {
		t.Fatalf("resources %v, data sources %v, ephemeral resources %v: the test would prove nothing", resources, dataSources, ephemerals)
	}
	return resources, dataSources, ephemerals
}

// queryAndActionNames returns the type names of the provider's list
// resources and actions (Terraform 1.14), as the provider declares them.
func queryAndActionNames(t *testing.T) (lists, actions []string) {
	t.Helper()
	ctx := context.Background()
	p := ovhprovider.New("test")()
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	pl, ok := p.(provider.ProviderWithListResources)
	if !ok {
		t.Fatal("the provider has no list resources")
	}
	for _, f := range pl.ListResources(ctx) {
		var resp resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		lists = append(lists, resp.TypeName)
	}
	pa, ok := p.(provider.ProviderWithActions)
	if !ok {
		t.Fatal("the provider has no actions")
	}
	for _, f := range pa.Actions(ctx) {
		var resp action.MetadataResponse
		f().Metadata(ctx, action.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		actions = append(actions, resp.TypeName)
	}
	if len(lists) == 0 || len(actions) == 0 {
		t.Fatalf("list resources %v, actions %v: the test would prove nothing", lists, actions)
	}
	return lists, actions
}

// indexLinks returns the relative links of docs/index.md, anchors removed.
func indexLinks(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(docsDir, "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	var links []string
	for _, m := range markdownLink.FindAllStringSubmatch(string(raw), -1) {
		target := m[1]
		if strings.Contains(target, "://") || strings.HasPrefix(target, "#") {
			continue
		}
		target, _, _ = strings.Cut(target, "#")
		links = append(links, target)
	}
	return links
}

// TestIndexLinksEveryPage: docs/index.md, the provider's page on the
// registry, links to the page of every resource, data source and ephemeral
// resource of the provider and to every guide, by a relative link that works
// both on the registry and in the repository; and every relative link it has
// points to a file of docs/.
func TestIndexLinksEveryPage(t *testing.T) {
	links := indexLinks(t)
	linked := map[string]bool{}
	for _, l := range links {
		linked[path.Clean(l)] = true
	}

	resources, dataSources, ephemerals := typeNames(t)
	lists, actions := queryAndActionNames(t)
	want := map[string]string{}
	for dir, names := range map[string][]string{
		"resources": resources, "data-sources": dataSources, "ephemeral-resources": ephemerals,
		"list-resources": lists, "actions": actions,
	} {
		for _, name := range names {
			want[dir+"/"+strings.TrimPrefix(name, "ovh_")+".md"] = strings.TrimSuffix(dir, "s") + " " + name
		}
	}
	guides, err := filepath.Glob(filepath.Join(docsDir, "guides", "*.md"))
	if err != nil || len(guides) == 0 {
		t.Fatalf("no guide in docs/guides: %v", err)
	}
	for _, g := range guides {
		want["guides/"+filepath.Base(g)] = "guide " + filepath.Base(g)
	}
	for page, what := range want {
		if _, err := os.Stat(filepath.Join(docsDir, filepath.FromSlash(page))); err != nil {
			t.Errorf("the %s has no page: %v (run make docs)", what, err)
		}
		if !linked[page] {
			t.Errorf("docs/index.md does not link to the %s (%s): add it to templates/index.md.tmpl", what, page)
		}
	}

	for _, l := range links {
		if path.IsAbs(l) || strings.HasPrefix(path.Clean(l), "..") {
			t.Errorf("docs/index.md links to %q, outside docs/: the registry would not find it", l)
			continue
		}
		if _, err := os.Stat(filepath.Join(docsDir, filepath.FromSlash(l))); err != nil {
			t.Errorf("docs/index.md links to %q, which does not exist", l)
		}
	}
}
