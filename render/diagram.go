package render

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// DiagramOptions choose what a diagram (dot, svg, png, mermaid, html)
// shows. The zero value is the default: the services and what takes
// them down (else the impacted part of the graph plus what explains it),
// collapsed automatically when too big.
type DiagramOptions struct {
	// View is services, impact, resources or all. Empty (the default)
	// is services when a scenario ran and the graph holds services,
	// else impact; all without a scenario.
	View string
	// Focus, when set, draws only this node (an ID, or an address that
	// names one node) and its neighbourhood.
	Focus string
	// Depth is how many dependency hops around Focus to draw: 0 draws the
	// focused node alone, with the chain that explains its state
	// (DefaultDepth is the command line's default).
	Depth int
	// Collapse is auto (default), none, instances, modules or locations.
	Collapse string
	// MaxNodes is how many nodes a diagram may hold before auto collapse
	// groups them (default DefaultMaxNodes).
	MaxNodes int
	// Cluster is what boxes group nodes by: location (default: provider,
	// region, zone), state (the input file a node was read from, with
	// its workspace) or team (the owner Report.Owners names).
	Cluster string
	// Embedded leaves the title, the counts and the notes out of the
	// picture: the page around it (the HTML report) shows them once.
	Embedded bool
}

// DefaultMaxNodes is the most nodes drawn before a diagram is collapsed
// automatically: beyond it graphviz layouts stop being legible.
const DefaultMaxNodes = 150

// AutoInstances is the node count above which auto collapse draws the
// instances of one resource (count, for_each, module instances) sharing
// a place and a state as one node.
const AutoInstances = 40

// DefaultDepth is the neighbourhood drawn around --focus by default.
const DefaultDepth = 2

// Diagram views and collapse levels, in the order help texts list them.
var (
	DiagramViews   = []string{"services", "impact", "resources", "all"}
	CollapseLevels = []string{"auto", "none", "instances", "modules", "locations"}
	ClusterBy      = []string{"location", "state", "team"}
)

// Validate checks the view and collapse names.
func (o DiagramOptions) Validate() error {
	if o.View != "" && !slices.Contains(DiagramViews, o.View) {
		return fmt.Errorf("unknown view %q (want %s)", o.View, strings.Join(DiagramViews, ", "))
	}
	if o.Collapse != "" && !slices.Contains(CollapseLevels, o.Collapse) {
		return fmt.Errorf("unknown collapse level %q (want %s)", o.Collapse, strings.Join(CollapseLevels, ", "))
	}
	if o.Depth < 0 {
		return fmt.Errorf("depth %d is negative", o.Depth)
	}
	if o.Cluster != "" && !slices.Contains(ClusterBy, o.Cluster) {
		return fmt.Errorf("unknown cluster %q (want %s)", o.Cluster, strings.Join(ClusterBy, ", "))
	}
	return nil
}

