package checks_test

import (
	"slices"
	"testing"
	"time"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/fixtures/gen/synth"
)

// BenchmarkRisk measures the risk groups up to pairs of domains next to
// one whatif (a region down, with explanations) on the same graph: the
// budget is risk --order 2 within 20 whatifs. "runs" reports the
// scenarios propagated and "whatifs" the cost in whatifs.
func BenchmarkRisk(b *testing.B) {
	for _, n := range synth.BenchSizes() {
		a := benchAnalyzer(b, n)
		region := analyzer.Scenario{Down: []analyzer.Domain{{Kind: analyzer.DomainRegion, Cloud: "aws", Region: "us-east-1"}}}
		b.Run(synth.SizeName(n), func(b *testing.B) {
			// one whatif's time, the median of three, measured before the
			// benchmark's own timer starts
			var ws []time.Duration
			for range 3 {
				start := time.Now()
				a.Run(region)
				ws = append(ws, time.Since(start))
			}
			slices.Sort(ws)
			whatif := ws[1]
			b.ResetTimer()
			var r *checks.RiskReport
			for b.Loop() {
				var err error
				if r, err = checks.RunRisk(a, checks.RiskOptions{Order: 2}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(r.Runs), "runs")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(whatif.Nanoseconds()), "whatifs")
		})
	}
}
