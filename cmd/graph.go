package cmd

import (
	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/render"
)

type graphOptions struct {
	*globals
	out outputFlags
}

// NewGraphCmd builds `blast graph`.
func NewGraphCmd(g *globals) *cobra.Command {
	o := &graphOptions{globals: g}
	c := &cobra.Command{
		Use:   "graph [PATH ...]",
		Short: "Show what was imported: counts per location, unplaced resources, warnings",
		Long: `Import the inputs and describe the dependency graph: node and edge counts per
provider, region and zone, the resources whose location is unknown (and why),
and warnings such as dependencies that name missing resources. Files of walked
directories that are not inputs (READMEs, package.json, Helm charts, locale or
Terraform schema JSON) are listed under Skipped with what each is; the other
commands only count them on stderr, and --strict makes them errors.

--format json or dot prints the whole graph instead: every node with its
placement and the rule that placed it, every edge from dependent to dependency
with its kind (hard, soft, control) and how it was found (via). A location
read from another resource names it, the attribute reaching it and where
that one was placed ("inherited:aws_subnet.a[0] via subnet_id,
attribute:availability_zone").`,
		Example: `  blast graph prod.tfstate
  blast graph --format json states/ | jq '.nodes[] | select(.placement.region == "")'
  blast graph --format dot prod.tfstate | dot -Tsvg > graph.svg`,
		RunE: func(c *cobra.Command, args []string) error { return runGraph(o, args) },
	}
	o.out.register(c, render.ViewGraph)
	return c
}

func runGraph(o *graphOptions, args []string) error {
	outs, err := o.out.resolve(render.ViewGraph)
	if err != nil {
		return err
	}
	o.listsWarnings = true
	l, err := o.load(args)
	if err != nil {
		return err
	}
	r := report(l)
	return o.emitAll(render.ViewGraph, outs, r)
}
