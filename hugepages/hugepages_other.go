//go:build !linux

package hugepages

import "errors"

// Advise does nothing where there are no transparent huge pages.
func Advise([]byte) {}

// Map is Linux only; elsewhere large inputs are read into the Go heap.
func Map(int) ([]byte, error) {
	return nil, errors.New("no memory outside the Go heap on this platform")
}

// Unmap is never called where Map fails.
func Unmap([]byte) {}

// Available is false: there are no transparent huge pages here.
func Available() bool { return false }
