package analyzer_test

import (
	"sync"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/tfstate"
)

var (
	benchMu     sync.Mutex
	benchGraphs = map[int]*graph.Graph{}
)

// benchGraph imports the synthetic state of n resources once.
func benchGraph(b *testing.B, n int) *graph.Graph {
	benchMu.Lock()
	defer benchMu.Unlock()
	if g, ok := benchGraphs[n]; ok {
		return g
	}
	g := graph.New()
	if err := (tfstate.Importer{}).Import(importers.Input{Name: "org.tfstate", Data: synth.State(n)}, g); err != nil {
		b.Fatal(err)
	}
	benchGraphs[n] = g
	return g
}

// BenchmarkNew measures compiling a graph for analysis.
func BenchmarkNew(b *testing.B) {
	for _, n := range synth.BenchSizes() {
		g := benchGraph(b, n)
		b.Run(synth.SizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				analyzer.New(g, nil)
			}
		})
	}
}

// BenchmarkWhatif measures one scenario, a whole region down, with its
// explanations.
func BenchmarkWhatif(b *testing.B) {
	for _, n := range synth.BenchSizes() {
		g := benchGraph(b, n)
		a := analyzer.New(g, nil)
		scen := analyzer.Scenario{Down: []analyzer.Domain{{Kind: analyzer.DomainRegion, Cloud: "aws", Region: "us-east-1"}}}
		b.Run(synth.SizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			var res *analyzer.Result
			for b.Loop() {
				res = a.Run(scen)
			}
			b.ReportMetric(float64(len(res.Impacts)), "impacts")
		})
	}
}

// BenchmarkDataExposure measures listing the stateful stores with their
// copies and what a whole region down does to their data. The listing is
// made once an analyzer, so each operation compiles the inferred graph
// afresh (BenchmarkNew measures that part alone).
func BenchmarkDataExposure(b *testing.B) {
	for _, n := range synth.BenchSizes() {
		g := benchGraph(b, n)
		k := platform.Default()
		inf := analyzer.Infer(g, k)
		scen := analyzer.Scenario{Down: []analyzer.Domain{{Kind: analyzer.DomainRegion, Cloud: "aws", Region: "us-east-1"}}}
		res := analyzer.Compile(g, k, inf).Run(scen)
		b.Run(synth.SizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			var stores, exposed int
			for b.Loop() {
				a := analyzer.Compile(g, k, inf)
				stores = len(a.Stores())
				exposed = len(a.DataExposure(res))
			}
			if stores == 0 || exposed == 0 {
				b.Fatalf("%d stores, %d exposed: nothing measured", stores, exposed)
			}
			b.ReportMetric(float64(stores), "stores")
			b.ReportMetric(float64(exposed), "exposed")
		})
	}
}

// BenchmarkByTeam measures the team view of a whole region down, every
// node owned by one of seven teams (by state pattern on a file name each
// node shares, so that the owner lookup walks the patterns): it reads
// each impact's chain once, so it grows with the explanations, not with
// pairs of nodes.
func BenchmarkByTeam(b *testing.B) {
	for _, n := range synth.BenchSizes() {
		g := benchGraph(b, n)
		a := analyzer.New(g, nil)
		scen := analyzer.Scenario{Down: []analyzer.Domain{{Kind: analyzer.DomainRegion, Cloud: "aws", Region: "us-east-1"}}}
		res := a.Run(scen)
		owners := &analyzer.Owners{Keys: analyzer.DefaultOwnerKeys}
		for _, t := range []string{"net", "k8s", "data", "edge", "shop", "pay", "org"} {
			owners.States = append(owners.States, analyzer.StateOwner{Path: "*" + t + "*", Team: t})
		}
		b.Run(synth.SizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			var v analyzer.TeamView
			for b.Loop() {
				v = analyzer.ByTeam(g, res, owners)
			}
			b.ReportMetric(float64(len(res.Impacts)), "impacts")
			b.ReportMetric(float64(len(v.Teams)), "teams")
		})
	}
}
