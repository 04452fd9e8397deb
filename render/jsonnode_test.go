package render

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// randomNodeJSON fills a NodeJSON's fields at random, empty or not, with
// strings that need escaping among them.
func randomNodeJSON(r *rand.Rand) NodeJSON {
	strs := []string{"", "a", "aws_lb.web", `q"uote`, `back\slash`, "tab\tnew\nline\r\b\f", "<&>",
		"ünï ☃ \u2028 \u2029", "\x00\x1f\x7f", "bad \xff utf-8", `module.cell["cell-0001"].aws_instance.app[0]`}
	s := func() string { return strs[r.IntN(len(strs))] }
	list := func() []string {
		switch r.IntN(3) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		l := make([]string, 1+r.IntN(3))
		for i := range l {
			l[i] = s()
		}
		return l
	}
	steps := func() []analyzer.Step {
		if r.IntN(3) == 0 {
			return nil
		}
		l := make([]analyzer.Step, r.IntN(4))
		for i := range l {
			l[i] = analyzer.Step{Node: s(), Why: s()}
		}
		return l
	}
	n := NodeJSON{ID: s(), Kind: graph.Kind(s()), Address: s(), Type: s(), Provider: s(), Region: s(),
		Zone: s(), Zones: list(), Regions: list(), Scope: graph.Scope(s()), State: s(), Role: s(),
		Propagated: s(), Frozen: r.IntN(2) == 0, Reason: s(), Domain: s(), Explanation: steps(),
		FrozenReason: s(), FrozenChain: steps(), Inferred: r.IntN(2) == 0, Lost: list(), Left: list(),
		Workspace: s()}
	if r.IntN(3) > 0 {
		n.Source = &graph.Source{File: s(), Address: s(), Line: r.IntN(3) * r.IntN(1000)}
	}
	return n
}

// TestNodeJSONLikeEncodingJSON holds the direct writer of the whatif
// report's nodes to what encoding/json writes for the same document.
func TestNodeJSONLikeEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 300 {
		nodes := make([]NodeJSON, r.IntN(4))
		for i := range nodes {
			nodes[i] = randomNodeJSON(r)
		}
		doc := impactDoc{SchemaVersion: SchemaVersion, Nodes: []NodeJSON{}, Warnings: []string{"w"}}
		var got strings.Builder
		if err := writeJSONLists(&got, doc, nodeList(nodes)); err != nil {
			t.Fatal(err)
		}
		doc.Nodes = nodes
		if want := reference(doc); got.String() != want {
			t.Fatalf("round %d: direct writer differs from encoding/json:\n got: %s\nwant: %s", round, got.String(), want)
		}
	}
}

// TestNodeJSONFieldsCovered fails when NodeJSON gains a field the direct
// writer does not know: every field filled, the two must still agree.
func TestNodeJSONFieldsCovered(t *testing.T) {
	n := NodeJSON{ID: "i", Kind: "k", Address: "a", Type: "t", Provider: "p", Region: "r", Zone: "z",
		Zones: []string{"z1"}, Regions: []string{"r1"}, Scope: "s", State: "st", Role: "ro", Propagated: "pr",
		Frozen: true, Reason: "re", Domain: "d", Explanation: []analyzer.Step{{Node: "n", Why: "w"}},
		FrozenReason: "fr", FrozenChain: []analyzer.Step{{Node: "n2", Why: "w2"}}, Inferred: true,
		Lost: []string{"l"}, Left: []string{"le"}, Source: &graph.Source{File: "f", Address: "sa", Line: 7},
		Workspace: "ws"}
	v := reflect.ValueOf(n)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("fill NodeJSON.%s in this test", v.Type().Field(i).Name)
		}
	}
	got := "    " + string(appendNodeJSON(nil, &n)) + "\n"
	doc := struct {
		Nodes []NodeJSON `json:"nodes"`
	}{[]NodeJSON{n}}
	want := reference(doc)
	want = strings.TrimSuffix(strings.TrimPrefix(want, "{\n  \"nodes\": [\n"), "  ]\n}\n")
	if got != want {
		t.Fatalf("a NodeJSON field is missing from the direct writer:\n got: %s\nwant: %s", got, want)
	}
}
