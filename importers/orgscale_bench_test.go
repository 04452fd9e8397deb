//go:build unix

package importers_test

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Environment variables choosing the organisations BenchmarkOrgLoad runs
// on: the state counts (comma-separated) and the instances per state, or
// a directory already written (such as one of cmd's bench inputs), loaded
// instead of generated ones.
const (
	OrgBenchStatesEnv   = "BLAST_ORG_BENCH_STATES"
	OrgBenchPerStateEnv = "BLAST_ORG_BENCH_PER_STATE"
	OrgBenchDirEnv      = "BLAST_ORG_BENCH_DIR"
)

func envInts(tb testing.TB, name string, def []int) []int {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return def
	}
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			tb.Fatalf("%s: %q is not a positive count", name, f)
		}
		out = append(out, n)
	}
	return out
}

// BenchmarkOrgLoad measures import and link (importers.Load with every
// format and linker, as the CLI loads) of generated organisations growing
// 10× in states at a fixed number of instances per state, so that the
// ratio between sizes shows how linking across states scales. Besides
// wall time per load it reports the CPU time (user+sys of the process,
// GC included) and the peak live heap, sampled during the loads:
//
//	go test ./importers -run '^$' -bench OrgLoad -benchtime 3x
//
// max-rss is the process's peak resident set, meaningful for the largest
// size or when one size runs alone (-bench 'OrgLoad/states=1000$').
// With BLAST_ORG_BENCH_DIR set, the one directory it names is loaded:
//
//	BLAST_ORG_BENCH_DIR=/tmp/bench-final/org-1000-100000 go test ./importers -run '^$' -bench OrgLoad -benchtime 5x
func BenchmarkOrgLoad(b *testing.B) {
	if dir := os.Getenv(OrgBenchDirEnv); dir != "" {
		b.Run("dir", func(b *testing.B) { benchLoad(b, dir, 0) })
		return
	}
	per := envInts(b, OrgBenchPerStateEnv, []int{100})[0]
	for _, states := range envInts(b, OrgBenchStatesEnv, []int{10, 100, 1000}) {
		b.Run(fmt.Sprintf("states=%d", states), func(b *testing.B) {
			dir, st := writeOrg(b, states, states*per)
			benchLoad(b, dir, st.Instances)
		})
	}
}

// benchLoad loads dir b.N times, reporting CPU time, peak live heap, max
// RSS and the graph's size (instances: those generated, 0 when not known;
// nodes are reported then).
func benchLoad(b *testing.B, dir string, instances int) {
	var nodes, edges, cross int
	var cpu time.Duration
	peak := peakHeap()
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		before := cpuTime()
		peak.start()
		b.StartTimer()
		res := loadOrg(b, dir)
		b.StopTimer()
		peak.stop()
		cpu += cpuTime() - before
		edges, cross = res.Graph.EdgeCount(), len(crossEdges(res.Graph))
		nodes = res.Graph.Len()
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(peak.max)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(maxRSS())/(1<<20), "max-rss-MiB")
	if instances > 0 {
		b.ReportMetric(float64(instances), "instances")
	} else {
		b.ReportMetric(float64(nodes), "nodes")
	}
	b.ReportMetric(float64(edges), "edges")
	b.ReportMetric(float64(cross), "cross-edges")
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// maxRSS is the process's peak resident set size in bytes (Linux reports
// kilobytes, macOS bytes).
func maxRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) << 10
}

// heapSampler records the largest live heap seen while it runs, reading
// runtime/metrics every millisecond (no stop-the-world).
type heapSampler struct {
	max  uint64
	done chan struct{}
	wg   sync.WaitGroup
}

func peakHeap() *heapSampler { return &heapSampler{} }

func (h *heapSampler) start() {
	h.done = make(chan struct{})
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			h.max = max(h.max, s[0].Value.Uint64())
			select {
			case <-h.done:
				return
			case <-t.C:
			}
		}
	}()
}

func (h *heapSampler) stop() {
	close(h.done)
	h.wg.Wait()
}
