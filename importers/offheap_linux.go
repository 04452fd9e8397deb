//go:build linux

package importers

import "syscall"

// madvHugepage is Linux's MADV_HUGEPAGE: back the range with transparent
// huge pages where the system allows them (a 2 MiB page is faulted in
// once where 512 small ones would be, one by one).
const madvHugepage = 14

// mapMemory returns size bytes of private anonymous memory.
func mapMemory(size int) ([]byte, error) {
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil, err
	}
	_ = syscall.Madvise(mem, madvHugepage) // advice only: small pages do too
	return mem, nil
}

// unmapMemory gives memory from mapMemory back to the system.
func unmapMemory(mem []byte) {
	_ = syscall.Munmap(mem)
}
