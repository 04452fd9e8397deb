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
	"github.com/blast-dev/blast/graph"
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
for what the node is only created after (soft at most), or "inferred" where a
rule chose among several instances.

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
	f.StringVarP(&o.format, "format", "f", "text", "output format: text, json")
	_ = c.RegisterFlagCompletionFunc("down", g.completeDomains)
	_ = c.RegisterFlagCompletionFunc("scenario", g.completeScenarios)
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

// whyLink is one link of the explained chain.
type whyLink struct {
	Node     string `json:"node"`
	Type     string `json:"type,omitempty"`
	Location string `json:"location"`
	Why      string `json:"why"`
}

// whyKnowledge is what the platform knowledge says about the node.
type whyKnowledge struct {
	Scope        graph.Scope `json:"scope"`
	ScopeRule    string      `json:"scopeRule"`
	Placement    string      `json:"placement,omitempty"`
	Service      string      `json:"service,omitempty"`
	ControlPlane string      `json:"controlPlane,omitempty"`
	ZoneSpread   string      `json:"zoneRedundant,omitempty"`
	Source       string      `json:"source,omitempty"`
	Note         string      `json:"note,omitempty"`
}

// whyDoc is the result of `blast why`.
type whyDoc struct {
	SchemaVersion int                  `json:"schemaVersion"`
	Scenario      string               `json:"scenario"`
	Node          whyLink              `json:"node"`
	State         analyzer.State       `json:"state"`
	Frozen        bool                 `json:"frozen"`
	Reason        string               `json:"reason,omitempty"`
	Domain        string               `json:"domain,omitempty"`
	Chain         []whyLink            `json:"chain"`
	FrozenReason  string               `json:"frozenReason,omitempty"`
	FrozenChain   []whyLink            `json:"frozenChain,omitempty"`
	Inferred      bool                 `json:"inferred,omitempty"`
	Lost          []string             `json:"lost,omitempty"`
	Left          []string             `json:"left,omitempty"`
	Groups        []graph.Group        `json:"redundancyGroups,omitempty"`
	Knowledge     whyKnowledge         `json:"knowledge"`
	Inferences    []analyzer.Inference `json:"inferences,omitempty"`
	Effects       []analyzer.Effect    `json:"effects,omitempty"`
	Warnings      []string             `json:"warnings,omitempty"`
}

func runWhy(o *whyOptions, target string, paths []string) error {
	if len(o.down) == 0 && o.scenario == "" {
		return errors.New("why needs at least one --down DOMAIN or a --scenario NAME (run 'blast domains' or 'blast scenarios' to list them)")
	}
	if o.format != "text" && o.format != "json" {
		return fmt.Errorf("--format: unknown format %q (want text or json)", o.format)
	}
	l, err := o.load(paths)
	if err != nil {
		return err
	}
	n, err := findNode(l.res.Graph, target)
	if err != nil {
		return err
	}
	scen, err := l.scenario(o.scenario, o.down)
	if err != nil {
		return err
	}
	if err := o.strictHeld(l, scen); err != nil {
		return err
	}
	res := l.analyzer.Run(scen)
	for _, w := range res.Warnings {
		o.say("warning: " + w)
	}
	doc := explainNode(l, res, n)
	var buf bytes.Buffer
	if o.format == "json" {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return err
		}
	} else {
		writeWhy(&buf, doc)
	}
	_, err = o.stdout.Write(buf.Bytes())
	return err
}

// findNode resolves NODE: a node ID, else the one node with that address,
// else the one node whose prefixed ID ends with it.
func findNode(g *graph.Graph, target string) (*graph.Node, error) {
	if n, ok := g.Node(target); ok {
		return n, nil
	}
	var byAddr, bySuffix, similar []string
	for _, n := range g.Nodes() {
		switch {
		case n.Address == target:
			byAddr = append(byAddr, n.ID)
		case strings.HasSuffix(n.ID, ":"+target):
			bySuffix = append(bySuffix, n.ID)
		case strings.Contains(n.ID, target):
			similar = append(similar, n.ID)
		}
	}
	for _, ids := range [][]string{byAddr, bySuffix} {
		switch len(ids) {
		case 0:
			continue
		case 1:
			n, _ := g.Node(ids[0])
			return n, nil
		default:
			return nil, fmt.Errorf("%q names %d nodes; give one ID: %s", target, len(ids), strings.Join(ids, ", "))
		}
	}
	if len(similar) > 0 {
		sort.Strings(similar)
		if len(similar) > 5 {
			similar = append(similar[:5], fmt.Sprintf("and %d more", len(similar)-5))
		}
		return nil, fmt.Errorf("no node %q; did you mean %s? ('blast graph --format json' lists every ID)", target, strings.Join(similar, ", "))
	}
	return nil, fmt.Errorf("no node %q ('blast graph --format json' lists every ID)", target)
}