// ResolveFocus finds the node a --focus value names: a node ID, else the
// one node whose address or ID ends with it.
func ResolveFocus(g *graph.Graph, s string) (string, error) {
	if _, ok := g.Node(s); ok {
		return s, nil
	}
	var found []string
	for _, n := range g.Nodes() {
		if n.Address == s || strings.HasSuffix(n.ID, ":"+s) {
			found = append(found, n.ID)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return "", fmt.Errorf("focus: no node %q (give a node ID as 'blast graph --format json' lists them)", s)
	}
	if len(found) > 3 {
		found = append(found[:3], "...")
	}
	return "", fmt.Errorf("focus: %q names several nodes: %s", s, strings.Join(found, ", "))
}

// dstate is how a diagram node is drawn.
type dstate int

const (
	dHealthy dstate = iota
	dUnknown        // healthy, location unknown
	dFrozen         // healthy but frozen
	dDegraded
	dFailed
	dDomain // a failure domain taken down
)

func (s dstate) String() string {
	return [...]string{"healthy", "unknown", "frozen", "degraded", "failed", "domain"}[s]
}

// severity orders states for merging: domain and failed first.
func (s dstate) severity() int {
	return [...]int{0, 0, 1, 2, 3, 4}[s]
}

type dnode struct {
	key     string
	lines   []string
	state   dstate
	frozen  bool // frozen as well as failed or degraded
	count   int  // members of a collapsed node; 1 for a plain node
	members []string
	first   int // the index of its first member among the diagram's members
	tooltip string
	focus   bool
	path    []string // cluster keys, outermost first
}

type dedge struct {
	from, to string
	kind     graph.EdgeKind
	chain    bool   // the failure travelled along it
	state    dstate // of the dependent, for chain colour
	hops     int    // >1 when the edge stands for a chain through hidden nodes
	count    int    // graph edges merged into it
	faint    bool   // drawn light: it explains nothing
	loose    bool   // does not rank its ends (layout only)
	ltail    string // cluster key the edge leaves from as a whole
	label    string
}

type dcluster struct {
	key      string
	label    string
	kind     string // provider, region, zone, global, multi-region, unknown, services
	down     string // "region down", ... when a scenario domain took it down
	zoneIDs  map[string]bool
	children []*dcluster
	nodes    []*dnode
}

// diagram is the drawing model shared by the DOT and Mermaid writers.
type diagram struct {
	scenario bool // drawn from a scenario's result (else a plain graph)
	embedded bool // the page around the picture shows title, counts and notes
	title    string
	counts   string
	notes    []string
	clusters []*dcluster
	loose    []*dnode // nodes outside every cluster
	nodes    map[string]*dnode
	edges    []*dedge
	anchors  []*dedge // layout only: directly hit nodes to their domain
}

type member struct {
	n      *graph.Node
	at     int // the node's place in the graph's order (graph.Nodes)
	state  dstate
	frozen bool
	path   []pathElem
	tip    string
}

type pathElem struct {
	key, label, kind string
	zoneID           string
}

// buildDiagram selects, places and collapses the nodes to draw.
func buildDiagram(r *Report) (*diagram, error) {
	o := r.Diagram
	if err := o.Validate(); err != nil {
		return nil, err
	}
	defaultView := o.View == ""
	if defaultView {
		o.View = "impact"
		if r.Result != nil && hasServices(r.Graph) {
			o.View = "services"
		}
	}
	if o.Collapse == "" {
		o.Collapse = "auto"
	}
	if o.MaxNodes <= 0 {
		o.MaxNodes = DefaultMaxNodes
	}
	g := r.Graph
	res := r.Result
	d := &diagram{nodes: map[string]*dnode{}, scenario: res != nil, embedded: o.Embedded}
	if res == nil && o.View == "impact" {
		o.View = "all"
	}
	if o.View == "services" && !hasServices(g) {
		d.notes = append(d.notes, "the inputs hold no services: showing the impact view")
		o.View = "impact"
		if res == nil {
			o.View = "all"
		}
	}

	// 1. the nodes to draw; 2. each one's state and place. Nodes are
	// kept by their place in the graph's order, not by ID: sets and maps
	// of a million IDs were most of what drawing that many cost
	include, focus, err := selectNodes(g, res, o)
	if err != nil {
		return nil, err
	}
	if n := hideConfiguration(r, include, focus); n > 0 {
		d.notes = append(d.notes, hiddenNote(n))
	}
	members := placeMembers(r, include)

	// 3. failure domains
	domains := map[string]*dnode{}
	var domainPaths = map[string][]pathElem{}
	if res != nil {
		for _, dom := range res.Scenario.Down {
			if dom.Kind == analyzer.DomainNode {
				continue
			}
			name := dom.String()
			dn := &dnode{key: "domain:" + name, lines: []string{name, dom.Describe()}, state: dDomain, count: 1,
				tooltip: name + ": " + dom.Describe()}
			domains[name] = dn
			domainPaths[name] = domainPath(dom, members, o.Cluster)
		}
	}

	// 4. collapse
	level := o.Collapse
	var keys []string // each member's collapse key at level, when known
	if level == "auto" {
		level = "none"
		if len(members) > AutoInstances {
			for _, l := range CollapseLevels[2:] {
				level = l
				if keys = collapseKeys(keys, members, l, focus); countKeys(keys)+len(domains) <= o.MaxNodes {
					break
				}
			}
		}
		switch {
		case level == "instances":
			msg := fmt.Sprintf("instances of one resource in one place and state drawn as one node (%d nodes → %d); --collapse none draws each",
				len(members), countKeys(keys))
			d.notes = append(d.notes, msg)
			r.note(msg)
		case level != "none":
			msg := fmt.Sprintf("%d nodes are too many to draw legibly (limit %d): collapsed by %s; use --focus NODE [--depth N], --view services, or --collapse none to expand",
				len(members), o.MaxNodes, level)
			d.notes = append(d.notes, msg)
			r.note(msg)
		}
	} else if level != "none" {
		d.notes = append(d.notes, "collapsed by "+level)
	}
	group := make([]*dnode, len(include)) // a member's place in the graph's order → its drawn node
	groupOf := func(id string) *dnode {
		if i, ok := g.Index(id); ok {
			return group[i]
		}
		return nil
	}
	var order []string
	if keys == nil {
		keys = collapseKeys(nil, members, level, focus)
	}
	for k, m := range members {
		key := keys[k]
		dn := d.nodes[key]
		if dn == nil {
			dn = &dnode{key: key, state: m.state, frozen: m.frozen, path: pathKeys(m.path)}
			d.nodes[key] = dn
			order = append(order, key)
		}
		dn.count++
		dn.members = append(dn.members, m.n.ID)
		if dn.count == 1 {
			dn.tooltip = m.tip
			dn.first = k
		}
		if m.n.ID == focus {
			dn.focus = true
		}
		group[m.at] = dn
	}
	// labels, now that the counts are known; a plain node's label names
	// its input when another member has its name (counted for the names
	// of plain nodes alone: a collapsed million has few)
	sameLabel := map[string]int{}
	for _, key := range order {
		if dn := d.nodes[key]; dn.count == 1 {
			sameLabel[baseName(members[dn.first].n)] = 0
		}
	}
	for _, m := range members {
		if c, ok := sameLabel[baseName(m.n)]; ok {
			sameLabel[baseName(m.n)] = c + 1
		}
	}
	for _, key := range order {
		dn := d.nodes[key]
		m := members[dn.first]
		if dn.count == 1 {
			dn.key = m.n.ID
			dn.lines = nodeLines(m.n)
			if sameLabel[baseName(m.n)] > 1 && m.n.Address != "" && m.n.ID != m.n.Address {
				dn.lines = append(dn.lines, "in "+strings.TrimSuffix(m.n.ID, ":"+m.n.Address))
			}
		} else {
			dn.lines = groupLines(m, level, dn.count)
			dn.tooltip = fmt.Sprintf("%d nodes: %s", dn.count, strings.Join(firstN(dn.members, 10), ", "))
		}
		if res != nil {
			dn.lines = append(dn.lines, stateLine(dn))
		} else if dn.state == dUnknown {
			dn.lines = append(dn.lines, "location unknown")
		}
	}
	// re-key (plain nodes by their ID)
	byKey := make(map[string]*dnode, len(order)+len(domains))
	for _, key := range order {
		dn := d.nodes[key]
		byKey[dn.key] = dn
	}
	d.nodes = byKey
	for name, dn := range domains {
		dn.path = pathKeys(domainPaths[name])
		d.nodes[dn.key] = dn
	}

	// 5. edges
	type ekey struct{ from, to string }
	edges := map[ekey]*dedge{}
	var hits []domainHit
	addEdge := func(from, to *dnode, kind graph.EdgeKind, chain bool, st dstate, hops int) {
		if from == nil || to == nil || from == to {
			return
		}
		k := ekey{from.key, to.key}
		e := edges[k]
		if e == nil {
			e = &dedge{from: from.key, to: to.key, kind: kind, hops: hops}
			edges[k] = e
		}
		e.count++
		if edgeStrength(kind) > edgeStrength(e.kind) {
			e.kind = kind
		}
		if chain {
			if !e.chain || hops < e.hops {
				e.hops = hops
			}
			e.chain = true
			if st.severity() > e.state.severity() || e.state == dHealthy {
				e.state = st
			}
		}
	}
	// every edge, in the graph's order, read in place (a list of them
	// all, with their strings, was most of what drawing 100,000 nodes
	// allocated)
	for i, in := range include {
		if !in {
			continue
		}
		deps := g.DepsAt(i)
		for j := range deps.Len() {
			if to := deps.IndexTo(j); include[to] {
				addEdge(group[i], group[to], deps.Kind(j), false, dHealthy, 1)
			}
		}
	}
	if res != nil {
		for _, m := range members {
			im, ok := res.Impact(m.n.ID)
			if !ok {
				continue
			}
			addChain(g, im.Chain, im, groupOf, domains, addEdge, &hits, group[m.at].state)
			addChain(g, im.FrozenChain, im, groupOf, domains, addEdge, &hits, dFrozen)
		}
	}
	// direct hits from outside a domain's cluster: one link per node, or
	// one per cluster when several nodes of a cluster were hit the same way
	type hitKey struct {
		cluster, domain string
		kind            graph.EdgeKind
		state           dstate
	}
	byCluster := map[hitKey][]*dnode{}
	anchored := map[ekey]bool{}
	var hitKeys []hitKey
	// a node with a drawn dependency ranks by it; a sink ranks next to
	// its domain
	hasDep := map[string]bool{}
	for _, e := range edges {
		hasDep[e.from] = true
	}
	for _, h := range hits {
		if h.anchor && hasDep[h.node.key] {
			continue
		}
		if h.anchor {
			if !anchored[ekey{h.node.key, h.domain.key}] {
				anchored[ekey{h.node.key, h.domain.key}] = true
				d.anchors = append(d.anchors, &dedge{from: h.node.key, to: h.domain.key, count: 1})
			}
			continue
		}
		k := hitKey{domain: h.domain.key, kind: h.kind, state: h.state}
		if len(h.node.path) > 0 {
			k.cluster = h.node.path[len(h.node.path)-1]
		}
		if _, ok := byCluster[k]; !ok {
			hitKeys = append(hitKeys, k)
		}
		if !slices.Contains(byCluster[k], h.node) {
			byCluster[k] = append(byCluster[k], h.node)
		}
	}
	for _, k := range hitKeys {
		ns := byCluster[k]
		sort.Slice(ns, func(i, j int) bool { return ns[i].key < ns[j].key })
		if len(ns) == 1 || k.cluster == "" {
			for _, n := range ns {
				addEdge(n, d.nodes[k.domain], k.kind, true, k.state, 1)
			}
			continue
		}
		// one link from the cluster: Graphviz clips it at the cluster edge
		e := &dedge{from: ns[0].key, to: k.domain, kind: k.kind, chain: true, state: k.state, hops: 1, count: len(ns),
			ltail: k.cluster, label: fmt.Sprintf("%d %s", countMembers(ns), k.state)}
		edges[ekey{e.from, e.to}] = e
	}
	// in the impact and services views an edge between two failed nodes
	// that the failure did not travel along explains little: drawn faint,
	// and left out of the ranking (the chains set the layout)
	faint := res != nil && (o.View == "impact" || o.View == "services")
	for _, e := range edges {
		if faint && !e.chain && d.nodes[e.from].state == dFailed && d.nodes[e.to].state == dFailed {
			e.faint = true
			// services rank by what takes them down, not by each other
			e.loose = o.View == "services"
		}
		d.edges = append(d.edges, e)
	}
	sort.Slice(d.edges, func(i, j int) bool {
		if d.edges[i].from != d.edges[j].from {
			return d.edges[i].from < d.edges[j].from
		}
		return d.edges[i].to < d.edges[j].to
	})

	// 6. clusters
	d.place(members, group, domains, domainPaths, res)

	// 7. title
	if res != nil {
		d.title = "What if " + ScenarioName(res.Scenario) + " goes down?"
		s := res.Summary
		d.counts = CountsText(s, " · ")
		if res.Services.Nodes > 0 {
			d.counts += fmt.Sprintf(" (services: %d failed, %d degraded of %d)", res.Services.Failed, res.Services.Degraded, res.Services.Nodes)
		}
	} else {
		d.title = "Dependency graph"
		d.counts = fmt.Sprintf("%d nodes, %d edges", g.Len(), g.EdgeCount())
	}
	if (res != nil && o.View != "impact") || (res == nil && o.View != "all") || focus != "" {
		v := "view: " + o.View
		if defaultView && o.View == "services" {
			v = "view: services (--view impact draws every impacted node, --view all everything)"
		}
		if focus != "" {
			v = fmt.Sprintf("focus: %s (depth %d)", focus, o.Depth)
		}
		d.notes = append([]string{v}, d.notes...)
	}
	if len(members) == 0 && res != nil {
		d.notes = append(d.notes, "nothing is impacted")
	}
	return d, nil
}

// addChain draws the links of one explanation chain between the drawn
// nodes it passes through; hidden stretches become one link with a hop
// count. A node hit directly outside its domain's cluster gets a link to
// the domain.
func addChain(g *graph.Graph, ch []analyzer.Step, im analyzer.Impact, group func(id string) *dnode, domains map[string]*dnode,
	add func(from, to *dnode, kind graph.EdgeKind, chain bool, st dstate, hops int), hits *[]domainHit, st dstate) {
	if len(ch) == 0 {
		return
	}
	prev, prevAt := group(ch[0].Node), 0
	if prev == nil {
		return
	}
	for i := 1; i < len(ch); i++ {
		next := group(ch[i].Node)
		if next == nil {
			continue
		}
		kind := graph.Hard
		for _, e := range g.DependenciesOf(ch[prevAt].Node) {
			if e.To == ch[prevAt+1].Node {
				kind = e.Kind
			}
		}
		add(prev, next, kind, true, st, i-prevAt)
		prev, prevAt = next, i
	}
	// the last drawn node, when it is the directly hit one
	if prevAt != len(ch)-1 {
		return
	}
	dom := domains[im.Domain]
	if dom == nil {
		return
	}
	if within(prev.path, dom.path) {
		*hits = append(*hits, domainHit{node: prev, domain: dom, anchor: true})
		return
	}
	{
		kind := graph.Hard
		if st == dFrozen || strings.Contains(ch[len(ch)-1].Why, "control plane") {
			kind = graph.Control
		}
		*hits = append(*hits, domainHit{node: prev, domain: dom, kind: kind, state: st})
	}
}

// domainHit is a node a failure domain hit directly from outside the
// domain's own cluster.
type domainHit struct {
	node, domain *dnode
	kind         graph.EdgeKind
	state        dstate
	anchor       bool // inside the domain's cluster: drawn without a link
}

// within reports whether a node placed at path sits inside the cluster
// at the end of dpath (so its cluster already says it is down).
func within(path, dpath []string) bool {
	if len(dpath) == 0 || len(path) < len(dpath) {
		return false
	}
	for i := range dpath {
		if path[i] != dpath[i] {
			return false
		}
	}
	return true
}

func edgeStrength(k graph.EdgeKind) int {
	switch k {
	case graph.Hard:
		return 3
	case graph.Soft:
		return 2
	case graph.Control:
		return 1
	}
	return 0
}

// place builds the cluster tree and marks the clusters a domain took down.
func (d *diagram) place(members []member, group []*dnode, domains map[string]*dnode, domainPaths map[string][]pathElem, res *analyzer.Result) {
	byKey := map[string]*dcluster{}
	var ensure func(path []pathElem) *dcluster
	ensure = func(path []pathElem) *dcluster {
		if len(path) == 0 {
			return nil
		}
		last := path[len(path)-1]
		c := byKey[last.key]
		if c == nil {
			c = &dcluster{key: last.key, label: last.label, kind: last.kind, zoneIDs: map[string]bool{}}
			byKey[last.key] = c
			if parent := ensure(path[:len(path)-1]); parent != nil {
				parent.children = append(parent.children, c)
			} else {
				d.clusters = append(d.clusters, c)
			}
		}
		if last.zoneID != "" {
			c.zoneIDs[last.zoneID] = true
		}
		return c
	}
	seen := map[*dnode]bool{}
	for _, m := range members {
		dn := group[m.at]
		c := ensure(m.path)
		if seen[dn] {
			continue
		}
		seen[dn] = true
		if c == nil {
			d.loose = append(d.loose, dn)
		} else {
			c.nodes = append(c.nodes, dn)
		}
	}
	names := make([]string, 0, len(domains))
	for name := range domains {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		dn := domains[name]
		if c := ensure(domainPaths[name]); c != nil {
			c.nodes = append(c.nodes, dn)
		} else {
			d.loose = append(d.loose, dn)
		}
	}
	if res != nil {
		for _, dom := range res.Scenario.Down {
			switch dom.Kind {
			case analyzer.DomainProvider:
				markDown(byKey[dom.Cloud], dom.Describe())
			case analyzer.DomainRegion:
				markDown(byKey[dom.Cloud+":"+dom.Region], dom.Describe())
			case analyzer.DomainZone:
				for _, c := range byKey {
					if c.kind != "zone" {
						continue
					}
					if (dom.Zone != "" && c.key == dom.Cloud+":"+dom.Zone) || (dom.ZoneID != "" && (c.zoneIDs[dom.ZoneID] || c.key == dom.Cloud+":"+dom.ZoneID)) {
						markDown(c, dom.Describe())
					}
				}
			}
		}
	}
	var sortTree func(cs []*dcluster)
	sortTree = func(cs []*dcluster) {
		sort.Slice(cs, func(i, j int) bool { return clusterLess(cs[i], cs[j]) })
		for _, c := range cs {
			sort.Slice(c.nodes, func(i, j int) bool { return c.nodes[i].key < c.nodes[j].key })
			sortTree(c.children)
		}
	}
	sortTree(d.clusters)
	sort.Slice(d.loose, func(i, j int) bool { return d.loose[i].key < d.loose[j].key })
}

func markDown(c *dcluster, why string) {
	if c != nil && c.down == "" {
		c.down = why
	}
}

// clusterLess orders clusters: services first, then by key, with global,
// multi-region and unknown locations after the regions of a provider.
func clusterLess(a, b *dcluster) bool {
	rank := func(c *dcluster) int {
		switch c.kind {
		case "services":
			return 0
		case "global":
			return 2
		case "multi-region":
			return 3
		case "unknown":
			return 4
		}
		return 1
	}
	if rank(a) != rank(b) {
		return rank(a) < rank(b)
	}
	return a.key < b.key
}

// placePath is the cluster path of a node: provider → region → zone, or
// provider → global / multi-region / location unknown, or services.
func placePath(n *graph.Node, scope graph.Scope) []pathElem {
	p := n.Placement
	cloud := p.Cloud
	if cloud == "" {
		if n.Kind == graph.KindService {
			return []pathElem{{key: "services", label: "services", kind: "services"}}
		}
		return []pathElem{{key: "unknown", label: "location unknown", kind: "unknown"}}
	}
	prov := pathElem{key: cloud, label: cloud, kind: "provider"}
	switch {
	case scope == graph.ScopeGlobal:
		return []pathElem{prov, {key: cloud + ":global", label: "global", kind: "global"}}
	case len(p.Regions) > 0 || scope == graph.ScopeMultiRegion:
		return []pathElem{prov, {key: cloud + ":multi-region", label: "multi-region", kind: "multi-region"}}
	case p.Region == "" && p.Zone == "" && p.ZoneID == "":
		return []pathElem{prov, {key: cloud + ":unknown", label: "location unknown", kind: "unknown"}}
	}
	path := []pathElem{prov}
	if p.Region != "" {
		path = append(path, pathElem{key: cloud + ":" + p.Region, label: p.Region, kind: "region"})
	}
	zones := p.AllZones()
	switch {
	case len(zones) == 1:
		path = append(path, pathElem{key: cloud + ":" + zones[0], label: zones[0], kind: "zone", zoneID: p.ZoneID})
	case len(zones) == 0 && p.ZoneID != "":
		path = append(path, pathElem{key: cloud + ":" + p.ZoneID, label: p.ZoneID, kind: "zone", zoneID: p.ZoneID})
	}
	return path
}

// clusterPath is the cluster path of a node for the diagram's Cluster:
// its location (placePath, by the node's scope), its input file, or its
// owning team; a node without a file or team is drawn outside every box.
func clusterPath(r *Report, n *graph.Node, scope graph.Scope) []pathElem {
	switch r.Diagram.Cluster {
	case "state":
		if n.Source.File == "" {
			return nil
		}
		label := n.Source.File
		if ws := n.Labels["workspace"]; ws != "" { // importers' workspace label
			label += " (workspace " + ws + ")"
		}
		return []pathElem{{key: "state:" + n.Source.File, label: label, kind: "state"}}
	case "team":
		t := r.Owners.Of(n)
		if t == "" {
			return nil
		}
		return []pathElem{{key: "team:" + t, label: "team " + t, kind: "team"}}
	}
	return placePath(n, scope)
}

// domainPath places a failure domain's node in the cluster it took down;
// none when boxes stand for states or teams.
func domainPath(dom analyzer.Domain, members []member, cluster string) []pathElem {
	if cluster != "" && cluster != "location" {
		return nil
	}
	prov := pathElem{key: dom.Cloud, label: dom.Cloud, kind: "provider"}
	region := pathElem{key: dom.Cloud + ":" + dom.Region, label: dom.Region, kind: "region"}
	switch dom.Kind {
	case analyzer.DomainProvider:
		return []pathElem{prov}
	case analyzer.DomainRegion, analyzer.DomainService:
		return []pathElem{prov, region}
	case analyzer.DomainZone:
		if dom.Zone == "" {
			// a zone by AZ ID: the zone cluster of a member with that ID
			for _, m := range members {
				if m.n.Placement.Cloud == dom.Cloud && m.n.Placement.ZoneID == dom.ZoneID && len(m.path) == 3 {
					return m.path
				}
			}
			if dom.Region == "" {
				return []pathElem{prov, {key: dom.Cloud + ":" + dom.ZoneID, label: dom.ZoneID, kind: "zone", zoneID: dom.ZoneID}}
			}
			return []pathElem{prov, region, {key: dom.Cloud + ":" + dom.ZoneID, label: dom.ZoneID, kind: "zone", zoneID: dom.ZoneID}}
		}
		return []pathElem{prov, region, {key: dom.Cloud + ":" + dom.Zone, label: dom.Zone, kind: "zone"}}
	}
	return nil
}

func pathKeys(path []pathElem) []string {
	out := make([]string, len(path))
	for i, p := range path {
		out[i] = p.key
	}
	return out
}

func hasServices(g *graph.Graph) bool {
	for _, n := range g.Nodes() {
		if n.Kind == graph.KindService {
			return true
		}
	}
	return false
}

// neighbourhood returns the nodes within depth hops of id, following
// edges both ways.
func neighbourhood(g *graph.Graph, id string, depth int) map[string]bool {
	seen := map[string]bool{id: true}
	frontier := []string{id}
	for d := 0; d < depth && len(frontier) > 0; d++ {
		var next []string
		for _, n := range frontier {
			for _, e := range g.DependenciesOf(n) {
				if !seen[e.To] {
					seen[e.To] = true
					next = append(next, e.To)
				}
			}
			for _, e := range g.DependentsOf(n) {
				if !seen[e.From] {
					seen[e.From] = true
					next = append(next, e.From)
				}
			}
		}
		sort.Strings(next)
		frontier = next
	}
	return seen
}

// collapseKeys writes each member's collapse key at level (the drawn
// node it falls in) into keys (reused), in member order. A key is built
// in one buffer and kept once, however many members share it: a million
// members collapse to a few hundred nodes, not a million strings.
func collapseKeys(keys []string, members []member, level, focus string) []string {
	keys = keys[:0]
	seen := map[string]string{}
	var b []byte
	for _, m := range members {
		if level == "none" || m.n.ID == focus {
			keys = append(keys, m.n.ID)
			continue
		}
		// "group:" PATH "|" STATE ["+frozen"] "|" what the level groups by
		b = append(b[:0], "group:"...)
		for i, p := range m.path {
			if i > 0 {
				b = append(b, '/')
			}
			b = append(b, p.key...)
		}
		b = append(append(b, '|'), m.state.String()...)
		if m.frozen {
			b = append(b, "+frozen"...)
		}
		b = append(b, '|')
		switch level {
		case "instances":
			b = appendStripped(append(b, inputPrefix(m.n)...), baseName(m.n))
		case "modules":
			b = append(b, topName(m.n)...)
		default:
			b = append(b, m.n.Kind...)
		}
		k, ok := seen[string(b)]
		if !ok {
			k = string(b)
			seen[k] = k
		}
		keys = append(keys, k)
	}
	return keys
}

// countKeys counts the distinct keys: the nodes a collapse draws.
func countKeys(keys []string) int {
	set := make(map[string]struct{}, min(len(keys), 1024)) // collapsed, most keys repeat
	for _, k := range keys {
		set[k] = struct{}{}
	}
	return len(set)
}

// baseName is a node's address without the input prefix, or its ID.
func baseName(n *graph.Node) string {
	if n.Address != "" {
		return n.Address
	}
	return n.ID
}

func inputPrefix(n *graph.Node) string {
	if n.Address != "" && strings.HasSuffix(n.ID, n.Address) {
		return strings.TrimSuffix(n.ID, n.Address)
	}
	return ""
}

// stripKeys removes instance keys ([0], ["a.b"]) from an address, so
// that every instance of one resource shares a name.
func stripKeys(addr string) string { return string(appendStripped(nil, addr)) }

// appendStripped appends addr with its instance keys removed (stripKeys)
// to b.
func appendStripped(b []byte, addr string) []byte {
	depth := 0
	inStr := false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inStr:
			if c == '\\' && i+1 < len(addr) {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"' && depth > 0:
			inStr = true
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case depth == 0:
			b = append(b, c)
		}
	}
	return b
}

