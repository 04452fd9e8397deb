// Package memlimit sizes a run's memory to its inputs: the collector
// waits until the heap nears a budget proportional to their size
// (SetForInputs), raised when what is live outgrows it. GOMEMLIMIT or
// GOGC, when set, wins. Keep saves the settings a run changes.
package memlimit

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// memoryFloor and memoryPerInputByte set the heap budget of a run over
// large inputs (see SetForInputs): 64 MiB plus 2.5 bytes per input byte.
// Input files of 16 MiB or more are read outside the heap
// (importers/offheap.go), so for a large state the budget is the graph's
// and the report's. By Go's default pace the
// collector runs each time the heap doubles from a few megabytes: an
// import's heap only grows, so each of a dozen collections marks what it
// will keep, nearly all of it, and frees little (the write barrier on
// and fresh pages faulted in each time). Collected only near the budget,
// a 100k whatif runs two or three collections and takes 7-25% less CPU
// (docs/performance.md, eighth round); its peak stays under the
// encoding/json yardstick's. Below 2.5× the budget sits too near the
// live heap of a compact state (about 1.9 bytes per input byte), so the
// collections come back more often.
const (
	memoryFloor        = 64 << 20
	memoryPerInputByte = 2.5
	memoryLimitFrom    = 32 << 20 // inputs smaller than this keep the default
)

// SetForInputs makes a run over large inputs collect only near a heap
// budget proportional to the size of the inputs the paths name: the
// soft memory limit is set to the budget and the collector's own pace
// (GOGC) is turned off, so that it runs when the heap reaches the
// limit, not each time it doubles. Nothing fails at the limit; when
// what is live outgrows it, the limit follows (see watch). GOMEMLIMIT
// or GOGC, when set, wins and nothing is changed; so do small inputs
// and stdin, whose size is not known in advance (embedded files are not
// given here). The caller puts the previous settings back when the run
// ends (Keep).
func SetForInputs(paths []string) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	total, ok := inputSize(paths)
	if !ok || total < memoryLimitFrom {
		return
	}
	limit := memoryFor(total)
	debug.SetMemoryLimit(limit)
	debug.SetGCPercent(-1)
	watch(limit)
}

// Keep saves the soft memory limit and the collector's pace and returns
// a function that puts them back, for a run that may change them
// (SetForInputs): defer memlimit.Keep()().
func Keep() (restore func()) {
	limit := debug.SetMemoryLimit(-1)
	pace := gcPercent()
	return func() {
		debug.SetGCPercent(pace)
		debug.SetMemoryLimit(limit)
	}
}

// A limit proportional to the input's bytes suits the states whose graph
// grows with their bytes. Some do not: a state whose instances carry few
// of the attributes that pick one instance of a dependency gets an edge
// to every instance (docs/inputs.md), and a 52 MB state of that kind held
// gigabytes live, far above its limit, where the collector runs without
// pause (125-150 s of CPU for a whatif, against 31 s with no limit). So
// after each collection a run's limit is checked against what the
// collection found live: when the limit is under liveHeadroom times the
// live heap, it is raised to twice the live heap, Go's default pace from
// there on (the collector's own pace is off). The limit is only ever
// raised, and only the run's own: once the limit is no longer the one
// last set here (the run ended and put back the one before it), the
// watch stops.
const liveHeadroom = 1.5

// cycle is a sentinel whose finalizer runs after each collection.
type cycle struct{ _ *cycle }

// watch checks the limit set after the next collection, and after each
// one after it while the limit stays set.
func watch(set int64) {
	runtime.SetFinalizer(&cycle{}, func(*cycle) {
		if debug.SetMemoryLimit(-1) != set {
			return // not the run's limit any more
		}
		watch(raised(set, liveHeap()))
	})
}

// raised sets and returns the limit after a collection that found live
// bytes live under a limit of set: set, left as it is, or twice live
// when set is under liveHeadroom times live. (A run that puts its
// previous limit back between watch's check and this may see it raised
// once: a limit only ever goes up here, and the next run sets its own.)
func raised(set, live int64) int64 {
	if float64(live)*liveHeadroom <= float64(set) {
		return set
	}
	debug.SetMemoryLimit(2 * live)
	return 2 * live
}

// gcPercent is the collector's pace (GOGC), read without setting it
// (debug.SetGCPercent would, and may start a collection); -1 when off.
func gcPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 100
	}
	p := s[0].Value.Uint64()
	if p > 1<<30 {
		return -1
	}
	return int(p)
}

// liveHeap is the heap the last collection found live.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// memoryFor is the memory limit of a run over inputs of total bytes.
func memoryFor(total int64) int64 {
	return memoryFloor + int64(float64(total)*memoryPerInputByte)
}

// inputSize is the size of the files the paths name, directories
// walked; false for stdin, whose size is not known in advance.
func inputSize(paths []string) (total int64, ok bool) {
	for _, p := range paths {
		if p == "-" {
			return 0, false
		}
		info, err := os.Stat(p) // follows a symbolic link, as loading does
		if err != nil {
			continue
		}
		if !info.IsDir() {
			total += info.Size()
			continue
		}
		_ = filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					total += info.Size()
				}
			}
			return nil
		})
	}
	return total, true
}
