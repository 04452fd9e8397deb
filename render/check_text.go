package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/blast-dev/blast/checks"
)

func init() {
	Register(ViewCheck, "text", "a report for people: verdict, policies, findings, changes, blast radius per scenario", checkText)
}

func checkText(w io.Writer, r *Report) error {
	c, err := checkOf(r)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	p := painter(r.Color)
	code := ansiBold
	switch c.Verdict.Status {
	case "violated":
		code = ansiRed
	case "worse":
		code = ansiYellow
	}
	fmt.Fprintln(bw, p.paint(code, "blast: "+c.Verdict.Summary))
	fmt.Fprintln(bw, chkSideLine(c))
	section := func(title string) {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, p.paint(ansiBold, title))
	}
	if len(c.Policies) > 0 {
		section("Policies")
		tw := tabwriter.NewWriter(bw, 2, 4, 2, ' ', 0)
		for _, pr := range c.Policies {
			fmt.Fprintf(tw, "  %s\t%s\t%d before, %d after\t%s\n", pr.Name, pr.Status, pr.Before, pr.After, pr.Rule)
		}
		tw.Flush()
	}
	if len(c.Findings) > 0 {
		open := chkOpenFindings(c)
		section(fmt.Sprintf("Findings (%d open of %d)", len(open), len(c.Findings)))
		for _, f := range c.Findings {
			tag := f.Level
			if f.Status != checks.StatusOpen {
				tag = f.Status
			}
			fresh := ""
			if f.Kind == checks.FindingViolation && !f.New {
				fresh = " (already before)"
			}
			fmt.Fprintf(bw, "  %-10s %s%s\n", tag, f.Message, fresh)
			fmt.Fprintf(bw, "  %-10s %s\n", "", p.paint(ansiDim, "at "+chkFindingWhere(f)+" · id "+f.ID))
			if f.Suppression != "" {
				fmt.Fprintf(bw, "  %-10s %s\n", "", p.paint(ansiDim, "suppressed: "+f.Suppression))
			}
			if f.Expired != "" {
				fmt.Fprintf(bw, "  %-10s %s\n", "", p.paint(ansiDim, "suppression expired: "+f.Expired))
			}
		}
	}
	writeChanges := func(title string, list []checks.StateChange) {
		if len(list) == 0 {
			return
		}
		section(title)
		for _, ch := range list {
			fmt.Fprintf(bw, "  %s  %s  %s → %s\n", ch.Node, ch.Scenario, ch.Before.Label(), ch.After.Label())
			fmt.Fprintf(bw, "      %s\n", p.paint(ansiDim, chkChangeWhy(ch)))
		}
	}
	writeChanges("Fares worse", c.Worse())
	writeChanges("Fares better", c.Better())
	if n := len(c.Affected()); n > 0 && !r.ShowAffected {
		fmt.Fprintf(bw, "\n%s\n", p.paint(ansiDim, plural(n, "1 change of a configuration object", fmt.Sprintf("%d changes of configuration objects", n))+
			" (security groups, policies, templates) not listed: they count in no verdict; --show-affected lists them"))
	} else {
		writeChanges("Configuration affected (counts in no verdict)", c.Affected())
	}
	if len(c.NewSPOFs)+len(c.RemovedSPOFs) > 0 {
		section("Single points of failure (a resource whose loss alone fails " + c.RowKind + ")")
		for _, s := range c.NewSPOFs {
			fmt.Fprintf(bw, "  new      %s fails %s\n", s.Resource, strings.Join(s.Rows, ", "))
		}
		for _, s := range c.RemovedSPOFs {
			fmt.Fprintf(bw, "  removed  %s no longer fails %s\n", s.Resource, strings.Join(s.Rows, ", "))
		}
	}
	if changed := chkChangedScenarios(c); len(changed) > 0 {
		section("Blast radius per scenario (changed only)")
		tw := tabwriter.NewWriter(bw, 2, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  SCENARIO\tBEFORE\tAFTER\n")
		for _, s := range changed {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.Name, RadiusText(s.Before), RadiusText(s.After))
		}
		tw.Flush()
	}
	if len(c.Resources) > 0 {
		section("Infrastructure changes")
		for _, rc := range c.Resources {
			fmt.Fprintf(bw, "  %-8s %s\n", chkResourceChangeLabel(rc), rc.Node)
			for _, d := range rc.Details {
				fmt.Fprintf(bw, "           %s\n", p.paint(ansiDim, d))
			}
		}
	}
	if len(c.Unknown) > 0 {
		section("Placement unknown until apply (the worst case is assumed)")
		for _, u := range c.Unknown {
			fmt.Fprintf(bw, "  %s: %s\n", u.Node, u.Reason)
		}
	}
	section("Suppressions")
	if len(c.Suppressions) == 0 {
		fmt.Fprintln(bw, "  none")
	}
	for _, s := range c.Suppressions {
		fmt.Fprintf(bw, "  %s until %s: %s (%s; matched %d)\n", s.Status, s.Expires, s.Reason, chkSuppressionText(s), s.Matched)
	}
	for _, n := range c.Notes {
		fmt.Fprintf(bw, "\nnote: %s\n", n)
	}
	return bw.Flush()
}
