package cmd

import (
	"os"
	"path/filepath"
	"testing"
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

// TestHeapReservation: the heap reserved for a process is the memory
// limit of its inputs, the files and directories among its arguments;
// nothing for small inputs or under GOMEMLIMIT, and never over the cap.
func TestHeapReservation(t *testing.T) {
	dir := t.TempDir()
	big := sparse(t, filepath.Join(dir, "states", "big.tfstate"), 40<<20)
	small := sparse(t, filepath.Join(dir, "small.tfstate"), 2)
	mid := sparse(t, filepath.Join(dir, "mid.tfstate"), heapReserveFrom)
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	want := memoryFor(40<<20 + 2)
	for _, c := range []struct {
		args []string
		want int64
	}{
		{[]string{"whatif", "--down", "aws:us-east-1", big, small}, want},
		{[]string{"whatif", "--down=aws:us-east-1", filepath.Join(dir, "states"), small}, want}, // a directory, walked
		{[]string{"graph", mid}, memoryFor(heapReserveFrom)},
		{[]string{"graph", small}, 0}, // too small to matter
		{[]string{"graph", "-"}, 0},
		{[]string{"graph", "--config", "-" + big}, 0}, // a flag, not a path
	} {
		if got := heapReservation(c.args); got != c.want {
			t.Errorf("%v: %d bytes, want %d", c.args, got, c.want)
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
