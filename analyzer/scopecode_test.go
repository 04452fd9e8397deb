package analyzer

import (
	"testing"

	"github.com/blast-dev/blast/graph"
)

// TestScopeCodes holds the analyzer's one-byte scopes to the scopes they
// stand for: every scope of graph's, and a string that is none of them
// (a saved graph's conclusions, read back) kept as it was.
func TestScopeCodes(t *testing.T) {
	g := graph.New()
	want := map[string]graph.Scope{}
	for _, s := range []graph.Scope{graph.ScopeZonal, graph.ScopeRegional, graph.ScopeMultiRegion, graph.ScopeGlobal, graph.ScopeUnknown, "planetary"} {
		id := "aws_thing." + string(s)
		if err := g.AddNode(&graph.Node{ID: id, Kind: graph.KindResource, Type: "aws_thing", Placement: graph.Placement{Cloud: "aws", Region: "us-east-1"}}); err != nil {
			t.Fatal(err)
		}
		want[id] = s
	}
	a := Compile(g, nil, RestoreInferred(SavedInference{Scope: want}))
	for i, n := range a.Nodes() {
		if got := a.ScopeAt(i); got != want[n.ID] {
			t.Errorf("%s: ScopeAt %q, want %q", n.ID, got, want[n.ID])
		}
		if got := a.ScopeOf(n.ID); got != want[n.ID] {
			t.Errorf("%s: ScopeOf %q, want %q", n.ID, got, want[n.ID])
		}
	}
	if len(a.otherScope) != 1 {
		t.Errorf("other scopes %v, want the one that is none of graph's", a.otherScope)
	}
}
