//go:build unix

package graphvizcache

import (
	"os"
	"syscall"
)

// private says whether dir is a directory (not a link) that this user
// owns and no one else may enter or write in.
func private(dir string) bool {
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() || fi.Mode().Perm()&0o077 != 0 {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
