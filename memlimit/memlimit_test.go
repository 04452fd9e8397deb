package memlimit

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// sparse creates a file of size bytes that takes no disk.
func sparse(t *testing.T, path string, size int64) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSetForInputs: inputs of memoryLimitFrom bytes or more set the limit
// memoryFor gives and turn the collector's own pace off; smaller inputs,
// stdin, GOMEMLIMIT and GOGC leave both as they were.
func TestSetForInputs(t *testing.T) {
	defer Keep()()
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	dir := t.TempDir()
	big := sparse(t, filepath.Join(dir, "big.tfstate"), memoryLimitFrom)
	sparse(t, filepath.Join(dir, "small", "small.tfstate"), 10)
	const unset = int64(1) << 62
	for _, c := range []struct {
		paths []string
		want  int64
		pace  int
	}{
		{[]string{big}, memoryFor(memoryLimitFrom), -1},
		{[]string{dir}, memoryFor(memoryLimitFrom + 10), -1}, // a directory, walked
		{[]string{filepath.Join(dir, "small")}, unset, 100},
		{[]string{big, "-"}, unset, 100}, // stdin: size unknown
	} {
		debug.SetMemoryLimit(unset)
		debug.SetGCPercent(100)
		SetForInputs(c.paths)
		if got := debug.SetMemoryLimit(-1); got != c.want {
			t.Errorf("%v: limit %d, want %d", c.paths, got, c.want)
		}
		if got := gcPercent(); got != c.pace {
			t.Errorf("%v: GOGC %d, want %d", c.paths, got, c.pace)
		}
	}
	for _, env := range []string{"GOMEMLIMIT=1GiB", "GOGC=200"} {
		name, value, _ := strings.Cut(env, "=")
		t.Setenv(name, value)
		debug.SetMemoryLimit(unset)
		debug.SetGCPercent(100)
		SetForInputs([]string{big})
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
// that were set when it was called, whatever a run set since.
func TestKeep(t *testing.T) {
	defer Keep()()
	debug.SetMemoryLimit(123 << 20)
	debug.SetGCPercent(77)
	restore := Keep()
	debug.SetMemoryLimit(456 << 20)
	debug.SetGCPercent(-1)
	if got := gcPercent(); got != -1 {
		t.Fatalf("GOGC off read as %d, want -1", got)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != 123<<20 {
		t.Errorf("limit %d after restore, want %d", got, 123<<20)
	}
	if got := gcPercent(); got != 77 {
		t.Errorf("GOGC %d after restore, want 77", got)
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
