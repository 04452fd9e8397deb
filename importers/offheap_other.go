//go:build !linux

package importers

import "errors"

// mapMemory is Linux only; elsewhere large files are read into the heap.
func mapMemory(int) ([]byte, error) {
	return nil, errors.New("no off-heap memory on this platform")
}

// unmapMemory is never called where mapMemory fails.
func unmapMemory([]byte) {}
