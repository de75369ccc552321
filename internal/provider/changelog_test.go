package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestChangelogListsEverything checks that the first release of CHANGELOG.md
// lists every resource, data source and ephemeral resource the provider
// serves, and every guide of templates/guides, and nothing it does not serve.
func TestChangelogListsEverything(t *testing.T) {
	raw, err := os.ReadFile("../../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	// The first release: up to the next version heading.
	release := string(raw)
	if i := strings.Index(release[3:], "\n## "); i >= 0 {
		release = release[:i+3]
	}
	listed := map[string]map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\* \\*\\*New (Resource|Ephemeral Resource|Data Source|Guide):\\*\\* .*?`([^`]+)`[^`]*$").FindAllStringSubmatch(release, -1) {
		if listed[m[1]] == nil {
			listed[m[1]] = map[string]bool{}
		}
		listed[m[1]][m[2]] = true
	}
	// A guide's line ends with its file name in back quotes.
	guides := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\* \\*\\*New Guide:\\*\\* (?:.*\\n  )*.*\\(`([a-z0-9-]+)`\\)$").FindAllStringSubmatch(release, -1) {
		guides[m[1]] = true
	}
	listed["Guide"] = guides

	s := NewServer("test")()
	schemas, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	want := map[string]map[string]bool{"Resource": {}, "Data Source": {}, "Ephemeral Resource": {}, "Guide": {}}
	for name := range schemas.ResourceSchemas {
		want["Resource"][name] = true
	}
	for name := range schemas.DataSourceSchemas {
		want["Data Source"][name] = true
	}
	for name := range schemas.EphemeralResourceSchemas {
		want["Ephemeral Resource"][name] = true
	}
	files, err := filepath.Glob("../../templates/guides/*.md.tmpl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no guide templates: %v", err)
	}
	for _, f := range files {
		want["Guide"][strings.TrimSuffix(filepath.Base(f), ".md.tmpl")] = true
	}
	for kind, names := range want {
		for name := range names {
			if !listed[kind][name] {
				t.Errorf("CHANGELOG.md's first release does not list the %s %s (a line `* **New %s:** ... `%s``)", kind, name, kind, name)
			}
		}
		for name := range listed[kind] {
			if !names[name] {
				t.Errorf("CHANGELOG.md's first release lists the %s %s, which the provider does not have", kind, name)
			}
		}
	}
}
