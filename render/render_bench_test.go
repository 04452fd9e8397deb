package render_test

import (
	"bytes"
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
	return &render.Report{Graph: g, Analyzer: a, Result: res}
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
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				if err := fn(&buf, r); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "out-bytes")
		})
	}
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
