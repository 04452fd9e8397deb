package cmd

import (
	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/render"
)

type riskOptions struct {
	*globals
	out checks.RiskOptions
	fmt outputFlags
}

// NewRiskCmd builds `blast risk`.
func NewRiskCmd(g *globals) *cobra.Command {
	o := &riskOptions{globals: g}
	c := &cobra.Command{
		Use:   "risk [PATH ...]",
		Short: "Find the smallest sets of failure domains whose joint loss fails each service",
		Long: `For each service (or each top-level resource when no service is declared),
list the minimal risk groups: the sets of failure domains (providers, regions,
zones, regional services: what 'blast domains --services' lists) whose joint
loss fails it while no smaller part of the set does. A service that survives
every single zone but fails when two given zones go down shows up as one risk
group of size 2. Sets are ranked by size, then by how many services they fail.

Zones of one region playing the same role are printed once: "any 2 of
aws:us-east-1a/b/c" stands for the three pairs. Domains that take down exactly
the same nodes are merged and listed as equivalent.

The report ends with shared fate: redundancy groups whose members all depend
on one resource (two replicas reading one regional secret store, subnets
behind one NAT gateway) or all live in one domain, so that their redundancy
is not. 'blast why' names the common dependency; the no_shared_fate policy of
blast.toml lets 'blast check' gate on it.`,
		Example: `  blast risk                                    # the demo system, up to 3 domains
  blast risk --order 2 prod.tfstate             # pairs at most
  blast risk --service checkout states/         # one service (patterns: "pay*")
  blast risk -f json -o risk.json states/
  blast risk --output text --output svg=risk.svg states/`,
		RunE: func(c *cobra.Command, args []string) error { return runRisk(o, args) },
	}
	f := c.Flags()
	f.IntVar(&o.out.Order, "order", 3, "largest set of failure domains lost together (1 to 3)")
	f.StringSliceVar(&o.out.Targets, "service", nil, "only these services or top-level resources: ID, name or address, \"*\" globs (repeatable)")
	o.fmt.register(c, render.ViewRisk)
	_ = c.RegisterFlagCompletionFunc("service", func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		quiet := *g
		quiet.stderr = discard{}
		l, err := quiet.load(args)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return checks.RiskTargets(l.analyzer), cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

func runRisk(o *riskOptions, args []string) error {
	outs, err := o.fmt.resolve(render.ViewRisk)
	if err != nil {
		return err
	}
	l, err := o.load(args)
	if err != nil {
		return err
	}
	r := l.report()
	if r.Risk, err = checks.RunRisk(l.analyzer, o.out); err != nil {
		return err
	}
	return o.emitAll(render.ViewRisk, outs, r)
}
