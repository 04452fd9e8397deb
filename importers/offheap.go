package importers

import (
	"io"
	"os"
	"sync"
)

// offHeapFrom is the size from which a file is read into memory mapped
// outside the Go heap (where the platform allows it). Reading a state of
// hundreds of megabytes into the heap costs more than parsing it: every
// page of a fresh buffer is faulted in and cleared one by one, and the
// collector counts the buffer as live heap while the graph is built. A
// mapping costs nothing to the collector and is released as soon as the
// importer is done with it (Input.Done). It is not advised into
// transparent huge pages: see docs/performance.md, "Sixth round, memory
// pages" (on a virtual machine whose free memory goes back to the host,
// clearing fresh 2 MiB pages cost more system time than they saved).
var offHeapFrom int64 = 16 << 20

// mapped is a file's content held outside the Go heap.
type mapped struct {
	once sync.Once
	mem  []byte
}

// releaseMapped gives a mapping's memory back; tests replace it to catch
// an importer that keeps a slice of its input.
var releaseMapped = unmapAnon

// free releases the memory once; later calls, and calls on nil, do nothing.
func (m *mapped) free() {
	if m == nil {
		return
	}
	m.once.Do(func() {
		releaseMapped(m.mem)
		m.mem = nil
	})
}

// readOffHeap reads a file of the given size into a mapping. It returns
// nil (and the caller reads the usual way) when the platform has no such
// mapping or when the file is not the size it was: a file that grew or
// shrank since it was looked at is read again as a whole.
func readOffHeap(f *os.File, size int64) ([]byte, *mapped) {
	if size <= 0 || size < offHeapFrom || int64(int(size)) != size {
		return nil, nil
	}
	mem, err := mapAnon(int(size))
	if err != nil {
		return nil, nil
	}
	m := &mapped{mem: mem}
	// ReadAt leaves the file's offset alone for the caller's second try
	n, err := f.ReadAt(mem, 0)
	var more [1]byte
	if n != len(mem) || (err != nil && err != io.EOF) {
		m.free()
		return nil, nil
	}
	if k, _ := f.ReadAt(more[:], size); k > 0 { // it grew
		m.free()
		return nil, nil
	}
	return mem, m
}
