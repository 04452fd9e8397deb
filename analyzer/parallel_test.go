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

// onCores runs fn with work split over the cores from from items on
// (1 << 30: on one core).
func onCores(from int, fn func()) {
	old := parallelFrom
	parallelFrom = from
	defer func() { parallelFrom = old }()
	fn()
}

// importState imports a raw state into a new graph.
func importState(t *testing.T, state []byte) *graph.Graph {
	t.Helper()
	g := graph.New()
	if err := (tfstate.Importer{}).Import(importers.Input{Name: "org.tfstate", Data: state}, g); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestInferSameOnEveryCore runs the inference over a synthetic state on
// one core and on every core: the edges, groups and inferences must be
// the same.
func TestInferSameOnEveryCore(t *testing.T) {
	state := synth.State(2000)
	run := func(from int) (g *graph.Graph, inf *Inferred) {
		onCores(from, func() {
			g = importState(t, state)
			inf = Infer(g, platform.Default())
		})
		return g, inf
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

// TestCompileSameOnEveryCore compiles a synthetic state's graph on one
// core and on every core: the same compiled view, and the same result
// for a region outage.
func TestCompileSameOnEveryCore(t *testing.T) {
	state := synth.State(2000)
	compile := func(from int) (a *Analyzer) {
		onCores(from, func() { a = New(importState(t, state), platform.Default()) })
		return a
	}
	one, every := compile(1<<30), compile(1)
	if len(one.in) == 0 || len(one.zoneReg) == 0 {
		t.Fatal("nothing compiled: the test shows nothing")
	}
	for name, pair := range map[string][2]any{
		"scope": {one.scope, every.scope}, "other scopes": {one.otherScope, every.otherScope}, "spreads": {one.spread, every.spread},
		"regions": {one.regions, every.regions}, "edges": {one.out, every.out}, "edge places": {one.outAt, every.outAt}, "dependents": {one.in, every.in}, "dependent places": {one.inAt, every.inAt},
		"groups": {one.groups, every.groups}, "zones": {one.zoneReg, every.zoneReg}, "node zones": {one.zoneAt, every.zoneAt}, "zone lists": {one.zoneLists, every.zoneLists}, "facts": {one.factAt, every.factAt}, "nodes": {one.nodes, every.nodes},
		"group counts": {one.gflat, every.gflat}, "group places": {one.gbase, every.gbase}, "node bits": {one.bits, every.bits},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s differ between one core and every core", name)
		}
	}
	d, err := ParseDomain("aws:us-east-1", one.g)
	if err != nil {
		t.Fatal(err)
	}
	s := Scenario{Down: []Domain{d}}
	a, b := one.Run(s), every.Run(s)
	if a.Summary.Failed == 0 {
		t.Fatal("nothing failed in us-east-1: the test shows nothing")
	}
	if !reflect.DeepEqual(a.Impacts, b.Impacts) || a.Summary != b.Summary {
		t.Error("the outage of us-east-1 differs between one core and every core")
	}
}
