package memlimit

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
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
// memoryFor gives; smaller inputs, stdin and GOMEMLIMIT keep the one set.
func TestSetForInputs(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	dir := t.TempDir()
	big := sparse(t, filepath.Join(dir, "big.tfstate"), memoryLimitFrom)
	sparse(t, filepath.Join(dir, "small", "small.tfstate"), 10)
	const unset = int64(1) << 62
	for _, c := range []struct {
		paths []string
		want  int64
	}{
		{[]string{big}, memoryFor(memoryLimitFrom)},
		{[]string{dir}, memoryFor(memoryLimitFrom + 10)}, // a directory, walked
		{[]string{filepath.Join(dir, "small")}, unset},
		{[]string{big, "-"}, unset}, // stdin: size unknown
	} {
		debug.SetMemoryLimit(unset)
		SetForInputs(c.paths)
		if got := debug.SetMemoryLimit(-1); got != c.want {
			t.Errorf("%v: limit %d, want %d", c.paths, got, c.want)
		}
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(unset)
	SetForInputs([]string{big})
	if got := debug.SetMemoryLimit(-1); got != unset {
		t.Errorf("under GOMEMLIMIT: limit %d, want it left alone", got)
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
