// Package memlimit sizes a run's memory to its inputs: the collector
// waits until the heap nears a budget proportional to their size
// (SetForSize), raised when what is live outgrows it. GOMEMLIMIT or
// GOGC, when set, wins. Keep saves the settings a run changes; Relax
// gives them back early to a run that goes on serving.
package memlimit

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// memoryFloor and memoryPerInputByte set the heap budget of a run over
// large inputs (see SetForSize): 64 MiB plus 2.5 bytes per input byte.
// Input files of 16 MiB or more are read outside the heap
// (importers/offheap.go), so for a large state the budget is the graph's
// and the report's. By Go's default pace the collector runs each time
// the heap doubles from a few megabytes: an import's heap only grows, so
// each of a dozen collections marks what it will keep, nearly all of
// it, and frees little (the write barrier on and the heap's pages
// faulted in again each time). Collected only near the budget, a 100k
// whatif on the compact shape runs four collections at start-up sizes
// and four near the budget, and the single-state shapes take 16-21%
// less CPU (a directory of a thousand small states, whose files are read
// into the heap, gains nothing: docs/performance.md, eighth round); the
// peak stays under the encoding/json yardstick's. Below 2.5× the budget
// sits too near the live heap of a compact state (about 1.9 bytes per
// input byte), so the collections come back more often.
const (
	memoryFloor        = 64 << 20
	memoryPerInputByte = 2.5
	memoryLimitFrom    = 32 << 20 // inputs smaller than this keep the default
)

// SetForSize makes a run over inputs of total bytes (the files it will
// read) collect only near a heap budget proportional to them: the soft
// memory limit is set to the budget and the collector's own pace (GOGC)
// is turned off, so that it runs when the heap reaches the limit, not
// each time it doubles. Nothing fails at the limit; when what is live
// outgrows it, the limit follows (see watch). GOMEMLIMIT or GOGC, when
// set, wins and nothing is changed; so do inputs under 32 MiB. The
// caller saves the settings before and puts them back when the run ends
// (Keep). Within a run (after Keep), the inputs of each load add up (blast
// diff holds two systems at once), and a limit set before is never
// lowered.
func SetForSize(total int64) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	kept.Lock()
	defer kept.Unlock()
	before := int64(0) // the bytes of the run's loads before this one
	if kept.runs > 0 {
		before = kept.inputs
		kept.inputs += total
		total = kept.inputs
	}
	limit := memoryFor(total)
	if total < memoryLimitFrom || limit == 0 { // small, or beyond int64: Go's own pace
		return
	}
	if before >= memoryLimitFrom {
		// a load before this one set the run's budget: never lower the
		// limit it left (the watch may have raised it since)
		limit = max(limit, debug.SetMemoryLimit(-1))
	}
	debug.SetMemoryLimit(limit)
	debug.SetGCPercent(-1)
	watch(limit)
}

// kept is what the outermost Keep saved: runs may overlap in one process
// (a test's), and only the last to end puts the settings back, those
// from before the first began.
var kept struct {
	sync.Mutex
	runs   int
	limit  int64
	pace   int
	inputs int64 // the bytes loaded since, for the budget (SetForSize)
}

// Keep saves the soft memory limit and the collector's pace and returns
// a function that puts them back, for a run that may change them
// (SetForSize): defer memlimit.Keep()(). Runs that overlap share what
// the first saved; the last to end restores it.
func Keep() (restore func()) {
	kept.Lock()
	defer kept.Unlock()
	if kept.runs == 0 {
		kept.limit, kept.pace = debug.SetMemoryLimit(-1), gcPercent()
	}
	kept.runs++
	var once sync.Once
	return func() {
		once.Do(func() {
			kept.Lock()
			defer kept.Unlock()
			if kept.runs--; kept.runs == 0 {
				restoreKept()
			}
		})
	}
}

// Relax puts back the settings Keep saved while a run goes on (one that
// serves what it built for as long as it is left running, with most of
// its heap garbage now), and returns the free memory to the system (a
// collection, with or without a Keep).
func Relax() {
	kept.Lock()
	if kept.runs > 0 {
		restoreKept()
	}
	kept.Unlock()
	debug.FreeOSMemory()
}

// restoreKept sets the saved pace, then the limit; kept is locked.
func restoreKept() {
	debug.SetGCPercent(kept.pace)
	debug.SetMemoryLimit(kept.limit)
	kept.inputs = 0
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
		// under kept's lock: a run's end (restoreKept) comes before or
		// after the check and the raise, never between them
		kept.Lock()
		defer kept.Unlock()
		if debug.SetMemoryLimit(-1) != set {
			return // not the run's limit any more
		}
		watch(raised(set, liveHeap()))
	})
}

// raised sets and returns the limit after a collection that found live
// bytes live under a limit of set: set, left as it is, or twice live
// when set is under liveHeadroom times live.
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
	// the runtime keeps it in an int32 and hands it out sign-extended
	return int(int32(s[0].Value.Uint64()))
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

// memoryFor is the memory limit of a run over inputs of total bytes; 0
// when it is beyond int64.
func memoryFor(total int64) int64 {
	f := float64(memoryFloor) + float64(total)*memoryPerInputByte
	if f >= math.MaxInt64 {
		return 0
	}
	return int64(f)
}
