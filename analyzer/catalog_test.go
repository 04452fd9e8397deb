package analyzer

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/config"
)

// The catalog of a run: built-in scenarios plus the file's, each with the
// file as its origin; a bad declaration is one error naming the file.
func TestLoadCatalog(t *testing.T) {
	cfg, err := config.Parse("team/blast.toml", []byte("[[scenario]]\nname = \"east-out\"\ndown = [\"aws:us-east-1\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadCatalog(cfg)
	if err != nil {
		t.Fatal(err)
	}
	d, ok := c.Lookup("east-out")
	if !ok || d.Origin != "team/blast.toml" {
		t.Errorf("east-out: %+v, %v", d, ok)
	}
	if len(c.List()) < 2 {
		t.Errorf("built-in scenarios missing: %v", c.Names())
	}
	builtin, err := LoadCatalog(config.Empty())
	if err != nil || len(builtin.List()) != len(c.List())-1 {
		t.Errorf("empty config: %v, %v", builtin.Names(), err)
	}
	bad, _ := config.Parse("", []byte("[[scenario]]\nname = \"nothing\"\n"))
	if _, err := LoadCatalog(bad); err == nil || !strings.HasPrefix(err.Error(), "config: blast.toml: scenario[0]") {
		t.Errorf("bad scenario: %v", err)
	}
}

// Plus adds the domains not already down, once each, and names the
// result after both; it leaves the receiver's domains as they were.
func TestScenarioPlus(t *testing.T) {
	dom := func(s string) Domain {
		d, err := ParseDomain(s, nil)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	base := Scenario{Name: "east-out", Down: make([]Domain, 1, 4)}
	base.Down[0] = dom("aws:us-east-1")
	extra := Scenario{Name: "aws:us-east-1 + aws:eu-west-1", Down: []Domain{dom("aws:us-east-1"), dom("aws:eu-west-1"), dom("aws:eu-west-1")}}
	got := base.Plus(extra)
	if got.Name != "east-out + aws:us-east-1 + aws:eu-west-1" || strings.Join(got.DomainNames(), ",") != "aws:us-east-1,aws:eu-west-1" {
		t.Errorf("plus: %q %v", got.Name, got.DomainNames())
	}
	if len(base.Down) != 1 || base.Down[:2][1] != (Domain{}) {
		t.Errorf("receiver changed: %v", base.Down[:2])
	}
	if same := base.Plus(Scenario{}); same.Name != "east-out" || len(same.Down) != 1 {
		t.Errorf("plus nothing: %q %v", same.Name, same.DomainNames())
	}
}

// TestScenarioOf: --down values become one scenario, each domain once,
// named after them; one that does not parse lists the domains present.
func TestScenarioOf(t *testing.T) {
	g := build(t, []tn{{id: "vm", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"}}, nil)
	a := New(g, nil)
	s, err := a.ScenarioOf([]string{"aws:us-east-1a", "AWS:US-EAST-1A", "aws:us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "aws:us-east-1a + aws:us-east-1" || len(s.Down) != 2 {
		t.Errorf("scenario %q with %d domains", s.Name, len(s.Down))
	}
	if _, err := a.ScenarioOf([]string{"foo"}); err == nil || !strings.Contains(err.Error(), "domains present: aws, aws:us-east-1, aws:us-east-1a") {
		t.Errorf("err = %v", err)
	}
}

// TestOutage: a run's scenario is the named one plus --down; errors name
// the flag; a real region no input holds is a warning, an error when
// strict.
func TestOutage(t *testing.T) {
	g := build(t, []tn{{id: "vm", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"}}, nil)
	a := New(g, nil)
	cat, err := NewCatalog(nil, "blast.toml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.ScenarioNamed(cat, "aws-2025-10-20", []string{"aws:us-east-1a"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "aws-2025-10-20 + aws:us-east-1a" {
		t.Errorf("named + down: scenario %q", s.Name)
	}
	if _, err := a.Outage(cat, "no-such", nil, false); err == nil || !strings.HasPrefix(err.Error(), `--scenario: no scenario named "no-such" (known: `) {
		t.Errorf("unknown name: err = %v", err)
	}
	if _, err := a.Outage(cat, "", []string{"foo"}, false); err == nil || !strings.HasPrefix(err.Error(), "--down: ") {
		t.Errorf("bad domain: err = %v", err)
	}
	res, err := a.Outage(cat, "", []string{"aws:eu-west-1"}, false)
	if err != nil || len(res.Warnings) == 0 {
		t.Errorf("absent region, not strict: warnings %v, err %v", res, err)
	}
	if _, err := a.Outage(cat, "", []string{"aws:eu-west-1"}, true); err == nil || !strings.HasPrefix(err.Error(), "--strict: --down: ") {
		t.Errorf("absent region, strict: err = %v", err)
	}
	res, err = a.Outage(cat, "", []string{"aws:us-east-1a"}, true)
	if err != nil || res.Summary.Failed == 0 {
		t.Errorf("zone down: %+v, err %v", res, err)
	}
}
