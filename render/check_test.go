package render

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
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

// mermaidSyntax checks the flowchart blast check writes: a header, node
// lines with quoted, escaped labels and a class, edges between declared
// nodes, and class definitions for every class used.
func mermaidSyntax(t *testing.T, block string) {
	t.Helper()
	nodeRe := regexp.MustCompile(`^  (n\d+)(\["[^"<>]*"\]|\{\{"[^"<>]*"\}\}):::(\w+)$`)
	edgeRe := regexp.MustCompile(`^  (n\d+) --> (n\d+)$`)
	classRe := regexp.MustCompile(`^  classDef (\w+) [\w#:,]+$`)
	lines := strings.Split(strings.TrimSpace(block), "\n")
	if lines[0] != "flowchart LR" {
		t.Fatalf("header %q", lines[0])
	}
	nodes, used, defined := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, l := range lines[1:] {
		switch {
		case nodeRe.MatchString(l):
			m := nodeRe.FindStringSubmatch(l)
			if nodes[m[1]] {
				t.Errorf("node %s declared twice", m[1])
			}
			nodes[m[1]], used[m[3]] = true, true
		case edgeRe.MatchString(l):
			m := edgeRe.FindStringSubmatch(l)
			if !nodes[m[1]] || !nodes[m[2]] {
				t.Errorf("edge between undeclared nodes: %q", l)
			}
		case classRe.MatchString(l):
			defined[classRe.FindStringSubmatch(l)[1]] = true
		default:
			t.Errorf("not a flowchart line: %q", l)
		}
	}
	for c := range used {
		if !defined[c] {
			t.Errorf("class %s used, not defined", c)
		}
	}
}

// The diagram of what newly fails is a valid flowchart, with addresses
// holding quotes and brackets escaped.
func TestCheckMermaid(t *testing.T) {
	c := &checks.Check{Changes: []checks.StateChange{{
		Node: `module.a["x.io"].aws_instance.web[0]`, Scenario: "aws:us-east-1a", Worse: true,
		After: checks.Outcome{State: analyzer.Failed}, Domain: "aws:us-east-1a",
		Chain: []analyzer.Step{{Node: `module.a["x.io"].aws_instance.web[0]`, Why: "needs"}, {Node: `aws_subnet.a<b>#1`, Why: "in"}},
	}, {
		Node: "service:checkout", Scenario: "aws:us-east-1a", Worse: true, After: checks.Outcome{State: analyzer.Failed},
		Domain: "aws:us-east-1a", Chain: []analyzer.Step{{Node: "service:checkout"}, {Node: `module.a["x.io"].aws_instance.web[0]`}, {Node: `aws_subnet.a<b>#1`}},
	}}}
	md := chkMdDiagram(c)
	start := strings.Index(md, "```mermaid\n")
	end := strings.LastIndex(md, "```")
	if start < 0 || end <= start {
		t.Fatalf("no mermaid block:\n%s", md)
	}
	block := md[start+len("```mermaid\n") : end]
	mermaidSyntax(t, block)
	if strings.Count(block, "-->") != 3 {
		t.Errorf("want 3 edges (shared steps drawn once):\n%s", block)
	}
	for _, want := range []string{`#quot;x.io#quot;`, "#lt;b#gt;#35;1", `{{"aws:us-east-1a down"}}`} {
		if !strings.Contains(block, want) {
			t.Errorf("diagram lacks %s:\n%s", want, block)
		}
	}
}
