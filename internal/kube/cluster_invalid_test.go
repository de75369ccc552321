package kube_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// TestAccKube_invalidConfigs plans every configuration of testdata/invalid.
// Each file starts with "# error: <text>", the words the user must read, or
// "# error-regexp: <expression>"; the plan must fail with them before any API
// call.
func TestAccKube_invalidConfigs(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.tf")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("only %d invalid configurations, want at least 40", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".tf"), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			first, body, _ := strings.Cut(string(raw), "\n")
			var want *regexp.Regexp
			if text, ok := strings.CutPrefix(first, "# error: "); ok {
				want = messagePattern(text)
			} else if expr, ok := strings.CutPrefix(first, "# error-regexp: "); ok {
				// For messages written by Terraform itself, whose detail
				// does not repeat the attribute shown in the source excerpt.
				want = regexp.MustCompile(expr)
			} else {
				t.Fatalf("%s does not start with \"# error: \" or \"# error-regexp: \"", file)
			}
			m, endpoint := startMock(t, ovhmock.Options{})
			t.Cleanup(func() {
				if reqs := m.Requests(); len(reqs) != 0 {
					t.Errorf("%d API calls for an invalid configuration, want 0; first: %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
				}
			})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(endpoint) + body,
					PlanOnly:    true,
					ExpectError: want,
				}},
			})
		})
	}
}

// messagePattern matches text in CLI output, where long lines are wrapped.
func messagePattern(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}
