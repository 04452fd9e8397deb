package cmd

import (
	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/render"
)

type platformOptions struct {
	*globals
	format string
}

// NewPlatformCmd builds `blast platform`.
func NewPlatformCmd(g *globals) *cobra.Command {
	o := &platformOptions{globals: g}
	c := &cobra.Command{
		Use:   "platform [TYPE ...]",
		Short: "Show the platform knowledge: what it covers, or what it says about resource types",
		Long: `Without arguments, count what the embedded platform knowledge covers per
provider (types, patterns, edge rules, observed dependencies), with
blast.toml's [[platform.override]] and [[platform.edge]] applied. With
resource types, show the entry each one matches: failure scope, service,
control-plane home, placement and redundancy rules, the source, and the role
(serving, or configuration: reported as affected) with what decided it. Types
that exist only inside Terraform (random_*, null_resource, tls_*, time_*,
local_file, ...) are counted on a not-infrastructure row and said to be
placed nowhere: outages never fail them. Edge rules include the best-effort
destinations (access and flow logs, audit trails, diagnostic settings),
whose loss only degrades what ships records to them.`,
		Example: `  blast platform
  blast platform aws_db_instance aws_iam_role google_container_cluster`,
		RunE: func(c *cobra.Command, args []string) error { return runPlatform(o, args) },
	}
	formatFlag(c, &o.format, render.ViewPlatform)
	return c
}

func runPlatform(o *platformOptions, types []string) error {
	if err := render.CheckFormat(render.ViewPlatform, o.format); err != nil {
		return err
	}
	cfg, err := config.Load(o.config)
	if err != nil {
		return err
	}
	k, err := platform.Load(cfg)
	if err != nil {
		return err
	}
	return o.emitStdout(render.ViewPlatform, o.format, &render.Report{Knowledge: k, Types: types})
}
