package binding

import (
	"strings"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

// DefaultTagKeys are the tag keys that name a service, in order of
// preference, when blast.toml's [binding] tag_keys does not set them.
var DefaultTagKeys = []string{"Service", "service", "app", "Application", "app.kubernetes.io/name"}

// Linker binds tagged nodes to services: a node whose tag (one of Keys)
// names a service gets a hard edge from service:<name>, created when no
// input declared it. It runs before the manifest linker so that manifests
// may name services that only tags declare.
type Linker struct {
	// Keys are the tag keys that name a service, in order of preference:
	// the first one a node carries wins. Nil means DefaultTagKeys; an
	// empty, non-nil slice turns tag binding off.
	Keys []string
}

// Name implements importers.Linker.
func (Linker) Name() string { return "binding" }

// Link implements importers.Linker.
func (l Linker) Link(s *importers.Session) error {
	g := s.Graph
	keys := l.Keys
	if keys == nil {
		keys = DefaultTagKeys
	}
	if len(keys) == 0 {
		return nil
	}
	var edges []graph.Edge // added at once: a service may own thousands of resources
	via := make(map[string]string, len(keys))
	for _, k := range keys {
		via[k] = "tag:" + k
	}
	for _, n := range g.Nodes() {
		if len(n.Tags) == 0 || n.Mode == graph.ModeData || strings.HasPrefix(n.ID, ServicePrefix) {
			continue
		}
		key, name := serviceTag(n.Tags, keys)
		if name == "" {
			continue
		}
		id := ServiceID(name)
		if _, ok := g.Node(id); !ok {
			svc := &graph.Node{ID: id, Kind: graph.KindService, Type: "service", Name: name,
				Source: graph.Source{File: n.Source.File, Address: n.Address}}
			if err := g.AddNode(svc); err != nil {
				return err
			}
		}
		edges = append(edges, graph.Edge{From: id, To: n.ID, Kind: graph.Hard, Via: via[key]})
	}
	return g.AddEdges(edges)
}

// serviceTag returns the first configured key a node carries with a
// usable value, and that value.
func serviceTag(tags graph.Tags, keys []string) (string, string) {
	for _, k := range keys {
		v := strings.TrimSpace(tags.Value(k))
		if v != "" && ValidName(v) == nil {
			return k, v
		}
	}
	return "", ""
}
