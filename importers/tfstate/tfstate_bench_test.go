package tfstate_test

import (
	"encoding/json"
	"runtime"
	"testing"
	"time"

	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/tfstate"
)

// BenchmarkImport measures the whole raw state import (decode, placement,
// dependency resolution, reduction, graph) of synthetic organisation
// states; sizes come from BLAST_BENCH_SIZES and the shape from
// BLAST_BENCH_SHAPE (see fixtures/gen/synth). Besides wall time it
// reports the process's CPU time (user+sys, every core, the collector's
// work included) per import, cpu-s/op, which scripts/bench-cli.sh
// checks for linearity, and the heap the import leaves live (the graph),
// live-MiB/op.
func BenchmarkImport(b *testing.B) {
	for _, n := range synth.BenchSizes() {
		data := synth.State(n)
		b.Run(synth.SizeName(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var cpu time.Duration
			var live uint64
			for b.Loop() {
				// each import starts from a collected heap, as a run of the
				// command does, not from the garbage of the one before
				b.StopTimer()
				runtime.GC()
				before := heapAlloc()
				b.StartTimer()
				start := tfstate.ProcessCPU(b)
				g := graph.New()
				if err := (tfstate.Importer{}).Import(importers.Input{Name: "org.tfstate", Data: data}, g); err != nil {
					b.Fatal(err)
				}
				cpu += tfstate.ProcessCPU(b) - start
				// what the import leaves live: the graph the rest of a run reads
				b.StopTimer()
				runtime.GC()
				live += heapAlloc() - before
				runtime.KeepAlive(g)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/resource")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(live)/float64(b.N)/(1<<20), "live-MiB/op")
		})
	}
}

// heapAlloc is the bytes of the heap's objects, live and not yet
// collected (after runtime.GC, the live ones).
func heapAlloc() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
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
