// Package graphvizcache chooses where the Graphviz engine keeps its
// compiled code, before the engine starts.
//
// The go-graphviz library compiles its WebAssembly build of Graphviz as
// the program starts, caching the result in a fixed "go-graphviz" folder
// of the system's temporary directory. Made there by another user (mode
// 0700), that folder made every command panic at start-up, blast version
// included. This package is initialised before the library (Go
// initialises packages in import-path order among those ready, and it
// imports nothing the library does not), and points the library at a
// folder of the user's own cache directory (os.UserCacheDir, then
// "blast"), or, when that cannot be written, at a place where no cache
// can be made: the engine then compiles without one. Restore, called once
// the library has started, gives the process its own TMPDIR back.
package graphvizcache

import (
	"os"
	"path/filepath"
)

// noCache is a temporary directory in which the library's cache folder
// cannot be made (a file is not a directory), so it runs without one.
const noCache = "/dev/null"

var (
	savedTMPDIR string
	hadTMPDIR   bool
	// Dir is the folder the engine was pointed at: its cache is the
	// "go-graphviz" folder within; noCache when there is none.
	Dir string
)

func init() {
	savedTMPDIR, hadTMPDIR = os.LookupEnv("TMPDIR")
	Dir = choose()
	os.Setenv("TMPDIR", Dir)
}

// choose returns the per-user folder for the engine's cache when the
// cache in it can be written, and noCache otherwise.
func choose() string {
	base, err := os.UserCacheDir()
	if err != nil || !filepath.IsAbs(base) {
		return noCache
	}
	dir := filepath.Join(base, "blast")
	cache := filepath.Join(dir, "go-graphviz")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		return noCache
	}
	// the cache folder and the per-runtime folders the engine writes in
	// must all take a new file
	dirs := []string{cache}
	if entries, err := os.ReadDir(cache); err == nil {
		for _, e := range entries {
			if e.IsDir() {
				dirs = append(dirs, filepath.Join(cache, e.Name()))
			}
		}
	} else {
		return noCache
	}
	for _, d := range dirs {
		if !writable(d) {
			return noCache
		}
	}
	return dir
}

// writable says whether a new file can be made in dir.
func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	return os.Remove(name) == nil
}

// Restore gives the process back the TMPDIR it started with.
func Restore() {
	if hadTMPDIR {
		os.Setenv("TMPDIR", savedTMPDIR)
	} else {
		os.Unsetenv("TMPDIR")
	}
}
