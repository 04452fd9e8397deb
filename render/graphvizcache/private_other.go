//go:build !unix

package graphvizcache

// private says whether dir is this user's alone; where ownership cannot
// be read it is never taken to be.
func private(dir string) bool { return false }
