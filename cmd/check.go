package cmd

import (
	"bytes"
	"fmt"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/load"
	"github.com/blast-dev/blast/output"
	"github.com/blast-dev/blast/planside"
	"github.com/blast-dev/blast/render"
	"github.com/blast-dev/blast/tfconfig"
)

// checkOptions are the flags blast check and blast diff share.
type checkOptions struct {
	*globals
	out       outputFlags
	outs      []output.Spec
	failOn    string
	baseline  string
	configDir string
	today     string
	with      []string
}

func (o *checkOptions) flags(c *cobra.Command) {
	f := c.Flags()
	o.out.register(c, render.ViewCheck)
	f.StringVar(&o.failOn, "fail-on", checks.FailOnViolations, "exit 2 on: violations (policy violations), new-impact (also anything that newly fails, degrades or freezes, and new single points of failure), none")
	f.StringVar(&o.baseline, "baseline", "", "a previous --format json report: leave out the findings it holds (report only what is new)")
	f.StringVar(&o.configDir, "config-dir", "", "the Terraform configuration directory: findings point at the .tf file and line of the resource")
	f.StringVar(&o.today, "today", "", "the date suppressions expire against, YYYY-MM-DD (default: today, UTC)")
	_ = c.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions(checks.FailOnChoices(), cobra.ShellCompDirectiveNoFileComp))
}

// NewCheckCmd builds `blast check`.
func NewCheckCmd(g *globals) *cobra.Command {
	o := &checkOptions{globals: g}
	c := &cobra.Command{
		Use:   "check PLAN [PATH ...]",
		Short: "Compare a plan's blast radius before and after, gated by the policies in blast.toml",
		Long: `Run the scenario suite on both sides of a Terraform plan: its prior state
(before) and its planned values (after). The suite takes down, one at a time,
every region and every zone either side holds resources in, plus the named
scenarios of blast.toml. The report says what changed: services and resources
that newly fail, degrade or freeze in some scenario (or no longer do), new and
removed single points of failure, the blast radius of every domain on both
sides, and the infrastructure changes behind them.

PLAN is 'terraform show -json PLANFILE' output, or a binary plan file when
terraform is on PATH (blast runs terraform show -json on it, in the working
directory). Further paths (service manifests, Kubernetes manifests, other
states) are loaded on both sides.

Policies ([[policy]] in blast.toml) say which services must survive which
scenarios, and how much one scenario may take down; [[suppression]] entries
accept findings for a reason until a date. Exit codes: 0 nothing crossed the
--fail-on threshold, 1 error, 2 threshold crossed (the report is written
first).`,
		Example: `  terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json
  blast check plan.json
  blast check --format markdown -o comment.md plan.json services.toml   # PR comment: one-line verdict, findings per service
  blast check --format sarif --config-dir . -o blast.sarif plan.json
  blast check --fail-on new-impact --baseline previous.json plan.json
  blast check --output text --output sarif=blast.sarif --output markdown=comment.md plan.json   # one analysis, three reports`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return runCheck(o, args) },
	}
	o.flags(c)
	return c
}

func runCheck(o *checkOptions, args []string) error {
	if err := o.validate(); err != nil {
		return err
	}
	stdin, err := planside.ReadStdin(o.stdin, args, o.maxInputSize)
	if err != nil {
		return err
	}
	stdin = importers.AsUTF8(stdin)
	after := *o.globals
	after.stdin = bytes.NewReader(stdin)
	head, err := after.load(args)
	if err != nil {
		return err
	}
	bfs := &planside.Before{}
	before := *o.globals
	before.stdin = bytes.NewReader(stdin)
	if slices.Contains(args, "-") {
		out, err := bfs.Stdin(stdin)
		if err != nil {
			return err
		}
		before.stdin = bytes.NewReader(out)
	}
	base, err := before.loadFrom(args, bfs)
	if err != nil {
		return err
	}
	if bfs.Plans() == 0 {
		return fmt.Errorf("%s: check needs a Terraform plan among its inputs, and found none (terraform show -json PLANFILE > plan.json); to compare two states or plans, use blast diff BASE HEAD", load.Names(args))
	}
	return o.compare(base, head, "before (prior state)", "after (plan)")
}

// validate checks the flags before anything is loaded.
func (o *checkOptions) validate() error {
	outs, err := o.out.resolve(render.ViewCheck)
	if err != nil {
		return err
	}
	o.outs = outs
	if err := checks.CheckFailOn(o.failOn); err != nil {
		return err
	}
	if o.today, err = checks.Today(o.today); err != nil {
		return err
	}
	if o.configDir != "" {
		fi, err := os.Stat(o.configDir)
		if err != nil || !fi.IsDir() {
			return fmt.Errorf("--config-dir: %s is not a directory", o.configDir)
		}
	}
	return nil
}

// compare runs the suite on both sides, evaluates the policies and
// writes the report; a crossed threshold is a ThresholdError.
func (o *checkOptions) compare(base, head *load.System, baseLabel, headLabel string) error {
	rules, err := checks.LoadRules(head.Config, head.Scenarios, head.Analyzer)
	if err != nil {
		return err
	}
	baseline, err := o.readBaseline()
	if err != nil {
		return err
	}
	chk, err := checks.Run(checks.Side{Label: baseLabel, Analyzer: base.Analyzer}, checks.Side{Label: headLabel, Analyzer: head.Analyzer}, rules.Named,
		checks.EvalOptions{Policies: rules.Policies, Suppressions: rules.Suppressions, Baseline: baseline, Today: o.today, FailOn: o.failOn},
		func(label string, n int) { o.phase("%s: %d scenarios", label, n) })
	if err != nil {
		return fmt.Errorf("config: %s: %w", head.ConfigName(), err)
	}
	if o.configDir != "" {
		decl, err := tfconfig.Scan(o.configDir)
		if err != nil {
			return fmt.Errorf("--config-dir: %w", unwrapPath(err))
		}
		chk.Locate(decl.Find)
	}
	r := report(head)
	r.Check = chk
	r.Note = func(msg string) { o.say("note: " + msg) }
	if err := o.emitAll(render.ViewCheck, o.outs, r); err != nil {
		return err
	}
	if chk.Verdict.Fail {
		return &ThresholdError{Msg: fmt.Sprintf("check failed (--fail-on %s): %s", o.failOn, chk.Verdict.Summary)}
	}
	return nil
}

// readBaseline reads the --baseline report, if any.
func (o *checkOptions) readBaseline() (checks.Baseline, error) {
	if o.baseline == "" {
		return nil, nil
	}
	data, err := os.ReadFile(o.baseline)
	if err != nil {
		return nil, fmt.Errorf("--baseline: %s: %w", o.baseline, unwrapPath(err))
	}
	b, err := checks.ParseBaseline(importers.AsUTF8(data))
	if err != nil {
		return nil, fmt.Errorf("--baseline: %s: %w", o.baseline, err)
	}
	return b, nil
}
