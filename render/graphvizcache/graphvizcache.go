// Package graphvizcache chooses where the Graphviz engine keeps its
// compiled code, before the engine starts.
//
// The go-graphviz library compiles its WebAssembly build of Graphviz as
// the program starts, caching the result in a fixed "go-graphviz" folder
// of the system's temporary directory. Made there by another user (mode
// 0700), that folder made every command panic at start-up, blast version
// included. This package is initialised before the library (Go
// initialises packages in import-path order among those ready, and it
// imports nothing the library's own dependencies do not), and points the library at a
// folder of the user's own cache directory (os.UserCacheDir, then
// "blast"), or at a folder of the temporary directory that only this
// user can enter ("blast-UID"), or, when neither can be written, at a
// place where no cache can be made: the engine then compiles without
// one, which costs most of a second of CPU time per command. Restore, called once
// the library has started, gives the process its own TMPDIR back.
package graphvizcache

import (
	"os"
	"path/filepath"
	"strconv"
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

// choose returns the folder for the engine's cache: the user's cache
// directory's "blast", or else a "blast-UID" folder of the system's
// temporary directory that this user owns and no one else can enter;
// noCache when neither can be written.
func choose() string {
	if base, err := os.UserCacheDir(); err == nil && filepath.IsAbs(base) {
		dir := filepath.Join(base, "blast")
		if os.MkdirAll(dir, 0o700) == nil && usable(dir) {
			return dir
		}
	}
	if uid := os.Getuid(); uid >= 0 {
		dir := filepath.Join(os.TempDir(), "blast-"+strconv.Itoa(uid))
		os.Mkdir(dir, 0o700)
		if private(dir) && usable(dir) {
			return dir
		}
	}
	return noCache
}

// usable says whether the engine's cache in dir can be written: the
// cache folder and the per-runtime folders the engine writes in must all
// take a new file.
func usable(dir string) bool {
	cache := filepath.Join(dir, "go-graphviz")
	if err := os.Mkdir(cache, 0o700); err != nil && !os.IsExist(err) {
		return false
	}
	entries, err := os.ReadDir(cache)
	if err != nil {
		return false
	}
	dirs := []string{cache}
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(cache, e.Name()))
		}
	}
	for _, d := range dirs {
		if !writable(d) {
			return false
		}
	}
	return true
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
