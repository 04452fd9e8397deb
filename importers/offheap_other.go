//go:build !linux

package importers

import "errors"

// mapAnon is Linux only; elsewhere large inputs are read into the Go heap.
func mapAnon(int) ([]byte, error) {
	return nil, errors.New("no memory outside the Go heap on this platform")
}

// unmapAnon is never called where mapAnon fails.
func unmapAnon([]byte) {}
