// Package session is the analysis behind the page blast explore writes:
// the Model a page embeds (the graph after inference, with identities,
// names and locations only) and the Session that answers the page's
// questions ("run these domains", "why this node") as JSON.
//
// It is plain Go so that its tests run natively; explore/wasm compiles
// the same code to WebAssembly for the browser, so the page runs blast's
// own analysis rather than a second implementation in JavaScript.
//
// Why a saved graph rather than the inputs: the page must not carry
// state files (they hold secrets) and the browser cannot run the
// importers' file walking. The generating run imports and infers once;
// the page gets the inferred graph, the inference conclusions the graph
// does not hold (analyzer.SavedInference) and, of all attribute values,
// only those the knowledge's effect filters compare (Model.Attrs), and
// compiles it with analyzer.Compile, which reads no attribute.
package session

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/graph"
)

// ModelVersion is the version of the Model layout.
const ModelVersion = 1

// Model is what a page embeds: the analysed graph without attribute
// values, and the blast.toml sections that change the analysis.
type Model struct {
	Version int `json:"version"`
	// Title names the inputs.
	Title  string                   `json:"title"`
	Nodes  []*graph.Node            `json:"nodes"`
	Edges  []graph.Edge             `json:"edges"`
	Groups map[string][]graph.Group `json:"groups,omitempty"`
	// Inference holds the conclusions Compile needs beside the graph.
	Inference analyzer.SavedInference `json:"inference"`
	// Attrs holds, per node, only the attributes that the platform
	// knowledge's and the named scenarios' effect filters compare
	// (load_balancer_type): classifications, never identities or secrets.
	Attrs map[string]map[string]string `json:"attrs,omitempty"`
	// Config is blast.toml's [platform] and [[scenario]] sections,
	// re-encoded (empty without them).
	Config string `json:"config,omitempty"`
	// Stores are the stateful stores with their copies, read while the
	// graph had its attributes (analyzer.SavedStores): the page's data
	// exposure needs them and the attributes stay out.
	Stores []analyzer.SavedStore `json:"stores,omitempty"`
	// ends holds each edge's ends' places in Nodes (from, then to), when
	// NewModel read them off the graph: the writers (MarshalBinary,
	// Index) need not find every edge's ends by ID (a million nodes'
	// IDs in a map, and two lookups an edge)
	ends []int32
}

// edgeEnds returns the places in Nodes of edge k's ends: the model's
// own (ends), or found by ID in *index, made on the first call that
// needs it (a model read back, or made by hand, holds no ends); false
// when an end is not one of the nodes.
func (m *Model) edgeEnds(k int, index *map[string]int) (from, to int, ok bool) {
	if len(m.ends) == 2*len(m.Edges) {
		return int(m.ends[2*k]), int(m.ends[2*k+1]), true
	}
	if *index == nil {
		*index = make(map[string]int, len(m.Nodes))
		for i, n := range m.Nodes {
			(*index)[n.ID] = i
		}
	}
	from, ok1 := (*index)[m.Edges[k].From]
	to, ok2 := (*index)[m.Edges[k].To]
	return from, to, ok1 && ok2
}

// modelEdges lists g's edges as Graph.Edges does, node after node, with
// each edge's ends' places among g's nodes (Model.ends).
func modelEdges(g *graph.Graph, nodes int) ([]graph.Edge, []int32) {
	edges := make([]graph.Edge, 0, g.EdgeCount())
	ends := make([]int32, 0, 2*g.EdgeCount())
	for i := range nodes {
		deps := g.DepsAt(i)
		for j := range deps.Len() {
			edges = append(edges, deps.At(j))
			ends = append(ends, int32(i), int32(deps.IndexTo(j)))
		}
	}
	return edges, ends
}

