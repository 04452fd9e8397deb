// Package planside serves the before side of Terraform plans to the
// loader, so that blast check imports the system as it is (every plan's
// prior state) with the same loader that imports it as planned (the plan
// itself). The importers stay unaware of sides: a plan's before side is
// an ordinary document of the plan format (tfjson.Before).
package planside

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/tfjson"
)

// Before is an fs.FS over the operating system's files in which every
// Terraform plan reads as the document of its before side. It counts the
// plans it replaced (blast check needs at least one). Paths are the
// operating system's, as given on the command line.
type Before struct{ plans int }

// Plans reports how many plans Before has replaced so far, through Open
// and Stdin.
func (b *Before) Plans() int { return b.plans }

// Stdin returns the before side of the standard input's content when it
// is a plan, and the content unchanged otherwise.
func (b *Before) Stdin(data []byte) ([]byte, error) {
	if !tfjson.IsPlan(data) {
		return data, nil
	}
	out, err := tfjson.Before(importers.Input{Path: "-", Name: "stdin", Data: data})
	if err != nil {
		return nil, fmt.Errorf("stdin: %w", err)
	}
	b.plans++
	return out, nil
}

// Open implements fs.FS: a directory is the operating system's, a file
// is read whole and, when it is a plan, replaced by its before side.
func (b *Before) Open(name string) (fs.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil || fi.IsDir() {
		return f, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	data = importers.AsUTF8(data)
	if tfjson.IsPlan(data) {
		out, err := tfjson.Before(importers.Input{Path: name, Name: name, Data: data})
		if err != nil {
			return nil, fmt.Errorf("before side: %w", err)
		}
		data = out
		b.plans++
	}
	return &memFile{Reader: bytes.NewReader(data), info: fi}, nil
}

// Stat implements fs.StatFS.
func (b *Before) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// ReadDir implements fs.ReadDirFS.
func (b *Before) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }

// memFile is a file's content held in memory, with the original's
// file information.
type memFile struct {
	*bytes.Reader
	info fs.FileInfo
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m.info, nil }
func (m *memFile) Close() error               { return nil }

// ReadStdin reads the standard input once when a path of args is "-"
// (blast check loads both sides from it): nil when none is, an error
// when several are or the input is over limit bytes (sizeText names the
// limit as the user wrote it).
func ReadStdin(r io.Reader, args []string, limit int64, sizeText string) ([]byte, error) {
	n := 0
	for _, a := range args {
		if a == "-" {
			n++
		}
	}
	if n == 0 || r == nil {
		return nil, nil
	}
	if n > 1 {
		return nil, fmt.Errorf("stdin (-) can be given once")
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("stdin: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("stdin: input is over the %s input limit (raise it with --max-input-size)", sizeText)
	}
	return data, nil
}
