package cmd

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/blast-dev/blast/render/graphvizcache"
)

// nobody is the user the start-up tests run blast as.
const nobody = 65534

// TestStartupHelper is not a test: TestStartupForeignCache runs the test
// binary as another user with it, to start blast as a new process would.
func TestStartupHelper(t *testing.T) {
	if os.Getenv("BLAST_STARTUP_HELPER") == "" {
		t.Skip("run by TestStartupForeignCache")
	}
	if got, want := os.Getenv("TMPDIR"), os.Getenv("BLAST_WANT_TMPDIR"); got != want {
		fmt.Fprintf(os.Stderr, "TMPDIR is %q after start-up, want %q\n", got, want)
		os.Exit(9)
	}
	os.Exit(Run(strings.Fields(os.Getenv("BLAST_STARTUP_HELPER")), strings.NewReader(""), os.Stdout, os.Stderr))
}

// TestStartupForeignCache: the Graphviz engine's cache folder in the
// system's temporary directory, made by another user with mode 0700,
// once made every command panic at start-up (exit 2, blast's "threshold
// crossed"). Run as an unprivileged user beside such a folder, blast
// starts, draws a diagram, and caches the engine in its own cache
// directory when it has one; without one it runs with no cache. Running
// as another user needs root, which is what CI runs as.
func TestStartupForeignCache(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("running as another user needs root (CI runs as root)")
	}
	root := t.TempDir()
	for _, d := range []string{filepath.Dir(root), root} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	folder, files := cachedEngine(t)
	bin := filepath.Join(root, "blast.test")
	copyFile(t, os.Args[0], bin, 0o755)
	home := filepath.Join(root, "home")
	os.Mkdir(home, 0o755)
	if err := os.Chown(home, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct {
		name, home string
		squatted   bool   // blast-65534 in the temporary directory is root's
		cache      string // where the engine's cache is made, under the temporary directory or home; "" for nowhere
	}{
		{"own cache directory", home, false, "home/.cache/blast/go-graphviz"},
		{"no home", "/nonexistent", false, "tmp/blast-65534/go-graphviz"},
		{"no home, temporary folder taken", "/nonexistent", true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			// the library makes go-graphviz with mode 0755 and the
			// engine's folder in it with 0700, with the compiled code in
			// that: root's here, as another user's would be
			base := filepath.Join(root, strconv.Itoa(i))
			sysTmp := filepath.Join(base, "tmp")
			foreign := filepath.Join(sysTmp, "go-graphviz")
			engine := filepath.Join(foreign, folder)
			if err := os.MkdirAll(engine, 0o700); err != nil {
				t.Fatal(err)
			}
			os.Chmod(base, 0o755)
			os.Chmod(foreign, 0o755)
			os.Chmod(sysTmp, 0o1777)
			for _, name := range files {
				os.WriteFile(filepath.Join(engine, name), []byte("another user's"), 0o600)
			}
			if c.squatted {
				os.Mkdir(filepath.Join(sysTmp, "blast-65534"), 0o700)
			}
			for _, args := range []string{"version", "whatif --down aws:us-east-1a --format svg"} {
				cmd := exec.Command(bin, "-test.run=^TestStartupHelper$")
				cmd.Dir = root
				cmd.Env = []string{"BLAST_STARTUP_HELPER=" + args, "BLAST_WANT_TMPDIR=" + sysTmp,
					"TMPDIR=" + sysTmp, "HOME=" + c.home, "PATH=" + os.Getenv("PATH")}
				cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				err := cmd.Run()
				if err != nil || strings.Contains(stderr.String(), "panic") {
					t.Fatalf("blast %s: %v\n%s", args, err, stderr.String())
				}
				if strings.HasPrefix(args, "whatif") && !strings.Contains(stdout.String(), "<svg") {
					t.Errorf("blast %s drew no SVG: %.80q", args, stdout.String())
				}
			}
			made, _ := filepath.Glob(filepath.Join(c.home, ".cache", "blast", "go-graphviz", "*", "*"))
			more, _ := filepath.Glob(filepath.Join(sysTmp, "blast-*", "go-graphviz", "*", "*"))
			made = append(made, more...)
			for _, m := range made {
				if c.cache == "" || !strings.Contains(m, c.cache) {
					t.Errorf("an engine cache made in %s, want %q", m, c.cache)
				}
			}
			if c.cache != "" && len(made) == 0 {
				t.Errorf("no engine cache made, want one in %s", c.cache)
			}
			if entries, _ := os.ReadDir(engine); len(entries) != len(files) {
				t.Errorf("the other user's folder was written in: %v", entries)
			}
		})
	}
}

// cachedEngine names the folder of this process's own engine cache and
// the files in it (the compiled code is found by its key: another user's
// cache of the same build has the same names).
func cachedEngine(t *testing.T) (string, []string) {
	t.Helper()
	dirs, _ := filepath.Glob(filepath.Join(graphvizcache.Dir, "go-graphviz", "wazero-*"))
	shared, _ := filepath.Glob(filepath.Join(os.TempDir(), "go-graphviz", "wazero-*"))
	dirs = append(dirs, shared...)
	for _, d := range dirs {
		entries, _ := os.ReadDir(d)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if len(names) > 0 {
			return filepath.Base(d), names
		}
	}
	t.Skip("this process has no engine cache to copy the names of")
	return "", nil
}

// copyFile copies the file src to dst, with mode perm.
func copyFile(t *testing.T, src, dst string, perm os.FileMode) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
