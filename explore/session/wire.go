package session

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// The model travels in a compact, column-wise JSON form: the page
// decodes it in WebAssembly when it opens, where encoding/json costs
// several times what it costs natively, and a list of numbers decodes far
// faster than a list of objects. Every string but IDs and details is
// written once in a table and referred to by index (0 is ""); each node
// field is a column with one entry per node, and fields most nodes leave
// empty (an address other than the ID, zones, labels) are sparse maps
// from the node's index; edges and inferences name nodes by index.

type wire struct {
	Version int      `json:"version"`
	Title   string   `json:"title"`
	Strings []string `json:"strings"`

	ID       []string `json:"id"`
	Kind     []int    `json:"kind"`
	Type     []int    `json:"type"`
	Name     []int    `json:"name"`
	Mode     []int    `json:"mode"`
	Provider []int    `json:"provider"`
	Service  []int    `json:"service"`
	Cloud    []int    `json:"cloud"`
	Region   []int    `json:"region"`
	Zone     []int    `json:"zone"`
	ZoneID   []int    `json:"zoneId"`
	Scope    []int    `json:"scope"`
	Rule     []int    `json:"rule"`
	Unknown  []int    `json:"unknown"`
	File     []int    `json:"file"`
	// sparse, by node index
	Address map[string]string            `json:"address,omitempty"` // when not the ID
	SrcAddr map[string]string            `json:"srcAddress,omitempty"`
	Line    map[string]int               `json:"line,omitempty"`
	Zones   map[string][]int             `json:"zones,omitempty"`
	Regions map[string][]int             `json:"regions,omitempty"`
	Labels  map[string]map[string]string `json:"labels,omitempty"`

	From     []int `json:"from"`
	To       []int `json:"to"`
	EdgeKind []int `json:"edgeKind"`
	Group    []int `json:"group"`
	Via      []int `json:"via"`
	Inferred []int `json:"inferred,omitempty"` // indexes of inferred edges

	Groups map[string][]graph.Group `json:"groups,omitempty"`

	InfNode   []int                  `json:"infNode,omitempty"`
	InfRule   []int                  `json:"infRule,omitempty"`
	InfDetail []string               `json:"infDetail,omitempty"`
	InfSource []int                  `json:"infSource,omitempty"`
	Scopes    map[string]graph.Scope `json:"scopes,omitempty"`
	Spread    map[string]string      `json:"spread,omitempty"`
	Standby   map[string][]string    `json:"standby,omitempty"`

	Attrs  map[string]map[string]string `json:"attrs,omitempty"`
	Config string                       `json:"config,omitempty"`
}

// table interns strings.
type table struct {
	list  []string
	index map[string]int
}

func (t *table) id(s string) int {
	if s == "" {
		return 0
	}
	if i, ok := t.index[s]; ok {
		return i
	}
	t.list = append(t.list, s)
	t.index[s] = len(t.list) - 1
	return len(t.list) - 1
}

func (t *table) ids(ss []string) []int {
	out := make([]int, len(ss))
	for i, s := range ss {
		out[i] = t.id(s)
	}
	return out
}

// MarshalJSON writes the compact form.
func (m *Model) MarshalJSON() ([]byte, error) {
	t := &table{list: []string{""}, index: map[string]int{}}
	n := len(m.Nodes)
	col := func() []int { return make([]int, n) }
	w := wire{Version: m.Version, Title: m.Title, Groups: m.Groups, Attrs: m.Attrs, Config: m.Config,
		ID: make([]string, n), Kind: col(), Type: col(), Name: col(), Mode: col(), Provider: col(), Service: col(),
		Cloud: col(), Region: col(), Zone: col(), ZoneID: col(), Scope: col(), Rule: col(), Unknown: col(), File: col(),
		Scopes: m.Inference.Scope, Spread: m.Inference.Spread, Standby: m.Inference.Standby}
	index := make(map[string]int, n)
	sparse := func(mp *map[string]string, i int, v string) {
		if *mp == nil {
			*mp = map[string]string{}
		}
		(*mp)[strconv.Itoa(i)] = v
	}
	for i, nd := range m.Nodes {
		index[nd.ID] = i
		p := nd.Placement
		w.ID[i] = nd.ID
		w.Kind[i], w.Type[i], w.Name[i], w.Mode[i] = t.id(string(nd.Kind)), t.id(nd.Type), t.id(nd.Name), t.id(string(nd.Mode))
		w.Provider[i], w.Service[i], w.File[i] = t.id(nd.Provider), t.id(nd.Service), t.id(nd.Source.File)
		w.Cloud[i], w.Region[i], w.Zone[i], w.ZoneID[i] = t.id(p.Cloud), t.id(p.Region), t.id(p.Zone), t.id(p.ZoneID)
		w.Scope[i], w.Rule[i], w.Unknown[i] = t.id(string(p.Scope)), t.id(p.Rule), t.id(p.Unknown)
		key := strconv.Itoa(i)
		if nd.Address != nd.ID {
			sparse(&w.Address, i, nd.Address)
		}
		if nd.Source.Address != nd.Address {
			sparse(&w.SrcAddr, i, nd.Source.Address)
		}
		if nd.Source.Line != 0 {
			if w.Line == nil {
				w.Line = map[string]int{}
			}
			w.Line[key] = nd.Source.Line
		}
		if p.Zones != nil {
			if w.Zones == nil {
				w.Zones = map[string][]int{}
			}
			w.Zones[key] = t.ids(p.Zones)
		}
		if p.Regions != nil {
			if w.Regions == nil {
				w.Regions = map[string][]int{}
			}
			w.Regions[key] = t.ids(p.Regions)
		}
		if nd.Labels != nil {
			if w.Labels == nil {
				w.Labels = map[string]map[string]string{}
			}
			w.Labels[key] = nd.Labels
		}
	}
	e := len(m.Edges)
	w.From, w.To, w.EdgeKind, w.Group, w.Via = make([]int, e), make([]int, e), make([]int, e), make([]int, e), make([]int, e)
	for i, ed := range m.Edges {
		from, ok1 := index[ed.From]
		to, ok2 := index[ed.To]
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("explore: model: edge %s -> %s names a node it does not hold", ed.From, ed.To)
		}
		w.From[i], w.To[i], w.EdgeKind[i], w.Group[i], w.Via[i] = from, to, t.id(string(ed.Kind)), t.id(ed.Group), t.id(ed.Via)
		if ed.Inferred {
			w.Inferred = append(w.Inferred, i)
		}
	}
	for _, x := range m.Inference.List {
		nd, ok := index[x.Node]
		if !ok {
			continue // a node the graph no longer holds
		}
		w.InfNode = append(w.InfNode, nd)
		w.InfRule = append(w.InfRule, t.id(x.Rule))
		w.InfDetail = append(w.InfDetail, x.Detail)
		w.InfSource = append(w.InfSource, t.id(x.Source))
	}
	w.Strings = t.list
	return json.Marshal(w)
}

