package analyzer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/graph"
)

// NodeKnowledge is what the platform knowledge and the inference say
// about one node: its failure scope and the rule behind it, where its
// placement was read, its service and control-plane home, and whether it
// is spread across zones.
type NodeKnowledge struct {
	Scope        graph.Scope `json:"scope"`
	ScopeRule    string      `json:"scopeRule"`
	Placement    string      `json:"placement,omitempty"`
	Service      string      `json:"service,omitempty"`
	ControlPlane string      `json:"controlPlane,omitempty"`
	ZoneSpread   string      `json:"zoneRedundant,omitempty"`
	Source       string      `json:"source,omitempty"`
	Note         string      `json:"note,omitempty"`
	// Role is serving or configuration; RoleRule says what decided it.
	Role     string `json:"role"`
	RoleRule string `json:"roleRule"`
}

// NodeExplanation is everything blast why says about one node in one
// scenario's result.
type NodeExplanation struct {
	Node     *graph.Node
	Scenario Scenario
	// Impact is the node's impact; its zero value when the node is
	// healthy and not frozen.
	Impact     Impact
	Groups     []graph.Group
	Knowledge  NodeKnowledge
	Inferences []Inference
	// Effects are the scenario's effects that carry a source, when the
	// node is hit at all.
	Effects  []Effect
	Warnings []string
	// SharedFate lists the redundancy groups that are not which concern
	// the node: one it holds or is a member of, or one held by a node it
	// depends on (Analyzer.SharedFateOf).
	SharedFate []SharedFate
}

// Hit reports whether the node is degraded, failed or frozen.
func (x *NodeExplanation) Hit() bool { return x.Impact.State > Healthy || x.Impact.Frozen }

// Explain gathers the explanation of node n in res, a result of a.Run.
func (a *Analyzer) Explain(res *Result, n *graph.Node) *NodeExplanation {
	x := &NodeExplanation{Node: n, Scenario: res.Scenario, Groups: a.g.Groups(n.ID), Inferences: a.InferencesFor(n.ID),
		Warnings: res.Warnings, SharedFate: a.SharedFateOf(n.ID)}
	if im, ok := res.Impact(n.ID); ok {
		x.Impact = im
	}
	k := a.Knowledge()
	scope, rule := k.Scope(n)
	x.Knowledge = NodeKnowledge{Scope: a.ScopeOf(n.ID), ScopeRule: rule, Placement: n.Placement.Rule, Service: k.ServiceOf(n),
		ZoneSpread: a.ZoneRedundant(n.ID)}
	ra := k.RoleOf(n.Type)
	x.Knowledge.Role, x.Knowledge.RoleRule = string(ra.Role), ra.Rule
	if n.Kind != graph.KindResource {
		x.Knowledge.Role, x.Knowledge.RoleRule = string(platform.Serving), "a "+string(n.Kind)+" serves"
	}
	if x.Knowledge.Scope != scope {
		x.Knowledge.ScopeRule = "inferred (" + rule + " before)"
	}
	if e, ok := k.Lookup(n.Type); ok {
		x.Knowledge.Source, x.Knowledge.Note = e.Source, e.Note
		if home, _, ok := k.ControlPlaneHome(n); ok {
			x.Knowledge.ControlPlane = home
		}
	}
	if x.Hit() {
		for _, e := range res.Effects {
			if e.Source != "" {
				x.Effects = append(x.Effects, e)
			}
		}
	}
	return x
}

// FindNode resolves a node named on the command line: a node ID, else
// the one node with that address, else the one node whose prefixed ID
// ends with it. The error lists the candidates when the name is
// ambiguous, or similar IDs when there is none.
func FindNode(g *graph.Graph, target string) (*graph.Node, error) {
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
