//go:build linux

package hugepages

import "syscall"

// madvHugepage is Linux's MADV_HUGEPAGE.
const madvHugepage = 14

// Advise asks for huge pages for the pages of b not touched yet. It is
// advice: nothing changes for the program but the cost of first touches.
func Advise(b []byte) {
	if len(b) > 0 {
		_ = syscall.Madvise(b, madvHugepage)
	}
}

// Map returns size bytes of private memory outside the Go heap, asking
// for huge pages. Unmap gives it back.
func Map(size int) ([]byte, error) {
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil, err
	}
	Advise(mem)
	return mem, nil
}

// Unmap gives memory from Map back to the system; it must not be used
// afterwards.
func Unmap(mem []byte) {
	_ = syscall.Munmap(mem)
}
