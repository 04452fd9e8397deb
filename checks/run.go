package checks

import (
	"fmt"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/config"
)

// Rules are what blast.toml says about a check: its [[policy]] and
// [[suppression]] entries, and the named scenarios the suite runs.
type Rules struct {
	Policies     []Policy
	Suppressions []Suppression
	// Named are the named scenarios (NamedScenarios).
	Named []analyzer.Scenario
}

// LoadRules decodes cfg's [[policy]] and [[suppression]] sections and
// picks the named scenarios from the catalog of the run (built from the
// same cfg); a's graph resolves their bare locations and resource IDs
// (a may be nil).
func LoadRules(cfg *config.File, cat *analyzer.Catalog, a *analyzer.Analyzer) (Rules, error) {
	var r Rules
	if err := cfg.Decode("policy", &r.Policies); err != nil {
		return r, err
	}
	named, err := NamedScenarios(cat, a, r.Policies)
	if err != nil {
		return r, err
	}
	r.Named = named
	if err := cfg.Decode("suppression", &r.Suppressions); err != nil {
		return r, err
	}
	return r, nil
}

// NamedScenarios returns the named scenarios a suite runs besides single
// regions and zones, sorted by name: every one blast.toml declares (the
// catalog's), and the built-in historical ones a policy names in survive
// or in. a's graph resolves bare locations and resource IDs, the domains
// it holds read once for them all (Analyzer.ScenarioFromDef); a may be
// nil.
func NamedScenarios(cat *analyzer.Catalog, a *analyzer.Analyzer, policies []Policy) ([]analyzer.Scenario, error) {
	named := map[string]bool{}
	for _, p := range policies {
		for _, s := range append(append([]string(nil), p.Survive...), p.In...) {
			named[s] = true
		}
	}
	var out []analyzer.Scenario
	for _, def := range cat.List() {
		if def.Origin == "built-in" && !named[def.Name] {
			continue
		}
		var s analyzer.Scenario
		var err error
		if a != nil {
			s, err = a.ScenarioFromDef(def)
		} else {
			s, err = analyzer.ScenarioFromDef(def, nil)
		}
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", def.Name, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// Side is one of the two systems a check compares: its analyzer and its
// label in reports ("before (prior state)", "base (main.tfstate)").
type Side struct {
	Label    string
	Analyzer *analyzer.Analyzer
}

// Run is blast check's judgement: the suite (every region and zone of
// either side, then the named scenarios) run on both sides, compared, and
// evaluated against opt's policies, suppressions and baseline. progress,
// when not nil, is told each side's label and the suite's size before
// the side runs. An error is one of the rules' (a policy naming no
// scenario of the suite, a bad suppression).
func Run(base, head Side, named []analyzer.Scenario, opt EvalOptions, progress func(label string, scenarios int)) (*Check, error) {
	suite := Suite(named, base.Analyzer.Graph(), head.Analyzer.Graph())
	if err := ValidatePolicies(opt.Policies, opt.Suppressions, suite); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(string, int) {}
	}
	progress(base.Label, len(suite))
	baseOut := RunSuite(base.Analyzer, suite)
	progress(head.Label, len(suite))
	chk := Compare(suite, baseOut, RunSuite(head.Analyzer, suite))
	chk.Base.Label, chk.Head.Label = base.Label, head.Label
	if err := chk.Evaluate(opt); err != nil {
		return nil, err
	}
	return chk, nil
}

// Locate points the findings that name a resource (type, name and
// address) at the file and line declaring it, as find reports them;
// findings find does not place keep no location.
func (c *Check) Locate(find func(typ, name, address string) (file string, line int, ok bool)) {
	for i := range c.Findings {
		f := &c.Findings[i]
		if f.Type == "" || f.ResourceName == "" || f.Address == "" {
			continue
		}
		if file, line, ok := find(f.Type, f.ResourceName, f.Address); ok {
			f.File, f.Line = file, line
		}
	}
}
