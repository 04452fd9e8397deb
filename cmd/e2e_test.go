package cmd

// End-to-end tests over fixtures/: every folder there that holds a
// .e2e/cases file is an example system (its inputs sit in the folder
// itself) with CLI invocations and their expected outputs. Each case runs
// blast in-process with Run, from the module root, and compares the exit
// code, the standard output, the standard error and, for cases that write
// a file with {out}, that file, against golden files in .e2e/ (NAME.stdout,
// NAME.stderr, NAME.file; an empty output has no file).
//
// The .e2e folder is hidden on purpose: the loader skips hidden folders
// when a fixture folder is given as a path, and go:embed leaves it out of
// the built-in demo.
//
// Run `go test ./cmd/ -run TestFixtures -update` to rewrite the golden
// files after an intended change, then read the diff.

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of the end-to-end fixtures")

// e2eCase is one line of a cases file:
//
//	NAME EXIT ARG...
//
// ARGs are split at white space; double quotes group words. In an ARG,
// {dir} stands for the fixture folder (relative to the module root) and
// {out} for a temporary output file; an ARG <FILE feeds FILE (relative to
// the fixture folder) to the standard input.
type e2eCase struct {
	name  string
	exit  int
	args  []string
	stdin string
	line  int
}

// moduleRoot walks up from the working directory to the folder holding
// go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// splitArgs splits a cases line at white space, keeping double-quoted
// words (Go string syntax) together.
func splitArgs(s string) ([]string, error) {
	var out []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return out, nil
		}
		if s[0] == '"' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, fmt.Errorf("bad quoted word at %q", s)
			}
			w, _ := strconv.Unquote(q)
			out = append(out, w)
			s = s[len(q):]
			continue
		}
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			end = len(s)
		}
		out = append(out, s[:end])
		s = s[end:]
	}
}

func readCases(path string) ([]e2eCase, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []e2eCase
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		words, err := splitArgs(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, n, err)
		}
		if len(words) < 2 {
			return nil, fmt.Errorf("%s:%d: want NAME EXIT ARG...", path, n)
		}
		c := e2eCase{name: words[0], line: n}
		if c.exit, err = strconv.Atoi(words[1]); err != nil {
			return nil, fmt.Errorf("%s:%d: exit code %q is not a number", path, n, words[1])
		}
		if seen[c.name] {
			return nil, fmt.Errorf("%s:%d: case %s named twice", path, n, c.name)
		}
		seen[c.name] = true
		for _, w := range words[2:] {
			if strings.HasPrefix(w, "<") {
				c.stdin = w[1:]
				continue
			}
			c.args = append(c.args, w)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// fixtureDirs returns the fixture folders (relative to the module root,
// which must be the working directory), sorted.
func fixtureDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir("fixtures")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.ToSlash(filepath.Join("fixtures", e.Name()))
		if _, err := os.Stat(filepath.Join(dir, ".e2e", "cases")); err == nil {
			out = append(out, dir)
		}
	}
	sort.Strings(out)
	return out
}

// TestFixtures runs every case of every fixture folder.
func TestFixtures(t *testing.T) {
	t.Chdir(moduleRoot(t))
	dirs := fixtureDirs(t)
	if !contains(dirs, "fixtures/demo") {
		t.Fatalf("fixtures/demo/.e2e/cases is missing; fixture folders found: %v", dirs)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			golden := filepath.Join(dir, ".e2e")
			cases, err := readCases(filepath.Join(golden, "cases"))
			if err != nil {
				t.Fatal(err)
			}
			if len(cases) == 0 {
				t.Fatalf("%s/cases lists no case", golden)
			}
			want := map[string]bool{"cases": true}
			all := true
			for _, c := range cases {
				owned, ran := runCase(t, dir, c)
				all = all && ran
				for _, f := range owned {
					want[f] = true
				}
			}
			// with -run picking some cases, the others' files are not stale
			if all {
				checkStale(t, golden, want)
			}
		})
	}
}

// runCase runs one case twice (output must be byte-identical across runs)
// and compares the first run with the golden files; it returns the names
// of the golden files the case owns, and whether it ran (-run may leave
// it out).
func runCase(t *testing.T, dir string, c e2eCase) (owned []string, ran bool) {
	t.Run(c.name, func(t *testing.T) {
		ran = true
		golden := filepath.Join(dir, ".e2e")
		var first map[string][]byte
		for run := 0; run < 2; run++ {
			got := execCase(t, dir, c)
			if run == 0 {
				first = got
				continue
			}
			for _, k := range sortedNames(got) {
				if !bytes.Equal(got[k], first[k]) {
					t.Errorf("%s differs between two runs: output is not deterministic", k)
				}
			}
		}
		// the -o file's golden is NAME.file (*.out is git-ignored)
		for k, ext := range map[string]string{"stdout": ".stdout", "stderr": ".stderr", "out": ".file"} {
			data, ok := first[k]
			if !ok {
				continue
			}
			name := c.name + ext
			owned = append(owned, name)
			compareGolden(t, filepath.Join(golden, name), data, fmt.Sprintf("%s/cases:%d %s", golden, c.line, k))
		}
	})
	return owned, ran
}

