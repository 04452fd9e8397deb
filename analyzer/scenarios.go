package analyzer

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/graph"
)

// Catalog holds the named scenarios: the built-in historical outages and
// those declared in blast.toml ([[scenario]]), which may replace a
// built-in one of the same name.
type Catalog struct {
	defs map[string]platform.ScenarioDef
}

// NewCatalog returns the built-in scenarios plus the declared ones.
// Declared scenarios are checked: a name, something down or an effect,
// and domains that parse.
func NewCatalog(declared []platform.ScenarioDef, origin string) (*Catalog, error) {
	c := &Catalog{defs: map[string]platform.ScenarioDef{}}
	for _, d := range platform.BuiltinScenarios() {
		c.defs[d.Name] = d
	}
	seen := map[string]bool{}
	for i, d := range declared {
		d.Origin = origin
		if err := platform.CheckScenario(d); err != nil {
			return nil, fmt.Errorf("scenario[%d]: %w", i, err)
		}
		if seen[d.Name] {
			return nil, fmt.Errorf("scenario[%d]: %s is declared twice", i, d.Name)
		}
		seen[d.Name] = true
		// checked again with the inputs when it runs: a location no
		// list has may be one they hold
		if _, err := ScenarioFromDef(d, nil); err != nil && !errors.Is(err, ErrUnknownLocation) {
			return nil, fmt.Errorf("scenario[%d]: %w", i, err)
		}
		c.defs[d.Name] = d
	}
	return c, nil
}

// LoadCatalog returns the catalog of a run: the built-in scenarios and
// those cfg declares with [[scenario]]. Errors name the file (blast.toml
// when cfg was not read from one).
func LoadCatalog(cfg *config.File) (*Catalog, error) {
	var declared []platform.ScenarioDef
	if err := cfg.Decode("scenario", &declared); err != nil {
		return nil, err
	}
	origin := cfg.Path
	if origin == "" {
		origin = config.DefaultName
	}
	c, err := NewCatalog(declared, origin)
	if err != nil {
		return nil, fmt.Errorf("config: %s: %w", origin, err)
	}
	return c, nil
}

