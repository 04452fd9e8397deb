package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/load"
	"github.com/blast-dev/blast/output"
	"github.com/blast-dev/blast/render"
)

type whatifOptions struct {
	*globals
	down     []string
	scenario string
	out      outputFlags
	diagram  render.DiagramOptions
	by       string
}

// NewWhatifCmd builds `blast whatif`.
func NewWhatifCmd(g *globals) *cobra.Command {
	o := &whatifOptions{globals: g}
	c := &cobra.Command{
		Use:   "whatif (--down DOMAIN ... | --scenario NAME) [PATH ...]",
		Short: "Simulate an outage and report what fails, degrades and freezes",
		Long: `Take one or more failure domains down together and report the blast radius:
every resource that fails, degrades or freezes, with the chain that explains it.

Failure domains (--down, repeatable or comma-separated):
  aws                      the whole provider
  aws:us-east-1            a region: every zone, regional service and control plane in it
  aws:us-east-1a           a zone by name
  aws:use1-az1             a zone by AZ ID
  aws:us-east-1/dynamodb   one service in one region
  us-east-1                a bare location, when only one cloud has it
  module.db.aws_db_instance.main   a single resource, by its node ID
The same forms work for gcp (gcp:europe-west9, gcp:us-central1-c), azure
(azure:westus2, azure:westus2-1) and other providers (yandex:ru-central1-a,
digitalocean:nyc3, hcloud:fsn1, hcloud:fsn1-dc14, oci, alicloud, openstack,
ibm, linode, vultr, scaleway, exoscale). Run 'blast domains' to list those
present.

A domain must be one an input holds or a real region or zone blast knows
(aws:us-east-9 is not one): anything else is an error listing the domains
present. A real region or zone that no input lives in is a warning, an error
with --strict.

A service domain also applies the hidden platform dependencies observed in
real outages (DynamoDB down in a region freezes EC2 launches there and
degrades Network Load Balancers and Lambda). Configuration objects (security
groups, policies, attachments, templates) it reaches are counted as affected,
not failed, and listed only with --show-affected. --scenario replays a named
outage, built in or declared in blast.toml; 'blast scenarios' lists them.

--by team lists, per owning team, what of theirs fails, degrades or freezes
and the first node of another team its explanation passes through. A node's
team is the first of its tags Owner, owner, Team, team (blast.toml [teams]
tag_keys changes them), else its Backstage spec.owner, else the team of the
first [[teams.state]] path pattern its file matches. --cluster state or team
boxes the diagram by input file (and workspace) or by team instead of by
provider, region and zone.

The Data section lists each stateful store whose location is down: "data at
risk" (no copy outside the failed domains), "unavailable" (a copy survives
elsewhere) or "served from a copy", and what a restore loses.

Diagrams (svg, png, dot, mermaid, html) lead with the services: by default
they draw each service and the resource its explanation ends at (--view
impact: every impacted node; --view all: everything), laid out from the
failure domain at the left to the services at the right. Failure chains are
solid, degradation dashed, freezes dotted. The PNG is the SVG rasterised.`,
		Example: `  blast whatif --down aws:us-east-1
  blast whatif --down aws:us-east-1a --down aws:us-east-1b prod.tfstate
  blast whatif --down aws:eu-west-1 --format json -o impact.json states/
  blast whatif --down aws:us-east-1 -f html -o report.html states/   # services first; fits a phone, prints
  blast whatif --down aws:us-east-1 --output text --output json=impact.json --output svg=impact.svg states/
  terraform show -json | blast whatif --down aws:us-east-1 -
  blast whatif --scenario aws-2025-10-20 prod.tfstate   # replay a historical outage
  blast whatif --down aws:us-east-1 --by team live/      # per team: what fails, through whom
  blast whatif --down aws:us-east-1 --cluster state -f svg -o by-state.svg live/`,
		RunE: func(c *cobra.Command, args []string) error { return runWhatif(o, args) },
	}
	f := c.Flags()
	f.StringSliceVar(&o.down, "down", nil, "failure domain to take down (repeatable)")
	f.StringVar(&o.scenario, "scenario", "", "a named scenario: a historical outage or one from blast.toml ('blast scenarios' lists them); --down adds to it")
	o.out.register(c, render.ViewImpact)
	f.StringVar(&o.diagram.View, "view", "", "diagrams: what to draw: "+strings.Join(render.DiagramViews, ", ")+" (default: services when the inputs hold services, else impact: the impacted part and what explains it)")
	f.StringVar(&o.diagram.Focus, "focus", "", "diagrams: draw only this node (ID or address) and its neighbourhood")
	f.IntVar(&o.diagram.Depth, "depth", render.DefaultDepth, "diagrams: dependency hops drawn around --focus (0: the node alone, with the chain that explains its state)")
	f.StringVar(&o.diagram.Collapse, "collapse", "auto", "diagrams: group nodes: "+strings.Join(render.CollapseLevels, ", ")+fmt.Sprintf(" (auto: instances merged above %d nodes, more until at most %d boxes)", render.AutoInstances, render.DefaultMaxNodes))
	f.StringVar(&o.diagram.Cluster, "cluster", "location", "diagrams: what boxes group: "+strings.Join(render.ClusterBy, ", ")+" (state: the input file and workspace; team: the owner)")
	f.StringVar(&o.by, "by", "", "text, json, html: also list the impact per owning team (team: tags Owner or Team, Backstage spec.owner, blast.toml [teams])")
	_ = c.RegisterFlagCompletionFunc("down", g.completeFrom((*analyzer.Analyzer).DomainChoices))
	_ = c.RegisterFlagCompletionFunc("scenario", g.completeScenarios)
	return c
}

