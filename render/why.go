package render

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// ViewWhy is one node's explanation in one scenario (blast why).
const ViewWhy View = "why"

func init() {
	Register(ViewWhy, "text", "the node's state, the chain back to the failure domain, what blast knows about it", whyText)
	Register(ViewWhy, "json", "the same as one JSON document", whyJSON)
}

// whyLink is one link of the explained chain.
type whyLink struct {
	Node     string `json:"node"`
	Type     string `json:"type,omitempty"`
	Location string `json:"location"`
	Why      string `json:"why"`
}

// whyDoc is the JSON document of blast why, and what its text shows.
type whyDoc struct {
	SchemaVersion int     `json:"schemaVersion"`
	Scenario      string  `json:"scenario"`
	Node          whyLink `json:"node"`
	// Input is the file the node was read from, Workspace the Terraform
	// workspace its place names. Its team is not said: owner tag values
	// are shown only where the user asks for them (whatif --by team,
	// --cluster team).
	Input     string         `json:"input,omitempty"`
	Workspace string         `json:"workspace,omitempty"`
	State     analyzer.State `json:"-"`
	// StateName is the state as whatif's JSON says it: "affected" for a
	// configuration object propagation failed, degraded or froze, whose
	// propagated state Propagated keeps.
	StateName    string                 `json:"state"`
	Propagated   string                 `json:"propagated,omitempty"`
	Frozen       bool                   `json:"frozen"`
	Reason       string                 `json:"reason,omitempty"`
	Domain       string                 `json:"domain,omitempty"`
	Chain        []whyLink              `json:"chain"`
	FrozenReason string                 `json:"frozenReason,omitempty"`
	FrozenChain  []whyLink              `json:"frozenChain,omitempty"`
	Inferred     bool                   `json:"inferred,omitempty"`
	Lost         []string               `json:"lost,omitempty"`
	Left         []string               `json:"left,omitempty"`
	Groups       []graph.Group          `json:"redundancyGroups,omitempty"`
	Knowledge    analyzer.NodeKnowledge `json:"knowledge"`
	Inferences   []analyzer.Inference   `json:"inferences,omitempty"`
	Effects      []analyzer.Effect      `json:"effects,omitempty"`
	Warnings     []string               `json:"warnings,omitempty"`
	SharedFate   []analyzer.SharedFate  `json:"sharedFate,omitempty"`
}

// whyOf lays out the report's explanation, each link with its type and
// location.
func whyOf(r *Report) (whyDoc, error) {
	x := r.Why
	if x == nil {
		return whyDoc{}, errors.New("no explanation to render")
	}
	link := func(id, why string) whyLink {
		wl := whyLink{Node: id, Why: why, Location: "unknown location"}
		if id == "" { // the cut of a very long chain
			wl.Location = ""
		} else if m, ok := r.Graph.Node(id); ok {
			wl.Type, wl.Location = m.Type, Location(m, r.Analyzer.ScopeOf(id))
		}
		return wl
	}
	im := x.Impact
	d := whyDoc{SchemaVersion: SchemaVersion, Scenario: ScenarioName(x.Scenario), Node: link(x.Node.ID, ""), Chain: []whyLink{},
		State: im.State, Frozen: im.Frozen, Reason: im.Reason, Domain: im.Domain, FrozenReason: im.FrozenReason,
		Inferred: im.Inferred, Lost: im.Lost, Left: im.Left,
		Groups: x.Groups, Knowledge: x.Knowledge, Inferences: x.Inferences, Effects: x.Effects, Warnings: x.Warnings,
		SharedFate: x.SharedFate}
	d.Input, d.Workspace = x.Node.Source.File, x.Node.Labels["workspace"]
	d.StateName = im.State.String()
	if im.Configuration {
		d.StateName, d.Propagated = "affected", im.State.String()
	}
	for _, s := range im.Chain {
		d.Chain = append(d.Chain, link(s.Node, s.Why))
	}
	for _, s := range im.FrozenChain {
		d.FrozenChain = append(d.FrozenChain, link(s.Node, s.Why))
	}
	return d, nil
}

func whyJSON(w io.Writer, r *Report) error {
	d, err := whyOf(r)
	if err != nil {
		return err
	}
	return writeIndented(w, d)
}

// stateWords says a node's state and frozen flag for people.
func stateWords(st analyzer.State, frozen bool) string {
	switch {
	case frozen && st == analyzer.Healthy:
		return "healthy but frozen (its control plane is lost: no changes, scaling or failover)"
	case frozen:
		return st.String() + " and frozen"
	}
	return st.String()
}

func whyText(w io.Writer, r *Report) error {
	d, err := whyOf(r)
	if err != nil {
		return err
	}
	buf := bufio.NewWriter(w)
	fmt.Fprintf(buf, "%s  (%s, %s)\n", d.Node.Node, d.Node.Type, d.Node.Location)
	if d.Input != "" {
		from := d.Input
		if d.Workspace != "" {
			from += " (workspace " + d.Workspace + ")"
		}
		fmt.Fprintf(buf, "from: %s\n", from)
	}
	fmt.Fprintf(buf, "scenario: %s\n", d.Scenario)
	if d.Propagated != "" {
		fmt.Fprintf(buf, "state: affected (configuration, %s by propagation): it cannot change while this lasts, and serves nothing itself\n",
			stateLabel(analyzer.Impact{State: d.State, Frozen: d.Frozen}))
	} else {
		fmt.Fprintf(buf, "state: %s\n", stateWords(d.State, d.Frozen))
	}
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
	fmt.Fprintf(buf, "  role: %s (%s)\n", kn.Role, kn.RoleRule)
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
	for _, f := range d.SharedFate {
		fmt.Fprintf(buf, "  shared fate (redundancy that is not): %s\n", f.Text())
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
	return buf.Flush()
}
