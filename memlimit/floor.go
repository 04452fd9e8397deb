package memlimit

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A heap floor keeps the collector from running before the heap reaches
// the memory a run was reserved (heapReservation): Go's default pace
// collects each time the heap doubles, from a few megabytes, and a load
// that builds a graph of 100,000 nodes out of a gigabyte of short-lived
// allocations collects twenty times on the way, marking the growing
// graph each time. The run's peak is set later, by the analysis holding
// the graph and its own results (twice that live heap at Go's pace), so
// collecting less often while the heap is below the reservation costs no
// peak memory: the heap's goal is the larger of the floor and twice what
// is live, never more, and the soft memory limit above it stays the
// ceiling.

// floorGCPercent is the GC percent that sets the heap's next goal at
// floor bytes when live bytes are live, and never under Go's default of
// 100 (the goal is live × (1 + percent/100)).
func floorGCPercent(live, floor uint64) int {
	if live == 0 || live >= floor/2 {
		return 100
	}
	return int(floor*100/live) - 100
}

// heapFloor re-reads the live heap after each collection and sets the
// next goal from it (floorGCPercent).
type heapFloor struct {
	floor   uint64
	mu      sync.Mutex
	done    bool
	percent int // set last
}

// sentinel is garbage made each cycle: its cleanup runs after the
// collection that finds it unreachable. It holds a pointer so that it is
// not batched with other tiny objects, whose cleanups may never run.
type sentinel struct {
	_ *int
	_ [8]byte
}

// cycle sets the GC percent for the live heap the last collection found
// and arms the next cycle.
func (h *heapFloor) cycle() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.done {
		return
	}
	h.percent = floorGCPercent(liveHeap(), h.floor)
	debug.SetGCPercent(h.percent)
	runtime.AddCleanup(new(sentinel), func(h *heapFloor) { h.cycle() }, h)
}

// stop restores Go's default pace.
func (h *heapFloor) stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.done {
		h.done, h.percent = true, 100
		debug.SetGCPercent(100)
	}
}

// liveHeap is the heap the last collection marked live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// holdHeapFloor keeps the heap's goal at floor bytes or more until stop
// is called.
func holdHeapFloor(floor int64) (stop func()) {
	h := &heapFloor{floor: uint64(floor)}
	h.cycle()
	return h.stop
}
