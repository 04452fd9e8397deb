// Package memlimit sizes a run's memory to its inputs: a soft memory
// limit proportional to their size (SetForInputs), raised when what is
// live outgrows it. GOMEMLIMIT, when set, wins.
package memlimit

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// memoryFloor and memoryPerInputByte set the soft memory limit of a run
// (see SetForInputs). The limit is a ceiling, not the collector's target:
// what a run holds grows with the resource instances, not the bytes (a
// compact state with few attributes holds some 3.7 bytes of live heap per
// input byte at its peak, an indented one with many attributes 1.5), and
// a limit below the live heap makes the collector run without pause (at
// 2.5× the input it took half the CPU time on compact states). At 5× the
// input the collector keeps Go's default pace (a collection each time
// the heap doubles) on the states of fixtures/gen, under a fifth of the
// CPU time.
const (
	memoryFloor        = 64 << 20
	memoryPerInputByte = 5
	memoryLimitFrom    = 32 << 20 // inputs smaller than this keep the default
)

// SetForInputs sets a soft memory limit proportional to the size of the
// inputs the paths name, so that a large state (hundreds of megabytes) is analysed in a
// few times its size: by default Go lets the heap grow to twice what is
// live before collecting, and an import holds the file and the graph
// built from it at once. The limit only makes the collector work harder
// near it; nothing fails. GOMEMLIMIT, when set, wins; so does the
// default for small inputs and stdin, whose size is not known in
// advance (embedded files are not given here). The caller restores the
// previous limit when the run ends. Until then the limit follows a live
// heap that outgrows it (see watch).
func SetForInputs(paths []string) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	total, ok := inputSize(paths)
	if !ok || total < memoryLimitFrom {
		return
	}
	limit := memoryFor(total)
	debug.SetMemoryLimit(limit)
	watch(limit)
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
// there on. The limit is only ever raised, and only the run's own: once
// the limit is no longer the one last set here (the run ended and put
// back the one before it), the watch stops.
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
