package backstage

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/binding"
)

// relation names an entity field that refers to other entities.
type relation string

// Relations read from entities, in the order the linker applies them.
const (
	relDependsOn      relation = "dependsOn"
	relDependencyOf   relation = "dependencyOf"
	relSystem         relation = "system"
	relSubcomponentOf relation = "subcomponentOf"
	relAnnotation     relation = Annotation
	relProvidesAPI    relation = "providesApis"
	relConsumesAPI    relation = "consumesApis"
)

// state holds, in the load's session, the unresolved references of the
// entities of every catalog input until the linker resolves them.
type state struct {
	pending map[string]pending // by entity node ID
}

func newState() *state { return &state{pending: map[string]pending{}} }

// pending is one entity's namespace and the references it makes.
type pending struct {
	Namespace string
	Refs      []pendingRef
}

type pendingRef struct {
	Rel relation
	Ref string
}

// defaultKinds are tried, in order, for references written without a
// kind.
var defaultKinds = map[relation][]string{
	relDependsOn:      {"component", "resource", "api", "system"},
	relDependencyOf:   {"component", "resource", "api", "system"},
	relSystem:         {"system"},
	relSubcomponentOf: {"component"},
	relProvidesAPI:    {"api"},
	relConsumesAPI:    {"api"},
}

// Linker resolves entity references across every imported catalog.
type Linker struct{}

// Name implements importers.Linker.
func (Linker) Name() string { return "backstage" }

type entityRefs struct {
	node *graph.Node
	p    pending
}

// Link implements importers.Linker: dependsOn and dependencyOf become hard
// edges; a System and a parent component are degraded by their parts
// (soft edges); a component consuming an API depends on the API entity,
// which needs any one of the components providing it, or, when the API
// is not in the catalog, on the providers directly. References that name
// nothing are warnings; cycles are reported, not fatal.
func (Linker) Link(s *importers.Session) error {
	g := s.Graph
	st := importers.Take[state](s)
	var all []string
	var todo []entityRefs
	for _, n := range g.NodesWithPrefix(IDPrefix) {
		all = append(all, n.ID)
		if st == nil {
			continue
		}
		if p, ok := st.pending[n.ID]; ok {
			todo = append(todo, entityRefs{node: n, p: p})
		}
	}
	if len(all) == 0 {
		return nil
	}
	l := &linker{g: g, providers: map[string][]string{}}
	for _, rel := range []relation{relDependsOn, relDependencyOf, relSystem, relSubcomponentOf, relAnnotation, relProvidesAPI, relConsumesAPI} {
		for _, t := range todo {
			for _, r := range t.p.Refs {
				if r.Rel != rel {
					continue
				}
				if err := l.apply(t, r); err != nil {
					return err
				}
			}
		}
		if rel == relProvidesAPI {
			if err := l.apis(); err != nil {
				return err
			}
		}
	}
	binding.WarnCycles(g, "backstage", all)
	return nil
}

type linker struct {
	g         *graph.Graph
	x         *binding.Index
	providers map[string][]string // API entity ID → providing entity IDs
}

func (l *linker) apply(t entityRefs, r pendingRef) error {
	n := t.node
	if r.Rel == relAnnotation {
		return l.annotation(n, r.Ref)
	}
	target, ok := l.lookup(r.Ref, r.Rel, t.p.Namespace)
	switch {
	case r.Rel == relProvidesAPI:
		l.providers[target] = append(l.providers[target], n.ID)
		return nil
	case r.Rel == relConsumesAPI:
		return l.consume(n, r.Ref, target, ok)
	case !ok:
		l.g.Warn(n.Source.File, "%s: %s %q names no entity in the inputs", n.ID, r.Rel, r.Ref)
		return nil
	}
	e := graph.Edge{From: n.ID, To: target, Kind: graph.Hard, Via: string(r.Rel)}
	switch r.Rel {
	case relDependencyOf:
		e.From, e.To = target, n.ID
	case relSystem, relSubcomponentOf:
		e.From, e.To, e.Kind = target, n.ID, graph.Soft
		e.Via = "part of " + string(r.Rel)
	}
	return l.g.AddEdge(e)
}

// lookup resolves an entity reference, [kind:][namespace/]name, with the
// kind and namespace defaults of the relation, to the ID of an imported
// entity. It returns the ID of the first default kind even when nothing
// is found, so that undeclared APIs can still be matched to providers.
func (l *linker) lookup(ref string, rel relation, ns string) (string, bool) {
	kindsToTry := defaultKinds[rel]
	rest := ref
	if k, r, ok := strings.Cut(ref, ":"); ok {
		kindsToTry, rest = []string{strings.ToLower(strings.TrimSpace(k))}, r
	}
	name := rest
	if n, nm, ok := strings.Cut(rest, "/"); ok {
		ns, name = n, nm
	}
	ns, name = strings.TrimSpace(ns), strings.TrimSpace(name)
	for _, k := range kindsToTry {
		id := entityID(k, ns, name)
		if _, ok := l.g.Node(id); ok {
			return id, true
		}
	}
	return entityID(kindsToTry[0], ns, name), false
}

// apis connects each API entity to the components providing it.
func (l *linker) apis() error {
	for _, api := range slices.Sorted(maps.Keys(l.providers)) {
		if _, ok := l.g.Node(api); !ok {
			continue
		}
		if err := l.needAny(api, l.providers[api], "providers", "providesApis"); err != nil {
			return err
		}
	}
	return nil
}

func (l *linker) consume(n *graph.Node, ref, api string, declared bool) error {
	if declared {
		return l.g.AddEdge(graph.Edge{From: n.ID, To: api, Kind: graph.Hard, Via: "consumesApis"})
	}
	provs := l.providers[api]
	if len(provs) == 0 {
		l.g.Warn(n.Source.File, "%s: consumesApis %q names no API entity and no component provides it", n.ID, ref)
		return nil
	}
	return l.needAny(n.ID, provs, "api "+strings.TrimPrefix(api, IDPrefix+"api:"), "consumesApis "+ref)
}

// needAny makes from depend on any one of the targets: a plain hard edge
// for one, a redundancy group for several.
func (l *linker) needAny(from string, targets []string, group, via string) error {
	targets = slices.Compact(slices.Sorted(slices.Values(targets)))
	if len(targets) == 1 {
		group = ""
	} else {
		l.g.SetGroup(from, graph.Group{Name: group, Need: 1, Reason: fmt.Sprintf("Backstage: %d components provide the API; any one serves it", len(targets))})
	}
	for _, t := range targets {
		if err := l.g.AddEdge(graph.Edge{From: from, To: t, Kind: graph.Hard, Group: group, Via: via}); err != nil {
			return err
		}
	}
	return nil
}

// annotation binds an entity to the nodes the blast.dev/depends-on
// annotation names, in the reference syntax of the service manifest.
func (l *linker) annotation(n *graph.Node, ref string) error {
	r, err := binding.ParseRef(ref)
	if err != nil {
		l.g.Warn(n.Source.File, "%s: %s: %v", n.ID, Annotation, err)
		return nil
	}
	if l.x == nil {
		l.x = binding.NewIndex(l.g)
	}
	m := l.x.Resolve(r)
	if len(m.IDs) == 0 {
		l.g.Warn(n.Source.File, "%s: %s %q matches nothing", n.ID, Annotation, ref)
		return nil
	}
	via := Annotation
	if !m.Exact() {
		via += " " + ref
	}
	for _, id := range m.IDs {
		if err := l.g.AddEdge(graph.Edge{From: n.ID, To: id, Kind: graph.Hard, Via: via}); err != nil {
			return err
		}
	}
	return nil
}
