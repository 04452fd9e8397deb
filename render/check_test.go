package render

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// A markdown check report stays under GitHub's comment limit: optional
// sections go first, the last first, with a note; the marker and the
// verdict always stay.
func TestCheckMarkdownLimit(t *testing.T) {
	big := func(name string, n int, optional bool) chkMdSection {
		return chkMdSection{name: name, text: "\n" + strings.Repeat("| row | ü |\n", n), optional: optional}
	}
	verdict := chkMdSection{name: "verdict", text: CheckMarker + "\n**verdict**\n"}
	for _, tc := range []struct {
		name    string
		secs    []chkMdSection
		dropped []string
	}{
		{"fits", []chkMdSection{verdict, big("changes", 10, false), big("details", 10, true)}, nil},
		{"drops details", []chkMdSection{verdict, big("changes", 3000, false), big("scenarios", 3000, true), big("explanations", 3000, true)},
			[]string{"scenarios", "explanations"}},
		{"drops the last first", []chkMdSection{verdict, big("changes", 1000, false), big("scenarios", 1000, true), big("explanations", 4000, true)},
			[]string{"explanations"}},
		{"cuts what must stay", []chkMdSection{verdict, big("changes", 10000, false)}, nil},
	} {
		out := chkAssemble(tc.secs, MarkdownLimit)
		if n := utf8.RuneCountInString(out); n > MarkdownLimit {
			t.Errorf("%s: %d characters, over %d", tc.name, n, MarkdownLimit)
		}
		if !strings.HasPrefix(out, CheckMarker+"\n**verdict**") {
			t.Errorf("%s: marker and verdict lost", tc.name)
		}
		truncated := strings.Contains(out, "Truncated to stay under")
		if want := tc.dropped != nil || tc.name == "cuts what must stay"; truncated != want {
			t.Errorf("%s: truncation note %v, want %v", tc.name, truncated, want)
		}
		for _, d := range tc.dropped {
			if !strings.Contains(out, "left out: ") || !strings.Contains(out, d) {
				t.Errorf("%s: the note does not name %s", tc.name, d)
			}
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got := chkGhData("50% done\nnext"); got != "50%25 done%0Anext" {
		t.Errorf("data: %q", got)
	}
	if got := chkGhProp("a:b,c"); got != "a%3Ab%2Cc" {
		t.Errorf("property: %q", got)
	}
}
