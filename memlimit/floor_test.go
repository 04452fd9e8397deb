package memlimit

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestFloorGCPercent: below half the floor, the next goal (live × (1 +
// percent/100)) is the floor, within a byte per live byte; from half the
// floor up, and before anything is known live, Go's default pace.
func TestFloorGCPercent(t *testing.T) {
	const mib = 1 << 20
	floor := uint64(309 * mib)
	for _, live := range []uint64{1, 3 * mib, 40 * mib, 150 * mib, floor/2 - 1} {
		p := floorGCPercent(live, floor)
		if p < 100 {
			t.Errorf("live %d of a %d floor: percent %d, under Go's default", live, floor, p)
		}
		goal := live + live*uint64(p)/100
		if goal > floor || floor-goal > live {
			t.Errorf("live %d: percent %d sets the goal at %d, want the floor %d", live, p, goal, floor)
		}
	}
	for _, live := range []uint64{0, floor / 2, floor, 10 * floor} {
		if p := floorGCPercent(live, floor); p != 100 {
			t.Errorf("live %d of a %d floor: percent %d, want 100", live, floor, p)
		}
	}
}

// TestHeapFloorFollowsLiveHeap: held, the floor raises the GC percent
// while little is live, comes back to Go's default once the live heap
// reaches half of it (read again after each collection), and leaves the
// default when stopped.
func TestHeapFloorFollowsLiveHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC()
	h := &heapFloor{floor: 256 << 20}
	h.cycle()
	defer h.stop()
	if p := h.seen(); p <= 100 {
		t.Fatalf("a %d MiB floor over a test's small heap: percent %d, want over 100", h.floor>>20, p)
	}
	live := make([]byte, 200<<20) // over half the floor, live until the end
	deadline := time.Now().Add(10 * time.Second)
	for h.seen() != 100 && time.Now().Before(deadline) {
		runtime.GC() // each collection runs the floor's cleanup, which reads the live heap
		time.Sleep(10 * time.Millisecond)
	}
	if p := h.seen(); p != 100 {
		t.Errorf("%d MiB live over a %d MiB floor: percent %d, want 100", len(live)>>20, h.floor>>20, p)
	}
	runtime.KeepAlive(live)
	h.stop()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("stopped: GC percent %d, want 100", p)
	}
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("a collection after the stop set the GC percent to %d", p)
	}
}

// seen is the percent the floor set last.
func (h *heapFloor) seen() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.percent
}
