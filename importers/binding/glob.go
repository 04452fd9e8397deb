package binding

import "strings"

// IsGlob reports whether a reference is a pattern: it holds * or ?.
func IsGlob(s string) bool { return strings.ContainsAny(s, "*?") }

// Glob reports whether s matches pattern, where * stands for any run of
// characters (dots, brackets and slashes included) and ? for exactly one
// character; every other character stands for itself. Terraform addresses
// hold brackets and quotes, so there are no character classes.
func Glob(pattern, s string) bool {
	p := []rune(pattern)
	r := []rune(s)
	pi, ri := 0, 0
	star, mark := -1, 0
	for ri < len(r) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ri
			pi++
		case pi < len(p) && (p[pi] == '?' || p[pi] == r[ri]):
			pi++
			ri++
		case star >= 0:
			// let the last star swallow one more character and retry
			mark++
			pi, ri = star+1, mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
