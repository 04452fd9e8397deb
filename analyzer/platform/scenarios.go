package platform

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"

	"github.com/BurntSushi/toml"
)

// scenarioName is the shape of a scenario name: lower case words joined
// by dashes (aws-2025-10-20).
var scenarioName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

type scenarioFile struct {
	Scenario []ScenarioDef `toml:"scenario"`
}

// BuiltinScenarios returns the historical outages blast knows, sorted by
// name.
func BuiltinScenarios() []ScenarioDef {
	defs, err := loadScenarios(scenarios)
	if err != nil {
		panic(fmt.Sprintf("platform: embedded scenarios are invalid: %v", err)) // a build defect, caught by tests
	}
	return defs
}

func loadScenarios(fsys fs.FS) ([]ScenarioDef, error) {
	names, err := fs.Glob(fsys, "scenarios/*.toml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []ScenarioDef
	seen := map[string]bool{}
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var f scenarioFile
		md, err := toml.Decode(string(raw), &f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			return nil, fmt.Errorf("%s: unknown key %s", name, und[0])
		}
		for i, d := range f.Scenario {
			d.Origin = "built-in"
			if err := CheckScenario(d); err != nil {
				return nil, fmt.Errorf("%s: scenario[%d]: %w", name, i, err)
			}
			if len(d.Sources) == 0 {
				return nil, fmt.Errorf("%s: scenario %s: no source", name, d.Name)
			}
			if seen[d.Name] {
				return nil, fmt.Errorf("%s: scenario %s: defined twice", name, d.Name)
			}
			seen[d.Name] = true
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// CheckScenario checks a scenario definition's shape (the analyzer checks
// its domains): a name, something down or some effect, and effects that
// say where and what.
func CheckScenario(d ScenarioDef) error {
	if !scenarioName.MatchString(d.Name) {
		return fmt.Errorf("name %q: want lower-case words joined by dashes (aws-2025-10-20)", d.Name)
	}
	if len(d.Down) == 0 && len(d.Effects) == 0 {
		return fmt.Errorf("%s: takes nothing down and has no effect", d.Name)
	}
	for i, e := range d.Effects {
		if e.Cloud == "" || e.Region == "" {
			return fmt.Errorf("%s: effect[%d]: needs cloud and region (or region = \"*\")", d.Name, i)
		}
		if len(e.Types) == 0 && e.Service == "" && !e.ControlPlanes {
			return fmt.Errorf("%s: effect[%d]: needs types, service or control_planes", d.Name, i)
		}
		switch e.State {
		case "", "degraded", "failed":
		default:
			return fmt.Errorf("%s: effect[%d]: unknown state %q (want degraded or failed)", d.Name, i, e.State)
		}
		if e.State == "" && !e.Frozen && !e.ControlPlanes {
			return fmt.Errorf("%s: effect[%d]: neither a state nor frozen: it would do nothing", d.Name, i)
		}
		if e.Reason == "" {
			return fmt.Errorf("%s: effect[%d]: needs a reason", d.Name, i)
		}
	}
	return nil
}
