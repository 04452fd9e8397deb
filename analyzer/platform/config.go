package platform

import (
	"fmt"

	"github.com/blast-dev/blast/config"
)

// section is blast.toml's [platform] section: overrides of the embedded
// knowledge.
//
//	[[platform.override]]          # a type or pattern: scope, service, ...
//	match = "aws_db_instance"
//	scope = "regional"
//	source = "our DB runs Multi-AZ everywhere"
//
//	[[platform.edge]]              # how dependents depend on a type
//	to = "aws_ssm_parameter"
//	kind = "control"
//
//	[[platform.role]]              # serving or configuration, by name
//	match = "*_rule"
//	role = "serving"
//	reason = "our firewall rules are what we page on"
type section struct {
	Override []Entry    `toml:"override"`
	Edge     []EdgeRule `toml:"edge"`
	Role     []RoleRule `toml:"role"`
}

// Load returns the embedded knowledge with the overrides of cfg's
// [platform] section laid over it. Errors name the file.
func Load(cfg *config.File) (*Knowledge, error) {
	k := Default()
	var sec section
	if err := cfg.Decode("platform", &sec); err != nil {
		return nil, err
	}
	if err := k.Override(sec.Override); err != nil {
		return nil, fmt.Errorf("config: %s: %w", cfg.Path, err)
	}
	if err := k.OverrideEdges(sec.Edge); err != nil {
		return nil, fmt.Errorf("config: %s: %w", cfg.Path, err)
	}
	if err := k.OverrideRoles(sec.Role); err != nil {
		return nil, fmt.Errorf("config: %s: %w", cfg.Path, err)
	}
	return k, nil
}
