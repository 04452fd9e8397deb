package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blast-dev/blast/render"
)

// emit renders a report and writes it to the file (atomically: a
// temporary file renamed into place) or to the standard output.
func (g *globals) emit(view render.View, format, outFile string, r *render.Report) error {
	fn, err := render.Lookup(view, format)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := fn(&buf, r); err != nil {
		return fmt.Errorf("render %s: %w", format, err)
	}
	if outFile == "" || outFile == "-" {
		_, err := g.stdout.Write(buf.Bytes())
		return err
	}
	return writeAtomic(outFile, buf.Bytes())
}

// writeAtomic writes data to path through a temporary file in the same
// directory, so that a failed run never leaves a half-written file.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	name := tmp.Name()
	defer os.Remove(name) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
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

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