// topName groups a node at the modules level: its outermost module
// (module.vpc), else its resource type.
func topName(n *graph.Node) string {
	if n.Kind == graph.KindService {
		return "services"
	}
	s := stripKeys(baseName(n))
	if strings.HasPrefix(s, "module.") {
		name, _, _ := strings.Cut(strings.TrimPrefix(s, "module."), ".")
		return "module." + name
	}
	if n.Type != "" {
		return n.Type
	}
	return s
}

const maxLine = 44

// nodeLines labels a plain node: module path, then resource name.
func nodeLines(n *graph.Node) []string {
	mod, rest := splitModule(baseName(n))
	var out []string
	if mod != "" {
		out = append(out, shorten(mod))
	}
	return append(out, splitName(rest)...)
}

// splitName puts a long type.name on two lines.
func splitName(s string) []string {
	if len([]rune(s)) <= maxLine {
		return []string{s}
	}
	if typ, name, ok := strings.Cut(s, "."); ok && typ != "data" {
		return []string{shorten(typ), shorten("." + name)}
	}
	return []string{shorten(s)}
}

// groupLines labels a collapsed node.
func groupLines(m member, level string, count int) []string {
	switch level {
	case "instances":
		mod, rest := splitModule(stripKeys(baseName(m.n)))
		var out []string
		if mod != "" {
			out = append(out, shorten(mod))
		}
		return append(out, splitName(rest+fmt.Sprintf(" ×%d", count))...)
	case "modules":
		return []string{shorten(topName(m.n)) + fmt.Sprintf(" ×%d", count)}
	}
	what := "resources"
	if m.n.Kind == graph.KindService {
		what = "services"
	}
	return []string{fmt.Sprintf("%d %s", count, what)}
}

