package checks

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/config"
)

// Run is the suite on both sides, compared and evaluated: the same
// findings as the steps taken one by one, the labels set, and progress
// told each side before it runs.
func TestRun(t *testing.T) {
	base, head := shop(t, "a", "b"), shop(t, "a")
	opt := EvalOptions{Policies: []Policy{surviveZone}, Today: "2026-01-15"}
	want := check(t, base, head, opt)
	var told []string
	got, err := Run(Side{Label: "before", Analyzer: analyzer.New(base, nil)}, Side{Label: "after", Analyzer: analyzer.New(head, nil)}, nil, opt,
		func(label string, n int) { told = append(told, label+" "+strings.Repeat("*", n)) })
	if err != nil {
		t.Fatal(err)
	}
	if got.Base.Label != "before" || got.Head.Label != "after" {
		t.Errorf("labels %q, %q", got.Base.Label, got.Head.Label)
	}
	if !reflect.DeepEqual(got.Findings, want.Findings) || len(got.Findings) == 0 || !got.Verdict.Fail {
		t.Errorf("findings %+v\nwant %+v (verdict %+v)", got.Findings, want.Findings, got.Verdict)
	}
	n := len(Suite(nil, base, head))
	if stars := strings.Repeat("*", n); !reflect.DeepEqual(told, []string{"before " + stars, "after " + stars}) {
		t.Errorf("progress %q, want both sides with %d scenarios", told, n)
	}
	// a policy naming a scenario the suite does not have is the rules'
	// error; without progress nothing is told
	bad := EvalOptions{Policies: []Policy{{Name: "p", Services: []string{"*"}, Survive: []string{"no-such-scenario"}}}, Today: "2026-01-15"}
	if _, err := Run(Side{Analyzer: analyzer.New(base, nil)}, Side{Analyzer: analyzer.New(head, nil)}, nil, bad, nil); err == nil || !strings.Contains(err.Error(), "no-such-scenario") {
		t.Errorf("bad policy: %v", err)
	}
}

// LoadRules: the policies and suppressions as written, and the named
// scenarios: every declared one, and a built-in one only when a policy
// names it.
func TestLoadRules(t *testing.T) {
	cfg, err := config.Parse("blast.toml", []byte(`
[[scenario]]
name = "east-out"
down = ["aws:us-east-1"]

[[policy]]
name = "survive-2021"
services = ["*"]
survive = ["aws-2021-12-07"]

[[suppression]]
policy = "survive-2021"
reason = "known"
expires = 2030-01-01
`))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := analyzer.LoadCatalog(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r, err := LoadRules(cfg, cat, analyzer.New(shop(t, "a"), nil))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range r.Named {
		names = append(names, s.Name)
	}
	if !reflect.DeepEqual(names, []string{"aws-2021-12-07", "east-out"}) {
		t.Errorf("named %v", names)
	}
	if len(r.Policies) != 1 || r.Policies[0].Name != "survive-2021" || len(r.Suppressions) != 1 || r.Suppressions[0].Expires != "2030-01-01" {
		t.Errorf("rules %+v", r)
	}
	bad, _ := config.Parse("blast.toml", []byte("[[suppression]]\nreason = 3\n"))
	if _, err := LoadRules(bad, cat, nil); err == nil || !strings.HasPrefix(err.Error(), "config: blast.toml: ") {
		t.Errorf("bad suppression: %v", err)
	}
}

// A report marshalled as render writes it reads back as a baseline: the
// open findings and those already in a baseline, not the suppressed
// ones nor findings without an ID.
func TestParseBaseline(t *testing.T) {
	chk := &Check{Findings: []Finding{
		{ID: "open-1", Status: StatusOpen},
		{ID: "old-1", Status: StatusBaseline},
		{ID: "quiet-1", Status: StatusSuppressed},
		{ID: "", Status: StatusOpen},
	}}
	data, err := json.Marshal(Report{SchemaVersion: 1, Check: chk})
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range [][]byte{data, append([]byte("\xef\xbb\xbf\n  "), append(data, '\n')...)} {
		b, err := ParseBaseline(doc)
		if err != nil {
			t.Fatal(err)
		}
		if want := (Baseline{"open-1": true, "old-1": true}); !reflect.DeepEqual(b, want) {
			t.Errorf("baseline %v, want %v", b, want)
		}
	}
	if b, err := ParseBaseline([]byte(`{"schemaVersion":1,"findings":[]}`)); err != nil || len(b) != 0 {
		t.Errorf("no findings: %v, %v", b, err)
	}
	for _, doc := range []string{
		``, `not json`, `[]`,
		`{"schemaVersion":1}`,
		`{"findings":[]}`,
		`{"schemaVersion":null,"findings":[]}`,
		`{"schemaVersion":1,"findings":null}`,
		`{"schemaVersion":1,"findings":[{"id":3}]}`,
		`{"format_version":"1.2","planned_values":{}}`,
	} {
		if _, err := ParseBaseline([]byte(doc)); !errors.Is(err, ErrNotReport) {
			t.Errorf("%s: %v, want ErrNotReport", doc, err)
		}
	}
}

// Locate asks for the findings that name a resource and sets what it
// finds.
func TestLocate(t *testing.T) {
	c := &Check{Findings: []Finding{
		{ID: "a", Type: "aws_lb", ResourceName: "web", Address: "aws_lb.web"},
		{ID: "b", Type: "aws_lb", ResourceName: "api", Address: "aws_lb.api"},
		{ID: "c", Type: "", ResourceName: "x", Address: "x"},
		{ID: "d", Type: "aws_lb", ResourceName: "web", Address: ""},
	}}
	var asked []string
	c.Locate(func(typ, name, address string) (string, int, bool) {
		asked = append(asked, typ+"/"+name+"/"+address)
		if name == "web" {
			return "lb.tf", 7, true
		}
		return "ignored.tf", 9, false
	})
	if !reflect.DeepEqual(asked, []string{"aws_lb/web/aws_lb.web", "aws_lb/api/aws_lb.api"}) {
		t.Errorf("asked %v", asked)
	}
	if f := c.Findings[0]; f.File != "lb.tf" || f.Line != 7 {
		t.Errorf("located %s:%d", f.File, f.Line)
	}
	for _, f := range c.Findings[1:] {
		if f.File != "" || f.Line != 0 {
			t.Errorf("%s located at %s:%d", f.ID, f.File, f.Line)
		}
	}
}
