package cmd

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSpool: what is written in pieces of every size, across block
// boundaries, comes out whole and in order.
func TestSpool(t *testing.T) {
	var want bytes.Buffer
	var s spool
	for i, size := range []int{0, 1, spoolBlock - 2, 5, spoolBlock, 3*spoolBlock + 7, 1} {
		p := bytes.Repeat([]byte{byte('a' + i)}, size)
		if n, err := s.Write(p); n != size || err != nil {
			t.Fatalf("Write(%d bytes) = %d, %v", size, n, err)
		}
		want.Write(p)
	}
	for _, b := range s.blocks {
		if cap(b) != spoolBlock {
			t.Fatalf("a block of %d bytes, want %d", cap(b), spoolBlock)
		}
	}
	var got bytes.Buffer
	if n, err := s.WriteTo(&got); err != nil || n != int64(want.Len()) {
		t.Fatalf("WriteTo = %d, %v; want %d", n, err, want.Len())
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatal("the spool's content differs from what was written")
	}
}

// TestWriteAtomicRenderFails: a renderer that fails after writing part of
// a report leaves the existing file as it was and no temporary file.
func TestWriteAtomicRenderFails(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.svg")
	os.WriteFile(out, []byte("previous\n"), 0o644)
	boom := errors.New("boom")
	err := writeAtomic(out, func(w io.Writer) error {
		w.Write(bytes.Repeat([]byte("x"), 1<<20)) // past the write buffer
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the renderer's", err)
	}
	if data, _ := os.ReadFile(out); string(data) != "previous\n" {
		t.Errorf("the existing file changed: %.40q", data)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}
