package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WriteAtomic writes a report to path so that nothing half-written is
// ever left there. A regular file (or a missing one) is replaced: the
// report goes into a temporary file in the same directory, renamed into
// place once write has succeeded. A symbolic link is followed and its
// target replaced, never the link. Anything else (a device such as
// /dev/null, a FIFO, a terminal, /dev/stdout) is written into directly,
// after the whole report has rendered: renaming over it would replace a
// device node of the whole machine with a regular file.
func WriteAtomic(path string, write func(io.Writer) error) error {
	target, how, perm, err := outputTarget(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if how == replaceFile {
		err := replaceAtomic(path, target, perm, write)
		var denied *dirDenied
		if !errors.As(err, &denied) {
			return err
		}
		// the directory is not ours to write a temporary file in, but
		// the file itself may be: write it in place
		how = writeInPlace
	}
	return writeDirect(path, target, how, write)
}

// How an output path is written.
const (
	replaceFile  = iota // a temporary file renamed over it
	writeInPlace        // opened and truncated (a regular file we cannot replace)
	writeAppend         // opened for appending (/dev/stdout and the like: a shell's redirection)
	writeDevice         // opened as it is (a device, FIFO, socket or terminal)
)

// maxLinks bounds the chain of symbolic links followed to an output.
const maxLinks = 40

// outputTarget says how path is written: the path to write (symbolic
// links followed), the way, and the permissions a replacement gets.
func outputTarget(path string) (string, int, fs.FileMode, error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return "", 0, 0, errors.New("is a directory")
	case err == nil && !fi.Mode().IsRegular():
		return path, writeDevice, 0, nil
	case err == nil && underProcOrDev(path):
		// /dev/stdout, /proc/self/fd/1: a name for a descriptor another
		// process opened, not a file of ours to replace
		return path, writeAppend, 0, nil
	case err == nil:
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", 0, 0, unwrapPath(err)
		}
		return target, replaceFile, fi.Mode().Perm(), nil
	case errors.Is(err, fs.ErrNotExist):
		target, err := danglingTarget(path)
		return target, replaceFile, 0o644, err
	default:
		return "", 0, 0, unwrapPath(err)
	}
}

// underProcOrDev says whether path names something under /dev or /proc.
func underProcOrDev(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	return strings.HasPrefix(abs, "/dev/") || strings.HasPrefix(abs, "/proc/")
}

// danglingTarget follows the symbolic links of a path that does not
// exist to the name that is missing, where a new file is created.
func danglingTarget(path string) (string, error) {
	p := path
	for range maxLinks {
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", unwrapPath(err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", errors.New("too many levels of symbolic links")
}

// dirDenied reports that the temporary file could not be created in the
// output's directory for want of permission.
type dirDenied struct{ err error }

func (e *dirDenied) Error() string { return e.err.Error() }

// replaceAtomic writes target through a temporary file in its directory,
// renamed into place once write has succeeded, so that a failed run
// never leaves a half-written file. Errors name path, as the user gave it.
func replaceAtomic(path, target string, perm fs.FileMode, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			if _, statErr := os.Stat(target); statErr == nil {
				return &dirDenied{err}
			}
		}
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
	if err := os.Chmod(name, perm); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err := os.Rename(name, target); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	return nil
}

// writeDirect renders the whole report first, then opens target and
// writes it: a renderer that fails writes nothing there.
func writeDirect(path, target string, how int, write func(io.Writer) error) error {
	var out spool
	defer out.Close()
	if err := write(&out); err != nil {
		return err
	}
	flags := os.O_WRONLY
	switch how {
	case writeInPlace:
		flags |= os.O_TRUNC
	case writeAppend:
		flags |= os.O_APPEND
	}
	f, err := os.OpenFile(target, flags, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if _, err := out.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err := f.Close(); err != nil {
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