func stateLine(dn *dnode) string {
	s := dn.state.String()
	if dn.state == dUnknown {
		s = "healthy · location unknown"
	}
	if dn.frozen {
		s += " · frozen"
	}
	return s
}

// splitModule splits an address into its module path and the rest.
func splitModule(addr string) (string, string) {
	rest := addr
	end := 0
	for strings.HasPrefix(rest, "module.") {
		i := len("module.")
		depth, inStr := 0, false
		for ; i < len(rest); i++ {
			c := rest[i]
			if inStr {
				if c == '\\' {
					i++
				} else if c == '"' {
					inStr = false
				}
				continue
			}
			if c == '"' {
				inStr = true
			} else if c == '[' {
				depth++
			} else if c == ']' {
				depth--
			} else if c == '.' && depth == 0 {
				break
			}
		}
		if i >= len(rest) {
			break
		}
		end += i + 1
		rest = rest[i+1:]
	}
	if end == 0 || rest == "" {
		return "", addr
	}
	return addr[:end-1], rest
}

// shorten keeps a label line readable: long lines lose their middle.
func shorten(s string) string {
	r := []rune(s)
	if len(r) <= maxLine {
		return s
	}
	keep := (maxLine - 1) / 2
	return string(r[:keep]) + "…" + string(r[len(r)-keep:])
}

