package output

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

// spool holds a rendered report until it can be written. Its first
// spoolMemory bytes stay in memory, in blocks of a fixed size (unlike
// one growing buffer, never copied into a larger one); the rest goes to
// a temporary file, removed at once where the system allows it, so that
// a report of a hundred megabytes on the standard output does not sit
// in the heap beside the graph it was drawn from. Where no temporary
// file can be made, the spool keeps everything in memory. Close releases
// the file.
type spool struct {
	blocks [][]byte
	size   int      // bytes held in blocks
	file   *os.File // the rest, once size reached spoolMemory
	buf    *bufio.Writer
	name   string // the file's name while it still has one (removed on Close)
	noFile bool   // a temporary file could not be made: memory only
}

// spoolBlock is the size of a spool's blocks.
const spoolBlock = 1 << 20

// spoolMemory is how much of a report a spool holds in memory before it
// moves the rest to a temporary file: reports of most runs fit.
var spoolMemory = 8 << 20

// Write appends p to the spool; it fails only when the temporary file
// cannot be written.
func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && !s.noFile && s.size+len(p) > spoolMemory {
		s.spill()
	}
	if s.file != nil {
		if _, err := s.buf.Write(p); err != nil {
			return 0, fmt.Errorf("spool the report in %s: %w", os.TempDir(), unwrapPath(err))
		}
		return len(p), nil
	}
	n := len(p)
	s.size += n
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

// spill opens the temporary file the rest of the report goes to.
func (s *spool) spill() {
	f, err := os.CreateTemp("", "blast-report-*")
	if err != nil {
		s.noFile = true
		return
	}
	s.file, s.buf = f, bufio.NewWriterSize(f, spoolBlock)
	if os.Remove(f.Name()) != nil { // systems that keep open files' names
		s.name = f.Name()
	}
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
	if s.file == nil {
		return total, nil
	}
	if err := s.buf.Flush(); err != nil {
		return total, fmt.Errorf("spool the report in %s: %w", os.TempDir(), unwrapPath(err))
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return total, fmt.Errorf("spool the report in %s: %w", os.TempDir(), unwrapPath(err))
	}
	n, err := io.Copy(w, s.file)
	return total + n, err
}

// Close removes the spool's temporary file, if it made one.
func (s *spool) Close() {
	if s.file != nil {
		s.file.Close()
		if s.name != "" {
			os.Remove(s.name)
		}
		s.file, s.buf = nil, nil
	}
}