// FilterKeys returns the attribute names the effects of the knowledge
// and of the catalog's scenarios filter on, sorted.
func FilterKeys(k *platform.Knowledge, c *analyzer.Catalog) []string {
	seen := map[string]bool{}
	for _, o := range k.AllObserved() {
		for key := range o.Attrs {
			seen[key] = true
		}
	}
	for _, d := range c.List() {
		for _, e := range d.Effects {
			for key := range e.Attrs {
				seen[key] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for key := range seen {
		out = append(out, key)
	}
	slices.Sort(out)
	return out
}

// NewModel saves an analyzer's graph for a page: nodes (whose JSON
// form leaves attributes, tags and identities out), edges, groups, the
// inference conclusions, the attribute values of keys alone, and the
// blast.toml sections in config.
func NewModel(a *analyzer.Analyzer, title string, keys []string, config string) *Model {
	g := a.Graph()
	m := &Model{Version: ModelVersion, Title: title, Nodes: g.Nodes(), Groups: map[string][]graph.Group{},
		Inference: a.SavedInference(), Config: config, Stores: a.SavedStores()}
	m.Edges, m.ends = modelEdges(g, len(m.Nodes))
	for _, n := range m.Nodes {
		if gs := g.Groups(n.ID); len(gs) > 0 {
			m.Groups[n.ID] = gs
		}
		for _, key := range keys {
			if v, ok := n.Attrs[key]; ok {
				if m.Attrs == nil {
					m.Attrs = map[string]map[string]string{}
				}
				if m.Attrs[n.ID] == nil {
					m.Attrs[n.ID] = map[string]string{}
				}
				m.Attrs[n.ID][key] = v
			}
		}
	}
	return m
}

// Session answers a page's questions over one model.
type Session struct {
	a       *analyzer.Analyzer
	cfg     *config.File
	once    sync.Once // the catalog is read on first use (lazy work: a page opens without it)
	catalog *analyzer.Catalog
	named   []Named
	catErr  error
	last    string
	res     *analyzer.Result
}

// Named is a named scenario the page offers as a toggle.
type Named struct {
	Name  string   `json:"name"`
	Title string   `json:"title,omitempty"`
	Date  string   `json:"date,omitempty"`
	Down  []string `json:"down"`
}

// Info is what a page learns when it opens: the failure domains
// present and the named scenarios that touch them.
type Info struct {
	Domains   []analyzer.DomainCount `json:"domains"`
	Scenarios []Named                `json:"scenarios"`
}

// Open rebuilds the analyzer of a model given in its binary form
// (Model.MarshalBinary).
func Open(data []byte) (*Session, error) {
	var m Model
	if err := m.UnmarshalBinary(data); err != nil {
		return nil, err
	}
	return FromModel(&m)
}

// FromModel rebuilds the analyzer of a model.
func FromModel(m *Model) (*Session, error) {
	if m.Version != ModelVersion {
		return nil, fmt.Errorf("explore: model version %d, want %d", m.Version, ModelVersion)
	}
	cfg, know, err := readConfig(m.Config)
	if err != nil {
		return nil, err
	}
	g := graph.New()
	for _, n := range m.Nodes {
		n.Attrs = m.Attrs[n.ID]
		if err := g.AddNode(n); err != nil {
			return nil, fmt.Errorf("explore: model: %w", err)
		}
	}
	if err := g.AddEdges(m.Edges); err != nil {
		return nil, fmt.Errorf("explore: model: %w", err)
	}
	for id, gs := range m.Groups {
		for _, grp := range gs {
			g.SetGroup(id, grp)
		}
	}
	s := &Session{a: analyzer.Compile(g, know, analyzer.RestoreInferred(m.Inference)), cfg: cfg}
	s.a.RestoreStores(m.Stores)
	if m.Config != "" { // blast.toml's scenarios: a bad one fails here, as in blast
		if _, err := s.scenarios(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// readConfig reads a model's blast.toml sections (Model.Config) as a
// session opened from it does: the file, and the platform knowledge it
// amends.
func readConfig(text string) (*config.File, *platform.Knowledge, error) {
	cfg := config.Empty()
	if text != "" {
		var err error
		if cfg, err = config.Parse(config.DefaultName, []byte(text)); err != nil {
			return nil, nil, err
		}
	}
	know, err := platform.Load(cfg)
	if err != nil {
		return nil, nil, err
	}
	return cfg, know, nil
}

// CheckConfig fails where a session opened from a model carrying these
// blast.toml sections (Model.Config) would fail on them: the sections
// not parsing, the platform knowledge they amend, a named scenario that
// does not load. blast explore asks it before it writes a page, so that
// a page it writes opens.
func CheckConfig(text string) error {
	cfg, _, err := readConfig(text)
	if err == nil && text != "" {
		_, err = analyzer.LoadCatalog(cfg)
	}
	return err
}

// Over is a session over an analyzer already built and its catalog of
// named scenarios (nil for none): what a session opened from the model
// saved from them answers (blast explore asks it the page's Info when it
// writes the page, rather than rebuilding the analyzer from the page's
// bytes).
func Over(a *analyzer.Analyzer, catalog *analyzer.Catalog) *Session {
	s := &Session{a: a}
	s.once.Do(func() { s.catalog = catalog; s.listNamed() })
	return s
}

// scenarios reads the catalog of named scenarios once, and lists those
// that touch the graph.
func (s *Session) scenarios() (*analyzer.Catalog, error) {
	s.once.Do(func() {
		if s.catalog, s.catErr = analyzer.LoadCatalog(s.cfg); s.catErr == nil {
			s.listNamed()
		}
	})
	return s.catalog, s.catErr
}

// listNamed lists the catalog's scenarios that touch the graph.
func (s *Session) listNamed() {
	if s.catalog == nil {
		return
	}
	for _, d := range s.catalog.List() {
		sc, err := s.a.ScenarioFromDef(d)
		if err != nil || len(s.a.Absent(sc)) == len(sc.Down) {
			continue
		}
		s.named = append(s.named, Named{Name: d.Name, Title: d.Title, Date: d.Date, Down: sc.DomainNames()})
	}
}

// Analyzer returns the session's analyzer.
func (s *Session) Analyzer() *analyzer.Analyzer { return s.a }

// Info lists the failure domains present (regional services included)
// and the named scenarios.
func (s *Session) Info() Info {
	_, _ = s.scenarios() // an error here was one when the session opened
	return Info{Domains: s.a.Domains(true), Scenarios: append([]Named{}, s.named...)}
}

// Selection is what the page has ticked: failure domains and named
// scenarios, taken down together.
type Selection struct {
	Down      []string `json:"down"`
	Scenarios []string `json:"scenarios,omitempty"`
}

func (sel Selection) key() string {
	return strings.Join(sel.Down, ",") + "|" + strings.Join(sel.Scenarios, ",")
}

// Scenario builds the selection's scenario, as whatif --scenario with
// --down does.
func (s *Session) Scenario(sel Selection) (analyzer.Scenario, error) {
	sc, err := s.a.ScenarioOf(sel.Down)
	if err != nil {
		return sc, err
	}
	for _, name := range sel.Scenarios {
		catalog, err := s.scenarios()
		if err != nil {
			return sc, err
		}
		d, ok := catalog.Lookup(name)
		if !ok {
			return sc, fmt.Errorf("no scenario named %q", name)
		}
		named, err := s.a.ScenarioFromDef(d)
		if err != nil {
			return sc, err
		}
		sc = named.Plus(sc)
	}
	return sc, nil
}

// Result runs a selection, or returns the last run when it is the same.
func (s *Session) Result(sel Selection) (*analyzer.Result, error) {
	if s.res != nil && sel.key() == s.last {
		return s.res, nil
	}
	sc, err := s.Scenario(sel)
	if err != nil {
		return nil, err
	}
	s.res, s.last = s.a.Run(sc), sel.key()
	return s.res, nil
}

// Hit is one impacted node in a run's answer.
type Hit struct {
	ID     string         `json:"id"`
	State  analyzer.State `json:"state"`
	Frozen bool           `json:"frozen,omitempty"`
	Reason string         `json:"reason,omitempty"`
	// Configuration marks a node that only configures what serves: the
	// page calls it affected, as whatif does, whatever its state.
	Configuration bool `json:"configuration,omitempty"`
}

// Answer is a run's answer: the counts and every impacted node.
type Answer struct {
	Down     []string         `json:"down"`
	Summary  analyzer.Summary `json:"summary"`
	Services analyzer.Summary `json:"services"`
	Hits     []Hit            `json:"hits"`
	Warnings []string         `json:"warnings,omitempty"`
}

// Run answers "take these down together".
func (s *Session) Run(sel Selection) (*Answer, error) {
	res, err := s.Result(sel)
	if err != nil {
		return nil, err
	}
	out := &Answer{Down: res.Scenario.DomainNames(), Summary: res.Summary, Services: res.Services, Hits: make([]Hit, len(res.Impacts)),
		Warnings: res.Warnings}
	for i, im := range res.Impacts {
		out.Hits[i] = Hit{ID: im.ID, State: im.State, Frozen: im.Frozen, Reason: im.Reason, Configuration: im.Configuration}
	}
	return out, nil
}

// Why is what the page shows of one node in one selection's run.
type Why struct {
	Node       *graph.Node            `json:"node"`
	Impact     analyzer.Impact        `json:"impact"`
	Scope      graph.Scope            `json:"scope"`
	Knowledge  analyzer.NodeKnowledge `json:"knowledge"`
	Groups     []graph.Group          `json:"groups,omitempty"`
	Inferences []analyzer.Inference   `json:"inferences,omitempty"`
	DependsOn  []graph.Edge           `json:"dependsOn,omitempty"`
	Dependents []graph.Edge           `json:"dependents,omitempty"`
}

// Why explains one node in a selection's run.
func (s *Session) Why(sel Selection, id string) (*Why, error) {
	res, err := s.Result(sel)
	if err != nil {
		return nil, err
	}
	n, ok := s.a.Graph().Node(id)
	if !ok {
		return nil, fmt.Errorf("no node %q", id)
	}
	x := s.a.Explain(res, n)
	im := x.Impact
	im.ID = id
	if im.Chain == nil {
		im.Chain = []analyzer.Step{}
	}
	return &Why{Node: n, Impact: im, Scope: x.Knowledge.Scope, Knowledge: x.Knowledge, Groups: x.Groups, Inferences: x.Inferences,
		DependsOn: s.a.Graph().DependenciesOf(id), Dependents: s.a.Graph().DependentsOf(id)}, nil
}

// Data is the data-loss exposure of a selection's run: every store whose
// primary the selection takes down, whether a copy survives elsewhere and
// what a restore or failover loses (whatif's Data section).
func (s *Session) Data(sel Selection) ([]analyzer.Exposure, error) {
	res, err := s.Result(sel)
	if err != nil {
		return nil, err
	}
	out := s.a.DataExposure(res)
	if out == nil {
		out = []analyzer.Exposure{}
	}
	return out, nil
}
