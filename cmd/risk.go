package cmd

import (
	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/render"
)

// NewRiskCmd builds `blast risk`.
func NewRiskCmd(g *globals) *cobra.Command {
	var opt checks.RiskOptions
	var out outputFlags
	c := &cobra.Command{
		Use:   "risk [PATH ...]",
		Short: "Find the smallest sets of failure domains whose joint loss fails each service",
		Long: `For each service (each top-level resource when no service is declared), list
its minimal risk groups: the sets of failure domains (providers, regions,
zones, regional services) whose joint loss fails it while no smaller part of
the set does. A service that survives every single zone but fails when two
zones go shows a group of size 2. Sets are ranked by size, then by how many
services they fail. Zones of one region playing the same role print once
("any 2 of aws:us-east-1a/b/c"); domains taking down exactly the same nodes
are merged and listed as equivalent.

Then shared fate: redundancy groups whose members all depend on one resource
(two replicas reading one regional queue or secret) or all live in one zone,
so that their redundancy is not. 'blast why' names the common dependency; the
no_shared_fate policy of blast.toml lets 'blast check' gate on it.`,
		Example: `  blast risk                                    # the demo system, up to 3 domains
  blast risk --order 2 prod.tfstate             # pairs at most
  blast risk --service checkout --service 'pay*' states/
  blast risk --output text --output svg=risk.svg --output json=risk.json states/`,
		RunE: func(c *cobra.Command, args []string) error {
			outs, err := out.resolve(render.ViewRisk)
			if err != nil {
				return err
			}
			if err := opt.Check(); err != nil {
				return err
			}
			l, err := g.load(args)
			if err != nil {
				return err
			}
			r := report(l)
			if r.Risk, err = checks.RunRisk(l.Analyzer, opt); err != nil {
				return err
			}
			return g.emitAll(render.ViewRisk, outs, r)
		},
	}
	c.Flags().IntVar(&opt.Order, "order", 3, "largest set of failure domains lost together (1 to 3)")
	c.Flags().StringSliceVar(&opt.Targets, "service", nil, `only these services or top-level resources: ID, name or address, "*" globs (repeatable)`)
	out.register(c, render.ViewRisk)
	_ = c.RegisterFlagCompletionFunc("service", g.completeFrom(checks.RiskTargets))
	return c
}
