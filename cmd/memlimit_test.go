package cmd

import (
	"os"
	"path/filepath"
	"testing"
)

// TestHeapReservation: the heap reserved for a process is the memory
// limit of its inputs, the files and directories among its arguments,
// and nothing for small inputs or under GOMEMLIMIT.
func TestHeapReservation(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "states", "big.tfstate")
	os.MkdirAll(filepath.Dir(big), 0o755)
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(40 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	small := filepath.Join(dir, "small.tfstate")
	os.WriteFile(small, []byte("{}"), 0o644)
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	mid := filepath.Join(dir, "mid.tfstate")
	if f, err := os.Create(mid); err == nil {
		f.Truncate(heapReserveFrom)
		f.Close()
	}
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
	huge := filepath.Join(dir, "huge.tfstate")
	if f, err := os.Create(huge); err == nil {
		f.Truncate(1 << 30)
		f.Close()
	}
	if got := heapReservation([]string{"graph", dir}); got != maxHeapReservation {
		t.Errorf("1 GiB of inputs: %d bytes, want the cap", got)
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	if got := heapReservation([]string{"graph", big}); got != 0 {
		t.Errorf("under GOMEMLIMIT: %d bytes, want none", got)
	}
}
