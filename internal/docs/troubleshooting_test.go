package docs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// The troubleshooting guide quotes the provider's log lines and error
// messages so that users can search for them: every one must be what the
// code writes, word for word. TestTroubleshootingQuotesTheProvidersWords
// checks them against the source; TestAccE2E_troubleshootingLogs
// (internal/e2e) checks that the waits of a real apply print them.

const troubleshootingGuide = "guides/troubleshooting.md"

// sourceDirs are the packages whose messages users read.
var sourceDirs = []string{"../kube", "../ovhapi", "../provider", "../validate"}

// wildcard stands, in a message template, for a value the code fills in: a
// formatting verb or an expression that is not a string literal.
const wildcard = "\x00"

var fmtVerb = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?\d*(\.\d+)?[a-zA-Z]`)

// template renders a string expression with wildcards for what is not a
// literal: "a" + x + "b %s" is "a\x00b \x00". ok is false when it has no
// literal at all.
func template(e ast.Expr) (s string, ok bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return wildcard, false
		}
		v, err := strconv.Unquote(e.Value)
		if err != nil {
			return wildcard, false
		}
		v = fmtVerb.ReplaceAllString(v, wildcard)
		return strings.ReplaceAll(v, "%%", "%"), true
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return wildcard, false
		}
		l, lok := template(e.X)
		r, rok := template(e.Y)
		return l + r, lok || rok
	case *ast.ParenExpr:
		return template(e.X)
	}
	return wildcard, false
}

// pattern is one line of a message template.
type pattern struct {
	re *regexp.Regexp
	// literal counts the characters that are not wildcards.
	literal int
	// where names the source position, for messages.
	where string
}

func newPattern(line, where string) pattern {
	parts := strings.Split(line, wildcard)
	quoted := make([]string, len(parts))
	n := 0
	for i, p := range parts {
		quoted[i] = regexp.QuoteMeta(p)
		n += len(p)
	}
	return pattern{re: regexp.MustCompile(`^` + strings.Join(quoted, `.+`) + `$`), literal: n, where: where}
}

// logCall is a tflog call of the source.
type logCall struct {
	level string // INFO, DEBUG, WARN...
	msg   pattern
	// keys are the field names of its map literal; nil when its fields are
	// not a literal.
	keys map[string]bool
}

// sourceMessages reads every string the packages of sourceDirs can write:
// the lines of their string templates, their log calls, and the fields set
// on the logging context.
func sourceMessages(t *testing.T) (lines []pattern, logs []logCall, contextKeys map[string]bool) {
	t.Helper()
	contextKeys = map[string]bool{}
	fset := token.NewFileSet()
	for _, dir := range sourceDirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go file in %s: %v", dir, err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, file, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BasicLit, *ast.BinaryExpr:
					if s, ok := template(n.(ast.Expr)); ok {
						where := fset.Position(n.Pos()).String()
						for _, l := range strings.Split(s, "\n") {
							if strings.Trim(l, wildcard+" ") != "" {
								lines = append(lines, newPattern(l, where))
							}
						}
					}
				case *ast.CallExpr:
					sel, ok := n.Fun.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "tflog" {
						return true
					}
					if sel.Sel.Name == "SetField" && len(n.Args) == 3 {
						if lit, ok := n.Args[1].(*ast.BasicLit); ok {
							key, _ := strconv.Unquote(lit.Value)
							contextKeys[key] = true
						}
						return true
					}
					if len(n.Args) < 2 {
						return true
					}
					s, ok := template(n.Args[1])
					if !ok {
						return true
					}
					c := logCall{level: strings.ToUpper(sel.Sel.Name), msg: newPattern(s, fset.Position(n.Pos()).String()), keys: map[string]bool{}}
					if len(n.Args) == 3 {
						lit, ok := n.Args[2].(*ast.CompositeLit)
						if !ok {
							c.keys = nil
						} else {
							for _, el := range lit.Elts {
								if kv, ok := el.(*ast.KeyValueExpr); ok {
									if k, ok := kv.Key.(*ast.BasicLit); ok {
										key, _ := strconv.Unquote(k.Value)
										c.keys[key] = true
									}
								}
							}
						}
					}
					logs = append(logs, c)
				}
				return true
			})
		}
	}
	return lines, logs, contextKeys
}

// textBlocks returns the lines of the ```text blocks of a page.
func textBlocks(t *testing.T, page string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(docsDir, filepath.FromSlash(page)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	in := false
	for _, l := range strings.Split(string(raw), "\n") {
		switch {
		case !in && strings.TrimSpace(l) == "```text":
			in = true
		case in && strings.TrimSpace(l) == "```":
			in = false
		case in && strings.TrimSpace(l) != "":
			out = append(out, l)
		}
	}
	return out
}

// logLine is a provider's log line as the CLI prints it, without the date:
// "[INFO]  provider.terraform-provider-ovh: <message>: key=value ...".
var logLine = regexp.MustCompile(`^\[(TRACE|DEBUG|INFO|WARN|ERROR)\] +provider\.terraform-provider-ovh: (.*)$`)

// logFields matches what follows a log message: key=value pairs, a value
// quoted when it holds spaces.
var logFields = regexp.MustCompile(`^(?:[\w@.]+=(?:"(?:[^"\\]|\\.)*"|\S*)(?: |$))+$`)

var logField = regexp.MustCompile(`([\w@.]+)=("(?:[^"\\]|\\.)*"|\S*)`)

// splitLogLine separates the message of a log line from its fields: the
// message ends at the first ": " after which only fields follow.
func splitLogLine(rest string) (msg string, fields map[string]string) {
	for i := 0; i+2 <= len(rest); i++ {
		if rest[i:i+2] != ": " || !logFields.MatchString(rest[i+2:]) {
			continue
		}
		fields = map[string]string{}
		for _, m := range logField.FindAllStringSubmatch(rest[i+2:], -1) {
			fields[m[1]] = m[2]
		}
		return rest[:i], fields
	}
	return rest, nil
}

// apiAnswer is the start of a message of an API error, ovhapi.Error.
var apiAnswer = regexp.MustCompile(`^OVHcloud API answered (\d+) (\S+) to (\S+) (\S+): (.+?) \(query id ([^)]*)\)(?:\. (.+))?$`)

// minCoverage is the share of a quoted line that the literal words of its
// template must make up: a template of one word and a value ("%s: %w")
// matches anything, and proves nothing.
const minCoverage = 0.3

// TestTroubleshootingQuotesTheProvidersWords reads every line of the
// troubleshooting guide's text blocks and finds it in the provider's code:
// a log line's message in a tflog call of the same level whose fields hold
// the keys the guide shows; an error line, "Error: " put aside, in a string
// template of the code whose literal words make up a good part of it. An
// answer of the API is rebuilt with ovhapi.Error, and its hint found in the
// code. The CLI's own messages are quoted in the prose, not in text blocks.
func TestTroubleshootingQuotesTheProvidersWords(t *testing.T) {
	patterns, logs, contextKeys := sourceMessages(t)
	matches := func(line string) (pattern, bool) {
		for _, p := range patterns {
			exact := !strings.Contains(p.re.String(), ".+")
			if p.re.MatchString(line) && (exact || float64(p.literal) >= minCoverage*float64(len(line))) {
				return p, true
			}
		}
		return pattern{}, false
	}

	lines := textBlocks(t, troubleshootingGuide)
	logsSeen, errorsSeen := 0, 0
	for _, line := range lines {
		if m := logLine.FindStringSubmatch(line); m != nil {
			logsSeen++
			level := m[1]
			msg, fields := splitLogLine(m[2])
			if fields == nil {
				t.Errorf("log line without fields after its message (the provider's lines always have some): %q", line)
				continue
			}
			var found *logCall
			for i, c := range logs {
				if c.level == level && c.msg.re.MatchString(msg) {
					found = &logs[i]
					break
				}
			}
			if found == nil {
				t.Errorf("no tflog call of level %s writes %q (quoted by %s): was it reworded?", level, msg, troubleshootingGuide)
				continue
			}
			for k := range fields {
				if found.keys != nil && !found.keys[k] && !contextKeys[k] {
					t.Errorf("the log line %q shows a field %q that the call at %s does not write", msg, k, found.msg.where)
				}
			}
			continue
		}
		if strings.HasPrefix(line, "[") {
			t.Errorf("a line that looks like a log line but is not the provider's: %q", line)
			continue
		}
		errorsSeen++
		text := strings.TrimPrefix(strings.TrimPrefix(line, "Error: "), "Warning: ")
		if m := apiAnswer.FindStringSubmatch(text); m != nil {
			status, _ := strconv.Atoi(m[1])
			e := &ovhapi.Error{Status: status, Class: m[2], Method: m[3], Path: m[4], Message: m[5], QueryID: m[6]}
			if got := e.Error(); !strings.HasPrefix(text, got) {
				t.Errorf("the guide quotes an API error as %q, the client writes it %q", text, got)
			}
			if m[7] == "" {
				continue
			}
			text = m[7]
		}
		if _, ok := matches(text); !ok {
			t.Errorf("no message of the code reads %q (quoted by %s): was it reworded?", text, troubleshootingGuide)
		}
	}
	if logsSeen < 20 || errorsSeen < 8 {
		t.Fatalf("%d log lines and %d error lines found in the text blocks of %s: the test would prove little", logsSeen, errorsSeen, troubleshootingGuide)
	}
	t.Logf("%d log lines and %d error lines checked against %d templates and %d log calls", logsSeen, errorsSeen, len(patterns), len(logs))
}
