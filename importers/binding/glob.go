package binding

import (
	"strings"
	"unicode/utf8"
)

// IsGlob reports whether a reference is a pattern: it holds * or ?.
func IsGlob(s string) bool { return strings.ContainsAny(s, "*?") }

// Glob reports whether s matches pattern, where * stands for any run of
// characters (dots, brackets and slashes included) and ? for exactly one
// character; every other character stands for itself. Terraform addresses
// hold brackets and quotes, so there are no character classes. It does
// not allocate: it runs once per node for every pattern of a manifest.
func Glob(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && pattern[p] == '?':
			_, n := utf8.DecodeRuneInString(s[i:])
			p, i = p+1, i+n
		case p < len(pattern) && pattern[p] == s[i]:
			p, i = p+1, i+1
		case star >= 0:
			// let the last star swallow one more character and retry
			_, n := utf8.DecodeRuneInString(s[mark:])
			mark += n
			p, i = star+1, mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
