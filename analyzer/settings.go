package analyzer

import (
	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/config"
)

// Settings is what blast.toml sets for the analysis: the platform
// knowledge with its [platform] overrides and edges, the named scenarios
// ([[scenario]]) and the owners of nodes ([teams]).
type Settings struct {
	Knowledge *platform.Knowledge
	Scenarios *Catalog
	Owners    *Owners
}

// LoadSettings reads the analysis settings of cfg (nil: the defaults).
func LoadSettings(cfg *config.File) (Settings, error) {
	var s Settings
	var err error
	if s.Knowledge, err = platform.Load(cfg); err != nil {
		return s, err
	}
	if s.Scenarios, err = LoadCatalog(cfg); err != nil {
		return s, err
	}
	s.Owners, err = LoadOwners(cfg)
	return s, err
}
