package memlimit

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestSetForSize: inputs of memoryLimitFrom bytes or more set the limit
// memoryFor gives and turn the collector's own pace off; smaller inputs,
// GOMEMLIMIT and GOGC leave both as they were. Within a run (Keep) the
// loads add up and the run's limit is never lowered.
func TestSetForSize(t *testing.T) {
	limit, pace := debug.SetMemoryLimit(-1), gcPercent()
	defer func() { debug.SetGCPercent(pace); debug.SetMemoryLimit(limit) }()
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	const unset = int64(1) << 62
	for _, c := range []struct {
		total int64
		want  int64
		pace  int
	}{
		{memoryLimitFrom, memoryFor(memoryLimitFrom), -1},
		{10 * memoryLimitFrom, memoryFor(10 * memoryLimitFrom), -1},
		{memoryLimitFrom - 1, unset, 100},
		{0, unset, 100},
		{1 << 62, unset, 100}, // a budget beyond int64: Go's own pace
	} {
		debug.SetMemoryLimit(unset)
		debug.SetGCPercent(100)
		SetForSize(c.total)
		if got := debug.SetMemoryLimit(-1); got != c.want {
			t.Errorf("%d bytes: limit %d, want %d", c.total, got, c.want)
		}
		if got := gcPercent(); got != c.pace {
			t.Errorf("%d bytes: GOGC %d, want %d", c.total, got, c.pace)
		}
	}
	// the loads of one run add up; a limit the run set is never lowered
	debug.SetMemoryLimit(unset)
	debug.SetGCPercent(100)
	run := Keep()
	SetForSize(memoryLimitFrom / 2)
	if got := debug.SetMemoryLimit(-1); got != unset {
		t.Errorf("a first load of half the threshold: limit %d, want it left alone", got)
	}
	SetForSize(memoryLimitFrom / 2)
	if got := debug.SetMemoryLimit(-1); got != memoryFor(memoryLimitFrom) {
		t.Errorf("two loads of half the threshold: limit %d, want %d", got, memoryFor(memoryLimitFrom))
	}
	debug.SetMemoryLimit(1 << 40) // as the watch raises it
	SetForSize(memoryLimitFrom)
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("a third load under a raised limit: limit %d, want it kept", got)
	}
	run()
	if got := debug.SetMemoryLimit(-1); got != unset || gcPercent() != 100 {
		t.Errorf("after the run: limit %d, GOGC %d, want both put back", got, gcPercent())
	}
	SetForSize(memoryLimitFrom / 2) // outside a run, nothing adds up
	if got := debug.SetMemoryLimit(-1); got != unset {
		t.Errorf("after the run, half the threshold: limit %d, want it left alone", got)
	}
	run = Keep() // a new run starts from nothing
	SetForSize(memoryLimitFrom / 2)
	if got := debug.SetMemoryLimit(-1); got != unset {
		t.Errorf("a new run's first load of half the threshold: limit %d, want it left alone", got)
	}
	run()
	// outside a run, each call sets its own budget, lower or not
	SetForSize(10 * memoryLimitFrom)
	SetForSize(memoryLimitFrom)
	if got := debug.SetMemoryLimit(-1); got != memoryFor(memoryLimitFrom) {
		t.Errorf("outside a run, a smaller input after a larger: limit %d, want %d", got, memoryFor(memoryLimitFrom))
	}
	debug.SetMemoryLimit(unset)
	debug.SetGCPercent(100)
	for _, env := range []string{"GOMEMLIMIT=1GiB", "GOGC=200"} {
		name, value, _ := strings.Cut(env, "=")
		t.Setenv(name, value)
		debug.SetMemoryLimit(unset)
		debug.SetGCPercent(100)
		SetForSize(1 << 30)
		if got := debug.SetMemoryLimit(-1); got != unset {
			t.Errorf("under %s: limit %d, want it left alone", env, got)
		}
		if got := gcPercent(); got != 100 {
			t.Errorf("under %s: GOGC %d, want it left alone", env, got)
		}
		os.Unsetenv(name)
	}
}

