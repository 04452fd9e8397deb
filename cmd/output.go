package cmd

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/blast-dev/blast/render"
)

// emit renders a report and writes it to the file (atomically: rendered
// into a temporary file that is renamed into place) or to the standard
// output, which gets nothing unless the whole report rendered.
func (g *globals) emit(view render.View, format, outFile string, r *render.Report) error {
	fn, err := render.Lookup(view, format)
	if err != nil {
		return err
	}
	if outFile != "" && outFile != "-" {
		return writeAtomic(outFile, func(w io.Writer) error {
			if err := fn(w, r); err != nil {
				return fmt.Errorf("render %s: %w", format, err)
			}
			return nil
		})
	}
	var out spool
	if err := fn(&out, r); err != nil {
		return fmt.Errorf("render %s: %w", format, err)
	}
	_, err = out.WriteTo(g.stdout)
	return err
}

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

// writeAtomic writes to path through a temporary file in the same
// directory, renamed into place once write has succeeded, so that a
// failed run never leaves a half-written file.
func writeAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	name := tmp.Name()
	defer os.Remove(name) // no-op after a successful rename
	file := &recordingWriter{w: tmp}
	bw := bufio.NewWriterSize(file, 256<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		tmp.Close()
		if file.err != nil { // the disk, not the renderer, failed
			return fmt.Errorf("write %s: %w", path, unwrapPath(file.err))
		}
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	return nil
}

// recordingWriter passes writes on to w and keeps the first error.
type recordingWriter struct {
	w   io.Writer
	err error
}

func (r *recordingWriter) Write(p []byte) (int, error) {
	n, err := r.w.Write(p)
	if err != nil && r.err == nil {
		r.err = err
	}
	return n, err
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