func explainNode(l *loaded, res *analyzer.Result, n *graph.Node) whyDoc {
	a := l.analyzer
	g := l.res.Graph
	link := func(id, why string) whyLink {
		wl := whyLink{Node: id, Why: why, Location: "unknown location"}
		if id == "" { // the cut of a very long chain
			wl.Location = ""
		} else if m, ok := g.Node(id); ok {
			wl.Type, wl.Location = m.Type, render.Location(m, a.ScopeOf(id))
		}
		return wl
	}
	doc := whyDoc{SchemaVersion: render.SchemaVersion, Scenario: render.ScenarioName(res.Scenario),
		Node: link(n.ID, ""), Chain: []whyLink{}, Groups: g.Groups(n.ID), Inferences: a.InferencesFor(n.ID)}
	if im, ok := res.Impact(n.ID); ok {
		doc.State, doc.Frozen, doc.Reason, doc.Domain = im.State, im.Frozen, im.Reason, im.Domain
		doc.Inferred, doc.Lost, doc.Left, doc.FrozenReason = im.Inferred, im.Lost, im.Left, im.FrozenReason
		for _, s := range im.Chain {
			doc.Chain = append(doc.Chain, link(s.Node, s.Why))
		}
		for _, s := range im.FrozenChain {
			doc.FrozenChain = append(doc.FrozenChain, link(s.Node, s.Why))
		}
	}
	k := a.Knowledge()
	scope, rule := k.Scope(n)
	doc.Knowledge = whyKnowledge{Scope: a.ScopeOf(n.ID), ScopeRule: rule, Placement: n.Placement.Rule, Service: k.ServiceOf(n),
		ZoneSpread: a.ZoneRedundant(n.ID)}
	if doc.Knowledge.Scope != scope {
		doc.Knowledge.ScopeRule = "inferred (" + rule + " before)"
	}
	if e, ok := k.Lookup(n.Type); ok {
		doc.Knowledge.Source, doc.Knowledge.Note = e.Source, e.Note
		if home, _, ok := k.ControlPlaneHome(n); ok {
			doc.Knowledge.ControlPlane = home
		}
	}
	for _, e := range res.Effects {
		if e.Source != "" && (doc.State > analyzer.Healthy || doc.Frozen) {
			doc.Effects = append(doc.Effects, e)
		}
	}
	doc.Warnings = res.Warnings
	return doc
}

func stateWords(st analyzer.State, frozen bool) string {
	switch {
	case frozen && st == analyzer.Healthy:
		return "healthy but frozen (its control plane is lost: no changes, scaling or failover)"
	case frozen:
		return st.String() + " and frozen"
	}
	return st.String()
}

func writeWhy(buf *bytes.Buffer, d whyDoc) {
	fmt.Fprintf(buf, "%s  (%s, %s)\n", d.Node.Node, d.Node.Type, d.Node.Location)
	fmt.Fprintf(buf, "scenario: %s\n", d.Scenario)
	fmt.Fprintf(buf, "state: %s\n", stateWords(d.State, d.Frozen))
	chain := func(title string, links []whyLink) {
		fmt.Fprintf(buf, "\n%s\n", title)
		for i, s := range links {
			prefix := "  "
			if i > 0 {
				prefix = "  → "
			}
			if s.Node == "" { // the cut of a very long chain
				fmt.Fprintf(buf, "%s%s\n", prefix, s.Why)
				continue
			}
			fmt.Fprintf(buf, "%s%s  (%s)\n", prefix, s.Node, s.Location)
			fmt.Fprintf(buf, "      %s\n", s.Why)
		}
	}
	if d.State > analyzer.Healthy || d.Frozen {
		title := "why"
		if d.State == analyzer.Healthy {
			title = "why frozen"
		}
		chain(title, d.Chain)
		if d.Domain != "" {
			fmt.Fprintf(buf, "  root: %s\n", d.Domain)
		}
		if d.Inferred {
			fmt.Fprintln(buf, "  (the chain crosses an edge chosen by a rule, not read from the input)")
		}
		if len(d.FrozenChain) > 0 {
			chain("why frozen", d.FrozenChain)
		}
	} else {
		fmt.Fprintln(buf, "\nnothing it depends on is down in this scenario")
	}
	if d.State == analyzer.Degraded && (len(d.Lost) > 0 || len(d.Left) > 0) {
		fmt.Fprintln(buf)
		if len(d.Lost) > 0 {
			fmt.Fprintf(buf, "redundancy lost: %s\n", strings.Join(d.Lost, ", "))
		}
		if len(d.Left) > 0 {
			fmt.Fprintf(buf, "still serving:   %s\n", strings.Join(d.Left, ", "))
		}
	}
	fmt.Fprintln(buf, "\nwhat blast knows about it")
	kn := d.Knowledge
	scope := string(kn.Scope)
	if scope == "" {
		scope = "unknown"
	}
	fmt.Fprintf(buf, "  scope: %s (%s)\n", scope, kn.ScopeRule)
	if kn.Placement != "" {
		fmt.Fprintf(buf, "  placement read from: %s\n", kn.Placement)
	}
	if kn.Service != "" {
		fmt.Fprintf(buf, "  service: %s\n", kn.Service)
	}
	if kn.ControlPlane != "" {
		fmt.Fprintf(buf, "  control plane homed in: %s (its data plane serves everywhere)\n", kn.ControlPlane)
	}
	if kn.ZoneSpread != "" {
		fmt.Fprintf(buf, "  zone-redundant: %s\n", kn.ZoneSpread)
	}
	if kn.Note != "" {
		fmt.Fprintf(buf, "  note: %s\n", kn.Note)
	}
	if kn.Source != "" {
		fmt.Fprintf(buf, "  source: %s\n", kn.Source)
	}
	for _, grp := range d.Groups {
		fmt.Fprintf(buf, "  redundancy group %q: needs %d (%s)\n", grp.Name, grp.Need, grp.Reason)
	}
	for _, inf := range d.Inferences {
		fmt.Fprintf(buf, "  inferred (%s): %s\n", inf.Rule, inf.Detail)
	}
	if len(d.Effects) > 0 {
		fmt.Fprintln(buf, "\nscenario effects and their sources")
		seen := map[string]bool{}
		for _, e := range d.Effects {
			line := effectLine(e) + " — " + e.Source
			if !seen[line] {
				seen[line] = true
				fmt.Fprintf(buf, "  %s\n", line)
			}
		}
	}
}
