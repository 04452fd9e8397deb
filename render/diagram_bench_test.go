package render_test

import (
	"bytes"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/render"
)

// benchImpact renders a region outage of a synthetic graph of n zonal
// resources (every one impacted) in one format.
func benchImpact(b *testing.B, n int, format string, opt render.DiagramOptions) {
	g := bigGraph(b, n)
	a := analyzer.New(g, nil)
	res := a.Run(analyzer.Scenario{Down: []analyzer.Domain{{Kind: analyzer.DomainRegion, Cloud: "aws", Region: "us-east-1"}}})
	r := &render.Report{Graph: g, Analyzer: a, Result: res, Diagram: opt}
	fn, err := render.Lookup(render.ViewImpact, format)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := fn(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImpactSVG5000 draws 5,000 impacted resources as SVG: auto
// collapse keeps the Graphviz layout small, so it takes well under a
// second.
func BenchmarkImpactSVG5000(b *testing.B) { benchImpact(b, 5000, "svg", render.DiagramOptions{}) }

// BenchmarkImpactDOT5000Uncollapsed writes the DOT of 5,000 resources
// without collapsing (no layout): the writer itself is linear.
func BenchmarkImpactDOT5000Uncollapsed(b *testing.B) {
	benchImpact(b, 5000, "dot", render.DiagramOptions{Collapse: "none"})
}

// BenchmarkMatrix5000 runs every region and zone of the synthetic graph
// and renders the matrix as SVG.
func BenchmarkMatrix5000(b *testing.B) {
	g := bigGraph(b, 5000)
	a := analyzer.New(g, nil)
	fn, err := render.Lookup(render.ViewMatrix, "svg")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := fn(&buf, &render.Report{Graph: g, Analyzer: a, Matrix: checks.RunMatrix(a, checks.MatrixOptions{})}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImpactPNG5000 draws the same outage as PNG: the SVG,
// rasterised in Go; the budget for a diagram of any size is 2 s.
func BenchmarkImpactPNG5000(b *testing.B) { benchImpact(b, 5000, "png", render.DiagramOptions{}) }

// BenchmarkImpactPNG5000All draws every node of the graph as PNG (the
// largest picture auto collapse allows).
func BenchmarkImpactPNG5000All(b *testing.B) {
	benchImpact(b, 5000, "png", render.DiagramOptions{View: "all"})
}