// List returns every named scenario, sorted by name.
func (c *Catalog) List() []platform.ScenarioDef {
	out := make([]platform.ScenarioDef, 0, len(c.defs))
	for _, d := range c.defs {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns a named scenario's definition.
func (c *Catalog) Lookup(name string) (platform.ScenarioDef, bool) {
	d, ok := c.defs[name]
	return d, ok
}

// Choices lists the named scenarios for shell completion: each name, a
// tab and its title, sorted by name.
func (c *Catalog) Choices() []string {
	var out []string
	for _, d := range c.List() {
		out = append(out, d.Name+"\t"+d.Title)
	}
	return out
}

// Names returns the scenario names, sorted.
func (c *Catalog) Names() []string {
	out := make([]string, 0, len(c.defs))
	for n := range c.defs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ScenarioFromDef turns a stored definition into a scenario. g resolves
// bare locations and resource IDs; it may be nil.
func ScenarioFromDef(d platform.ScenarioDef, g *graph.Graph) (Scenario, error) {
	held := onceHeld(g) // once for all its domains
	return scenarioFromDef(d, func(raw string) (Domain, error) { return parseDomain(raw, g, held) })
}

// ScenarioFromDef turns a stored definition into a scenario over the
// analyzer's graph, as the package's ScenarioFromDef does, with the
// domains the graph holds read once for every scenario (held).
func (a *Analyzer) ScenarioFromDef(d platform.ScenarioDef) (Scenario, error) {
	return scenarioFromDef(d, a.ParseDomain)
}

// scenarioFromDef is ScenarioFromDef, with parse reading its domains.
func scenarioFromDef(d platform.ScenarioDef, parse func(string) (Domain, error)) (Scenario, error) {
	s := Scenario{Name: d.Name, Title: d.Title, Date: d.Date, Summary: d.Summary, Sources: append([]string(nil), d.Sources...)}
	// a location no list has and no input holds is reported after the
	// rest is read, so that a caller that lets it pass has the effects
	var unknown error
	for _, raw := range d.Down {
		dom, err := parse(raw)
		switch {
		case errors.Is(err, ErrUnknownLocation):
			if unknown == nil {
				unknown = fmt.Errorf("%s: down: %w", d.Name, err)
			}
			continue
		case err != nil:
			return s, fmt.Errorf("%s: down: %w", d.Name, err)
		}
		s.Down = append(s.Down, dom)
	}
	for i, e := range d.Effects {
		st := Healthy
		if e.State != "" {
			var err error
			if st, err = ParseState(e.State); err != nil {
				return s, fmt.Errorf("%s: effect[%d]: %w", d.Name, i, err)
			}
		}
		c := e.Cloud
		if norm, ok := clouds[c]; ok {
			c = norm
		}
		s.Effects = append(s.Effects, Effect{Cloud: c, Region: e.Region, Service: e.Service, Types: e.Types, Attrs: e.Attrs,
			State: st, Frozen: e.Frozen, ControlPlanes: e.ControlPlanes, Reason: e.Reason, Source: e.Source, Event: d.Name})
	}
	return s, unknown
}

// Plus returns the scenario with extra's domains added to it, each
// domain not already down once, and, when extra takes anything down, its
// name followed by extra's ("aws-2025-10-20 + aws:eu-west-1").
func (s Scenario) Plus(extra Scenario) Scenario {
	seen := map[string]bool{}
	for _, d := range s.Down {
		seen[d.String()] = true
	}
	s.Down = slices.Clip(s.Down)
	for _, d := range extra.Down {
		if !seen[d.String()] {
			seen[d.String()] = true
			s.Down = append(s.Down, d)
		}
	}
	if len(extra.Down) > 0 {
		s.Name += " + " + extra.Name
	}
	return s
}

// ScenarioOf turns failure domains as --down takes them into one
// scenario, each domain once, named after them. A domain that does not
// parse is an error that lists the domains present.
func (a *Analyzer) ScenarioOf(down []string) (Scenario, error) {
	var s Scenario
	seen := map[string]bool{}
	for _, raw := range down {
		d, err := a.ParseDomain(raw)
		if err != nil {
			return s, fmt.Errorf("%w; domains present: %s", err, a.PresentList())
		}
		if !seen[d.String()] {
			seen[d.String()] = true
			s.Down = append(s.Down, d)
		}
	}
	s.Name = strings.Join(s.DomainNames(), " + ")
	return s, nil
}

// PresentList names the domains the resources live in, for messages:
// at most twelve, then how many more.
func (a *Analyzer) PresentList() string {
	var names []string
	for _, dc := range a.Placed(false) {
		names = append(names, dc.Name)
	}
	if len(names) == 0 {
		return "none (no resource has a known location)"
	}
	const most = 12
	if len(names) > most {
		return strings.Join(names[:most], ", ") + fmt.Sprintf(" and %d more (blast domains lists them)", len(names)-most)
	}
	return strings.Join(names, ", ")
}

// Outage builds the scenario of a run as whatif and why take it — the
// named scenario name from cat (none when empty) with the domains of
// down added — and runs it. Errors name the flag they come from
// (--down, --scenario). A domain no input holds is one of the result's
// warnings, or, when strict, an error listing the domains present: with
// a real region name that none of the inputs lives in, the run would
// simulate nothing.
func (a *Analyzer) Outage(cat *Catalog, name string, down []string, strict bool) (*Result, error) {
	s, err := a.ScenarioNamed(cat, name, down)
	if err != nil {
		return nil, err
	}
	if absent := a.Absent(s); strict && len(absent) > 0 {
		return nil, fmt.Errorf("--strict: --down: %s; domains present: %s", absent[0], a.PresentList())
	}
	return a.Run(s), nil
}

// ScenarioNamed is the scenario Outage runs: the --down domains, added
// to the named scenario when there is one.
func (a *Analyzer) ScenarioNamed(cat *Catalog, name string, down []string) (Scenario, error) {
	adhoc, err := a.ScenarioOf(down)
	if err != nil {
		return adhoc, fmt.Errorf("--down: %w", err)
	}
	if name == "" {
		return adhoc, nil
	}
	def, ok := cat.Lookup(name)
	if !ok {
		return adhoc, fmt.Errorf("--scenario: no scenario named %q (known: %s; 'blast scenarios' lists them)", name, strings.Join(cat.Names(), ", "))
	}
	s, err := a.ScenarioFromDef(def)
	if err != nil {
		return s, fmt.Errorf("--scenario: %w", err)
	}
	return s.Plus(adhoc), nil
}
