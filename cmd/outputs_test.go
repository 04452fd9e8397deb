package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Several --output reports from one run are byte for byte what one run
// per format writes, and the inputs are loaded once.
func TestOutputsMany(t *testing.T) {
	t.Chdir(moduleRoot(t))
	dir := t.TempDir()
	check := []string{"check", "--config", "fixtures/pr-zonal/blast.toml", "--today", "2026-01-15", "--fail-on", "none"}
	plan := "fixtures/pr-zonal/scale-in.json"
	for _, tc := range []struct {
		name string
		base []string
		tail []string
		fmts []string
	}{
		{"check", check, []string{plan}, []string{"json", "sarif", "markdown", "github"}},
		{"whatif", []string{"whatif", "--down", "aws:us-east-1a"}, nil, []string{"json", "dot", "mermaid", "html"}},
		{"matrix", []string{"matrix"}, nil, []string{"json", "csv", "markdown"}},
		{"graph", []string{"graph"}, nil, []string{"json", "dot"}},
		{"domains", []string{"domains"}, nil, []string{"json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string(nil), tc.base...)
			args = append(args, "--output", "text") // stdout
			for _, f := range tc.fmts {
				args = append(args, "--output", f+"="+filepath.Join(dir, tc.name+"."+f))
			}
			args = append(args, tc.tail...)
			code, out, stderr := blastRun(t, "", args...)
			if code != ExitOK {
				t.Fatalf("exit %d; stderr: %s", code, stderr)
			}
			if tc.tail == nil && strings.Count(stderr, "no input given") != 1 {
				t.Errorf("the demo system was not loaded exactly once:\n%s", stderr)
			}
			code, want, stderr := blastRun(t, "", append(append(append([]string(nil), tc.base...), "--format", "text"), tc.tail...)...)
			if code != ExitOK || out != want {
				t.Errorf("stdout differs from a --format text run (exit %d, %s):\n%s\n---\n%s", code, stderr, out, want)
			}
			for _, f := range tc.fmts {
				got, err := os.ReadFile(filepath.Join(dir, tc.name+"."+f))
				if err != nil {
					t.Fatal(err)
				}
				code, want, stderr := blastRun(t, "", append(append(append([]string(nil), tc.base...), "--format", f), tc.tail...)...)
				if code != ExitOK || string(got) != want {
					t.Errorf("%s: differs from a --format %s run (exit %d, %s)", f, f, code, stderr)
				}
			}
		})
	}
}

// The one-output form works as before: --format with -o FILE, -o -, and
// -o alone.
func TestOutputsOneOutputForm(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "impact.json")
	code, out, stderr := blastRun(t, "", "whatif", "--down", "aws:us-east-1a", "--format", "json", "-o", file)
	if code != ExitOK || out != "" {
		t.Fatalf("exit %d, stdout %q; stderr: %s", code, out, stderr)
	}
	data, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(data), `"schemaVersion"`) {
		t.Fatalf("%s: %v %.80s", file, err, data)
	}
	code, out, _ = blastRun(t, "", "whatif", "--down", "aws:us-east-1a", "-f", "json", "-o", "-")
	if code != ExitOK || string(data) != out {
		t.Errorf("-o - differs from -o FILE (exit %d)", code)
	}
	text := filepath.Join(dir, "impact.txt")
	if code, _, stderr := blastRun(t, "", "whatif", "--down", "aws:us-east-1a", "-o", text); code != ExitOK {
		t.Fatalf("-o FILE alone: exit %d; %s", code, stderr)
	}
	if data, _ := os.ReadFile(text); !strings.Contains(string(data), "aws:us-east-1a") {
		t.Errorf("-o FILE alone did not write the text report: %.80q", data)
	}
}

// Conflicting or wrong --output values are one clear error line, exit 1,
// before anything is loaded or written.
func TestOutputsBadFlags(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--output", "text", "--output", "json"}, "both go to stdout"},
		{[]string{"--output", "json", "--output", "sarif=-"}, "unknown format \"sarif\" for whatif"},
		{[]string{"--output", "jsn=" + a}, "unknown format \"jsn\""},
		{[]string{"--format", "json", "--output", "dot=" + a}, "--format json cannot be combined with --output FORMAT[=FILE]"},
		{[]string{"-o", a, "-o", b}, "2 files given"},
		{[]string{"-o", a, "--output", "dot=" + b}, "a file without a format cannot be combined"},
		{[]string{"--output", "json=" + a, "--output", "dot=" + a}, "is the file of both json and dot"},
		{[]string{"--output", ""}, "empty value"},
	} {
		args := append([]string{"whatif", "--down", "aws:us-east-1a"}, tc.args...)
		code, out, stderr := blastRun(t, "", args...)
		if code != ExitError || out != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", tc.args, code, out, stderr, tc.want)
		}
		if strings.Contains(stderr, "no input given") {
			t.Errorf("%v: loaded the inputs before checking the flags", tc.args)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written by runs that failed: %v", entries)
	}
}

// When one report cannot be written, none is: the files already rendered
// are not renamed into place, existing files keep their content, and
// stdout gets nothing.
func TestOutputsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first.json")
	os.WriteFile(first, []byte("previous\n"), 0o644)
	missing := filepath.Join(dir, "no-such-dir", "x.md")
	code, out, stderr := blastRun(t, "", "whatif", "--down", "aws:us-east-1a",
		"--output", "text", "--output", "json="+first, "--output", "dot="+missing)
	if code != ExitError || out != "" {
		t.Fatalf("exit %d, stdout %.80q; want 1 and nothing printed", code, out)
	}
	if !strings.Contains(stderr, missing) {
		t.Errorf("the error does not name the file: %s", stderr)
	}
	if data, _ := os.ReadFile(first); string(data) != "previous\n" {
		t.Errorf("%s was replaced although another report failed: %.80q", first, data)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// TestOutputDirectory: -o naming a directory is one error line, exit 1.
func TestOutputDirectory(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := blastRun(t, "", "whatif", "--down", "aws:us-east-1", "-o", dir)
	if code != ExitError || !strings.HasSuffix(stderr, "\nblast: write "+dir+": is a directory\n") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
