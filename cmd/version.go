package cmd

import (
	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/buildinfo"
	"github.com/blast-dev/blast/render"
)

// Version is set at build time with -ldflags "-X github.com/blast-dev/blast/cmd.Version=v1.2.3".
var Version = ""

// NewVersionCmd builds `blast version`.
func NewVersionCmd(g *globals) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "version",
		Short: "Print blast's version and the commit it was built from",
		Long: `Print blast's module version and the VCS commit it was built from (with +dirty
when the checkout had uncommitted changes, and the commit time), read from the
build information Go embeds: 'go install ...@v1.2.3' stamps the version, 'go
build' in a git checkout stamps the commit (unless -buildvcs=false).`,
		Example: `  blast version
  blast version --format json | jq -r .commit`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := render.CheckFormat(render.ViewVersion, format); err != nil {
				return err
			}
			b := buildinfo.Read(Version)
			return g.emitStdout(render.ViewVersion, format, &render.Report{Build: &b})
		},
	}
	formatFlag(c, &format, render.ViewVersion)
	return c
}
