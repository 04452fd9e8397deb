package cmd

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/render"
)

type whyOptions struct {
	*globals
	down     []string
	scenario string
	format   string
}

// NewWhyCmd builds `blast why`.
func NewWhyCmd(g *globals) *cobra.Command {
	o := &whyOptions{globals: g}
	c := &cobra.Command{
		Use:   "why NODE (--down DOMAIN ... | --scenario NAME) [PATH ...]",
		Short: "Explain what a scenario does to one resource or service, link by link",
		Long: `Run a scenario and explain one node: its state and frozen flag, the full chain
from it back to the failure domain (each link with its type, location and the
edge it crosses), what redundancy a degraded node lost and what is left, and
what blast knows about the node: its failure scope and the source saying so,
where its placement was read, and the redundancy inferred from its attributes.
Each edge says how it was found: the attribute holding the reference
("via subnet_id", "via subnet_id (count.index)"), "ordering only (depends_on)"
for what the node is only created after (soft at most), "recorded dependency,
..." when Terraform recorded it but no attribute names it by id, ARN or name
(and how the instance was chosen), "inferred" where a rule chose among several
instances ("undecided" when another instance of a count/for_each resource
names the dependency and nothing in this one's values decides for or against
it). "placement read from" names the rule; a location inherited from a
dependency names it, the attribute reaching it and that one's own rule
("inherited:aws_subnet.a[0] via subnet_id, attribute:availability_zone").

NODE is a node ID or a Terraform address (as 'blast graph' lists them).`,
		Example: `  blast why aws_lambda_function.order_export --down aws:us-east-1
  blast why module.db.aws_db_instance.main --down aws:us-east-1a prod.tfstate
  blast why aws_autoscaling_group.app --scenario aws-2025-10-20 --format json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return runWhy(o, args[0], args[1:]) },
	}
	f := c.Flags()
	f.StringSliceVar(&o.down, "down", nil, "failure domain to take down (repeatable)")
	f.StringVar(&o.scenario, "scenario", "", "a named scenario ('blast scenarios' lists them); --down adds to it")
	formatFlag(c, &o.format, render.ViewWhy)
	_ = c.RegisterFlagCompletionFunc("down", g.completeFrom((*analyzer.Analyzer).DomainChoices))
	_ = c.RegisterFlagCompletionFunc("scenario", g.completeScenarios)
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(render.Choices(render.ViewWhy), cobra.ShellCompDirectiveNoFileComp))
	return c
}

func runWhy(o *whyOptions, target string, paths []string) error {
	if len(o.down) == 0 && o.scenario == "" {
		return errors.New("why needs at least one --down DOMAIN or a --scenario NAME (run 'blast domains' or 'blast scenarios' to list them)")
	}
	if err := render.CheckFormat(render.ViewWhy, o.format); err != nil {
		return err
	}
	l, err := o.load(paths)
	if err != nil {
		return err
	}
	n, err := analyzer.FindNode(l.Result.Graph, target)
	if err != nil {
		return err
	}
	res, err := o.outage(l, o.scenario, o.down)
	if err != nil {
		return err
	}
	r := report(l)
	r.Why = l.Analyzer.Explain(res, n)
	return o.emitStdout(render.ViewWhy, o.format, r)
}