// reader turns indexes back into strings, remembering the first bad one.
type reader struct {
	w   *wire
	err error
}

func (r *reader) str(i int) string {
	if i < 0 || i >= len(r.w.Strings) {
		r.fail("string %d of %d", i, len(r.w.Strings))
		return ""
	}
	return r.w.Strings[i]
}

func (r *reader) strs(is []int) []string {
	out := make([]string, len(is))
	for k, i := range is {
		out[k] = r.str(i)
	}
	return out
}

func (r *reader) node(i int) string {
	if i < 0 || i >= len(r.w.ID) {
		r.fail("node %d of %d", i, len(r.w.ID))
		return ""
	}
	return r.w.ID[i]
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("explore: model: "+format, args...)
	}
}

// at returns column c's entry for node i.
func (r *reader) at(c []int, name string, i int) int {
	if i >= len(c) {
		r.fail("column %s has %d entries for %d nodes", name, len(c), len(r.w.ID))
		return 0
	}
	return c[i]
}

// UnmarshalJSON reads the compact form.
func (m *Model) UnmarshalJSON(data []byte) error {
	var w wire
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	r := &reader{w: &w}
	*m = Model{Version: w.Version, Title: w.Title, Groups: w.Groups, Attrs: w.Attrs, Config: w.Config,
		Nodes: make([]*graph.Node, len(w.ID)), Edges: make([]graph.Edge, len(w.From)),
		Inference: analyzer.SavedInference{Scope: w.Scopes, Spread: w.Spread, Standby: w.Standby}}
	for i, id := range w.ID {
		s := func(c []int, name string) string { return r.str(r.at(c, name, i)) }
		nd := &graph.Node{ID: id, Kind: graph.Kind(s(w.Kind, "kind")), Type: s(w.Type, "type"), Name: s(w.Name, "name"),
			Mode: graph.Mode(s(w.Mode, "mode")), Provider: s(w.Provider, "provider"), Address: id, Service: s(w.Service, "service"),
			Placement: graph.Placement{Cloud: s(w.Cloud, "cloud"), Region: s(w.Region, "region"), Zone: s(w.Zone, "zone"),
				ZoneID: s(w.ZoneID, "zoneId"), Scope: graph.Scope(s(w.Scope, "scope")), Rule: s(w.Rule, "rule"), Unknown: s(w.Unknown, "unknown")},
			Source: graph.Source{File: s(w.File, "file")}}
		key := strconv.Itoa(i)
		if a, ok := w.Address[key]; ok {
			nd.Address = a
		}
		nd.Source.Address = nd.Address
		if a, ok := w.SrcAddr[key]; ok {
			nd.Source.Address = a
		}
		nd.Source.Line = w.Line[key]
		if zs, ok := w.Zones[key]; ok {
			nd.Placement.Zones = r.strs(zs)
		}
		if rs, ok := w.Regions[key]; ok {
			nd.Placement.Regions = r.strs(rs)
		}
		nd.Labels = w.Labels[key]
		m.Nodes[i] = nd
	}
	if len(w.To) != len(w.From) || len(w.EdgeKind) != len(w.From) || len(w.Group) != len(w.From) || len(w.Via) != len(w.From) {
		r.fail("edge columns differ in length")
		return r.err
	}
	for i := range w.From {
		m.Edges[i] = graph.Edge{From: r.node(w.From[i]), To: r.node(w.To[i]), Kind: graph.EdgeKind(r.str(w.EdgeKind[i])),
			Group: r.str(w.Group[i]), Via: r.str(w.Via[i])}
	}
	for _, i := range w.Inferred {
		if i < 0 || i >= len(m.Edges) {
			r.fail("edge %d of %d", i, len(m.Edges))
			break
		}
		m.Edges[i].Inferred = true
	}
	if len(w.InfRule) != len(w.InfNode) || len(w.InfDetail) != len(w.InfNode) || len(w.InfSource) != len(w.InfNode) {
		r.fail("inference columns differ in length")
		return r.err
	}
	for i := range w.InfNode {
		m.Inference.List = append(m.Inference.List, analyzer.Inference{Node: r.node(w.InfNode[i]), Rule: r.str(w.InfRule[i]),
			Detail: w.InfDetail[i], Source: r.str(w.InfSource[i])})
	}
	return r.err
}