func firstN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(append([]string(nil), s[:n]...), fmt.Sprintf("and %d more", len(s)-n))
}

func countMembers(ns []*dnode) int {
	c := 0
	for _, n := range ns {
		c += n.count
	}
	return c
}

// selectNodes picks the nodes a view draws, each by its place in the
// graph's order (graph.Nodes), and resolves the focus node.
func selectNodes(g *graph.Graph, res *analyzer.Result, o DiagramOptions) ([]bool, string, error) {
	nodes := g.Nodes()
	include := make([]bool, len(nodes))
	add := func(id string) {
		if i, ok := g.Index(id); ok {
			include[i] = true
		}
	}
	focus := ""
	if o.Focus != "" {
		id, err := ResolveFocus(g, o.Focus)
		if err != nil {
			return nil, "", err
		}
		focus = id
		for id := range neighbourhood(g, focus, o.Depth) {
			add(id)
		}
		if res != nil {
			if im, ok := res.Impact(focus); ok {
				for _, s := range append(append([]analyzer.Step(nil), im.Chain...), im.FrozenChain...) {
					add(s.Node)
				}
			}
		}
	} else {
		switch o.View {
		case "impact":
			for _, im := range res.Impacts {
				add(im.ID)
				for _, s := range im.Chain {
					add(s.Node)
				}
				for _, s := range im.FrozenChain {
					add(s.Node)
				}
				for _, l := range im.Left {
					add(l)
				}
			}
		case "services":
			for i, n := range nodes {
				if n.Kind == graph.KindService && n.Mode != graph.ModeData {
					include[i] = true
					if res == nil {
						continue
					}
					if im, ok := res.Impact(n.ID); ok && len(im.Chain) > 0 {
						add(im.Chain[len(im.Chain)-1].Node)
					}
				}
			}
		case "resources":
			for i, n := range nodes {
				if n.Kind != graph.KindService && n.Mode != graph.ModeData {
					include[i] = true
				}
			}
		default: // all
			for i, n := range nodes {
				if n.Mode != graph.ModeData {
					include[i] = true
				}
			}
		}
	}
	// data sources carry no state; leave them out unless focused on
	for i, n := range nodes {
		if include[i] && n.Mode == graph.ModeData && n.ID != focus {
			include[i] = false
		}
	}

	return include, focus, nil
}

// placeMembers gives each drawn node its state, cluster path and tooltip.
func placeMembers(r *Report, include []bool) []member {
	g := r.Graph
	res := r.Result
	var members []member
	for i, n := range g.Nodes() {
		if !include[i] {
			continue
		}
		scope := r.Analyzer.ScopeOf(n.ID)
		m := member{n: n, at: i, path: clusterPath(r, n, scope)}
		if scope == graph.ScopeUnknown && n.Kind == graph.KindResource {
			m.state = dUnknown
		}
		m.tip = n.ID + " (" + n.Type + ")"
		if res != nil {
			if im, ok := res.Impact(n.ID); ok {
				switch im.State {
				case analyzer.Failed:
					m.state, m.frozen = dFailed, im.Frozen
				case analyzer.Degraded:
					m.state, m.frozen = dDegraded, im.Frozen
				default:
					m.state = dFrozen
				}
				m.tip += ": " + stateLabel(im) + ": " + ChainText(im.Chain)
				if len(im.FrozenChain) > 0 {
					m.tip += "; frozen: " + ChainText(im.FrozenChain)
				}
			}
		}
		members = append(members, m)
	}

	return members
}