func runWhatif(o *whatifOptions, args []string) error {
	if len(o.down) == 0 && o.scenario == "" {
		return errors.New("whatif needs at least one --down DOMAIN or a --scenario NAME (run 'blast domains' or 'blast scenarios' to list them)")
	}
	outs, err := o.out.resolve(render.ViewImpact)
	if err != nil {
		return err
	}
	if err := o.diagram.Validate(); err != nil {
		return err
	}
	if o.by != "" && o.by != "team" {
		return fmt.Errorf("--by: unknown grouping %q (want team)", o.by)
	}
	l, err := o.load(args)
	if err != nil {
		return err
	}
	res, err := o.outage(l, o.scenario, o.down)
	if err != nil {
		return err
	}
	r := report(l)
	r.Result = res
	r.Data = l.Analyzer.DataExposure(res)
	r.Diagram = o.diagram
	r.Note = func(msg string) { o.say("note: " + msg) }
	if o.by == "team" {
		v := analyzer.ByTeam(l.Result.Graph, res, l.Owners)
		r.Teams = &v
	}
	for _, out := range outs {
		if render.NeedsMatrix(render.ViewImpact, out.Format) {
			// made while the page lays out its diagram (it reads the
			// analyzer alone); the page shows its first rows' reasons
			opt := checks.MatrixOptions{ReasonRows: render.MatrixReasonRows(render.ViewImpact, output.Formats(outs))}
			r.MatrixLater(func() *checks.Matrix { return checks.RunMatrix(l.Analyzer, opt) })
			break
		}
	}
	return o.emitAll(render.ViewImpact, outs, r)
}

// outage runs the scenario of a run (analyzer.Outage: a named one, with
// the --down domains added) and says its warnings.
func (g *globals) outage(l *load.System, name string, down []string) (*analyzer.Result, error) {
	res, err := l.Analyzer.Outage(l.Scenarios, name, down, g.strict)
	if err != nil {
		return nil, err
	}
	for _, w := range res.Warnings {
		g.say("warning: " + w)
	}
	return res, nil
}

// completeFrom completes a flag with what list finds in the inputs
// already on the command line, or the demo system.
func (g *globals) completeFrom(list func(*analyzer.Analyzer) []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		quiet := *g
		quiet.stderr = discard{}
		if l, err := quiet.load(args); err == nil {
			return list(l.Analyzer), cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

func completeFormats(view render.View) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return render.FormatHelp(view), cobra.ShellCompDirectiveNoFileComp
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
