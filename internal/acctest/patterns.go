package acctest

import (
	"regexp"
	"strings"
)

// MessagePattern matches the words of text, whatever the spacing between
// them: a message in CLI output, where long lines are wrapped, or in a
// diagnostic.
func MessagePattern(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

// Tail returns the last n bytes of s, or s when it is shorter: the end of a
// long CLI output, for a failure message.
func Tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
