//go:build linux

package importers

import "syscall"

// mapAnon returns size bytes of zeroed private memory outside the Go
// heap. unmapAnon gives it back.
func mapAnon(size int) ([]byte, error) {
	return syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
}

// unmapAnon gives memory from mapAnon back to the system; it must not be
// used afterwards.
func unmapAnon(mem []byte) {
	_ = syscall.Munmap(mem)
}
