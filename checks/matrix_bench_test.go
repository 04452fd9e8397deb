package checks_test

import (
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/tfstate"
)

// BenchmarkMatrix measures the resilience matrix: every region and zone
// present taken down on its own.
func BenchmarkMatrix(b *testing.B) {
	for _, n := range synth.BenchSizes() {
		a := benchAnalyzer(b, n)
		b.Run(synth.SizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			var m *checks.Matrix
			for b.Loop() {
				m = checks.RunMatrix(a, checks.MatrixOptions{})
			}
			b.ReportMetric(float64(len(m.Columns)), "scenarios")
		})
	}
}

// benchAnalyzer imports a generated state of n instances and builds its
// analyzer: the input every benchmark of this package measures on.
func benchAnalyzer(b *testing.B, n int) *analyzer.Analyzer {
	b.Helper()
	g := graph.New()
	if err := (tfstate.Importer{}).Import(importers.Input{Name: "org.tfstate", Data: synth.State(n)}, g); err != nil {
		b.Fatal(err)
	}
	return analyzer.New(g, nil)
}
