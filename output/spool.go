package output

import "io"

// spool holds a rendered report in blocks of a fixed size until it can
// be written: unlike one growing buffer, a report of many megabytes is
// never copied into a larger buffer as it grows.
type spool struct {
	blocks [][]byte
}

// spoolBlock is the size of a spool's blocks.
const spoolBlock = 1 << 20

// Write appends p to the spool; it never fails.
func (s *spool) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		last := len(s.blocks) - 1
		if last < 0 || len(s.blocks[last]) == cap(s.blocks[last]) {
			s.blocks = append(s.blocks, make([]byte, 0, spoolBlock))
			last++
		}
		b := s.blocks[last]
		k := min(cap(b)-len(b), len(p))
		s.blocks[last] = append(b, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// WriteTo writes the spool's content to w.
func (s *spool) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for _, b := range s.blocks {
		n, err := w.Write(b)
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
