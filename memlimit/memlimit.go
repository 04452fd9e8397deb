// Package memlimit sizes a run's memory to its inputs: a soft memory
// limit proportional to their size (SetForInputs), and a heap reserved at
// start-up in transparent huge pages (ReserveHeap, see package hugepages).
// GOMEMLIMIT, when set, wins over both.
package memlimit

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"

	"github.com/blast-dev/blast/hugepages"
)

// memoryFloor and memoryPerInputByte set the soft memory limit of a run
// (see SetForInputs); reservePerInputByte sizes the heap ReserveHeap
// reserves. The limit is a ceiling, not the collector's target: what a
// run holds grows with the resource instances, not the bytes (a compact
// state with few attributes holds some 3.7 bytes of live heap per input
// byte at its peak, an indented one with many attributes 1.5), and a
// limit below the live heap makes the collector run without pause (at
// 2.5× the input it took half the CPU time on compact states). At 5×
// the input the collector keeps Go's default pace (a collection each
// time the heap doubles) on the states of fixtures/gen, under a fifth of
// the CPU time. The reservation stays below the limit, at 3.5×: reserved
// up to the limit, the heap was "at the limit" as soon as it was made,
// and the runtime handed the reservation's free huge pages back to the
// system, to fault them in again, 2 MiB cleared at a time (on the 100k
// states of fixtures/gen, 0.5-0.9 s of a 5-6 s whatif). Below it (3.5×,
// or the limit raised to 7×) those runs cost the same CPU time, and at
// 3.5× the peak stays where the limit holds it.
const (
	memoryFloor         = 64 << 20
	memoryPerInputByte  = 5
	reservePerInputByte = 3.5
	memoryLimitFrom     = 32 << 20 // inputs smaller than this keep the default
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
	total, _, ok := inputSize(paths)
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

// reserveFor is the heap ReserveHeap reserves for inputs of total bytes,
// below memoryFor's limit.
func reserveFor(total int64) int64 {
	return memoryFloor + int64(float64(total)*reservePerInputByte)
}

// inputSize is the size of the files the paths name, directories walked,
// and the size of the largest of them; false for stdin, whose size is
// not known in advance.
func inputSize(paths []string) (total, largest int64, ok bool) {
	add := func(n int64) {
		total += n
		largest = max(largest, n)
	}
	for _, p := range paths {
		if p == "-" {
			return 0, 0, false
		}
		info, err := os.Stat(p) // follows a symbolic link, as loading does
		if err != nil {
			continue
		}
		if !info.IsDir() {
			add(info.Size())
			continue
		}
		_ = filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					add(info.Size())
				}
			}
			return nil
		})
	}
	return total, largest, true
}

// ReserveHeap prepares the heap of a process about to analyse large
// inputs (args are its command-line arguments). It grows the Go heap at
// once to the heap the run is expected to need (heapReservation), without
// touching it, asks Linux for transparent huge pages there (package
// hugepages), and frees it: the graph, the analysis and the report are
// then allocated in memory that faults in 2 MiB at a time. On a 230 MB
// state this removes seven in eight of the run's page faults and a fifth
// of its time. It must run first thing, while the heap is nearly empty
// and cheap to give back to the system: Go clears a large allocation
// that starts in memory it used before and still holds, which would
// touch every page.
func ReserveHeap(args []string) {
	if n := heapReservation(args); n > 0 && hugepages.Available() {
		// returned to the system, the free pages are known to be zero,
		// so the allocation below is not cleared even where it starts
		// in them (memory the package initialisers used)
		debug.FreeOSMemory()
		hugepages.Advise(make([]byte, n))
		runtime.GC() // the reservation is garbage: its pages are free for the run
	}
}

// heapReservation is the heap ReserveHeap reserves for a process run with
// args: reserveFor its inputs, never more than maxHeapReservation. The arguments that name files or
// directories are taken for the inputs, near enough (a large file given
// to -o counts too). Nothing is reserved unless one input file is at
// least heapReserveFrom, where int is 32 bits, or when GOMEMLIMIT is set.
//
// A directory of many small states gets none: there the huge pages cost
// more system time, clearing 2 MiB at each first touch, than they save
// (the 1,000 states of 100 instances of fixtures/gen/org, 98 MB,
// whatif --format json, eight interleaved pairs on 2 cores: 2.91 s of
// CPU with the reservation, 2.70 s without, system time 0.22-1.05 s
// against 0.30-0.40 s; peak 373 against 361 MiB, medians).
func heapReservation(args []string) int64 {
	if strconv.IntSize < 64 || os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	var paths []string
	for _, a := range args {
		if a != "-" && !strings.HasPrefix(a, "-") {
			paths = append(paths, a)
		}
	}
	total, largest, _ := inputSize(paths)
	if largest < heapReserveFrom {
		return 0
	}
	return min(reserveFor(total), maxHeapReservation)
}

// heapReserveFrom is the file size from which ReserveHeap pays: on a
// 22 MB state it takes a quarter off the run; on a 2 MB one, whose run is
// mostly starting up, it costs more than it saves.
const heapReserveFrom = 8 << 20

// maxHeapReservation caps heapReservation: many large files in a
// directory would otherwise ask for more address space than a small
// machine lets one allocation have (the run itself reads them one by one).
const maxHeapReservation = 2 << 30
