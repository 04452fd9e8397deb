package glob

import "testing"

// The cases the three matchers this package replaced were tested with
// (policies, platform knowledge, manifest references), and the places
// where ? parts them.
func TestMatchAndStar(t *testing.T) {
	for _, tc := range []struct {
		pattern, s  string
		match, star bool
	}{
		// policies and suppressions
		{"checkout", "checkout", true, true},
		{"check*", "checkout", true, true},
		{"*out", "checkout", true, true},
		{"c*k*t", "checkout", true, true},
		{"*", "", true, true},
		{"a*b", "ab", true, true},
		{"a*b*a", "aba", true, true},
		{"a*a", "a", false, false},
		{"aws_instance.web[*]", "aws_instance.web[0]", true, true},
		{"checkout", "checkouts", false, false},
		{"policy/*/checkout/any-*", "policy/p1/checkout/any-zone", true, true},
		// platform knowledge type patterns
		{"aws_ecs_*", "aws_ecs_service", true, true},
		{"aws_ecs_*", "aws_ec2_instance", false, false},
		{"aws_*_table", "aws_dynamodb_table", true, true},
		{"aws_lb", "aws_lb_listener", false, false},
		{"*_instance", "aws_instance", true, true},
		// manifest references
		{"module.db.*", "module.db.aws_db_instance.main", true, true},
		{"module.db.*", "module.dbx.aws_db_instance.main", false, false},
		{"module.db.*", "module.db", false, false},
		{"", "", true, true},
		{"", "x", false, false},
		{"aws_instance.web[*]", "aws_instance.web[10]", true, true},
		{`aws_iam_user.users["*"]`, `aws_iam_user.users["foo.bar"]`, true, true},
		{"*.aws_sqs_queue.*", "prod:module.q.aws_sqs_queue.jobs", true, true},
		{"a*b*c", "aXXbYYc", true, true},
		{"a*b*c", "aXXbYY", false, false},
		{"*c", "abcabc", true, true},
		{"a**", "a", true, true},
		{"*ß", "üüß", true, true},
		{"ü*", "üß", true, true},
		// ? is one character for Match, itself for Star
		{"aws_instance.web[?]", "aws_instance.web[0]", true, false},
		{"aws_instance.web[?]", "aws_instance.web[?]", true, true},
		{"aws_instance.web[?]", "aws_instance.web[10]", false, false},
		{"ü?", "üß", true, false},
		{"?ß", "üß", true, false},
		{"a?c", "aüc", true, false},
		{"a?c", "aüüc", false, false},
		{"what?", "what?", true, true},
		{"what?", "whats", true, false},
	} {
		if got := Match(tc.pattern, tc.s); got != tc.match {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.match)
		}
		if got := Star(tc.pattern, tc.s); got != tc.star {
			t.Errorf("Star(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.star)
		}
	}
}

func TestHasWildcard(t *testing.T) {
	for s, want := range map[string]bool{"checkout": false, "module.db.*": true, "web[?]": true, "": false} {
		if got := HasWildcard(s); got != want {
			t.Errorf("HasWildcard(%q) = %v, want %v", s, got, want)
		}
	}
}

// splitStar is the matcher policies and the platform knowledge used
// before this package: the pattern cut at its stars, the first piece a
// prefix, the last a suffix, the others found leftmost in between.
func splitStar(pattern, s string) bool {
	var parts []string
	start := 0
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == '*' {
			parts = append(parts, pattern[start:i])
			start = i + 1
		}
	}
	parts = append(parts, pattern[start:])
	if len(parts) == 1 {
		return pattern == s
	}
	if len(s) < len(parts[0]) || s[:len(parts[0])] != parts[0] {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		j := -1
		for k := 0; k+len(p) <= len(s); k++ {
			if s[k:k+len(p)] == p {
				j = k
				break
			}
		}
		if j < 0 {
			return false
		}
		s = s[j+len(p):]
	}
	last := parts[len(parts)-1]
	return len(s) >= len(last) && s[len(s)-len(last):] == last
}

// Star matches what the split matcher matched, byte for byte, whatever
// the bytes.
func FuzzStarAgreesWithSplit(f *testing.F) {
	for _, seed := range [][2]string{{"a*b*a", "aba"}, {"a*a", "a"}, {"*ß", "üüß"}, {"x?*", "x?yz"}, {"**", ""}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if got, want := Star(pattern, s), splitStar(pattern, s); got != want {
			t.Errorf("Star(%q, %q) = %v, split matcher says %v", pattern, s, got, want)
		}
	})
}
