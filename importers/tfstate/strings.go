package tfstate

import "unsafe"

// stringBlock is how many bytes of string values one allocation holds
// at most (less for a small input, of which a directory may hold
// thousands: see newStringStore).
const stringBlock = 16 << 10

// stringStore hands out the decoded string values of a reader carved
// from large blocks: a large state's attributes hold hundreds of
// thousands of distinct strings, and each copied on its own was an
// allocation. A string keeps its whole block
// alive; the values a graph keeps (identities, tags, placement) are most
// of the bytes anyway.
type stringStore struct {
	bytes []byte // free room of the current block of string bytes
	block int    // the size of this store's blocks
}

// newStringStore returns a store for the values of an input of size
// bytes: its blocks are at most a thirty-second of the input's size, so
// that the last block's unused room stays small beside it.
func newStringStore(size int) stringStore {
	return stringStore{block: min(stringBlock, max(1<<10, size/32))}
}

// copy returns b as a string, its bytes copied into the current block.
func (s *stringStore) copy(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(s.bytes)-len(s.bytes) {
		if len(b) > s.block/4 {
			return string(b) // a long value has an allocation of its own
		}
		s.bytes = make([]byte, 0, s.block)
	}
	start := len(s.bytes)
	s.bytes = append(s.bytes, b...)
	// the block's bytes from start on are never written again
	return unsafe.String(&s.bytes[start], len(b))
}
