// Package graph is blast's typed dependency model: nodes with a placement,
// edges from dependent to dependency with a kind, and redundancy groups.
// It imports nothing else of blast's.
package graph

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	dgraph "github.com/dominikbraun/graph"
)

// Kind says what a node stands for.
type Kind string

// Node kinds.
const (
	KindResource Kind = "resource" // an infrastructure resource instance
	KindService  Kind = "service"  // an application or component
	KindPlatform Kind = "platform" // a provider facility such as a control plane
)

// Mode separates Terraform managed resources from data sources.
type Mode string

// Terraform resource modes.
const (
	ModeManaged Mode = "managed"
	ModeData    Mode = "data"
)

// Scope says how large a failure domain a node lives in.
type Scope string

// Placement scopes, from the smallest failure domain to none.
const (
	ScopeUnknown     Scope = ""
	ScopeZonal       Scope = "zonal"
	ScopeRegional    Scope = "regional"
	ScopeMultiRegion Scope = "multi-region"
	ScopeGlobal      Scope = "global"
)

// Placement says where a node lives and which rule said so.
type Placement struct {
	Cloud  string   `json:"cloud,omitempty"`  // aws, gcp, azure
	Region string   `json:"region,omitempty"` // us-east-1, europe-west9, westus2
	Zone   string   `json:"zone,omitempty"`   // us-east-1a, us-central1-c, westus2-1
	ZoneID string   `json:"zoneId,omitempty"` // use1-az1 (AWS AZ ID) when known
	Zones  []string `json:"zones,omitempty"`  // a node spread over several zones
	// Regions lists extra regions a multi-region node also lives in
	// (replicas); Region stays the primary one.
	Regions []string `json:"regions,omitempty"`
	Scope   Scope    `json:"scope,omitempty"`
	// Rule names the placement rule that answered, e.g. "attribute:region",
	// "arn", "attribute:availability_zone", "provider-alias"; empty when
	// the location is unknown.
	Rule string `json:"rule,omitempty"`
	// Unknown explains why the location could not be resolved.
	Unknown string `json:"unknown,omitempty"`
}

// Known reports whether any location was resolved.
func (p Placement) Known() bool { return p.Region != "" || p.Zone != "" || len(p.Zones) > 0 }

// AllZones returns the zones the node lives in, sorted.
func (p Placement) AllZones() []string { return sortedSet(p.Zone, p.Zones) }

// AllRegions returns the regions the node lives in, sorted.
func (p Placement) AllRegions() []string { return sortedSet(p.Region, p.Regions) }

// Source says where a node came from.
type Source struct {
	File    string `json:"file,omitempty"`
	Address string `json:"address,omitempty"`
	Line    int    `json:"line,omitempty"`
}

// Node is one vertex of the dependency graph.
type Node struct {
	ID       string `json:"id"`
	Kind     Kind   `json:"kind"`
	Type     string `json:"type"`
	Name     string `json:"name,omitempty"`
	Mode     Mode   `json:"mode,omitempty"`
	Provider string `json:"provider,omitempty"` // provider address as written, e.g. registry.terraform.io/hashicorp/aws
	Address  string `json:"address,omitempty"`  // Terraform instance address
	// Service is the provider service the resource belongs to (dynamodb,
	// ec2, rds, compute), used by regional service scenarios.
	Service   string    `json:"service,omitempty"`
	Placement Placement `json:"placement"`
	Source    Source    `json:"source"`
	// Labels are non-secret descriptive labels (tier, owner, namespace).
	Labels map[string]string `json:"labels,omitempty"`

	// Attrs holds a small allow-listed set of attribute values the analyzer
	// needs (multi_az, replica regions, failover policy, ...). Never rendered.
	Attrs map[string]string `json:"-"`
	// Tags holds resource tags for service binding, sorted by key. Never
	// rendered.
	Tags Tags `json:"-"`
	// Identities holds the identity values of the node (ids, ARNs,
	// endpoints, names) used to match references. Never rendered.
	Identities []string `json:"-"`
}

// Label returns a short human name for the node: its address or ID.
func (n *Node) Label() string {
	if n.Address != "" {
		return n.Address
	}
	return n.ID
}

// Target reports whether the node can be taken down by a failure domain
// directly. Data sources are read-only lookups and never are.
func (n *Node) Target() bool { return n.Mode != ModeData }

// EdgeKind says what a dependency failing does to its dependent. It is
// a byte, not its name (an edge of a large state's hundreds of thousands
// is 16 bytes smaller), and reads and writes as its name (String,
// MarshalText, UnmarshalText); the zero kind is none given (AddEdge makes
// it Hard).
type EdgeKind int8

// Edge kinds.
const (
	Hard    EdgeKind = iota + 1 // dependency fails → dependent fails
	Soft                        // dependency fails → dependent degrades
	Control                     // dependency's control plane lost → dependent frozen
)

