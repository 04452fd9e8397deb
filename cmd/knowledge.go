package cmd

import (
	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/config"
)

// knowledge is platform.Load, for blast platform: the embedded knowledge
// with blast.toml's [platform] overrides.
func knowledge(cfg *config.File) (*platform.Knowledge, error) { return platform.Load(cfg) }
