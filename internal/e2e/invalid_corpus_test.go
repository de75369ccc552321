package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/acctest"
	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// corpusDir holds the invalid-configuration corpus: each file is one
// configuration whose first line gives the error a plan of it must show,
// "# error: <text>" (the words of the message, whatever the spacing) or
// "# error-regexp: <expression>". A value the API's published schema allows
// and no report shows refused is not an error but a warning: its
// configuration is in warningCorpusDir (warnings_test.go).
const corpusDir = "../kube/testdata/invalid"

// corpusCase is one file of the corpus.
type corpusCase struct {
	name string // the file name without .tf, also its module's name
	body string
	want *regexp.Regexp
}

func readCorpus(t *testing.T) []corpusCase {
	t.Helper()
	return readCorpusDir(t, corpusDir, 70, "invalid configurations", `"# error: " or "# error-regexp: "`,
		func(first string) (*regexp.Regexp, bool) {
			if text, ok := strings.CutPrefix(first, "# error: "); ok {
				return acctest.MessagePattern(text), true
			}
			if expr, ok := strings.CutPrefix(first, "# error-regexp: "); ok {
				return regexp.MustCompile(expr), true
			}
			return nil, false
		})
}

// readCorpusDir reads the configurations of dir, at least least of them (what
// names them), each headed by a line that want turns into the message it
// must show; heading says which lines want takes.
func readCorpusDir(t *testing.T, dir string, least int, what, heading string, want func(first string) (*regexp.Regexp, bool)) []corpusCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < least {
		t.Fatalf("only %d %s, want at least %d", len(files), what, least)
	}
	var out []corpusCase
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		first, body, _ := strings.Cut(string(raw), "\n")
		re, ok := want(first)
		if !ok {
			t.Fatalf("%s does not start with %s", file, heading)
		}
		out = append(out, corpusCase{name: strings.TrimSuffix(filepath.Base(file), ".tf"), body: body, want: re})
	}
	return out
}

// cliDiagnostic is an error of `plan -json`.
type cliDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
	Range    *struct {
		Filename string `json:"filename"`
	} `json:"range"`
	Snippet *struct {
		Code string `json:"code"`
	} `json:"snippet"`
}

// text is what a user reads of the diagnostic: its summary, the line of
// configuration it points at, and its detail.
func (d *cliDiagnostic) text() string {
	code := ""
	if d.Snippet != nil {
		code = d.Snippet.Code
	}
	return d.Summary + "\n" + code + "\n" + d.Detail
}

// TestAccE2E_invalidConfigs plans every configuration of the corpus, each a
// module of one root configuration, and finds for each the error its first
// line names, reported on that module, with no API call at all. A plan
// stops at the errors of the configuration's validation, before the errors
// that only the planning of a resource finds: the files whose error was
// found leave the configuration, and the others are planned again, until
// every file has its error or a plan finds none of those left.
//
// Files are grouped rather than planned one by one: over a hundred files,
// under two CLIs, would otherwise take minutes of the test suite.
func TestAccE2E_invalidConfigs(t *testing.T) {
	binary := acctest.CLI(t)
	providerDir := acctest.ReleaseDir(t)
	m := ovhmock.New(ovhmock.Options{})
	endpoint := acctest.ServeMock(t, m)
	w := acctest.NewWorkdir(t, binary, providerDir, endpoint, "")
	env := append([]string{"TF_LOG="}, acctest.MockCredentials...)

	const versions = acctest.RequiredProviders
	left := readCorpus(t)
	for _, c := range left {
		dir := filepath.Join(w.Dir, c.name)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		acctest.WriteFile(t, filepath.Join(dir, "versions.tf"), versions)
		acctest.WriteFile(t, filepath.Join(dir, "main.tf"), c.body)
	}
	total := len(left)
	for round := 1; len(left) > 0; round++ {
		var root strings.Builder
		root.WriteString(versions)
		for _, c := range left {
			fmt.Fprintf(&root, "\nmodule %q {\n  source = \"./%s\"\n}\n", "m"+c.name, c.name)
		}
		acctest.WriteFile(t, filepath.Join(w.Dir, "main.tf"), root.String())
		// Local modules need `get`; the provider comes from dev_overrides.
		w.Run(env, "get", "-no-color")
		out, err := w.Try(env, "plan", "-json", "-no-color", "-input=false", "-lock=false")
		if err == nil {
			t.Fatalf("round %d: the plan of %d invalid configurations succeeded", round, len(left))
		}
		found := map[string][]string{} // module name -> error texts
		sc := bufio.NewScanner(strings.NewReader(out))
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var line struct {
				Type       string         `json:"type"`
				Diagnostic *cliDiagnostic `json:"diagnostic"`
			}
			if json.Unmarshal(sc.Bytes(), &line) != nil || line.Type != "diagnostic" || line.Diagnostic.Severity != "error" {
				continue
			}
			d := line.Diagnostic
			module := moduleOf(d)
			found[module] = append(found[module], d.text())
		}
		var next []corpusCase
		failed := 0
		for _, c := range left {
			texts := found[c.name]
			if slices.ContainsFunc(texts, c.want.MatchString) {
				continue
			}
			if len(texts) > 0 {
				t.Errorf("%s.tf: the plan reported other errors than %q:\n%s", c.name, c.want, strings.Join(texts, "\n---\n"))
				failed++
				continue
			}
			next = append(next, c)
		}
		t.Logf("round %d: %d of %d configurations showed their error", round, len(left)-len(next)-failed, len(left))
		if len(next) == len(left) {
			var names []string
			for _, c := range next {
				names = append(names, c.name)
			}
			t.Fatalf("no error found for %s; the plan said:\n%s", strings.Join(names, ", "), acctest.Tail(out, 6000))
		}
		left = next
	}
	if reqs := m.Requests(); len(reqs) != 0 {
		t.Errorf("%d API calls for %d invalid configurations, want 0; first: %s %s", len(reqs), total, reqs[0].Method, reqs[0].Path)
	}
}

// moduleOf names the corpus module a diagnostic is about, from its address
// (module.mNN-name.ovh_...) or the file it points at (NN-name/main.tf).
func moduleOf(d *cliDiagnostic) string {
	if rest, ok := strings.CutPrefix(d.Address, "module.m"); ok {
		name, _, _ := strings.Cut(rest, ".")
		return name
	}
	if d.Range != nil {
		if dir := filepath.Dir(d.Range.Filename); dir != "." {
			return filepath.Base(dir)
		}
	}
	return ""
}
