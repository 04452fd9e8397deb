// Package backstage imports Backstage software catalogs (catalog-info.yaml,
// one or many entities per file): Components, APIs and Systems become
// service nodes, Resources resource nodes, and their relations edges.
// Entity references are resolved by the backstage linker once every input
// is in, so a catalog may be split over many files.
package backstage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

// Importer reads Backstage catalog files.
type Importer struct{}

// Name implements importers.Importer.
func (Importer) Name() string { return "backstage" }

var detectRe = regexp.MustCompile(`(?m)(^apiVersion:[ \t]*["']?|"apiVersion"[ \t]*:[ \t]*")backstage\.io/v1(alpha1|beta1)\b`)

// Detect recognises YAML (or JSON) with a backstage.io/v1alpha1 or
// v1beta1 apiVersion.
func (Importer) Detect(data []byte) bool {
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	// the literal first: the expression scans some 30 MB/s, and every
	// file of a directory (a thousand states) is asked
	return bytes.Contains(head, apiGroup) && detectRe.Match(head)
}

// apiGroup is the literal every catalog file's apiVersion holds.
var apiGroup = []byte("backstage.io/v1")

// IDPrefix starts every Backstage node ID:
// backstage:<kind>:<namespace>/<name>, lower case.
const IDPrefix = "backstage:"

// Annotation lets an entity name what it runs on, in the reference syntax
// of the service manifest (addresses, globs, tag:KEY=VALUE, services),
// comma separated.
const Annotation = "blast.dev/depends-on"

type entity struct {
	APIVersion string   `yaml:"apiVersion"`
	Kind       string   `yaml:"kind"`
	Metadata   metadata `yaml:"metadata"`
	Spec       spec     `yaml:"spec"`
}

type metadata struct {
	Name        string            `yaml:"name"`
	Namespace   string            `yaml:"namespace"`
	Annotations map[string]string `yaml:"annotations"`
}

type spec struct {
	Type           string   `yaml:"type"`
	Lifecycle      string   `yaml:"lifecycle"`
	Owner          string   `yaml:"owner"`
	System         string   `yaml:"system"`
	SubcomponentOf string   `yaml:"subcomponentOf"`
	DependsOn      []string `yaml:"dependsOn"`
	DependencyOf   []string `yaml:"dependencyOf"`
	ConsumesAPIs   []string `yaml:"consumesApis"`
	ProvidesAPIs   []string `yaml:"providesApis"`
}

// kinds imported, and the node kind each becomes.
var kinds = map[string]graph.Kind{
	"component": graph.KindService,
	"api":       graph.KindService,
	"system":    graph.KindService,
	"resource":  graph.KindResource,
}

// skipped are catalog kinds that describe people, places and templates,
// not running things.
var skipped = map[string]bool{"group": true, "user": true, "location": true, "domain": true, "template": true}

// Import implements importers.Importer.
func (Importer) Import(in importers.Input, g *graph.Graph) error {
	dec := yaml.NewDecoder(bytes.NewReader(in.Data))
	count := 0
	for doc := 1; ; doc++ {
		var node yaml.Node
		err := dec.Decode(&node)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("document %d: %s", doc, yamlErr(err))
		}
		if node.Kind != yaml.DocumentNode || len(node.Content) == 0 {
			continue
		}
		root := node.Content[0]
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			continue // an empty document
		}
		if root.Kind != yaml.MappingNode {
			return fmt.Errorf("line %d: document %d is not a mapping", root.Line, doc)
		}
		var head struct {
			APIVersion string `yaml:"apiVersion"`
			Kind       string `yaml:"kind"`
		}
		if err := root.Decode(&head); err != nil {
			return fmt.Errorf("line %d: %s", root.Line, yamlErr(err))
		}
		kind := strings.ToLower(head.Kind)
		switch {
		case head.APIVersion != "backstage.io/v1alpha1" && head.APIVersion != "backstage.io/v1beta1":
			g.Warn(in.Name, "line %d: document %d (apiVersion %q, kind %q) is not a Backstage entity; skipped", root.Line, doc, head.APIVersion, head.Kind)
			continue
		case skipped[kind]:
			continue
		case kinds[kind] == "":
			g.Warn(in.Name, "line %d: Backstage kind %q is not imported (Component, Resource, API and System are); skipped", root.Line, head.Kind)
			continue
		}
		var e entity
		if err := root.Decode(&e); err != nil {
			return fmt.Errorf("line %d: %s %q: %s", root.Line, head.Kind, nameOf(root), yamlErr(err))
		}
		if err := add(g, in, e, kind, root.Line); err != nil {
			return err
		}
		count++
	}
	if count == 0 {
		g.Warn(in.Name, "no Component, Resource, API or System entity")
	}
	return nil
}

