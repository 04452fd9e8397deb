package importers_test

import (
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

type listState struct{ items []string }

type countState struct{ n int }

func TestSessionState(t *testing.T) {
	s := importers.NewSession(graph.New())
	made := 0
	newList := func() *listState { made++; return &listState{} }
	importers.State(s, newList).items = append(importers.State(s, newList).items, "a")
	importers.State(s, newList).items = append(importers.State(s, newList).items, "b")
	importers.State(s, func() *countState { return &countState{} }).n = 7
	if made != 1 {
		t.Errorf("state made %d times, want once per session", made)
	}
	other := importers.NewSession(graph.New())
	if got := importers.Take[listState](other); got != nil {
		t.Errorf("another session holds %v", got.items)
	}
	got := importers.Take[listState](s)
	if got == nil || len(got.items) != 2 || got.items[0] != "a" || got.items[1] != "b" {
		t.Fatalf("Take = %+v, want [a b]", got)
	}
	if again := importers.Take[listState](s); again != nil {
		t.Errorf("Take twice = %+v, want nil: taking drops the state", again)
	}
	if c := importers.Take[countState](s); c == nil || c.n != 7 {
		t.Errorf("a second type's state = %+v, want its own value 7", c)
	}
	// an importer called outside a load gets a state kept nowhere
	importers.State(nil, newList).items = []string{"x"}
	if got := importers.Take[listState](nil); got != nil {
		t.Errorf("nil session kept %v", got.items)
	}
}
