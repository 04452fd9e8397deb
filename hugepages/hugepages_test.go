package hugepages

import (
	"runtime"
	"testing"
)

// TestMap: mapped memory is zeroed, writable and as long as asked, and
// advice leaves what a slice holds alone.
func TestMap(t *testing.T) {
	mem, err := Map(3<<20 + 5)
	if runtime.GOOS != "linux" {
		if err == nil {
			t.Fatal("Map worked off Linux")
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
	Unmap(mem)

	b := make([]byte, 4<<20)
	for i := range b {
		b[i] = byte(i * 7)
	}
	Advise(b)
	Advise(nil)
	for i := range b {
		if b[i] != byte(i*7) {
			t.Fatalf("byte %d changed under advice", i)
		}
	}
}
