package load

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/blast-dev/blast/fixtures"
	"github.com/blast-dev/blast/memlimit"
)

// With no path the built-in demo loads, with a note and no skipped file
// counted (its README is only listed by blast graph).
func TestInputsDemo(t *testing.T) {
	var said, phases []string
	s, err := Inputs(nil, Options{MaxInputSize: "512MiB",
		Say:   func(msg string) { said = append(said, msg) },
		Phase: func(f string, a ...any) { phases = append(phases, fmt.Sprintf(f, a...)) }})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Demo || s.Analyzer == nil || s.Scenarios == nil || s.Owners == nil || len(s.Result.Graph.Nodes()) == 0 {
		t.Fatalf("demo load: %+v", s)
	}
	if len(s.Result.Skipped) == 0 || s.Skipped() != nil {
		t.Errorf("demo skipped %v, counted %v: want its README skipped, none counted", s.Result.Skipped, s.Skipped())
	}
	if len(said) != 1 || !strings.Contains(said[0], "built-in demo system") {
		t.Errorf("said %q", said)
	}
	if len(phases) != 1 || !strings.HasPrefix(phases[0], "loading ") {
		t.Errorf("phases %q", phases)
	}
	if s.ConfigName() != "blast.toml" {
		t.Errorf("config name %q", s.ConfigName())
	}
}

// A file given loads as itself; blast.toml is named as given; a bad
// --max-input-size or --strict with a warning is the load's error.
func TestInputsFiles(t *testing.T) {
	state := "../fixtures/web-tier-3az/terraform.tfstate"
	s, err := Inputs([]string{state}, Options{MaxInputSize: "512MiB", Config: "../fixtures/scenarios/blast.toml"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Demo || len(s.Result.Inputs) != 1 || s.Prefix("elsewhere.tfstate") != "" {
		t.Errorf("inputs %+v", s.Result.Inputs)
	}
	if s.Prefix(state) != s.Result.Inputs[0].Prefix {
		t.Errorf("prefix %q, input %+v", s.Prefix(state), s.Result.Inputs[0])
	}
	if s.ConfigName() != "../fixtures/scenarios/blast.toml" {
		t.Errorf("config name %q", s.ConfigName())
	}
	if _, ok := s.Scenarios.Lookup("dr-drill-east"); !ok {
		t.Errorf("blast.toml's scenario not in the catalog: %q", s.Scenarios.Names())
	}
	if _, err := Inputs([]string{state}, Options{MaxInputSize: "lots"}); err == nil || !strings.HasPrefix(err.Error(), "--max-input-size: ") {
		t.Errorf("bad size: %v", err)
	}
	if _, err := Inputs([]string{"../fixtures/org"}, Options{MaxInputSize: "512MiB", Strict: true}); err == nil {
		t.Error("--strict over a directory with SOURCES.md: no error")
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, "the built-in demo system"},
		{[]string{"a.tfstate", "-"}, "a.tfstate, stdin"},
	} {
		if got := Names(tc.in); got != tc.want {
			t.Errorf("Names(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// The demo keeps Go's memory settings, whatever a folder named like the
// demo's beside the run holds (the demo's files are embedded; a 1 GiB
// file in ./demo once set the budget of a demo run).
func TestInputsDemoKeepsMemorySettings(t *testing.T) {
	defer memlimit.Keep()()
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, fixtures.DemoDir), 0o755); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, fixtures.DemoDir, "big.tfstate")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 1<<30); err != nil { // sparse: takes no disk
		t.Fatal(err)
	}
	t.Chdir(dir)
	const unset = int64(1) << 62
	debug.SetMemoryLimit(unset)
	debug.SetGCPercent(100)
	if _, err := Inputs(nil, Options{MaxInputSize: "512MiB"}); err != nil {
		t.Fatal(err)
	}
	if got := debug.SetMemoryLimit(-1); got != unset {
		t.Errorf("the demo with a 1 GiB ./demo beside it: limit %d, want it left alone", got)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("the demo with a 1 GiB ./demo beside it: GOGC %d, want it left alone", got)
	}
}
