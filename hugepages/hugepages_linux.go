//go:build linux

package hugepages

import (
	"bytes"
	"os"
	"syscall"
)

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

// unlimited is RLIM_INFINITY, for an address space without a limit.
const unlimited = ^uint64(0)

// thpSetting is where Linux says when it gives transparent huge pages.
var thpSetting = "/sys/kernel/mm/transparent_hugepage/enabled"

// Available reports whether advice can pay: the system gives huge pages
// to advised ranges (the setting reads "[always]" or "[madvise]", not
// "[never]"), and the address space of the process is not limited
// (ulimit -v), where reserving memory that may never be touched could
// fail.
func Available() bool {
	setting, err := os.ReadFile(thpSetting)
	if err != nil || !(bytes.Contains(setting, []byte("[always]")) || bytes.Contains(setting, []byte("[madvise]"))) {
		return false
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &lim); err != nil || lim.Cur != unlimited {
		return false
	}
	return true
}
