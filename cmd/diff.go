package cmd

import (
	"fmt"

	"github.com/spf13/cobra"
)

// NewDiffCmd builds `blast diff`.
func NewDiffCmd(g *globals) *cobra.Command {
	o := &checkOptions{globals: g}
	c := &cobra.Command{
		Use:   "diff BASE HEAD",
		Short: "Compare the blast radius of two versions of a system, gated by the policies in blast.toml",
		Long: `Run the scenario suite on BASE and on HEAD and report what changed, as blast
check does for the two sides of one plan. BASE and HEAD are each a state, a
plan (its after side) or a directory of inputs; nodes are matched by ID (the
Terraform address), so give BASE and HEAD as single files, or as two
directories whose files have the same names. --with adds inputs loaded on
both sides, such as a service manifest.

Exit codes: 0 nothing crossed the --fail-on threshold, 1 error, 2 threshold
crossed (the report is written first).`,
		Example: `  blast diff main.tfstate pr.tfstate
  blast diff --with services.toml base/ head/
  blast diff --format markdown -o comment.md prod.tfstate plan.json`,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error { return runDiff(o, args[0], args[1]) },
	}
	o.flags(c)
	c.Flags().StringSliceVar(&o.with, "with", nil, "an input loaded on both sides (repeatable): service manifests, Kubernetes, catalogs")
	return c
}

func runDiff(o *checkOptions, basePath, headPath string) error {
	if err := o.validate(); err != nil {
		return err
	}
	if basePath == "-" || headPath == "-" {
		return fmt.Errorf("diff reads BASE and HEAD from files; stdin (-) is not supported here")
	}
	base, err := o.load(append([]string{basePath}, o.with...))
	if err != nil {
		return err
	}
	head, err := o.load(append([]string{headPath}, o.with...))
	if err != nil {
		return err
	}
	if bp, hp := base.Prefix(basePath), head.Prefix(headPath); bp != hp {
		return fmt.Errorf("diff: BASE and HEAD node IDs would differ (prefixes %q and %q, given because --with adds Terraform inputs): put BASE and HEAD in two directories under the same file name", bp, hp)
	}
	return o.compare(base, head, "base ("+basePath+")", "head ("+headPath+")")
}
