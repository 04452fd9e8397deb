package cmd

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blast-dev/blast/buildinfo"
)

// blast version prints the build package buildinfo reads, as a line or
// as JSON; an unknown format is an error.
func TestVersionCommand(t *testing.T) {
	b := buildinfo.Read(Version)
	code, out, stderr := blastRun(t, "", "version")
	if code != ExitOK || out != b.String()+"\n" {
		t.Errorf("version: exit %d, %q (stderr %q), want %q", code, out, stderr, b.String())
	}
	code, out, _ = blastRun(t, "", "version", "--format", "json")
	var got buildinfo.Info
	if err := json.Unmarshal([]byte(out), &got); code != ExitOK || err != nil || got != b || !strings.HasSuffix(out, "}\n") {
		t.Errorf("version --format json: exit %d, %+v (%v), want %+v", code, got, err, b)
	}
	if code, _, stderr := blastRun(t, "", "version", "--format", "yaml"); code != ExitError || stderr != "blast: --format: unknown format \"yaml\" (want text or json)\n" {
		t.Errorf("version --format yaml: exit %d, %q", code, stderr)
	}
}

// A binary built by go build in a git clone reports the clone's commit,
// and +dirty once a file is changed. (Go stamps no VCS information in a
// git worktree, whose .git is a file: the test builds in a clone.)
func TestVersionStampedByGoBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds blast twice")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root := moduleRoot(t)
	if err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Run(); err != nil {
		t.Skip("not a git checkout")
	}
	clone := filepath.Join(t.TempDir(), "blast")
	run := func(dir string, name string, args ...string) string {
		t.Helper()
		c := exec.Command(name, args...)
		c.Dir = dir
		c.Env = append(os.Environ(), "GOFLAGS=-buildvcs=true", "GIT_CONFIG_GLOBAL=/dev/null")
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run(root, "git", "clone", "--quiet", "--no-hardlinks", root, clone)
	// the clone gets the work tree as it is, committed: the code under test
	for _, name := range strings.Split(run(root, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if name == "" || os.IsNotExist(err) {
			continue // deleted in the work tree
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(clone, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(clone, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(clone, "git", "add", "-A")
	run(clone, "git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "--quiet", "--allow-empty", "-m", "work tree")
	head := run(clone, "git", "rev-parse", "HEAD")
	bin := filepath.Join(t.TempDir(), "blast")
	version := func() buildinfo.Info {
		run(clone, "go", "build", "-o", bin, "./cmd/blast")
		var b buildinfo.Info
		if err := json.Unmarshal([]byte(run(clone, bin, "version", "--format", "json")), &b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	if b := version(); b.Commit != head || b.Dirty || b.Time == "" {
		t.Errorf("clean clone: %+v, want commit %s, not dirty, with a time", b, head)
	}
	if err := os.WriteFile(filepath.Join(clone, "README.md"), []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b := version(); b.Commit != head || !b.Dirty {
		t.Errorf("changed clone: %+v, want commit %s, dirty", b, head)
	}
	if out := run(clone, bin, "version"); !strings.Contains(out, head+"+dirty") {
		t.Errorf("version line %q lacks %s+dirty", out, head)
	}
}