// nameOf reads metadata.name for messages about entities that failed to
// decode.
func nameOf(root *yaml.Node) string {
	var m struct {
		Metadata struct {
			Name any `yaml:"name"`
		} `yaml:"metadata"`
	}
	_ = root.Decode(&m)
	return fmt.Sprint(m.Metadata.Name)
}

func add(g *graph.Graph, in importers.Input, e entity, kind string, line int) error {
	name := strings.TrimSpace(e.Metadata.Name)
	if name == "" {
		return fmt.Errorf("line %d: %s without metadata.name", line, e.Kind)
	}
	ns := strings.TrimSpace(e.Metadata.Namespace)
	if ns == "" {
		ns = "default"
	}
	id := entityID(kind, ns, name)
	if old, ok := g.Node(id); ok {
		return fmt.Errorf("line %d: %s is declared twice (also in %s line %d)", line, id, old.Source.File, old.Source.Line)
	}
	n := &graph.Node{ID: id, Kind: kinds[kind], Type: "backstage-" + kind, Name: name,
		Source: graph.Source{File: in.Name, Line: line}, Labels: labels(e, ns)}
	if n.Kind == graph.KindResource {
		n.Placement.Unknown = "a Backstage resource: name what it runs on in its " + Annotation + " annotation"
	}
	var p pending
	p.Namespace = ns
	rel := func(r relation, refs ...string) {
		for _, ref := range refs {
			if ref = strings.TrimSpace(ref); ref != "" {
				p.Refs = append(p.Refs, pendingRef{Rel: r, Ref: ref})
			}
		}
	}
	rel(relDependsOn, e.Spec.DependsOn...)
	rel(relDependencyOf, e.Spec.DependencyOf...)
	rel(relConsumesAPI, e.Spec.ConsumesAPIs...)
	rel(relProvidesAPI, e.Spec.ProvidesAPIs...)
	if kind != "system" {
		rel(relSystem, e.Spec.System)
	}
	rel(relSubcomponentOf, e.Spec.SubcomponentOf)
	if a := e.Metadata.Annotations[Annotation]; a != "" {
		rel(relAnnotation, strings.Split(a, ",")...)
	}
	if err := g.AddNode(n); err != nil {
		return err
	}
	if len(p.Refs) > 0 {
		importers.State(in.Session, newState).pending[id] = p
	}
	return nil
}

func labels(e entity, ns string) map[string]string {
	out := map[string]string{}
	for k, v := range map[string]string{"type": e.Spec.Type, "owner": e.Spec.Owner, "lifecycle": e.Spec.Lifecycle, "namespace": ns} {
		if v = strings.TrimSpace(v); v != "" {
			out[k] = v
		}
	}
	return out
}

// entityID is the node ID of an entity; Backstage compares references
// without regard to case, so IDs are lower case.
func entityID(kind, ns, name string) string {
	return IDPrefix + strings.ToLower(kind) + ":" + strings.ToLower(ns) + "/" + strings.ToLower(name)
}

var (
	yamlLineRe  = regexp.MustCompile(`^yaml: (?:unmarshal errors:\n\s*)?`)
	yamlValueRe = regexp.MustCompile("(!![a-z]+) `[^`]*`")
)

// yamlErr shortens a YAML error and drops the value the decoder quotes
// (!!str `...`): catalog values are never printed.
func yamlErr(err error) string {
	msg := yamlValueRe.ReplaceAllString(err.Error(), "$1")
	return strings.ReplaceAll(yamlLineRe.ReplaceAllString(msg, ""), "\n ", ";")
}
