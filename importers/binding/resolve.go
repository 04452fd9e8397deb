// Package binding ties services to what they run on. It resolves the
// references a service manifest makes (node IDs, Terraform addresses,
// globs, tag matches, service names) to graph nodes, binds resources to
// services by their tags, and reports dependency cycles.
package binding

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/blast-dev/blast/glob"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers/terraform"
)

// ServicePrefix starts the ID of every service declared in a manifest or
// found in a tag: service:<name>.
const ServicePrefix = "service:"

// ServiceID returns the node ID of a named service.
func ServiceID(name string) string { return ServicePrefix + name }

// Ref is a parsed reference.
type Ref struct {
	// Raw is the reference as written.
	Raw string
	// Tag is set for tag:KEY=VALUE (or tag:KEY) references.
	Tag bool
	// Key and Value are the tag key and value pattern; Value is "*" when
	// only the key was given.
	Key, Value string
	// Glob is set when the reference (not a tag one) holds * or ?.
	Glob bool
}

// ParseRef checks the syntax of a reference:
//
//	tag:KEY=VALUE   nodes whose tag KEY equals VALUE (VALUE may hold * and ?)
//	tag:KEY         nodes that carry the tag KEY
//	PATTERN         a glob (* and ?) over addresses and node IDs
//	NAME            a node ID, a service, a Terraform address (instance or
//	                resource, optionally prefix:address), or the name of a
//	                service imported from another format
func ParseRef(s string) (Ref, error) {
	r := Ref{Raw: s}
	if strings.TrimSpace(s) == "" {
		return r, errors.New("empty reference")
	}
	if strings.TrimSpace(s) != s {
		return r, fmt.Errorf("reference %q has surrounding spaces", s)
	}
	if rest, ok := strings.CutPrefix(s, "tag:"); ok {
		key, value, hasValue := strings.Cut(rest, "=")
		key = strings.TrimSpace(key)
		if key == "" {
			return r, fmt.Errorf("reference %q names no tag key (want tag:KEY=VALUE)", s)
		}
		if !hasValue {
			value = "*"
		}
		r.Tag, r.Key, r.Value = true, key, strings.TrimSpace(value)
		if r.Value == "" {
			return r, fmt.Errorf("reference %q has an empty tag value (want tag:KEY=VALUE, or tag:KEY for any value)", s)
		}
		return r, nil
	}
	r.Glob = glob.HasWildcard(s)
	return r, nil
}

// Match is what a reference resolved to.
type Match struct {
	// IDs are the matched node IDs, sorted.
	IDs []string
	// Rule says how the reference matched: "tag", "glob", "id",
	// "service", "address", "resource" (every instance of a resource) or
	// "name" (a service of another format, by name).
	Rule string
	// Inputs lists the state prefixes the matches come from when there
	// are several: the reference is ambiguous across merged states.
	Inputs []string
}

// Exact reports whether the reference named its targets literally (by
// ID, service name or instance address) rather than by a pattern, a tag,
// a resource standing for its instances or another format's name.
func (m Match) Exact() bool {
	return m.Rule == "id" || m.Rule == "service" || m.Rule == "address"
}

// Index looks nodes up for reference resolution. Build it after the nodes
// it should find are in the graph.
type Index struct {
	g      *graph.Graph
	nodes  []*graph.Node
	byAddr map[string][]string
	byConf map[string][]string
	byName map[string][]string
	prefix map[string]string
}

// NewIndex indexes every node of g.
func NewIndex(g *graph.Graph) *Index {
	x := &Index{g: g, nodes: g.Nodes(), byAddr: map[string][]string{}, byConf: map[string][]string{},
		byName: map[string][]string{}, prefix: map[string]string{}}
	for _, n := range x.nodes {
		if n.Address == "" {
			if n.Name != "" {
				x.byName[n.Name] = append(x.byName[n.Name], n.ID)
			}
			continue
		}
		x.byAddr[n.Address] = append(x.byAddr[n.Address], n.ID)
		conf := terraform.ConfigAddress(n.Address)
		x.byConf[conf] = append(x.byConf[conf], n.ID)
		if p, ok := strings.CutSuffix(n.ID, ":"+n.Address); ok && p != "" {
			x.prefix[n.ID] = p
			if conf != n.Address {
				x.byConf[p+":"+conf] = append(x.byConf[p+":"+conf], n.ID)
			}
		}
	}
	return x
}

// Resolve finds the nodes a reference names. A reference that names
// nothing returns an empty match.
func (x *Index) Resolve(r Ref) Match {
	switch {
	case r.Tag:
		return x.collect("tag", func(n *graph.Node) bool {
			v, ok := n.Tags.Get(r.Key)
			return ok && n.Mode != graph.ModeData && glob.Match(r.Value, v)
		})
	case r.Glob:
		return x.collect("glob", func(n *graph.Node) bool {
			return n.Mode != graph.ModeData && (glob.Match(r.Raw, n.ID) || (n.Address != "" && glob.Match(r.Raw, n.Address)))
		})
	}
	if _, ok := x.g.Node(r.Raw); ok {
		return Match{IDs: []string{r.Raw}, Rule: "id"}
	}
	if id := ServiceID(r.Raw); !strings.ContainsRune(r.Raw, ':') {
		if _, ok := x.g.Node(id); ok {
			return Match{IDs: []string{id}, Rule: "service"}
		}
	}
	if ids := x.byAddr[r.Raw]; len(ids) > 0 {
		return x.match(ids, "address")
	}
	if ids := x.byConf[r.Raw]; len(ids) > 0 {
		return x.match(ids, "resource")
	}
	if ids := x.byName[r.Raw]; len(ids) > 0 {
		return x.match(ids, "name")
	}
	return Match{}
}

func (x *Index) collect(rule string, ok func(*graph.Node) bool) Match {
	var ids []string
	for _, n := range x.nodes {
		if ok(n) {
			ids = append(ids, n.ID)
		}
	}
	return x.match(ids, rule)
}

func (x *Index) match(ids []string, rule string) Match {
	m := Match{IDs: append([]string(nil), ids...), Rule: rule}
	sort.Strings(m.IDs)
	if len(ids) == 0 {
		return Match{}
	}
	if rule == "glob" || rule == "tag" {
		return m // patterns are meant to span inputs
	}
	set := map[string]bool{}
	for _, id := range ids {
		if p, ok := x.prefix[id]; ok {
			set[p] = true
		}
	}
	if len(set) > 1 {
		for p := range set {
			m.Inputs = append(m.Inputs, p)
		}
		sort.Strings(m.Inputs)
	}
	return m
}
