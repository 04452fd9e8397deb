package importers

import (
	"runtime"
	"testing"
)

// TestMapAnon: mapped memory is zeroed, writable and as long as asked
// (Linux); elsewhere mapAnon fails and inputs are read into the heap.
func TestMapAnon(t *testing.T) {
	mem, err := mapAnon(3<<20 + 5)
	if runtime.GOOS != "linux" {
		if err == nil {
			t.Fatal("mapAnon worked off Linux")
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(mem) != 3<<20+5 {
		t.Fatalf("%d bytes", len(mem))
	}
	for i := range mem {
		if mem[i] != 0 {
			t.Fatalf("byte %d is %d", i, mem[i])
		}
		mem[i] = byte(i)
	}
	if mem[len(mem)-1] != byte(len(mem)-1) {
		t.Fatal("the last byte was not written")
	}
	unmapAnon(mem)
}
