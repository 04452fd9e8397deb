package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestBlocks(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		for _, min := range []int{1, 1 << 20} {
			seen := make([]int32, n)
			var calls atomic.Int32
			Blocks(n, min, func(lo, hi int) {
				calls.Add(1)
				for i := lo; i < hi; i++ {
					atomic.AddInt32(&seen[i], 1)
				}
			})
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("n=%d min=%d: item %d visited %d times", n, min, i, c)
				}
			}
			if min > n && calls.Load() != 1 {
				t.Errorf("n=%d below min: %d calls, want 1 inline", n, calls.Load())
			}
			if min <= n && runtime.GOMAXPROCS(0) > 1 && int(calls.Load()) != runtime.GOMAXPROCS(0) {
				t.Errorf("n=%d: %d blocks, want one per core", n, calls.Load())
			}
		}
	}
}

func TestOrdered(t *testing.T) {
	const n, ahead = 200, 3
	var running, most atomic.Int32
	next, stop := Ordered(n, ahead, func(i int) int {
		if r := running.Add(1); r > most.Load() {
			most.Store(r)
		}
		defer running.Add(-1)
		return i * i
	})
	defer stop()
	for i := range n {
		if got := next(); got != i*i {
			t.Fatalf("result %d = %d, want %d", i, got, i*i)
		}
	}
	if most.Load() > ahead {
		t.Errorf("%d results computed at once, want at most %d", most.Load(), ahead)
	}
	// a reader that leaves early
	var started atomic.Int32
	next, stop = Ordered(1000, 2, func(i int) int { started.Add(1); return i })
	next()
	stop()
	if s := started.Load(); s > 4 {
		t.Errorf("%d items started after the reader took one and stopped, want at most 4", s)
	}
}

// TestPanicsComeBack: a panic in work run on other goroutines is raised
// again in the caller's, where it can be recovered (a panic left in a
// goroutine ends the process with exit code 2).
func TestPanicsComeBack(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(runtime.GOMAXPROCS(0), 2)))
	recovered := func(name string, f func()) {
		t.Helper()
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("%s: recovered %v, want the work's panic", name, r)
			}
		}()
		f()
	}
	recovered("Blocks", func() {
		Blocks(100, 1, func(lo, hi int) {
			if lo == 0 {
				panic("boom")
			}
		})
	})
	recovered("Go", func() { Go(func() {}, func() { panic("boom") }) })
	recovered("Go of one", func() { Go(func() { panic("boom") }) })
	recovered("Later", func() { Later(func() int { panic("boom") })() })
	recovered("Ordered", func() {
		next, stop := Ordered(10, 4, func(i int) int {
			if i == 3 {
				panic("boom")
			}
			return i
		})
		defer stop()
		for i := range 10 {
			if got := next(); got != i {
				t.Errorf("Ordered: item %d is %d", i, got)
			}
		}
	})
}

// TestLater: the result comes back to every caller that waits, once
// computed, and the work runs whether or not anyone waits.
func TestLater(t *testing.T) {
	release, ran := make(chan struct{}), make(chan struct{})
	calls := 0
	wait := Later(func() int { calls++; <-release; return 42 })
	close(release)
	if a, b := wait(), wait(); a != 42 || b != 42 || calls != 1 {
		t.Errorf("Later: %d and %d after %d calls, want 42 twice after one", a, b, calls)
	}
	Later(func() struct{} { close(ran); return struct{}{} }) // never waited for
	<-ran
}
