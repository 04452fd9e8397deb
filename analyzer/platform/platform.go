// Package platform is blast's embedded knowledge of cloud platforms: for
// each resource type (or pattern of types) its failure scope, the service
// it belongs to, where its control plane is homed, and the source that
// says so. The knowledge is data (TOML files per provider) and can be
// overridden from blast.toml.
package platform

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/blast-dev/blast/graph"
)

//go:embed data/*.toml
var data embed.FS

// Entry is the knowledge about one resource type or type pattern.
type Entry struct {
	// Match is a resource type (aws_lb) or a pattern with * (aws_iam_*).
	Match string `toml:"match"`
	// Scope is zonal, regional, multi-region or global.
	Scope graph.Scope `toml:"scope"`
	// Service is the provider service name used by service scenarios.
	Service string `toml:"service"`
	// ControlPlane is the region that homes the control plane of a global
	// service (IAM, Route 53, CloudFront: us-east-1). Losing it freezes
	// the resource; its data plane keeps serving.
	ControlPlane string `toml:"control_plane"`
	// Source cites the documentation or incident report behind the entry.
	Source string `toml:"source"`
	// Note is a short human remark.
	Note string `toml:"note"`

	origin string
}

// Origin says which file the entry came from.
func (e Entry) Origin() string { return e.origin }

type file struct {
	Type []Entry `toml:"type"`
}

// Knowledge answers questions about resource types.
type Knowledge struct {
	exact    map[string]Entry
	patterns []Entry // most specific first
}

// Default returns the embedded knowledge.
func Default() *Knowledge {
	k, err := load(data)
	if err != nil {
		panic(fmt.Sprintf("platform: embedded knowledge is invalid: %v", err)) // a build defect, caught by tests
	}
	return k
}

func load(fsys fs.FS) (*Knowledge, error) {
	names, err := fs.Glob(fsys, "data/*.toml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	k := &Knowledge{exact: map[string]Entry{}}
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var f file
		md, err := toml.Decode(string(raw), &f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			return nil, fmt.Errorf("%s: unknown key %s", name, und[0])
		}
		for i, e := range f.Type {
			e.origin = path.Base(name)
			if err := k.add(e); err != nil {
				return nil, fmt.Errorf("%s: type[%d]: %w", name, i, err)
			}
		}
	}
	return k, nil
}

