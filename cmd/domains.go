package cmd

import (
	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/render"
)

type domainsOptions struct {
	*globals
	out      outputFlags
	services bool
}

// NewDomainsCmd builds `blast domains`.
func NewDomainsCmd(g *globals) *cobra.Command {
	o := &domainsOptions{globals: g}
	c := &cobra.Command{
		Use:   "domains [PATH ...]",
		Short: "List the failure domains present (providers, regions, zones)",
		Long: `List every failure domain the inputs hold resources in, with how many
resources each holds: the values 'blast whatif --down' accepts. A
domain's count is what 'blast whatif --down DOMAIN' takes down directly
(before dependencies carry the failure further): resources placed through
a dependency count where that dependency is, a zone-redundant regional
resource counts in each zone of its region. Shell completion of --down
uses the same list.`,
		Example: `  blast domains prod.tfstate
  blast domains --services states/   # also aws:us-east-1/dynamodb and the like`,
		RunE: func(c *cobra.Command, args []string) error { return runDomains(o, args) },
	}
	f := c.Flags()
	o.out.register(c, render.ViewDomains)
	f.BoolVar(&o.services, "services", false, "also list regional services (cloud:region/service)")
	return c
}

func runDomains(o *domainsOptions, args []string) error {
	outs, err := o.out.resolve(render.ViewDomains)
	if err != nil {
		return err
	}
	l, err := o.load(args)
	if err != nil {
		return err
	}
	r := report(l)
	r.Domains = l.Analyzer.Domains(o.services)
	return o.emitAll(render.ViewDomains, outs, r)
}
