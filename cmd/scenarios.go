package cmd

import (
	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/render"
)

type scenariosOptions struct {
	*globals
	format string
}

// NewScenariosCmd builds `blast scenarios`.
func NewScenariosCmd(g *globals) *cobra.Command {
	o := &scenariosOptions{globals: g}
	c := &cobra.Command{
		Use:   "scenarios",
		Short: "List the named scenarios: historical outages and those from blast.toml",
		Long: `List the named scenarios 'blast whatif --scenario NAME' and 'blast why
--scenario NAME' accept: the historical outages blast knows, each with its
date, what it took down, and the post-incident report it follows, and the
scenarios declared in blast.toml with [[scenario]]:

  [[scenario]]
  name = "eu-dr-drill"
  title = "Lose eu-west-1"
  down = ["aws:eu-west-1"]
  sources = ["https://wiki.example.com/dr"]`,
		Example: `  blast scenarios
  blast scenarios --format json
  blast whatif --scenario aws-2025-10-20 prod.tfstate`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runScenarios(o) },
	}
	formatFlag(c, &o.format, render.ViewScenarios)
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(render.Choices(render.ViewScenarios), cobra.ShellCompDirectiveNoFileComp))
	return c
}

func runScenarios(o *scenariosOptions) error {
	if err := render.CheckFormat(render.ViewScenarios, o.format); err != nil {
		return err
	}
	cfg, err := config.Load(o.config)
	if err != nil {
		return err
	}
	cat, err := analyzer.LoadCatalog(cfg)
	if err != nil {
		return err
	}
	list, err := cat.Describe()
	if err != nil {
		return err
	}
	return o.emitStdout(render.ViewScenarios, o.format, &render.Report{Scenarios: list})
}

// completeScenarios completes --scenario with the named scenarios.
func (g *globals) completeScenarios(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	cfg, err := config.Load(g.config)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	cat, err := analyzer.LoadCatalog(cfg)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return cat.Choices(), cobra.ShellCompDirectiveNoFileComp
}