// edgeKindNames are the kinds' names, by kind.
var edgeKindNames = [...]string{Hard: "hard", Soft: "soft", Control: "control"}

// String returns the kind's name: hard, soft or control ("" for none).
func (k EdgeKind) String() string {
	if int(k) < len(edgeKindNames) {
		return edgeKindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText writes the kind's name.
func (k EdgeKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name, or "" for none.
func (k *EdgeKind) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = 0
		return nil
	}
	v, err := ParseEdgeKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// ParseEdgeKind parses hard, soft or control.
func ParseEdgeKind(s string) (EdgeKind, error) {
	for k, name := range edgeKindNames {
		if name != "" && name == s {
			return EdgeKind(k), nil
		}
	}
	return 0, fmt.Errorf("unknown edge kind %q (want hard, soft or control)", s)
}

// Edge points from a dependent to one of its dependencies.
//
// An edge the graph hands out also knows its ends' vertices (in the
// padding after Kind and Inferred: an edge is 80 bytes either way), so
// that From, To and IndexTo find the nodes at its ends without a lookup
// by ID; an edge a caller makes has none, and they look its ends up.
type Edge struct {
	From string   `json:"from"` // dependent
	To   string   `json:"to"`   // dependency
	Kind EdgeKind `json:"kind"`
	to   int32    // the dependency's vertex (Graph.verts) plus one; 0 for none known
	// Group names the redundancy group the edge belongs to; edges of one
	// dependent sharing a group are alternatives (see Node groups).
	Group string `json:"group,omitempty"`
	// Inferred marks edges chosen by a rule rather than read directly.
	Inferred bool  `json:"inferred,omitempty"`
	from     int32 // the dependent's vertex plus one, as to
	// Via says where the edge came from: the attribute holding the
	// reference ("subnet_id", "env:CART_ADDR"), or in words how it was
	// found when no attribute holds it ("ordering only (depends_on)",
	// ViaRecorded and how the instance was chosen).
	Via string `json:"via,omitempty"`
}

// String writes the edge as fmt writes its exported fields ({from to
// kind group inferred via}), without the vertices it knows.
func (e Edge) String() string {
	return "{" + e.From + " " + e.To + " " + e.Kind.String() + " " + e.Group + " " + strconv.FormatBool(e.Inferred) + " " + e.Via + "}"
}

// ViaRecorded begins the via of an edge read from a recorded dependency
// list (Terraform's dependencies) that no attribute value of the
// dependent names; the words after it say how the instance was chosen:
// "recorded dependency, no attribute names it by id, ARN or name".
const ViaRecorded = "recorded dependency"

// RecordedOnly reports whether an edge's via says it was read from a
// recorded dependency list alone, no attribute naming the dependency.
func RecordedOnly(via string) bool { return strings.HasPrefix(via, ViaRecorded) }

// Group is a redundancy group of one dependent: it needs Need of the
// dependencies whose edges carry the group's name.
type Group struct {
	Name string `json:"name"`
	Need int    `json:"need"`
	// Reason explains where the redundancy was read from.
	Reason string `json:"reason,omitempty"`
}

// Warning is a problem found while building the graph that did not stop it.
type Warning struct {
	Source  string `json:"source"`
	Message string `json:"message"`
}

func (w Warning) String() string {
	if w.Source == "" {
		return w.Message
	}
	return w.Source + ": " + w.Message
}

// Graph is the dependency graph. Node and edge order in every listing is
// sorted, so everything derived from it is deterministic.
//
// Each node's vertex holds its edges to its dependencies and a reference
// to each of its dependents; the dominikbraun/graph model reads them
// through a store (see Model) rather than keeping a copy of every vertex
// and edge.
type Graph struct {
	g        dgraph.Graph[string, *Node]
	vs       map[string]int32 // each ID's vertex: its index in verts, not a pointer for the collector to mark (vertexOf)
	verts    []*vertex        // every vertex by its index (vertex.ix), the removed ones too
	sorted   []string
	list     []*Node   // the nodes in the order of sorted (Nodes)
	vlist    []int32   // their vertices' indexes in verts, in the same order (never handed out): no pointer a node to mark
	dirty    bool      // the node set changed since sorted was built
	added    []*vertex // the vertices given a node since sorted was built
	removed  bool      // a node was removed since sorted was built
	unsorted []*vertex // vertices whose edge lists changed since they were tidied
	spare    []vertex  // room for the next vertices (AddNode)
	waiting  int       // vertices in vs without their node yet (SetGroup before AddNode)
	nodes    int
	edges    int
	warnings []Warning
	// strs holds every edge's group and via once (strs[0] is ""), each
	// edge their places: a state's edges share a few dozen of them
	strs    []string
	strIx   map[string]int32 // each string's place in strs
	lastStr [2]int32         // the place interned last for a group, for a via: edges come in runs
}

// vertex is one node with its edges and redundancy groups.
type vertex struct {
	node   *Node
	out    edgeList // what the node needs
	in     refList  // what needs the node
	groups *[]Group // sorted by name: one or two a node, when any (a map of them was half a kilobyte)
	grow   [2]int32 // AddEdges: edges to come out of and into the node
	ix     int32    // its index in Graph.verts, as dependents' lists hold it
	pos    int32    // its node's place in Nodes (Index), as of the last sort
	queued bool     // listed in Graph.unsorted
	gone   bool     // its node was removed (RemoveNode)
}

// New returns an empty graph.
func New() *Graph {
	g := &Graph{vs: map[string]int32{}, strs: []string{""}, strIx: map[string]int32{}}
	g.g = dgraph.NewWithStore(func(n *Node) string { return n.ID }, dgraph.Store[string, *Node](modelStore{g}), dgraph.Directed())
	return g
}

// AddNode adds a node; its ID must be new.
func (g *Graph) AddNode(n *Node) error {
	_, err := g.addNode(n)
	return err
}

// Vertex is a node's vertex in one graph, as AddNodeVertex returns it:
// EdgeBetween makes an edge between two of them that AddEdges and AddEdge
// add without looking its ends up by ID (an importer adds a node's edges
// right after its nodes, and looked every end up again). The zero Vertex
// is none.
type Vertex int32

// Grow makes room for n more nodes, for a caller that knows how many it
// is about to add: the ID map is made once at its final size rather
// than grown by splitting as it fills (at a million nodes that growth was
// most of the cost of adding them beyond ten times a tenth as many). It
// does nothing when the graph already holds as many nodes as it is to
// grow by, so that many small imports into one graph never copy a large
// map.
func (g *Graph) Grow(n int) {
	if n <= len(g.vs) {
		return
	}
	vs := make(map[string]int32, len(g.vs)+n)
	for id, ix := range g.vs {
		vs[id] = ix
	}
	g.vs = vs
	g.verts = slices.Grow(g.verts, n)
}

// AddNodeVertex adds a node as AddNode does and returns its vertex.
func (g *Graph) AddNodeVertex(n *Node) (Vertex, error) {
	v, err := g.addNode(n)
	if err != nil {
		return 0, err
	}
	return Vertex(v.ix + 1), nil
}

// EdgeBetween returns e from the node of one vertex to the node of
// another, From and To set to their IDs and its ends known. Both must be
// vertices AddNodeVertex returned for this graph; an edge whose node was
// removed since is looked up by ID when added, as any edge.
func (g *Graph) EdgeBetween(from, to Vertex, e Edge) Edge {
	e.From, e.To = g.verts[from-1].node.ID, g.verts[to-1].node.ID
	e.from, e.to = int32(from), int32(to)
	return e
}

// known returns the vertices of an edge's ends when the edge knows them
// (EdgeBetween, or an edge the graph handed out) and the graph still has
// them under its IDs; nil, nil otherwise.
func (g *Graph) known(e *Edge) (from, to *vertex) {
	if g.end(e.from, e.From) == nil || g.end(e.to, e.To) == nil {
		return nil, nil
	}
	return g.verts[e.from-1], g.verts[e.to-1]
}

// addNode adds a node and returns its vertex.
func (g *Graph) addNode(n *Node) (*vertex, error) {
	if n.ID == "" {
		return nil, fmt.Errorf("node without id (type %q)", n.Type)
	}
	var v *vertex
	if g.waiting > 0 {
		// a vertex may be waiting for this node (its groups were declared first)
		if v = g.vertexOf(n.ID); v != nil && v.node != nil {
			return nil, fmt.Errorf("duplicate node id %q", n.ID)
		}
		if v != nil {
			v.node = n
			g.waiting--
		}
	}
	if v == nil {
		// vertices come from slabs, sized by the nodes so far (a graph of
		// a few nodes keeps no room for hundreds)
		if len(g.spare) == 0 {
			g.spare = make([]vertex, min(256, max(8, g.nodes/4)))
		}
		v = &g.spare[0]
		// one probe of the map, not a lookup then a write (each a cache
		// miss once it holds a million IDs): with no vertex waiting for
		// its node, an ID already there is a node's, told by the map not
		// growing
		before := len(g.vs)
		g.vs[n.ID] = int32(len(g.verts)) // the index it gets (index)
		if len(g.vs) == before {
			g.vs[n.ID] = -1 // as it was
			if live := g.liveVertex(n.ID); live != nil {
				g.vs[n.ID] = live.ix
			}
			return nil, fmt.Errorf("duplicate node id %q", n.ID)
		}
		g.spare = g.spare[1:]
		v.node, v.out.sorted, v.in.sorted = n, true, true
		g.index(v)
	}
	g.nodes++
	g.dirty = true
	if g.sorted != nil { // else IDs sorts them all
		g.added = append(g.added, v)
	}
	return v, nil
}

// vertexOf returns the vertex of the node with this ID (or of the
// groups declared for it before it was added), nil when none.
func (g *Graph) vertexOf(id string) *vertex {
	if i, ok := g.vs[id]; ok && i >= 0 {
		return g.verts[i]
	}
	return nil
}

// liveVertex returns the vertex of the node with this ID, found without
// the map (AddNode restores the map's entry with it): nil when none.
func (g *Graph) liveVertex(id string) *vertex {
	for _, v := range g.verts {
		if !v.gone && v.node != nil && v.node.ID == id {
			return v
		}
	}
	return nil
}

// index gives a new vertex the next index.
func (g *Graph) index(v *vertex) {
	v.ix = int32(len(g.verts))
	g.verts = append(g.verts, v)
}

// changed queues a vertex whose edge lists need tidying before they are
// handed out again.
func (g *Graph) changed(v *vertex) {
	if !v.queued {
		v.queued = true
		g.unsorted = append(g.unsorted, v)
	}
}

// AddEdge adds an edge between two existing nodes. Adding an edge that
// exists already (same ends) keeps the stronger kind and returns nil.
// Self-loops are ignored.
func (g *Graph) AddEdge(e Edge) error {
	if e.From == e.To {
		return nil
	}
	from, to := g.known(&e)
	if from == nil {
		var err error
		if from, to, err = g.ends(e); err != nil {
			return err
		}
	}
	g.addEdge(from, to, e)
	return nil
}

// AddEdges adds edges as AddEdge does, one after the other, stopping at
// the first error; it sizes each node's edge lists once for all of them
// rather than growing them edge by edge (a node many depend on, such as a
// subnet or a service, has tens of thousands).
func (g *Graph) AddEdges(es []Edge) error {
	type ends struct{ from, to *vertex }
	vs := make([]ends, len(es))
	var err error
	n := len(es)
	var last *vertex // the dependent of the edge before: edges come grouped by it
	for i, e := range es {
		if e.From == e.To {
			continue
		}
		from, to := g.known(&es[i])
		var bad error
		switch {
		case from != nil: // its ends known (EdgeBetween): no lookup
		case last != nil && last.node.ID == e.From:
			from, to = last, g.vertexOf(e.To)
			if to == nil || to.node == nil {
				_, _, bad = g.ends(e)
			}
		default:
			from, to, bad = g.ends(e)
		}
		if bad != nil {
			err, n = bad, i // those before it are added, as by AddEdge
			break
		}
		last = from
		vs[i] = ends{from, to}
		from.grow[0]++
		to.grow[1]++
	}
	// the dependencies of nodes that have none yet (all of an importer's,
	// whose edges come a dependent at a time) are carved from one block,
	// each list at its length (appending to one copies it): not an
	// allocation a node
	fresh := 0
	for _, v := range vs[:n] {
		if v.from != nil && cap(v.from.out.es) == 0 {
			fresh++ // an edge of a node without dependencies yet
		}
	}
	var block []edgeRec
	if fresh > 0 {
		block = make([]edgeRec, 0, fresh)
	}
	for _, v := range vs[:n] {
		if v.from == nil {
			continue
		}
		for _, x := range []*vertex{v.from, v.to} {
			if x.grow != [2]int32{} {
				if k := int(x.grow[0]); k > 0 && cap(x.out.es) == 0 {
					x.out.es, block = block[len(block):len(block):len(block)+k], block[:len(block)+k]
				} else {
					x.out.es = slices.Grow(x.out.es, k)
				}
				x.in.refs = slices.Grow(x.in.refs, int(x.grow[1]))
				x.grow = [2]int32{}
			}
		}
	}
	for i, v := range vs[:n] {
		if v.from != nil {
			g.addEdge(v.from, v.to, es[i])
		}
	}
	return err
}

// ends returns the vertices of an edge's nodes.
func (g *Graph) ends(e Edge) (from, to *vertex, err error) {
	from = g.vertexOf(e.From)
	if from == nil || from.node == nil {
		return nil, nil, fmt.Errorf("edge from unknown node %q", e.From)
	}
	to = g.vertexOf(e.To)
	if to == nil || to.node == nil {
		return nil, nil, fmt.Errorf("edge to unknown node %q", e.To)
	}
	return from, to, nil
}

func (g *Graph) addEdge(from, to *vertex, e Edge) {
	if e.Kind == 0 {
		e.Kind = Hard
	}
	if i, live := from.out.find(g.verts, to.ix, e.To); live {
		if strength(e.Kind) > strength(from.out.es[i].kind) {
			from.out.es[i].kind = e.Kind
		}
		return
	}
	from.out.add(g.verts, g.record(to, &e))
	to.in.add(g.verts, from)
	g.changed(from)
	g.changed(to)
	g.edges++
}

// RemoveEdge removes the edge between two nodes if there is one.
func (g *Graph) RemoveEdge(from, to string) {
	f, t := g.vertexOf(from), g.vertexOf(to)
	if f == nil || t == nil || !f.out.remove(g.verts, t.ix, to) {
		return
	}
	t.in.remove(g.verts, from)
	g.changed(f)
	g.changed(t)
	g.edges--
}

// RemoveNode removes a node with its edges in both directions (and its
// redundancy groups); a node that is not there is left alone. A linker
// that finds two inputs describing one resource keeps one node.
func (g *Graph) RemoveNode(id string) {
	v := g.vertexOf(id)
	if v == nil || v.node == nil {
		return
	}
	for _, e := range g.DependenciesOf(id) {
		g.RemoveEdge(id, e.To)
	}
	for _, e := range g.DependentsOf(id) {
		g.RemoveEdge(e.From, id)
	}
	delete(g.vs, id)
	v.gone = true
	g.nodes--
	g.dirty = true
	g.removed = true
}

// ReplaceEdge gives the edge from e.From to e.To e's kind, group, via
// and inference, in place, and reports whether there was such an edge.
// It does what RemoveEdge then AddEdge do, without moving the edge in
// either end's lists (the analyzer rewrites the edges of every node it
// infers a kind for). An empty kind is Hard, as for AddEdge.
//
// It writes the edge in the node's list in place: a Deps view taken
// before sees the edge's new fields, and the list keeps its length and
// order, so the view stays valid across the call (a list DependenciesOf
// handed out is its caller's copy and does not change). The analyzer
// reads a node's edges, decides, then rewrites the edges it read. Calls
// must not overlap with any other reader or writer of the graph: a group
// or via not seen before is added to the graph's string table, which
// every view and edge handed out reads.
func (g *Graph) ReplaceEdge(e Edge) bool {
	if e.Kind == 0 {
		e.Kind = Hard
	}
	f, t := g.known(&e) // an edge the graph handed out
	if f == nil {
		if f, t = g.vertexOf(e.From), g.vertexOf(e.To); f == nil || t == nil {
			return false
		}
	}
	i, live := f.out.find(g.verts, t.ix, e.To)
	if !live {
		return false
	}
	f.out.es[i] = g.record(t, &e) // in place: a Deps view sees it
	return true
}

// record returns e as its dependent's list holds it, its dependency the
// vertex to, its group and via interned.
func (g *Graph) record(to *vertex, e *Edge) edgeRec {
	return edgeRec{to: to.ix, group: g.intern(e.Group, 0), via: g.intern(e.Via, 1),
		kind: e.Kind, inferred: e.Inferred}
}

// intern returns the place of s in the graph's string table, adding it
// when new; last names the field (group 0, via 1) whose last answer is
// tried first.
func (g *Graph) intern(s string, last int) int32 {
	if s == "" {
		return 0
	}
	if i := g.lastStr[last]; g.strs[i] == s {
		return i
	}
	i, ok := g.strIx[s]
	if !ok {
		i = int32(len(g.strs))
		g.strs = append(g.strs, s)
		g.strIx[s] = i
	}
	g.lastStr[last] = i
	return i
}

// edge returns the edge of a record in the list of the vertex from, as
// callers see it: its ends' IDs and vertices, group and via spelled out.
func (g *Graph) edge(from *vertex, r *edgeRec) Edge {
	return Edge{From: from.node.ID, To: g.verts[r.to].node.ID, Kind: r.kind, Group: g.strs[r.group],
		Inferred: r.inferred, Via: g.strs[r.via], from: from.ix + 1, to: r.to + 1}
}

// edgesOf appends the edges of the vertex from's list to out.
func (g *Graph) edgesOf(out []Edge, from *vertex) []Edge {
	for k := range from.out.es {
		out = append(out, g.edge(from, &from.out.es[k]))
	}
	return out
}

func strength(k EdgeKind) int {
	switch k {
	case Hard:
		return 3
	case Soft:
		return 2
	case Control:
		return 1
	}
	return 0
}

// SetGroup declares a redundancy group for a dependent.
func (g *Graph) SetGroup(nodeID string, grp Group) {
	v := g.vertexOf(nodeID)
	if v == nil {
		// groups of unknown nodes are kept for when the node is added
		v = &vertex{out: edgeList{sorted: true}, in: refList{sorted: true}}
		g.index(v)
		g.vs[nodeID] = v.ix
		g.waiting++
	}
	if v.groups == nil {
		v.groups = &[]Group{}
	}
	l := *v.groups
	i, found := slices.BinarySearchFunc(l, grp.Name, compareGroup)
	if found {
		l[i] = grp
		return
	}
	*v.groups = slices.Insert(l, i, grp)
}

// groupsOf returns a vertex's groups, sorted by name.
func (v *vertex) groupsOf() []Group {
	if v.groups == nil {
		return nil
	}
	return *v.groups
}

func compareGroup(g Group, name string) int { return strings.Compare(g.Name, name) }

// Groups returns the redundancy groups of a node, sorted by name.
func (g *Graph) Groups(nodeID string) []Group {
	v := g.vertexOf(nodeID)
	if v == nil {
		return []Group{}
	}
	l := v.groupsOf()
	return append(make([]Group, 0, len(l)), l...) // the caller's own copy
}

// Group returns one redundancy group of a node.
func (g *Graph) Group(nodeID, name string) (Group, bool) {
	v := g.vertexOf(nodeID)
	if v == nil {
		return Group{}, false
	}
	l := v.groupsOf()
	i, ok := slices.BinarySearchFunc(l, name, compareGroup)
	if !ok {
		return Group{}, false
	}
	return l[i], true
}

// Warn records a non-fatal problem.
func (g *Graph) Warn(source, format string, args ...any) {
	g.warnings = append(g.warnings, Warning{Source: source, Message: fmt.Sprintf(format, args...)})
}

// Warnings returns the recorded warnings, sorted.
func (g *Graph) Warnings() []Warning {
	out := append([]Warning(nil), g.warnings...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Source != out[j].Source {
			return out[i].Source < out[j].Source
		}
		return out[i].Message < out[j].Message
	})
	return out
}

// Node returns the node with the given ID.
func (g *Graph) Node(id string) (*Node, bool) {
	v := g.vertexOf(id)
	if v == nil || v.node == nil {
		return nil, false
	}
	return v.node, true
}

// Len returns the number of nodes.
func (g *Graph) Len() int { return g.nodes }

// EdgeCount returns the number of edges.
func (g *Graph) EdgeCount() int { return g.edges }

// IDs returns every node ID, sorted. The list is the graph's own, kept
// until the node set changes: callers read it and never change it.
func (g *Graph) IDs() []string {
	if g.dirty || g.sorted == nil {
		if g.sorted != nil && !g.removed {
			g.mergeAdded()
		} else {
			g.sortAll()
		}
		g.dirty, g.removed, g.added = false, false, nil
	}
	g.sortEdges()
	return g.sorted
}

// sortAll lists every node, sorted by ID, in fresh lists: callers may
// hold the old ones.
func (g *Graph) sortAll() {
	// in the order the vertices were made, not the map's: an importer
	// adds its nodes mostly in order, and the sort finds the runs
	vs := make([]*vertex, 0, g.nodes)
	for _, v := range g.verts {
		if v.node != nil && !v.gone {
			vs = append(vs, v)
		}
	}
	slices.SortFunc(vs, compareVertex)
	g.sorted = make([]string, len(vs))
	g.list = make([]*Node, len(vs))
	g.vlist = make([]int32, len(vs))
	for i, v := range vs {
		g.sorted[i], g.list[i], g.vlist[i] = v.node.ID, v.node, v.ix
		v.pos = int32(i)
	}
}

// mergeAdded lists every node, sorted by ID, in fresh lists, when nodes
// were only added since the lists were last made: the added ones are
// sorted and merged into the old lists, not every ID sorted again (a
// linker that adds a few service nodes to a state of 100,000).
func (g *Graph) mergeAdded() {
	slices.SortFunc(g.added, compareVertex)
	n := len(g.sorted) + len(g.added)
	sorted, list := make([]string, 0, n), make([]*Node, 0, n)
	i := 0
	for _, v := range g.added {
		for i < len(g.sorted) && g.sorted[i] < v.node.ID {
			sorted, list = append(sorted, g.sorted[i]), append(list, g.list[i])
			i++
		}
		sorted, list = append(sorted, v.node.ID), append(list, v.node)
	}
	g.sorted, g.list = append(sorted, g.sorted[i:]...), append(list, g.list[i:]...)
	// the vertices in the same order, their places renumbered from the
	// first added one on
	first := len(g.vlist)
	if len(g.added) > 0 {
		first, _ = slices.BinarySearch(g.sorted, g.added[0].node.ID)
	}
	vl := slices.Grow(g.vlist[:first:first], n-first)
	j := first
	for _, v := range g.added {
		for j < len(g.vlist) && g.verts[g.vlist[j]].node.ID < v.node.ID {
			vl = append(vl, g.vlist[j])
			j++
		}
		vl = append(vl, v.ix)
	}
	g.vlist = append(vl, g.vlist[j:]...)
	for k := first; k < n; k++ {
		g.verts[g.vlist[k]].pos = int32(k)
	}
}

func compareVertex(a, b *vertex) int { return strings.Compare(a.node.ID, b.node.ID) }

// sortEdges tidies the edge lists that changed since they were last
// handed out: dependencies sorted by dependency, dependents by dependent.
func (g *Graph) sortEdges() {
	if len(g.unsorted) == 0 {
		return // nothing written: safe for concurrent readers
	}
	for _, v := range g.unsorted {
		v.out.tidy(g.verts)
		v.in.tidy(g.verts)
		v.queued = false
	}
	if cap(g.unsorted) > 1024 {
		g.unsorted = nil // a built graph keeps no room for its whole build
	} else {
		g.unsorted = g.unsorted[:0]
	}
}

// Index returns the place of a node in Nodes (and of its ID in IDs), and
// whether the graph has the node: a caller that keeps data by node in
// lists of that order finds a node's entry through the graph's own map,
// with no map of its own (the analyzer's was 5 MB at 100,000 nodes).
func (g *Graph) Index(id string) (int, bool) {
	g.IDs()
	v := g.vertexOf(id)
	if v == nil || v.node == nil {
		return 0, false
	}
	return int(v.pos), true
}

// Nodes returns every node, sorted by ID. The list is the graph's own,
// kept until the node set changes (no copy per call): callers read it and
// never change it.
func (g *Graph) Nodes() []*Node {
	g.IDs()
	return g.list
}

// NodesWithPrefix returns the nodes whose ID starts with prefix, sorted
// by ID: a range of the sorted IDs, found without a look at the others
// (a linker of a few services in a graph of a large state).
func (g *Graph) NodesWithPrefix(prefix string) []*Node {
	ids := g.IDs()
	lo := sort.SearchStrings(ids, prefix)
	hi := lo
	for hi < len(ids) && strings.HasPrefix(ids[hi], prefix) {
		hi++
	}
	return append([]*Node(nil), g.list[lo:hi]...)
}

// Edges returns every edge, sorted by dependent then dependency.
func (g *Graph) Edges() []Edge {
	g.IDs()
	out := make([]Edge, 0, g.edges)
	for _, ix := range g.vlist {
		out = g.edgesOf(out, g.verts[ix])
	}
	return out
}

// DependenciesOf returns the edges leaving a node (what it needs), sorted:
// the caller's own copy (a Deps view reads them without one).
func (g *Graph) DependenciesOf(id string) []Edge {
	g.sortEdges()
	if v := g.vertexOf(id); v != nil && len(v.out.es) > 0 {
		return g.edgesOf(make([]Edge, 0, len(v.out.es)), v)
	}
	return nil
}

// HasEdge reports whether there is an edge from one node to another,
// without scanning the node's edges.
func (g *Graph) HasEdge(from, to string) bool {
	v := g.vertexOf(from)
	if v == nil {
		return false
	}
	if es := v.out.es; !v.queued { // tidy: sorted, no tombstones; reading writes nothing
		if len(es) <= indexAbove {
			for k := range es {
				if g.verts[es[k].to].node.ID == to {
					return true
				}
			}
			return false
		}
		i := g.search(es, to)
		return i < len(es) && g.verts[es[i].to].node.ID == to
	}
	// being edited (by one goroutine): the index may be built
	t := g.vertexOf(to)
	if t == nil || t.node == nil {
		return false
	}
	_, live := v.out.find(g.verts, t.ix, to)
	return live
}

// search returns the place in a tidy list of the edge to the node with
// this ID, or where it would be.
func (g *Graph) search(es []edgeRec, id string) int {
	return sort.Search(len(es), func(i int) bool { return g.verts[es[i].to].node.ID >= id })
}

// DependentsOf returns the edges entering a node (what needs it), sorted.
func (g *Graph) DependentsOf(id string) []Edge {
	g.sortEdges()
	v := g.vertexOf(id)
	if v == nil || len(v.in.refs) == 0 {
		return nil
	}
	out := make([]Edge, len(v.in.refs))
	for k, r := range v.in.refs {
		from := g.verts[r]
		i := g.search(from.out.es, id) // tidy: sorted by dependency, and it holds this edge
		out[k] = g.edge(from, &from.out.es[i])
	}
	return out
}

// end returns the node of the vertex an edge's end names (ix, plus
// one), when the graph still has it under that ID; nil otherwise.
func (g *Graph) end(ix int32, id string) *Node {
	if ix <= 0 || int(ix) > len(g.verts) {
		return nil
	}
	v := g.verts[ix-1]
	if v.gone || v.node == nil || v.node.ID != id {
		return nil
	}
	return v.node
}

// To returns the node an edge points to (its dependency), or nil when the
// graph has no such node: for an edge the graph handed out, without a
// lookup by ID.
func (g *Graph) To(e Edge) *Node {
	if n := g.end(e.to, e.To); n != nil {
		return n
	}
	n, _ := g.Node(e.To)
	return n
}

// From returns the node an edge leaves (its dependent), as To does.
func (g *Graph) From(e Edge) *Node {
	if n := g.end(e.from, e.From); n != nil {
		return n
	}
	n, _ := g.Node(e.From)
	return n
}

// IndexTo returns Index(e.To): for an edge the graph handed out, without
// a lookup by ID.
func (g *Graph) IndexTo(e Edge) (int, bool) {
	g.IDs()
	if g.end(e.to, e.To) != nil {
		return int(g.verts[e.to-1].pos), true
	}
	return g.Index(e.To)
}

// NodeAt returns the node at place i of Nodes (0 <= i < Len()).
func (g *Graph) NodeAt(i int) *Node {
	g.IDs()
	return g.list[i]
}

// Deps is a view of one node's edges to its dependencies, sorted by
// dependency, read by place in the graph's own list: no copy made and
// nothing allocated (DependenciesOf copies them into edges). A view
// reads the list as it is until the graph next changes (ReplaceEdge's
// rewrites it sees); a caller that changes the graph takes a view
// again. The zero Deps is empty.
type Deps struct {
	g    *Graph
	from *vertex
	es   []edgeRec
}

// DepsAt returns the view of the dependencies of the node at place i of
// Nodes.
func (g *Graph) DepsAt(i int) Deps {
	g.IDs()
	v := g.verts[g.vlist[i]]
	return Deps{g, v, v.out.es}
}

// DepsOf returns the view of the dependencies of the node with this ID
// (empty when there is none).
func (g *Graph) DepsOf(id string) Deps {
	g.sortEdges()
	v := g.vertexOf(id)
	if v == nil || v.node == nil {
		return Deps{}
	}
	return Deps{g, v, v.out.es}
}

// Len returns the number of edges.
func (d Deps) Len() int { return len(d.es) }

// At returns edge j (0 <= j < Len()), as DependenciesOf lists it.
func (d Deps) At(j int) Edge { return d.g.edge(d.from, &d.es[j]) }

// Kind returns edge j's kind.
func (d Deps) Kind(j int) EdgeKind { return d.es[j].kind }

// Group returns edge j's redundancy group ("" for none).
func (d Deps) Group(j int) string { return d.g.strs[d.es[j].group] }

// Via returns where edge j came from.
func (d Deps) Via(j int) string { return d.g.strs[d.es[j].via] }

// Inferred reports whether edge j was chosen by a rule.
func (d Deps) Inferred(j int) bool { return d.es[j].inferred }

// To returns the node edge j points to (its dependency).
func (d Deps) To(j int) *Node { return d.g.verts[d.es[j].to].node }

// IndexTo returns the place in Nodes of edge j's dependency.
func (d Deps) IndexTo(j int) int {
	d.g.IDs()
	return int(d.g.verts[d.es[j].to].pos)
}

// GroupsAt returns the redundancy groups of the node at place i of
// Nodes, sorted by name. The list is the graph's own: callers read it
// and never change it (Groups returns a copy).
func (g *Graph) GroupsAt(i int) []Group {
	g.IDs()
	return g.verts[g.vlist[i]].groupsOf()
}

// Model exposes the underlying dominikbraun graph for algorithms that
// want it (cycle checks, paths). It reads this graph's nodes and edges
// and is read-only: changing it through the model returns an error.
func (g *Graph) Model() dgraph.Graph[string, *Node] { return g.g }

// String renders a stable, line-based description of the graph, meant for
// tests and debugging: one line per node, then one per edge.
func (g *Graph) String() string {
	var b strings.Builder
	for _, n := range g.Nodes() {
		loc := n.Placement.Region
		if z := n.Placement.AllZones(); len(z) > 0 {
			loc += " " + strings.Join(z, ",")
		}
		fmt.Fprintf(&b, "node %s %s %s [%s]\n", n.ID, n.Kind, n.Type, strings.TrimSpace(loc))
	}
	for _, e := range g.Edges() {
		extra := ""
		if e.Group != "" {
			extra = " group=" + e.Group
		}
		if e.Inferred {
			extra += " inferred"
		}
		fmt.Fprintf(&b, "edge %s -> %s %s%s\n", e.From, e.To, e.Kind, extra)
	}
	return b.String()
}

// sortedSet returns one (unless empty) and more, sorted, each once: a
// fresh slice, never nil, built without a map (placements are read per
// node and per scenario).
func sortedSet(one string, more []string) []string {
	if len(more) == 0 {
		if one == "" {
			return []string{}
		}
		return []string{one}
	}
	out := make([]string, 0, len(more)+1)
	if one != "" {
		out = append(out, one)
	}
	out = append(out, more...)
	slices.Sort(out)
	return slices.Compact(out)
}
