package render_test

import (
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/tfstate"
	"github.com/blast-dev/blast/render"
)

// benchReport imports the synthetic state of n resources and runs one
// scenario on it.
func benchReport(b *testing.B, n int, down analyzer.Domain) *render.Report {
	g := graph.New()
	if err := (tfstate.Importer{}).Import(importers.Input{Name: "org.tfstate", Data: synth.State(n)}, g); err != nil {
		b.Fatal(err)
	}
	a := analyzer.New(g, nil)
	res := a.Run(analyzer.Scenario{Down: []analyzer.Domain{down}})
	// with the data exposures, as whatif reports them
	return &render.Report{Graph: g, Analyzer: a, Result: res, Data: a.DataExposure(res)}
}

func benchRender(b *testing.B, format string, down analyzer.Domain) {
	fn, err := render.Lookup(render.ViewImpact, format)
	if err != nil {
		b.Skipf("no %s renderer: %v", format, err)
	}
	for _, n := range synth.BenchSizes() {
		r := benchReport(b, n, down)
		b.Run(synth.SizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			var size counter
			for b.Loop() {
				size = 0
				if err := fn(&size, r); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(size), "out-bytes")
		})
	}
}

// counter is a writer that counts what it is given and keeps nothing:
// the benchmarks measure the renderer, not a buffer grown to hold its
// output.
type counter int

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}

// BenchmarkJSON measures the JSON report of a region outage (every node
// with its state and explanation).
func BenchmarkJSON(b *testing.B) {
	benchRender(b, "json", analyzer.Domain{Kind: analyzer.DomainRegion, Cloud: "aws", Region: "us-east-1"})
}

// BenchmarkSVG measures drawing the impacted subgraph of a zone outage as
// SVG (DOT generation, collapse, Graphviz layout).
func BenchmarkSVG(b *testing.B) {
	benchRender(b, "svg", analyzer.Domain{Kind: analyzer.DomainZone, Cloud: "aws", Zone: "us-east-1a", Region: "us-east-1"})
}
