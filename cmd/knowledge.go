package cmd

import (
	"fmt"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/config"
)

// platformSection is blast.toml's [platform] section: overrides of the
// embedded knowledge.
//
//	[[platform.override]]          # a type or pattern: scope, service, ...
//	match = "aws_db_instance"
//	scope = "regional"
//	source = "our DB runs Multi-AZ everywhere"
//
//	[[platform.edge]]              # how dependents depend on a type
//	to = "aws_ssm_parameter"
//	kind = "control"
type platformSection struct {
	Override []platform.Entry    `toml:"override"`
	Edge     []platform.EdgeRule `toml:"edge"`
}

// knowledge returns the embedded platform knowledge with blast.toml's
// overrides laid over it.
func knowledge(cfg *config.File) (*platform.Knowledge, error) {
	k := platform.Default()
	var sec platformSection
	if err := cfg.Decode("platform", &sec); err != nil {
		return nil, err
	}
	if err := k.Override(sec.Override); err != nil {
		return nil, fmt.Errorf("config: %s: %w", cfg.Path, err)
	}
	if err := k.OverrideEdges(sec.Edge); err != nil {
		return nil, fmt.Errorf("config: %s: %w", cfg.Path, err)
	}
	return k, nil
}

// scenario builds the scenario of a run: a named one (--scenario), with
// any --down domains added to it.
func (l *loaded) scenario(name string, down []string) (analyzer.Scenario, error) {
	adhoc, err := parseScenario(down, l)
	if err != nil {
		return adhoc, err
	}
	if name == "" {
		return adhoc, nil
	}
	def, ok := l.scenarios.Lookup(name)
	if !ok {
		return adhoc, fmt.Errorf("--scenario: no scenario named %q (known: %s; 'blast scenarios' lists them)", name, strings.Join(l.scenarios.Names(), ", "))
	}
	s, err := analyzer.ScenarioFromDef(def, l.res.Graph)
	if err != nil {
		return s, fmt.Errorf("--scenario: %w", err)
	}
	seen := map[string]bool{}
	for _, d := range s.Down {
		seen[d.String()] = true
	}
	for _, d := range adhoc.Down {
		if !seen[d.String()] {
			seen[d.String()] = true
			s.Down = append(s.Down, d)
		}
	}
	if len(adhoc.Down) > 0 {
		s.Name += " + " + adhoc.Name
	}
	return s, nil
}
