package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

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
	c.Flags().StringVarP(&o.format, "format", "f", "text", "output format: text, json")
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

// scenarioJSON is one scenario in `blast scenarios --format json`.
type scenarioJSON struct {
	Name    string            `json:"name"`
	Title   string            `json:"title,omitempty"`
	Date    string            `json:"date,omitempty"`
	Summary string            `json:"summary,omitempty"`
	Sources []string          `json:"sources"`
	Down    []string          `json:"down"`
	Effects []analyzer.Effect `json:"effects"`
	Origin  string            `json:"origin"`
}

func runScenarios(o *scenariosOptions) error {
	if o.format != "text" && o.format != "json" {
		return fmt.Errorf("--format: unknown format %q (want text or json)", o.format)
	}
	cfg, err := config.Load(o.config)
	if err != nil {
		return err
	}
	cat, err := analyzer.LoadCatalog(cfg)
	if err != nil {
		return err
	}
	var list []scenarioJSON
	for _, d := range cat.List() {
		s, err := analyzer.ScenarioFromDef(d, nil)
		down := s.DomainNames()
		switch {
		case errors.Is(err, analyzer.ErrUnknownLocation):
			down = d.Down // a location only the inputs can tell
		case err != nil:
			return err
		}
		sj := scenarioJSON{Name: d.Name, Title: d.Title, Date: d.Date, Summary: d.Summary, Sources: d.Sources,
			Down: down, Effects: s.Effects, Origin: d.Origin}
		if sj.Sources == nil {
			sj.Sources = []string{}
		}
		if sj.Effects == nil {
			sj.Effects = []analyzer.Effect{}
		}
		list = append(list, sj)
	}
	var buf bytes.Buffer
	if o.format == "json" {
		doc := struct {
			SchemaVersion int            `json:"schemaVersion"`
			Scenarios     []scenarioJSON `json:"scenarios"`
		}{render.SchemaVersion, list}
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return err
		}
	} else {
		for i, s := range list {
			if i > 0 {
				buf.WriteString("\n")
			}
			fmt.Fprintf(&buf, "%s", s.Name)
			if s.Date != "" {
				fmt.Fprintf(&buf, "  %s", s.Date)
			}
			if s.Title != "" {
				fmt.Fprintf(&buf, "  %s", s.Title)
			}
			if s.Origin != "built-in" {
				fmt.Fprintf(&buf, "  (%s)", s.Origin)
			}
			buf.WriteString("\n")
			if len(s.Down) > 0 {
				fmt.Fprintf(&buf, "  down: %s\n", strings.Join(s.Down, ", "))
			}
			for _, e := range s.Effects {
				fmt.Fprintf(&buf, "  effect: %s\n", effectLine(e))
			}
			for _, line := range wrap(s.Summary, 92) {
				fmt.Fprintf(&buf, "  %s\n", line)
			}
			for _, src := range s.Sources {
				fmt.Fprintf(&buf, "  source: %s\n", src)
			}
		}
	}
	_, err = o.stdout.Write(buf.Bytes())
	return err
}

// effectLine says in a few words what an effect does and to what.
func effectLine(e analyzer.Effect) string {
	var what []string
	if e.State > analyzer.Healthy {
		what = append(what, e.State.String())
	}
	if e.Frozen || e.ControlPlanes {
		what = append(what, "frozen")
	}
	target := strings.Join(e.Types, " ")
	if len(e.Attrs) > 0 {
		var kv []string
		for k, v := range e.Attrs {
			kv = append(kv, k+"="+v)
		}
		sort.Strings(kv)
		target += " (" + strings.Join(kv, ", ") + ")"
	}
	if e.Service != "" {
		target = strings.TrimSpace(e.Service + " " + target)
	}
	if e.ControlPlanes {
		target = strings.TrimSpace("control planes homed there " + target)
	}
	where := e.Cloud + ":" + e.Region
	if e.Region == "*" {
		where = "every region of " + e.Cloud
	}
	return fmt.Sprintf("%s: %s in %s", strings.Join(what, "+"), target, where)
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(text) {
		if cur.Len() > 0 && cur.Len()+1+len(w) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
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
	var out []string
	for _, d := range cat.List() {
		out = append(out, d.Name+"\t"+d.Title)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
