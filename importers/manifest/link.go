package manifest

import (
	"fmt"
	"strings"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/binding"
)

// Linker resolves the references of manifest services once every input is
// imported (and after tag binding, so that tags may declare services the
// manifest names).
type Linker struct{}

// Name implements importers.Linker.
func (Linker) Name() string { return "manifest" }

// Link implements importers.Linker. References that match nothing are
// warnings, never errors.
func (Linker) Link(s *importers.Session) error {
	g := s.Graph
	st := importers.Take[state](s)
	var x *binding.Index
	var services []string
	for _, n := range g.NodesWithPrefix(binding.ServicePrefix) {
		if n.Kind != graph.KindService {
			continue
		}
		services = append(services, n.ID)
		p, ok := st.take(n.ID)
		if !ok {
			continue
		}
		if x == nil {
			x = binding.NewIndex(g)
		}
		if err := link(g, x, n, p); err != nil {
			return err
		}
	}
	for _, id := range services {
		if g.DepsOf(id).Len() == 0 {
			n, _ := g.Node(id)
			g.Warn(n.Source.File, "service %q depends on nothing (no reference resolved and no tag names it): no outage can reach it", n.Name)
		}
	}
	binding.WarnCycles(g, "manifest", services)
	return nil
}

// take removes and returns the pending references of a service node; a
// nil state (no manifest input) has none.
func (st *state) take(id string) (pending, bool) {
	if st == nil {
		return pending{}, false
	}
	p, ok := st.pending[id]
	delete(st.pending, id)
	return p, ok
}

// link adds one service's edges. A target named in several places gets
// one edge: group membership beats a plain dependency, hard beats soft.
// Manifest edges replace edges other linkers drew between the same nodes
// (a tag binding), because the manifest is explicit.
func link(g *graph.Graph, x *binding.Index, n *graph.Node, p pending) error {
	where := n.Source.File
	edges := map[string]graph.Edge{}
	var order []string
	found := map[string]int{}
	for _, pr := range p.Refs {
		r, err := binding.ParseRef(pr.Ref)
		if err != nil {
			return fmt.Errorf("%s: %w", n.ID, err)
		}
		m := x.Resolve(r)
		if len(m.IDs) == 0 {
			g.Warn(where, "service %q: %s %q matches nothing (not a service, node ID, Terraform address, glob or tag match)", n.Name, pr.Key, pr.Ref)
			continue
		}
		if len(m.Inputs) > 1 {
			g.Warn(where, "service %q: %s %q matches resources of %d states (%s); all are bound: write PREFIX:ADDRESS to pick one",
				n.Name, pr.Key, pr.Ref, len(m.Inputs), strings.Join(m.Inputs, ", "))
		}
		// the key holding the reference (depends_on, or a redundancy
		// group's member list), and the pattern when one found it
		via := pr.Via
		if !m.Exact() {
			via = strings.TrimSpace(via + " " + pr.Ref)
		}
		for _, id := range m.IDs {
			if id == n.ID {
				continue
			}
			e := graph.Edge{From: n.ID, To: id, Kind: pr.Kind, Group: pr.Group, Via: via}
			old, seen := edges[id]
			switch {
			case !seen:
				order = append(order, id)
				edges[id] = e
			case old.Group == "" && e.Group != "", old.Group == "" && e.Group == "" && e.Kind == graph.Hard:
				edges[id] = e
			}
		}
	}
	for _, id := range order {
		e := edges[id]
		if e.Group != "" {
			found[e.Group]++
		}
		g.RemoveEdge(e.From, e.To)
		if err := g.AddEdge(e); err != nil {
			return fmt.Errorf("%s: %w", n.ID, err)
		}
	}
	for _, grp := range p.Groups {
		got := found[grp.Name]
		if got == 0 {
			continue
		}
		reason := fmt.Sprintf("%s: service %q redundancy %q", where, n.Name, grp.Name)
		if grp.Line > 0 {
			reason = fmt.Sprintf("%s line %d: service %q redundancy %q", where, grp.Line, n.Name, grp.Name)
		}
		if grp.Need == 1 {
			reason += " (any of its members)"
		} else {
			reason += fmt.Sprintf(" (%d of its members)", grp.Need)
		}
		g.SetGroup(n.ID, graph.Group{Name: grp.Name, Need: grp.Need, Reason: reason})
		if got < grp.Need {
			g.Warn(where, "service %q: redundancy %q needs %d but only %d members resolved: it fails with any of them", n.Name, grp.Name, grp.Need, got)
		}
	}
	return nil
}
