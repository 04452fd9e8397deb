package output

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestSpool: what is written in pieces of every size, across block
// boundaries, comes out whole and in order: held in memory, moved to a
// temporary file past spoolMemory (removed at once, none left after
// Close), or in memory when no temporary file can be made.
func TestSpool(t *testing.T) {
	defer func(m int) { spoolMemory = m }(spoolMemory)
	for _, c := range []struct {
		name     string
		memory   int
		tmpdir   string // "" for a fresh directory
		wantFile bool
	}{
		{"memory", 8 << 20, "", false},
		{"file", 2*spoolBlock + 3, "", true},
		{"no temporary directory", 2*spoolBlock + 3, "missing", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			spoolMemory = c.memory
			dir := t.TempDir()
			if c.tmpdir != "" {
				dir = filepath.Join(dir, c.tmpdir)
			}
			t.Setenv("TMPDIR", dir)
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
			if (s.file != nil) != c.wantFile {
				t.Fatalf("temporary file %v, want %v", s.file != nil, c.wantFile)
			}
			if c.wantFile && s.size > spoolMemory {
				t.Errorf("%d bytes held in memory, over spoolMemory %d", s.size, spoolMemory)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("%d files left in the temporary directory while spooling", len(entries))
			}
			var got bytes.Buffer
			if n, err := s.WriteTo(&got); err != nil || n != int64(want.Len()) {
				t.Fatalf("WriteTo = %d, %v; want %d", n, err, want.Len())
			}
			s.Close()
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatal("the spool's content differs from what was written")
			}
		})
	}
}

// TestWriteAtomicRenderFails: a renderer that fails after writing part of
// a report leaves the existing file as it was and no temporary file.
func TestWriteAtomicRenderFails(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.svg")
	os.WriteFile(out, []byte("previous\n"), 0o644)
	boom := errors.New("boom")
	err := WriteAtomic(out, func(w io.Writer) error {
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

// report is what the tests write: a report that fails nowhere.
const report = "aws:us-east-1: 3 failed\n"

// writeOut writes the report to out with WriteAtomic, as blast -o does.
func writeOut(t *testing.T, out string) error {
	t.Helper()
	return WriteAtomic(out, func(w io.Writer) error {
		_, err := io.WriteString(w, report)
		return err
	})
}

// TestOutputDeviceSurvives: WriteAtomic on a character device (made with mknod,
// as /dev/null is) writes into it and leaves the device node in place;
// renaming a temporary file over it would replace a device of the whole
// machine with a regular file. Making a device node needs root, which
// is what CI runs as.
func TestOutputDeviceSurvives(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mknod needs root (CI runs as root)")
	}
	dev := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err != nil { // 1,3: /dev/null's numbers
		t.Fatalf("mknod: %v", err)
	}
	if err := writeOut(t, dev); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(dev)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&fs.ModeCharDevice == 0 || fi.Mode()&fs.ModeDevice == 0 {
		t.Fatalf("the device became %v", fi.Mode())
	}
	entries, _ := os.ReadDir(filepath.Dir(dev))
	if len(entries) != 1 {
		t.Errorf("files left beside the device: %v", entries)
	}
}

// TestOutputFIFOSurvives: WriteAtomic on a FIFO writes the report into it, to
// the reader at the other end, and leaves the FIFO in place.
func TestOutputFIFOSurvives(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	got := make(chan []byte, 1)
	go func() {
		f, err := os.Open(fifo) // blocks until blast opens it for writing
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		data, _ := io.ReadAll(f)
		got <- data
	}()
	if err := writeOut(t, fifo); err != nil {
		t.Fatal(err)
	}
	data := <-got
	if string(data) != report {
		t.Errorf("the reader got %.60q, want the report", data)
	}
	fi, err := os.Lstat(fifo)
	if err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO is gone or changed: %v, %v", fi, err)
	}
}

// TestOutputSymlinkTarget: WriteAtomic through a symbolic link replaces the file
// the link points at and keeps the link; a dangling link gets its target
// created; a replaced file keeps its permissions.
func TestOutputSymlinkTarget(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "reports", "impact.txt")
	os.MkdirAll(filepath.Dir(target), 0o755)
	os.WriteFile(target, []byte("old\n"), 0o600)
	link := filepath.Join(dir, "latest.txt")
	if err := os.Symlink(filepath.Join("reports", "impact.txt"), link); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "next.txt")
	os.Symlink(filepath.Join("reports", "new.txt"), dangling)
	for _, out := range []string{link, dangling} {
		if err := writeOut(t, out); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if fi, err := os.Lstat(out); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Fatalf("-o %s: the link was replaced: %v, %v", out, fi, err)
		}
	}
	for name, perm := range map[string]fs.FileMode{"impact.txt": 0o600, "new.txt": 0o644} {
		p := filepath.Join(dir, "reports", name)
		data, _ := os.ReadFile(p)
		if string(data) != report {
			t.Errorf("%s: %.40q, want the report", name, data)
		}
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != perm {
			t.Errorf("%s: mode %v, want %v", name, fi.Mode().Perm(), perm)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "reports"))
	if len(entries) != 2 {
		t.Errorf("reports/ holds %d entries, want 2 (no temporary files)", len(entries))
	}
}

// TestOutputDirectory: a directory is never written: the error names it.
func TestOutputDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := writeOut(t, dir); err == nil || err.Error() != "write "+dir+": is a directory" {
		t.Errorf("err = %v", err)
	}
}
