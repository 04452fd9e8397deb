package tfstate_test

import (
	"encoding/json"
	"runtime"
	"testing"

	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/tfstate"
)

// BenchmarkImport measures the whole raw state import (decode, placement,
// dependency resolution, reduction, graph) of synthetic organisation
// states; sizes come from BLAST_BENCH_SIZES (see fixtures/gen/synth).
func BenchmarkImport(b *testing.B) {
	for _, n := range synth.BenchSizes() {
		data := synth.State(n)
		b.Run(synth.SizeName(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				// each import starts from a collected heap, as a run of the
				// command does, not from the garbage of the one before
				b.StopTimer()
				runtime.GC()
				b.StartTimer()
				g := graph.New()
				if err := (tfstate.Importer{}).Import(importers.Input{Name: "org.tfstate", Data: data}, g); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/resource")
		})
	}
}

// BenchmarkDecodeAny is the yardstick of the performance budget: decoding
// the same state with encoding/json into any and dropping it.
func BenchmarkDecodeAny(b *testing.B) {
	for _, n := range synth.BenchSizes() {
		data := synth.State(n)
		b.Run(synth.SizeName(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var v any
				if err := json.Unmarshal(data, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
