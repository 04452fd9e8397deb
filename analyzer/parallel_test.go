package analyzer

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/tfstate"
)

// TestInferSameOnEveryCore runs the inference over a synthetic state on
// one core and on every core: the edges, groups and inferences must be
// the same.
func TestInferSameOnEveryCore(t *testing.T) {
	state := synth.State(2000)
	run := func(from int) (*graph.Graph, *Inferred) {
		old := parallelFrom
		parallelFrom = from
		defer func() { parallelFrom = old }()
		g := graph.New()
		if err := (tfstate.Importer{}).Import(importers.Input{Name: "org.tfstate", Data: state}, g); err != nil {
			t.Fatal(err)
		}
		return g, Infer(g, platform.Default())
	}
	g1, in1 := run(1 << 30)
	g2, in2 := run(1)
	if len(in1.List) == 0 {
		t.Fatal("no inferences: the test shows nothing")
	}
	if !reflect.DeepEqual(in1.List, in2.List) {
		t.Errorf("inferences differ: %d on one core, %d on every core", len(in1.List), len(in2.List))
	}
	if !reflect.DeepEqual(g1.Edges(), g2.Edges()) {
		t.Errorf("edges differ")
	}
	groups := func(g *graph.Graph) string {
		s := ""
		for _, id := range g.IDs() {
			s += fmt.Sprint(id, g.Groups(id), "\n")
		}
		return s
	}
	if groups(g1) != groups(g2) {
		t.Errorf("groups differ")
	}
}
