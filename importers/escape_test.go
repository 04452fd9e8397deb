package importers_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// TestEscape: control and bidirectional characters are shown escaped,
// everything else as it is.
func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain/café.tf":      "plain/café.tf",
		"a\x1b[31mred":       `a\x1b[31mred`,
		"line\nbreak":        `line\x0abreak`,
		"evil\u202etxt.json": `evil\u202etxt.json`,
	} {
		if got := importers.Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStrayNameEscaped: a file of a walked directory that is not an
// input is listed with its name escaped, never refused or printed raw.
func TestStrayNameEscaped(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes\x1b[2J.md"), []byte("# notes\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.tfstate"), []byte(`{"version":4,"terraform_version":"1.9.0","serial":1,"lineage":"x","outputs":{},"resources":[]}`), 0o644)
	res, err := importers.Load([]string{dir}, formats.Defaults(importers.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].File, `notes\x1b[2J.md`) {
		t.Errorf("skipped: %+v", res.Skipped)
	}
}