// execCase runs blast once and returns what it wrote: "stdout", "stderr"
// and, when the case names {out}, "out" (absent when no file was written).
func execCase(t *testing.T, dir string, c e2eCase) map[string][]byte {
	t.Helper()
	outFile := filepath.Join(t.TempDir(), "report")
	usesOut := false
	args := make([]string, len(c.args))
	for i, a := range c.args {
		if strings.Contains(a, "{out}") {
			usesOut = true
		}
		args[i] = strings.NewReplacer("{dir}", dir, "{out}", outFile).Replace(a)
	}
	stdin := []byte{}
	if c.stdin != "" {
		var err error
		if stdin, err = os.ReadFile(filepath.Join(dir, c.stdin)); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	code := Run(args, bytes.NewReader(stdin), &stdout, &stderr)
	if code != c.exit {
		t.Fatalf("blast %s: exit %d, want %d\nstderr:\n%s", strings.Join(args, " "), code, c.exit, stderr.String())
	}
	if code == ExitError {
		if stdout.Len() > 0 {
			t.Errorf("blast %s failed but printed on stdout:\n%s", strings.Join(args, " "), stdout.String())
		}
		// an error is one line, after any notice about the built-in demo
		var lines []string
		for _, l := range strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n") {
			if !strings.Contains(l, "built-in demo") {
				lines = append(lines, l)
			}
		}
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "blast: ") {
			t.Errorf("blast %s failed with %d lines on stderr, want one \"blast: ...\" line:\n%s", strings.Join(args, " "), len(lines), stderr.String())
		}
	}
	got := map[string][]byte{"stdout": stdout.Bytes(), "stderr": stderr.Bytes()}
	if usesOut {
		data, err := os.ReadFile(outFile)
		switch {
		case err == nil && code == ExitError:
			t.Errorf("blast %s failed but wrote %s", strings.Join(args, " "), outFile)
		case err == nil:
			got["out"] = data
		case code != ExitError:
			t.Errorf("blast %s wrote no output file: %v", strings.Join(args, " "), err)
		}
	}
	return got
}

// compareGolden compares data with a golden file; an empty output matches
// a missing golden file. With -update it rewrites the file instead.
func compareGolden(t *testing.T, path string, data []byte, what string) {
	t.Helper()
	if *update {
		if len(data) == 0 {
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			return
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("%s differs from %s (rerun with -update if the change is intended)\n%s", what, path, lineDiff(string(want), string(data)))
	}
}

// checkStale reports golden files no case owns (with -update, removes them).
func checkStale(t *testing.T, golden string, owned map[string]bool) {
	t.Helper()
	entries, err := os.ReadDir(golden)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if owned[e.Name()] || e.IsDir() {
			continue
		}
		// a golden file for an empty output is not written; one that
		// exists belongs to a case only if that case produced it
		path := filepath.Join(golden, e.Name())
		if *update {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if base := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name())); hasCaseFile(owned, base) {
			t.Errorf("%s exists but the case produced no such output (rerun with -update)", path)
		} else {
			t.Errorf("%s belongs to no case in %s/cases (rerun with -update to remove it)", path, golden)
		}
	}
}

func hasCaseFile(owned map[string]bool, base string) bool {
	for name := range owned {
		if strings.HasPrefix(name, base+".") {
			return true
		}
	}
	return false
}

// lineDiff shows the first lines where two texts differ, with context.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	var sb strings.Builder
	from := max(i-2, 0)
	for k := from; k < i; k++ {
		fmt.Fprintf(&sb, "  %s\n", a[k])
	}
	for k := i; k < len(a) && k < i+6; k++ {
		fmt.Fprintf(&sb, "- %s\n", a[k])
	}
	for k := i; k < len(b) && k < i+6; k++ {
		fmt.Fprintf(&sb, "+ %s\n", b[k])
	}
	return fmt.Sprintf("first difference at line %d (want %d lines, got %d):\n%s", i+1, len(a), len(b), sb.String())
}

func sortedNames(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSplitArgs covers the cases-file word splitting.
func TestSplitArgs(t *testing.T) {
	got, err := splitArgs(`whatif --down "aws:us-east-1" "two words"  <in.json {dir}`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"whatif", "--down", "aws:us-east-1", "two words", "<in.json", "{dir}"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("splitArgs = %q, want %q", got, want)
	}
	if _, err := splitArgs(`whatif "open`); err == nil {
		t.Fatal("an unterminated quote was accepted")
	}
}