func (k *Knowledge) add(e Entry) error {
	if e.Match == "" {
		return fmt.Errorf("entry without match")
	}
	switch e.Scope {
	case graph.ScopeZonal, graph.ScopeRegional, graph.ScopeMultiRegion, graph.ScopeGlobal, graph.ScopeUnknown:
	default:
		return fmt.Errorf("%s: unknown scope %q (want zonal, regional, multi-region or global)", e.Match, e.Scope)
	}
	if e.Source == "" && e.origin != "blast.toml" {
		return fmt.Errorf("%s: entry without source", e.Match)
	}
	if !strings.Contains(e.Match, "*") {
		if old, ok := k.exact[e.Match]; ok {
			e = merge(old, e)
		}
		k.exact[e.Match] = e
		return nil
	}
	for i, p := range k.patterns {
		if p.Match == e.Match {
			k.patterns[i] = merge(p, e)
			return nil
		}
	}
	k.patterns = append(k.patterns, e)
	sort.SliceStable(k.patterns, func(i, j int) bool {
		a, b := k.patterns[i].Match, k.patterns[j].Match
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
	return nil
}

// merge lays an override over an entry: set fields win.
func merge(old, over Entry) Entry {
	if over.Scope != "" {
		old.Scope = over.Scope
	}
	if over.Service != "" {
		old.Service = over.Service
	}
	if over.ControlPlane != "" {
		old.ControlPlane = over.ControlPlane
	}
	if over.Source != "" {
		old.Source = over.Source
	}
	if over.Note != "" {
		old.Note = over.Note
	}
	old.origin = over.origin
	return old
}

// Override adds or replaces entries, as blast.toml's [[platform.override]].
func (k *Knowledge) Override(entries []Entry) error {
	for i, e := range entries {
		e.origin = "blast.toml"
		if err := k.add(e); err != nil {
			return fmt.Errorf("platform.override[%d]: %w", i, err)
		}
	}
	return nil
}

// Lookup returns the entry for a type: an exact entry, else the most
// specific matching pattern.
func (k *Knowledge) Lookup(typ string) (Entry, bool) {
	if e, ok := k.exact[typ]; ok {
		return e, true
	}
	for _, p := range k.patterns {
		if matchGlob(p.Match, typ) {
			return p, true
		}
	}
	return Entry{}, false
}

// Entries returns every entry, sorted by match.
func (k *Knowledge) Entries() []Entry {
	out := make([]Entry, 0, len(k.exact)+len(k.patterns))
	for _, e := range k.exact {
		out = append(out, e)
	}
	out = append(out, k.patterns...)
	sort.Slice(out, func(i, j int) bool { return out[i].Match < out[j].Match })
	return out
}

// Scope returns the failure scope of a node and the rule that decided it:
// the knowledge entry for its type, else the fallback read from its
// placement (zone → zonal, region → regional, ARN without region → global).
// A type known as zonal whose zone is unknown counts as regional.
func (k *Knowledge) Scope(n *graph.Node) (graph.Scope, string) {
	p := n.Placement
	if len(p.Zones) > 1 || len(p.Regions) > 0 || p.Scope == graph.ScopeMultiRegion {
		// spread over several zones or regions: the analyzer counts them
		if len(p.Regions) > 0 || p.Scope == graph.ScopeMultiRegion {
			return graph.ScopeMultiRegion, "placement"
		}
		return graph.ScopeZonal, "placement"
	}
	if e, ok := k.Lookup(n.Type); ok && e.Scope != "" {
		switch {
		case e.Scope == graph.ScopeZonal && p.Zone == "" && p.ZoneID == "":
			if p.Region != "" {
				return graph.ScopeRegional, "knowledge:" + e.Match + " (zone unknown)"
			}
			return graph.ScopeUnknown, "knowledge:" + e.Match + " (location unknown)"
		case e.Scope == graph.ScopeRegional && p.Zone != "" && !strings.HasPrefix(p.Rule, "inherited"):
			return graph.ScopeZonal, "placement:zone (" + e.Match + " deployed in one zone)"
		case e.Scope == graph.ScopeRegional && p.Region == "":
			return graph.ScopeUnknown, "knowledge:" + e.Match + " (region unknown)"
		}
		return e.Scope, "knowledge:" + e.Match
	}
	switch {
	case p.Zone != "" || p.ZoneID != "":
		return graph.ScopeZonal, "fallback:zone"
	case p.Region != "":
		return graph.ScopeRegional, "fallback:region"
	case strings.HasPrefix(p.Unknown, "ARN without region"):
		return graph.ScopeGlobal, "fallback:arn"
	}
	return graph.ScopeUnknown, "fallback:unknown"
}

// ServiceOf returns the service of a node: the knowledge entry's service,
// else what the importer derived.
func (k *Knowledge) ServiceOf(n *graph.Node) string {
	if e, ok := k.Lookup(n.Type); ok && e.Service != "" {
		return e.Service
	}
	return n.Service
}

// ControlPlaneHome returns the region homing the node's control plane,
// for global services.
func (k *Knowledge) ControlPlaneHome(n *graph.Node) (string, Entry, bool) {
	e, ok := k.Lookup(n.Type)
	if !ok || e.ControlPlane == "" {
		return "", Entry{}, false
	}
	return e.ControlPlane, e, true
}

func matchGlob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for i := 1; i < len(parts); i++ {
		p := parts[i]
		if i == len(parts)-1 {
			return strings.HasSuffix(s, p)
		}
		idx := strings.Index(s, p)
		if idx < 0 {
			return false
		}
		s = s[idx+len(p):]
	}
	return true
}
