package memlimit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/blast-dev/blast/hugepages"
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

// TestHeapReservation: the heap reserved for a process is reserveFor
// its inputs, the files and directories among its arguments, below the
// memory limit those inputs get; nothing for small inputs, for a
// directory of small files however many, or under GOMEMLIMIT, and never
// over the cap.
func TestHeapReservation(t *testing.T) {
	dir := t.TempDir()
	big := sparse(t, filepath.Join(dir, "states", "big.tfstate"), 40<<20)
	small := sparse(t, filepath.Join(dir, "small.tfstate"), 2)
	mid := sparse(t, filepath.Join(dir, "mid.tfstate"), heapReserveFrom)
	many := filepath.Join(dir, "org")
	for _, team := range []string{"a", "b", "c"} { // together over heapReserveFrom, each under
		sparse(t, filepath.Join(many, team, "terraform.tfstate"), heapReserveFrom/2)
	}
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	want := reserveFor(40<<20 + 2)
	for _, c := range []struct {
		args []string
		want int64
	}{
		{[]string{"whatif", "--down", "aws:us-east-1", big, small}, want},
		{[]string{"whatif", "--down=aws:us-east-1", filepath.Join(dir, "states"), small}, want}, // a directory, walked
		{[]string{"graph", mid}, reserveFor(heapReserveFrom)},
		{[]string{"graph", small}, 0}, // too small to matter
		{[]string{"graph", many}, 0},  // many small states: no huge pages
		{[]string{"graph", many, mid}, reserveFor(heapReserveFrom/2*3 + heapReserveFrom)},
		{[]string{"graph", "-"}, 0},
		{[]string{"graph", "--config", "-" + big}, 0}, // a flag, not a path
	} {
		if got := heapReservation(c.args); got != c.want {
			t.Errorf("%v: %d bytes, want %d", c.args, got, c.want)
		}
	}
	// a limit at or below the reserved heap hands the reservation back
	// to the system at once
	for _, n := range []int64{heapReserveFrom, memoryLimitFrom, 40 << 20, 1 << 30} {
		if r, l := reserveFor(n), memoryFor(n); r >= l {
			t.Errorf("%d bytes of input: reservation %d, not below the limit %d", n, r, l)
		}
	}
	sparse(t, filepath.Join(dir, "huge.tfstate"), 1<<30)
	if got := heapReservation([]string{"graph", dir}); got != maxHeapReservation {
		t.Errorf("1 GiB of inputs: %d bytes, want the cap", got)
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	if got := heapReservation([]string{"graph", big}); got != 0 {
		t.Errorf("under GOMEMLIMIT: %d bytes, want none", got)
	}
}

// TestReserveHeapUntouched: the reservation grows the heap by the
// reserved size (heapReservation) without touching it (which would cost a fault per page,
// and the memory): the heap spans at least the reservation,
// the process's resident memory hardly at all, even in a test process
// whose heap has been used and freed before.
func TestReserveHeapUntouched(t *testing.T) {
	if !hugepages.Available() {
		t.Skip("no transparent huge pages here: nothing is reserved")
	}
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	state := sparse(t, filepath.Join(t.TempDir(), "big.tfstate"), 100<<20)
	want := heapReservation([]string{"whatif", state})
	garbage := make([][]byte, 0, 64)
	for range 64 { // a heap used and freed, as package initialisers leave it
		garbage = append(garbage, bytes.Repeat([]byte{1}, 1<<20))
	}
	garbage = nil
	runtime.GC()
	var after runtime.MemStats
	rssBefore := residentBytes(t)
	ReserveHeap([]string{"whatif", state})
	runtime.ReadMemStats(&after)
	if int64(after.HeapSys) < want {
		t.Errorf("the heap spans %d bytes, less than the %d-byte reservation", after.HeapSys, want)
	}
	if touched := residentBytes(t) - rssBefore; touched > want/2 {
		t.Errorf("resident memory grew by %d bytes of a %d-byte reservation: it was touched", touched, want)
	}
}

// residentBytes is the process's resident memory (Linux).
func residentBytes(t *testing.T) int64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm")
	}
	var size, resident int64
	fmt.Sscan(string(data), &size, &resident)
	return resident * int64(os.Getpagesize())
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
