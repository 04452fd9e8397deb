// Package glob matches names against patterns in which * stands for any
// run of characters. It is the one matcher of blast: policies and
// suppressions (Star), the platform knowledge's type patterns (Star) and
// the service manifest's references (Match, where ? stands for one
// character too). It imports nothing of blast's.
package glob

import (
	"strings"
	"unicode/utf8"
)

// HasWildcard reports whether a manifest reference is a pattern for
// Match: it holds * or ?.
func HasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// Match reports whether s matches pattern, where * stands for any run of
// characters (dots, brackets and slashes included, and none) and ? for
// exactly one character; every other character stands for itself.
// Terraform addresses hold brackets and quotes, so there are no
// character classes. It does not allocate.
func Match(pattern, s string) bool { return match(pattern, s, true) }

// Star reports whether s matches pattern, where * stands for any run of
// characters (and none); every other character, ? included, stands for
// itself. It does not allocate.
func Star(pattern, s string) bool { return match(pattern, s, false) }

// match walks pattern and s once, going back only to the last star: on a
// mismatch the star swallows one more character of s and the rest of the
// pattern is tried again. With question, ? matches one character (a
// whole UTF-8 sequence) and a star swallows whole characters; without,
// ? is a literal and a star swallows bytes.
func match(pattern, s string, question bool) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case question && p < len(pattern) && pattern[p] == '?':
			_, n := utf8.DecodeRuneInString(s[i:])
			p, i = p+1, i+n
		case p < len(pattern) && pattern[p] == s[i]:
			p, i = p+1, i+1
		case star >= 0:
			n := 1
			if question {
				_, n = utf8.DecodeRuneInString(s[mark:])
			}
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
