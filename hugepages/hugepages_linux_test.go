//go:build linux

package hugepages

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestAvailable: huge pages are available where the system setting
// allows advice and the address space is not limited, and only there.
func TestAvailable(t *testing.T) {
	dir := t.TempDir()
	prev := thpSetting
	defer func() { thpSetting = prev }()
	for setting, want := range map[string]bool{
		"always [madvise] never\n": true,
		"[always] madvise never\n": true,
		"always madvise [never]\n": false,
	} {
		thpSetting = filepath.Join(dir, "enabled")
		os.WriteFile(thpSetting, []byte(setting), 0o644)
		var lim syscall.Rlimit
		syscall.Getrlimit(syscall.RLIMIT_AS, &lim)
		if lim.Cur != unlimited {
			want = false
		}
		if got := Available(); got != want {
			t.Errorf("%q: %v, want %v", setting, got, want)
		}
	}
	thpSetting = filepath.Join(dir, "missing")
	if Available() {
		t.Error("available without the setting (a kernel without transparent huge pages)")
	}
}
