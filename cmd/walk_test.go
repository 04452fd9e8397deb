package cmd

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// walkDir is a folder of real files in which one manifest sits among
// READMEs, UI code, Helm charts and Terraform tool output (see its
// SOURCES.md).
const walkDir = "fixtures/realworld/walk"

func runIn(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestWalkCountsStrayFiles: a command run over the folder succeeds and
// says, in one stderr line, how many files it skipped.
func TestWalkCountsStrayFiles(t *testing.T) {
	t.Chdir(moduleRoot(t))
	code, _, stderr := runIn(t, "domains", walkDir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stderr != "blast: skipped 17 files that are not inputs; blast graph lists them\n" {
		t.Errorf("stderr = %q", stderr)
	}
}

// TestWalkStrictFailsOnStrayFiles: --strict makes a skipped file an
// error, one line naming the first.
func TestWalkStrictFailsOnStrayFiles(t *testing.T) {
	t.Chdir(moduleRoot(t))
	code, stdout, stderr := runIn(t, "--strict", "domains", walkDir)
	want := "blast: --strict: " + filepath.Join(walkDir, "SOURCES.md") + ": Markdown text (and 16 more files that are not inputs; blast graph lists them)\n"
	if code != ExitError || stdout != "" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, stdout, stderr, want)
	}
}

// TestGraphListsStrayFiles: blast graph lists every skipped file with its
// reason, in text and in JSON, sorted, and prints no count line.
func TestGraphListsStrayFiles(t *testing.T) {
	t.Chdir(moduleRoot(t))
	code, stdout, stderr := runIn(t, "graph", walkDir)
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "\nSkipped (17): files of the directories walked that are not inputs\n") ||
		!strings.Contains(stdout, filepath.Join(walkDir, "terraform", "schemas.json")+"  ") {
		t.Errorf("text output lacks the skipped files:\n%s", stdout)
	}
	code, stdout, _ = runIn(t, "graph", "--format", "json", walkDir)
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Inputs  []struct{ File string }
		Skipped []struct{ File, Reason string }
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Inputs) != 1 || len(doc.Skipped) != 17 {
		t.Fatalf("%d inputs, %d skipped; want 1 and 17", len(doc.Inputs), len(doc.Skipped))
	}
	for i := 1; i < len(doc.Skipped); i++ {
		if doc.Skipped[i-1].File >= doc.Skipped[i].File {
			t.Errorf("skipped not sorted: %s before %s", doc.Skipped[i-1].File, doc.Skipped[i].File)
		}
	}
	for _, s := range doc.Skipped {
		if s.Reason == "" {
			t.Errorf("%s: no reason", s.File)
		}
	}
}