// TestKeep: the function Keep returns puts back the limit and the pace
// that were set when it was called, whatever a run set since; of runs
// that overlap, the last to end puts back what was set before the first
// began; Relax puts them back while the run goes on.
func TestKeep(t *testing.T) {
	limit, pace := debug.SetMemoryLimit(-1), gcPercent()
	defer func() { debug.SetGCPercent(pace); debug.SetMemoryLimit(limit) }()
	restored := func(what string, limit int64, pace int) {
		t.Helper()
		if got := debug.SetMemoryLimit(-1); got != limit {
			t.Errorf("%s: limit %d, want %d", what, got, limit)
		}
		if got := gcPercent(); got != pace {
			t.Errorf("%s: GOGC %d, want %d", what, got, pace)
		}
	}
	debug.SetMemoryLimit(123 << 20)
	debug.SetGCPercent(77)
	restore := Keep()
	debug.SetMemoryLimit(456 << 20)
	debug.SetGCPercent(-1)
	if got := gcPercent(); got != -1 {
		t.Fatalf("GOGC off read as %d, want -1", got)
	}
	restore()
	restored("one run", 123<<20, 77)
	restore() // a second call does nothing
	restored("a second restore", 123<<20, 77)

	// A begins, sets; B begins, sets; A ends; B ends
	a := Keep()
	debug.SetMemoryLimit(200 << 20)
	debug.SetGCPercent(-1)
	b := Keep()
	debug.SetMemoryLimit(300 << 20)
	a()
	restored("the first of two runs ended", 300<<20, -1)
	b()
	restored("both runs ended", 123<<20, 77)

	// Relax: back while the run goes on, and again at its end
	r := Keep()
	debug.SetMemoryLimit(400 << 20)
	debug.SetGCPercent(-1)
	Relax()
	restored("relaxed", 123<<20, 77)
	r()
	restored("relaxed, then ended", 123<<20, 77)

	debug.SetGCPercent(1<<30 + 1) // large, not off
	if got := gcPercent(); got != 1<<30+1 {
		t.Errorf("GOGC %d read as %d", 1<<30+1, got)
	}
}

// TestRaised: a limit under liveHeadroom times the live heap becomes
// twice the live heap; one above it stays.
func TestRaised(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)
	const set = 300 << 20
	debug.SetMemoryLimit(set)
	if got := raised(set, 200<<20); got != set || debug.SetMemoryLimit(-1) != set {
		t.Errorf("live 200 MiB under 300 MiB: limit %d, want it kept", got)
	}
	if got := raised(set, 201<<20); got != 402<<20 || debug.SetMemoryLimit(-1) != 402<<20 {
		t.Errorf("live 201 MiB under 300 MiB: limit %d, want %d", got, 402<<20)
	}
}

// TestWatchFollowsLiveHeap: after a collection that finds more live than
// the limit leaves room for, the run's limit is raised; once the limit
// is another (the run put its own back), the watch leaves it alone.
func TestWatchFollowsLiveHeap(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)
	const set = 16 << 20
	debug.SetMemoryLimit(set)
	watch(set)
	hold := make([]byte, 48<<20)
	for i := range hold {
		hold[i] = byte(i)
	}
	// the finalizer runs on its own goroutine after a collection
	got := int64(set)
	for i := 0; i < 100 && got == set; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		got = debug.SetMemoryLimit(-1)
	}
	if got < 2*48<<20 {
		t.Fatalf("live heap of 48 MiB under a 16 MiB limit: limit %d, want at least %d", got, 2*48<<20)
	}
	runtime.KeepAlive(hold)
	// another limit: the watch stops at its next collection, even when
	// the live heap grows past what the run's last limit left room for
	const other = 8 << 20
	debug.SetMemoryLimit(other)
	more := make([]byte, 96<<20)
	for i := range more {
		more[i] = byte(i)
	}
	for range 5 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got != other {
		t.Errorf("after the run's limit was put back: limit %d, want %d left alone", got, other)
	}
	runtime.KeepAlive(hold)
	runtime.KeepAlive(more)
}

// TestWatchWithPaceOff: with the collector's pace off, as SetForSize
// leaves it, a live heap that outgrows the limit raises it through the
// collections the limit itself starts (allocation alone, no
// runtime.GC).
func TestWatchWithPaceOff(t *testing.T) {
	defer Keep()()
	const set = 16 << 20
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(set)
	watch(set)
	var hold [][]byte
	got := int64(set)
	for i := 0; i < 400 && got == set; i++ {
		hold = append(hold, make([]byte, 1<<20)) // 400 MiB at most, live
		time.Sleep(time.Millisecond)
		got = debug.SetMemoryLimit(-1)
	}
	if got == set {
		t.Fatalf("a live heap of %d MiB never raised a limit of 16 MiB", len(hold))
	}
	runtime.KeepAlive(hold)
}
