package analyzer

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/glob"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/parallel"
)

// State is how a node fares in a scenario.
type State uint8

// Node states, ordered: a state only ever rises during propagation.
const (
	Healthy State = iota
	Degraded
	Failed
)

func (s State) String() string {
	switch s {
	case Degraded:
		return "degraded"
	case Failed:
		return "failed"
	}
	return "healthy"
}

// MarshalText renders the state name in JSON.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseState parses healthy, degraded or failed.
func ParseState(s string) (State, error) {
	switch strings.ToLower(s) {
	case "healthy":
		return Healthy, nil
	case "degraded":
		return Degraded, nil
	case "failed":
		return Failed, nil
	}
	return Healthy, fmt.Errorf("unknown state %q (want healthy, degraded or failed)", s)
}

// Scenario is a set of failure domains taken down together.
type Scenario struct {
	Name    string   `json:"name"`
	Title   string   `json:"title,omitempty"`
	Date    string   `json:"date,omitempty"`
	Summary string   `json:"summary,omitempty"`
	Sources []string `json:"sources,omitempty"`
	Down    []Domain `json:"down"`
	// Effects are observed platform dependencies the scenario also
	// triggers (regional service degradations seen in a real event).
	Effects []Effect `json:"effects,omitempty"`
}

// Effect degrades, fails or freezes the resources of a service (or of
// some types) in a region, as observed in a historical event.
type Effect struct {
	Cloud string `json:"cloud"`
	// Region is a region name, or "*" for every region and global
	// resources.
	Region  string `json:"region"`
	Service string `json:"service,omitempty"`
	// Types selects resources by type pattern (aws_lb, aws_ecs_*);
	// Attrs narrows by allow-listed attribute values.
	Types []string          `json:"types,omitempty"`
	Attrs map[string]string `json:"attrs,omitempty"`
	// State is degraded or failed; Frozen freezes the control plane.
	State  State `json:"state"`
	Frozen bool  `json:"frozen,omitempty"`
	// ControlPlanes freezes every global resource whose control plane is
	// homed in Region.
	ControlPlanes bool   `json:"controlPlanes,omitempty"`
	Reason        string `json:"reason"`
	Source        string `json:"source,omitempty"`
	// Observed marks an effect that comes from the platform knowledge's
	// observed dependencies, triggered by a service domain (Trigger);
	// Event names the outage it was seen in.
	Observed bool   `json:"observed,omitempty"`
	Trigger  string `json:"trigger,omitempty"`
	Event    string `json:"event,omitempty"`
}

// DomainNames returns the scenario's domains as --down values.
func (s Scenario) DomainNames() []string {
	out := make([]string, len(s.Down))
	for i, d := range s.Down {
		out[i] = d.String()
	}
	return out
}

// Step is one link of an explanation chain.
type Step struct {
	// Node is the node ID of this link.
	Node string `json:"node"`
	// Why says how this link is affected: "needs X (hard, via subnet_id)".
	Why string `json:"why"`
}

// Impact is what a scenario does to one node.
type Impact struct {
	ID     string `json:"id"`
	State  State  `json:"state"`
	Frozen bool   `json:"frozen"`
	// Reason is the one-line cause of the state.
	Reason string `json:"reason"`
	// Domain is the failure domain at the root of the explanation.
	Domain string `json:"domain"`
	// Chain leads from the node to the resource the domain took down,
	// each step with its reason.
	Chain []Step `json:"chain"`
	// FrozenReason and FrozenChain explain the frozen flag when it has
	// its own cause.
	FrozenReason string `json:"frozenReason,omitempty"`
	FrozenChain  []Step `json:"frozenChain,omitempty"`
	// Inferred is set when the chain crosses an edge chosen by a rule
	// rather than read from the input.
	Inferred bool `json:"inferred,omitempty"`
	// Lost and Left list, for a degraded node, the redundant members or
	// locations lost and those still serving.
	Lost []string `json:"lost,omitempty"`
	Left []string `json:"left,omitempty"`
	// Configuration marks a node that only configures what serves (a
	// security group, a policy attachment, a launch template: see
	// platform.Role). State and Frozen stay what propagation gave it;
	// reports call it "affected" and count it apart (Summary.Affected).
	Configuration bool `json:"configuration,omitempty"`
}

// Affected reports whether the impact is on a configuration node: it is
// counted in Summary.Affected, not as failed, degraded or frozen.
func (im Impact) Affected() bool { return im.Configuration }

// Summary counts node states. Healthy, Degraded, Failed and Affected
// partition Nodes: Failed and Degraded count serving nodes only, Affected
// the configuration nodes that propagation failed, degraded or froze
// (they cannot change; what they configure serves or fails on its own
// account). Frozen is a flag over the serving nodes (a failed node can be
// frozen too), and FrozenOnly counts the healthy ones among them.
type Summary struct {
	Nodes      int `json:"nodes"`
	Healthy    int `json:"healthy"`
	Degraded   int `json:"degraded"`
	Failed     int `json:"failed"`
	Affected   int `json:"affected"`
	Frozen     int `json:"frozen"`
	FrozenOnly int `json:"frozenOnly"`
	// Unplaced counts failure targets whose location is unknown.
	Unplaced int `json:"unplaced"`
}

// Result is the outcome of one scenario.
type Result struct {
	Scenario Scenario
	Summary  Summary
	// Services summarises service nodes alone (zero when there are none).
	Services Summary
	// Impacts lists every node that is not healthy or is frozen, by ID.
	Impacts  []Impact
	Warnings []string
	// Effects lists every effect the scenario applied: its own and the
	// observed platform dependencies its service domains triggered.
	Effects []Effect
	// where an impact is in Impacts, through the analyzer's index of
	// nodes: at (1 + its place, by node index; 0 for none) for a whole
	// run; for a run of a few nodes (RunFor), nodeOf, each impact's node
	// index, ascending, searched (a matrix reads its rows' cells by node
	// index, ImpactAt: no lookup by ID, and no list as long as the graph
	// for each of its scenarios)
	an     *Analyzer
	at     []int32
	nodeOf []int32
}

// Impact returns the impact on one node, if it is impacted.
func (r *Result) Impact(id string) (Impact, bool) {
	if r.an == nil { // a result not made by an analyzer
		return Impact{}, false
	}
	if i, ok := r.an.indexOf(id); ok {
		return r.ImpactAt(i)
	}
	return Impact{}, false
}

// ImpactAt returns the impact on the node at index i of the analyzer's
// Nodes, as Impact does, without a lookup by ID.
func (r *Result) ImpactAt(i int) (Impact, bool) {
	if r.at != nil {
		if r.at[i] > 0 {
			return r.Impacts[r.at[i]-1], true
		}
		return Impact{}, false
	}
	if k, found := slices.BinarySearch(r.nodeOf, int32(i)); found {
		return r.Impacts[k], true
	}
	return Impact{}, false
}

// AnalyzedBy reports whether a ran the result's scenario: then ImpactAt
// takes a's indexes.
func (r *Result) AnalyzedBy(a *Analyzer) bool { return r.an != nil && r.an == a }

// StateOf returns a node's state and frozen flag.
func (r *Result) StateOf(id string) (State, bool) {
	im, ok := r.Impact(id)
	if !ok {
		return Healthy, false
	}
	return im.State, im.Frozen
}

// Analyzer runs scenarios over one graph. It compiles the graph into an
// integer-indexed view once; each scenario is then linear in its size.
type Analyzer struct {
	g     *graph.Graph
	k     *platform.Knowledge
	inf   *Inferred
	nodes []*graph.Node // the graph's, sorted by ID: a node's index is its place (indexOf)
	scope []scopeCode   // each node's failure scope (ScopeAt), a byte: nothing for the collector to scan
	// scopes outside scopeNames (a saved graph's, read back), by node
	otherScope map[int32]graph.Scope
	// by node, and nil when no node has one (most states have none):
	spread  []string    // zone-redundant capacity in its region: the reason
	standby [][]string  // regions holding a copy served only after a failover
	regions [][]regionM // multi-region nodes: the regions they live in
	// every node's dependency edges, node after node, and where node i's
	// start (outAt[i], outAt[len(nodes)] the end): one array, not a list
	// a node whose header the collector marks (outOf)
	out   []cedge
	outAt []int32
	// dependents, with the index of their edge, laid out as out (inOf)
	in     []inRef
	inAt   []int32
	groups [][]cgroup
	// each node's zones, sorted, its zone ID when it has no zone name
	// (zonesOf): a list's place in zoneLists by node, 0 for none; nodes
	// in one zone share its list
	zoneAt    []int32
	zoneLists [][]string
	gbase     []int32           // where node i's groups start in a flat list of all; gbase[len(nodes)] is ngroups
	gflat     []gcount          // every node's groups' counts, in that flat list
	ngroups   int32             // groups of every node
	zoneReg   map[string]string // cloud:zone or cloud:zone ID → region
	// zoneShared holds, for the zones (cloud:zone) nodes of several
	// regions name, those regions in order: OpenStack's default zone is
	// "nova" in every region
	zoneShared map[string][]string
	// unknown holds, for the few nodes whose region or zone is unknown
	// until apply, which part is (unknownRegion, unknownZone bits)
	unknown map[int32]uint8
	// inert marks nodes that are not infrastructure (random_*, null_resource,
	// tls_*): never hit, never raised by their dependencies
	inert []bool
	// config marks resource nodes whose type only configures what serves
	config []bool
	// unraised marks the nodes propagation never raises: data sources
	// and what is not infrastructure
	unraised []bool
	// what explaining and counting read of every node, kept beside the
	// nodes (reading a node's own fields is a cache miss a node)
	bits []nodeBits
	// what the knowledge says of each node's type (factsOf): a type's
	// place in factTab by node, one typeFacts shared by every node of a
	// type, and no pointer a node for the collector to mark
	factAt  []int32
	factTab []*typeFacts

	presentOnce sync.Once
	present     map[string]bool // failure domains holding a resource
	heldOnce    sync.Once
	heldByName  map[string]Domain // the domains the graph holds (held)
	homesOnce   sync.Once
	homes       map[string]bool // regions homing a global node's control plane
	rules       *ruleIndex      // the edge rules by pair of types (bestEffort)

	storesOnce sync.Once
	stores     []StoreCopies // stateful stores and their copies (data.go)

	runs sync.Pool // *runState, for the next scenario
	// nearFn is regionIndex's answer, made once (near)
	nearOnce sync.Once
	nearFn   func(Domain) []int32
	// hits keeps CountHits' counts by domain, once counted
	hits struct {
		sync.Mutex
		count map[Domain]int
	}
}

// runState is what propagation works in for one scenario, by node
// index: reused from one scenario to the next (a risk search runs
// hundreds of scenarios over a large graph, and lists made anew for each
// were most of what the collector had to do).
type runState struct {
	level        []State
	frozen       []bool
	at           []int32 // seedSet.at
	accs         []acc
	prevL        []State
	prevF, prevC []bool
	dead, sick   []int32
	queue        []int32 // propagate's worklist, kept for the next run
	seeds        seedSet // its lists kept for the next run
}

// runState returns a cleared runState, from the pool when it has one.
func (a *Analyzer) runState() *runState {
	if r, ok := a.runs.Get().(*runState); ok {
		clear(r.level)
		clear(r.frozen)
		clear(r.at)
		clear(r.accs)
		clear(r.prevL)
		clear(r.prevF)
		clear(r.prevC)
		clear(r.dead)
		clear(r.sick)
		return r
	}
	n := len(a.nodes)
	return &runState{level: make([]State, n), frozen: make([]bool, n), at: make([]int32, n),
		accs: make([]acc, n), prevL: make([]State, n), prevF: make([]bool, n), prevC: make([]bool, n),
		dead: make([]int32, a.ngroups), sick: make([]int32, a.ngroups)}
}

// done hands a runState back once its scenario's states and seeds are
// read: nothing may hold its lists after.
func (a *Analyzer) done(r *runState) { a.runs.Put(r) }

// cedge is one compiled edge, laid out small (a large state has
// hundreds of thousands): its group is named by the dependent's groups.
type cedge struct {
	to       int32
	gi       int32    // index into the dependent's groups, -1 when none
	code     edgeCode // its kind
	inferred bool
}

// placeZone records that a node of region names zone (cloud:zone or
// cloud:zone ID), which zoneReg does not yet give that region.
func (a *Analyzer) placeZone(zone, region string) {
	if was := a.zoneReg[zone]; was != "" {
		if a.zoneShared == nil {
			a.zoneShared = map[string][]string{}
		}
		for _, r := range []string{was, region} {
			if at, found := slices.BinarySearch(a.zoneShared[zone], r); !found {
				a.zoneShared[zone] = slices.Insert(a.zoneShared[zone], at, r)
			}
		}
	}
	a.zoneReg[zone] = region
}

// zoneRegions returns the regions a zone domain takes zones down in:
// every region whose nodes name a zone several regions share, else the
// one zoneRegion gives (none when no node says).
func (a *Analyzer) zoneRegions(d Domain) []string {
	for _, z := range []string{d.Zone, d.ZoneID} {
		if rs := a.zoneShared[d.Cloud+":"+z]; z != "" && rs != nil {
			return rs
		}
	}
	if r := a.zoneRegion(d); r != "" {
		return []string{r}
	}
	return nil
}

// zoneRegion returns the one region a zone domain's zone is in: the
// domain's own, else the region nodes give its name, else its ID; ""
// when no node says, or when nodes of several regions name the zone (a
// scenario taking it down hits all of them, whatever region the domain
// was listed with).
func (a *Analyzer) zoneRegion(d Domain) string {
	for _, z := range []string{d.Zone, d.ZoneID} {
		if z != "" && a.zoneShared[d.Cloud+":"+z] != nil {
			return ""
		}
	}
	if d.Region != "" {
		return d.Region
	}
	for _, z := range []string{d.Zone, d.ZoneID} {
		if r := a.zoneReg[d.Cloud+":"+z]; z != "" && r != "" {
			return r
		}
	}
	return ""
}

// factsOf returns what the knowledge says of node i's type.
func (a *Analyzer) factsOf(i int) *typeFacts { return a.factTab[a.factAt[i]] }

// zonesOf returns node i's zones, sorted (its zone ID when it has no
// zone name); the list is shared and read only.
func (a *Analyzer) zonesOf(i int) []string { return a.zoneLists[a.zoneAt[i]] }

// outOf returns node i's dependency edges, in the graph's order.
func (a *Analyzer) outOf(i int) []cedge {
	return a.out[a.outAt[i]:a.outAt[i+1]:a.outAt[i+1]]
}

// inOf returns node j's dependents, each with the index of its edge in
// the dependent's list, in node order.
func (a *Analyzer) inOf(j int) []inRef {
	return a.in[a.inAt[j]:a.inAt[j+1]:a.inAt[j+1]]
}

// kind is the edge's kind.
func (e cedge) kind() graph.EdgeKind { return e.code.kind() }

// indexOf returns a node's index (its place in a.nodes), found through
// the graph's map, not one of the analyzer's own; a graph changed after
// Compile is searched.
func (a *Analyzer) indexOf(id string) (int, bool) {
	if i, ok := a.g.Index(id); ok && i < len(a.nodes) && a.nodes[i].ID == id {
		return i, true
	}
	return slices.BinarySearchFunc(a.nodes, id, func(n *graph.Node, id string) int { return strings.Compare(n.ID, id) })
}

// indexTo returns the index of an edge's dependency, as indexOf does,
// without a lookup by ID for an edge the graph handed out.
func (a *Analyzer) indexTo(e graph.Edge) (int, bool) {
	if i, ok := a.g.IndexTo(e); ok && i < len(a.nodes) && a.nodes[i].ID == e.To {
		return i, true
	}
	return a.indexOf(e.To)
}

// depIndex returns the index of the dependency of a view's edge j
// (indexTo).
func (a *Analyzer) depIndex(deps graph.Deps, j int) int {
	i, _ := a.indexTo(deps.At(j))
	return i
}

// viaOf returns the via of node i's j-th edge. The compiled edges leave
// it out (16 bytes an edge, hundreds of thousands of edges, and read only
// to explain): it is read from the graph's list, which Compile copied in
// its order.
func (a *Analyzer) viaOf(i, j int) string {
	var deps graph.Deps
	if i < a.g.Len() && a.g.NodeAt(i) == a.nodes[i] { // the graph's order is still the analyzer's
		deps = a.g.DepsAt(i)
	} else {
		deps = a.g.DepsOf(a.nodes[i].ID)
	}
	to := a.nodes[a.outOf(i)[j].to].ID
	if j < deps.Len() && deps.To(j).ID == to {
		return deps.Via(j)
	}
	for k := range deps.Len() { // the graph changed after Compile
		if deps.To(k).ID == to {
			return deps.Via(k)
		}
	}
	return ""
}

// inRef is one edge into a node, seen from the dependency: the
// dependent, the edge's index in its list, and what propagation reads of
// the edge (its group and kind), held here so that carrying a rise along
// the edges into a node reads no dependent's list.
type inRef struct {
	from int32
	edge int32
	gi   int32 // the edge's group in the dependent, -1 when none
	kind edgeCode
}

// edgeCode is an edge kind as propagation distinguishes it.
type edgeCode uint8

const (
	codeHard edgeCode = iota // hard, and any kind contribution treats as hard
	codeSoft
	codeControl
)

func codeOf(k graph.EdgeKind) edgeCode {
	switch k {
	case graph.Soft:
		return codeSoft
	case graph.Control:
		return codeControl
	}
	return codeHard
}

// kind is the edge kind contribution reads for a code.
func (c edgeCode) kind() graph.EdgeKind {
	switch c {
	case codeSoft:
		return graph.Soft
	case codeControl:
		return graph.Control
	}
	return graph.Hard
}

// gcount is what propagation reads of a group, kept in one flat list
// beside its dead and sick counts (Analyzer.gflat): reading it touches
// no list of the node's own.
type gcount struct {
	need, n int32 // as cgroup's
	hard    bool
}

type cgroup struct {
	name string
	need int  // as declared; clamped to the member count when used
	n    int  // members
	hard bool // some member edge is not soft
}

// regionM is one region a multi-region node lives in, or, for a
// multi-region location such as GCS "US", a prefix standing for several.
type regionM struct {
	name   string // the region, or the location's name
	prefix []string
}

// New compiles g for analysis with the given platform knowledge (nil for
// the embedded default). It first runs the inference step (Infer) on g:
// redundancy groups, edge kinds and replica placements read from the
// resources' attributes. Inference is idempotent, so g may be analysed
// again.
func New(g *graph.Graph, k *platform.Knowledge) *Analyzer {
	if k == nil {
		k = platform.Default()
	}
	return Compile(g, k, Infer(g, k))
}

// Compile compiles g for analysis with the conclusions of an inference
// step already drawn (Infer on the same graph, or RestoreInferred of a
// graph saved after one), without reading any attribute again: the
// browser page (package explore) analyses a graph that carries none.
func Compile(g *graph.Graph, k *platform.Knowledge, inf *Inferred) *Analyzer {
	if k == nil {
		k = platform.Default()
	}
	nodes := g.Nodes()
	a := &Analyzer{g: g, k: k, inf: inf, nodes: nodes, scope: make([]scopeCode, len(nodes)),
		outAt: make([]int32, len(nodes)+1), inAt: make([]int32, len(nodes)+1),
		groups: make([][]cgroup, len(nodes)), gbase: make([]int32, len(nodes)+1), zoneAt: make([]int32, len(nodes)), zoneLists: [][]string{nil}, zoneReg: map[string]string{},
		inert: make([]bool, len(nodes)), config: make([]bool, len(nodes)), rules: newRuleIndex(k)}
	// what the knowledge says of a type is asked once per type, not once
	// per node: a large state holds a few hundred types
	facts := map[string]int32{}
	a.factAt = make([]int32, len(nodes))
	for i, n := range nodes {
		at, ok := facts[n.Type]
		if !ok {
			f := &typeFacts{inert: k.NotInfrastructure(n.Type), config: k.Configuration(n.Type)}
			if e, ok := k.Lookup(n.Type); ok {
				f.service = e.Service
			}
			if home, e, ok := k.ControlPlaneHome(n); ok { // by its type alone
				f.home, f.homeService = home, e.Service
			}
			at = int32(len(a.factTab))
			facts[n.Type] = at
			a.factTab = append(a.factTab, f)
		}
		a.factAt[i] = at
	}
	if len(inf.spread) > 0 {
		a.spread = make([]string, len(nodes))
	}
	if len(inf.standby) > 0 {
		a.standby = make([][]string, len(nodes))
	}
	// each node's edges at their place in one array, counted first
	for i := range nodes {
		a.outAt[i+1] = a.outAt[i] + int32(g.DepsAt(i).Len())
	}
	a.out = make([]cedge, a.outAt[len(nodes)])
	var others sync.Mutex // guards otherScope
	// each node's compiled view is its own, built on every core, its
	// edges carved from its block's slabs; the maps and dependents' lists
	// shared between nodes are filled after, in node order
	parallel.Blocks(len(nodes), parallelFrom, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			n, f := nodes[i], a.factsOf(i)
			s, ok := inf.scope[n.ID]
			if !ok {
				s = k.ScopeOnly(n)
			}
			c, known := codeOfScope(s)
			a.scope[i] = c
			if !known {
				others.Lock()
				if a.otherScope == nil {
					a.otherScope = map[int32]graph.Scope{}
				}
				a.otherScope[int32(i)] = s
				others.Unlock()
			}
			if a.spread != nil {
				a.spread[i] = inf.spread[n.ID]
			}
			if a.standby != nil {
				a.standby[i] = inf.standby[n.ID]
			}
			a.inert[i] = f.inert
			a.config[i] = n.Kind == graph.KindResource && f.config
			a.compileEdges(i, n)
		}
	})
	// the regions of multi-region nodes, listed when a node has them
	for i, c := range a.scope {
		if c == scopeMultiRegion {
			if a.regions == nil {
				a.regions = make([][]regionM, len(nodes))
			}
			p := &nodes[i].Placement
			a.regions[i] = a.expand(p.Cloud, p.AllRegions())
		}
	}
	// the zones of a node in several: a list of its own; of a node in
	// one zone: one list per zone, shared (read only)
	one := map[string]int32{}
	for i, n := range nodes {
		p := &n.Placement
		if len(p.Zones) > 0 {
			a.zoneAt[i] = int32(len(a.zoneLists))
			a.zoneLists = append(a.zoneLists, p.AllZones())
			continue
		}
		z := cmp.Or(p.Zone, p.ZoneID)
		if z == "" {
			continue
		}
		l, ok := one[z]
		if !ok {
			l = int32(len(a.zoneLists))
			a.zoneLists = append(a.zoneLists, []string{z})
			one[z] = l
		}
		a.zoneAt[i] = l
	}
	// dependents' lists laid out as the edges: each node's place in one
	// array, counted first, filled in node order (next: where node j's
	// next dependent goes)
	for _, ce := range a.out {
		a.inAt[ce.to+1]++
	}
	for j := range nodes {
		a.inAt[j+1] += a.inAt[j]
	}
	a.in = make([]inRef, len(a.out))
	next := slices.Clone(a.inAt[:len(nodes)])
	a.unraised = make([]bool, len(nodes))
	a.bits = make([]nodeBits, len(nodes))
	for i, n := range nodes {
		a.unraised[i] = n.Mode == graph.ModeData || a.inert[i]
		a.bits[i] = bitsOf(n)
		_, inferred := inf.scope[n.ID]
		if bits := a.unknownBits(i, n, inferred); bits != 0 {
			if a.unknown == nil {
				a.unknown = map[int32]uint8{}
			}
			a.unknown[int32(i)] = bits
		}
		p := n.Placement
		if p.Region != "" && p.Cloud != "" {
			// written when it changes: the key is made only then
			for _, z := range a.zonesOf(i) {
				if a.zoneReg[p.Cloud+":"+z] != p.Region {
					a.placeZone(p.Cloud+":"+z, p.Region) // the zone ID too, as below
				}
			}
			if p.ZoneID != "" && a.zoneReg[p.Cloud+":"+p.ZoneID] != p.Region {
				a.placeZone(p.Cloud+":"+p.ZoneID, p.Region)
			}
		}
		for e, ce := range a.outOf(i) {
			a.in[next[ce.to]] = inRef{from: int32(i), edge: int32(e), gi: ce.gi, kind: ce.code}
			next[ce.to]++
		}
		a.gbase[i] = a.ngroups
		a.ngroups += int32(len(a.groups[i]))
	}
	a.gbase[len(nodes)] = a.ngroups
	a.gflat = make([]gcount, 0, a.ngroups)
	for i := range nodes {
		for _, g := range a.groups[i] {
			a.gflat = append(a.gflat, gcount{need: int32(g.need), n: int32(g.n), hard: g.hard})
		}
	}
	return a
}

// nodeBits is what the analysis reads of a node's mode and kind.
type nodeBits uint8

const (
	bitData      nodeBits = 1 << iota // a data source (graph.ModeData)
	bitResource                       // graph.KindResource
	bitService                        // graph.KindService
	bitInherited                      // placed through a dependency (a placement rule "inherited:…")
)

func bitsOf(n *graph.Node) nodeBits {
	var b nodeBits
	if n.Mode == graph.ModeData {
		b |= bitData
	}
	switch n.Kind {
	case graph.KindResource:
		b |= bitResource
	case graph.KindService:
		b |= bitService
	}
	if strings.HasPrefix(n.Placement.Rule, "inherited:") {
		b |= bitInherited
	}
	return b
}

// scopeCode is a failure scope as the analyzer keeps it, one byte a
// node: scopeNames[code], or the node's entry in otherScope.
type scopeCode uint8

const (
	scopeUnknown scopeCode = iota
	scopeZonal
	scopeRegional
	scopeMultiRegion
	scopeGlobal
	scopeOther // otherScope holds it
)

// scopeNames are the scopes by code.
var scopeNames = [...]graph.Scope{scopeUnknown: graph.ScopeUnknown, scopeZonal: graph.ScopeZonal,
	scopeRegional: graph.ScopeRegional, scopeMultiRegion: graph.ScopeMultiRegion, scopeGlobal: graph.ScopeGlobal}

// codeOfScope returns a scope's code, and false (scopeOther) for a
// string that is none of graph's scopes.
func codeOfScope(s graph.Scope) (scopeCode, bool) {
	for c, name := range scopeNames {
		if name == s {
			return scopeCode(c), true
		}
	}
	return scopeOther, false
}

// svcAt returns the regional service of node i as Knowledge.ServiceOf
// names it: its type's entry's, else the importer's.
func (a *Analyzer) svcAt(i int) string { return cmp.Or(a.factsOf(i).service, a.nodes[i].Service) }

// spreadAt returns why node i is zone-redundant in its region, "" when
// it is not.
func (a *Analyzer) spreadAt(i int) string {
	if a.spread == nil {
		return ""
	}
	return a.spread[i]
}

// standbyAt returns the regions holding a copy of node i served only
// after a failover.
func (a *Analyzer) standbyAt(i int) []string {
	if a.standby == nil {
		return nil
	}
	return a.standby[i]
}

// regionsAt returns the regions a multi-region node i lives in.
func (a *Analyzer) regionsAt(i int) []regionM {
	if a.regions == nil {
		return nil
	}
	return a.regions[i]
}

// typeFacts is what the platform knowledge says of one resource type.
type typeFacts struct {
	inert   bool   // not infrastructure
	config  bool   // only configures what serves
	service string // the entry's service, "" when the importer's holds
	// where its control plane is homed (Knowledge.ControlPlaneHome) and
	// the entry's service, "" when nowhere: asked once a type, not once
	// a global node a scenario
	home, homeService string
	// what readStores asks of the type, read there (once per type)
	stores *storeFacts
}

// compileEdges fills node i's redundancy groups and dependency edges,
// by index, in the graph's order.
func (a *Analyzer) compileEdges(i int, n *graph.Node) {
	var gidx map[string]int32
	for _, grp := range a.g.GroupsAt(i) { // the graph's order is the analyzer's
		if gidx == nil {
			gidx = map[string]int32{}
		}
		gidx[grp.Name] = int32(len(a.groups[i]))
		a.groups[i] = append(a.groups[i], cgroup{name: grp.Name, need: grp.Need})
	}
	deps := a.g.DepsAt(i)
	out := a.outOf(i)
	for j := range deps.Len() {
		kind := deps.Kind(j)
		ce := cedge{to: int32(a.depIndex(deps, j)), code: codeOf(kind), gi: -1, inferred: deps.Inferred(j)}
		if group := deps.Group(j); group != "" && kind != graph.Control {
			gi, ok := gidx[group]
			if !ok {
				if gidx == nil {
					gidx = map[string]int32{}
				}
				gi = int32(len(a.groups[i]))
				gidx[group] = gi
				a.groups[i] = append(a.groups[i], cgroup{name: group, need: 1})
			}
			ce.gi = gi
			a.groups[i][gi].n++
			if kind != graph.Soft {
				a.groups[i][gi].hard = true
			}
		}
		out[j] = ce
	}
}

// expand turns a node's regions into the regions they stand for: a GCP
// dual-region (nam4) into its two regions, a multi-region (us) into a
// prefix over the regions it may use.
func (a *Analyzer) expand(cloud string, regions []string) []regionM {
	var out []regionM
	seen := map[string]bool{}
	for _, r := range regions {
		if loc, ok := a.k.Location(cloud, r); ok && loc.Kind != "pair" {
			if len(loc.Prefixes) > 0 {
				out = append(out, regionM{name: r, prefix: loc.Prefixes})
				continue
			}
			for _, x := range loc.Regions {
				if !seen[x] {
					seen[x] = true
					out = append(out, regionM{name: x})
				}
			}
			continue
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, regionM{name: r})
		}
	}
	return out
}

// Graph returns the analysed graph.
func (a *Analyzer) Graph() *graph.Graph { return a.g }

// Knowledge returns the platform knowledge in use.
func (a *Analyzer) Knowledge() *platform.Knowledge { return a.k }

// Inferences returns what the inference step concluded, sorted by node.
func (a *Analyzer) Inferences() []Inference { return append([]Inference(nil), a.inf.List...) }

// InferencesFor returns the inferences about one node.
func (a *Analyzer) InferencesFor(id string) []Inference {
	var out []Inference
	for _, x := range a.inf.List {
		if x.Node == id {
			out = append(out, x)
		}
	}
	return out
}

// Configuration reports whether a node only configures what serves (its
// type's role in the platform knowledge): reports count it as affected,
// apart from what stops serving.
func (a *Analyzer) Configuration(id string) bool {
	i, ok := a.indexOf(id)
	return ok && a.config[i]
}

// ConfigurationAt reports, as Configuration does, whether the node at
// index i of Nodes only configures what serves.
func (a *Analyzer) ConfigurationAt(i int) bool { return a.config[i] }

// ScopeAt returns, as ScopeOf does, the scope of the node at index i of
// Nodes.
func (a *Analyzer) ScopeAt(i int) graph.Scope {
	if c := a.scope[i]; c < scopeOther {
		return scopeNames[c]
	}
	return a.otherScope[int32(i)]
}

// Nodes returns the analysed graph's nodes in the order the analyzer
// compiled them (the graph's order). The slice is shared: do not change it.
func (a *Analyzer) Nodes() []*graph.Node { return a.nodes }

// ServiceOf returns the regional service a node belongs to as the
// platform knowledge names it (dynamodb, sqs), "" when none.
func (a *Analyzer) ServiceOf(id string) string {
	if i, ok := a.indexOf(id); ok {
		return a.svcAt(i)
	}
	return ""
}

// ScopeOf returns the failure scope the analyzer uses for a node.
func (a *Analyzer) ScopeOf(id string) graph.Scope {
	if i, ok := a.indexOf(id); ok {
		return a.ScopeAt(i)
	}
	return graph.ScopeUnknown
}

// ZoneRedundant returns, for a regional node spread over the zones of its
// region without the zones being recorded, why it is; "" otherwise.
func (a *Analyzer) ZoneRedundant(id string) string {
	if i, ok := a.indexOf(id); ok {
		return a.spreadAt(i)
	}
	return ""
}

type seed struct {
	level   State
	frozen  bool
	reason  string
	freason string
	domain  string
	fdomain string
	lost    []string
	left    []string
}

// seedSet holds what a scenario does to each node directly, by node
// index: the nodes it hits (or touches at all) in a list, every other
// node the zero seed. A zone down hits a small part of a large graph,
// and a seed for every node was most of what a scenario allocated. The
// list grows a chunk at a time, never copied, and its chunks are written
// again by the next scenario that reuses the set (runState): a seed past
// the n written is stale, and at never points to one.
type seedSet struct {
	at     []int32 // 1 + the node's place in the list; 0 for the zero seed; -1 - its place in shared
	chunks [][]seed
	n      int32
	shared []*seed // seeds held elsewhere, read only (share)
}

const seedChunk = 512

var noSeed seed

// hit is how one domain alone hits a node directly, in a byte: the
// node's level, whether it is frozen, and whether it has regions left
// (local), all propagating reads of a seed. RiskGroups keeps one for every
// node each domain hits, and the few seeds with regions left whole.
type hit uint8

const (
	hitLevel  hit = 3      // its State
	hitFrozen hit = 1 << 2 // frozen
	hitLeft   hit = 1 << 3 // regions left: the seed is kept whole
)

// hitOf packs what propagating reads of node i's seed: its regions left
// only on a multi-region node, the only kind local reads them of.
func (a *Analyzer) hitOf(i int, s *seed) hit {
	h := hit(s.level) & hitLevel
	if s.frozen {
		h |= hitFrozen
	}
	if s.left != nil && a.scope[i] == scopeMultiRegion {
		h |= hitLeft
	}
	return h
}

// plainSeeds holds, by a hit's level and frozen bits, the seed of that
// level and flag with nothing else: what a propagation reads of a seed
// without regions left, shared by every node hit so (read only).
var plainSeeds = func() (out [(hitLevel | hitFrozen) + 1]seed) {
	for h := range out {
		out[h] = seed{level: State(hit(h) & hitLevel), frozen: hit(h)&hitFrozen != 0}
	}
	return out
}()

// of returns node i's seed; do not change it.
func (s *seedSet) of(i int) *seed {
	if k := s.at[i]; k > 0 {
		k--
		return &s.chunks[k/seedChunk][k%seedChunk]
	} else if k < 0 {
		return s.shared[-k-1]
	}
	return &noSeed
}

// share records node i's seed (once per node) as sd itself, which the
// caller keeps and never changes: no copy is made.
func (s *seedSet) share(i int, sd *seed) {
	s.shared = append(s.shared, sd)
	s.at[i] = -int32(len(s.shared))
}

// set records node i's seed (once per node), unless it is the zero seed.
func (s *seedSet) set(i int, sd seed) {
	if sd.level == Healthy && !sd.frozen && sd.reason == "" && sd.freason == "" && sd.domain == "" && sd.fdomain == "" && sd.lost == nil && sd.left == nil {
		return
	}
	k := int(s.n) / seedChunk
	if k == len(s.chunks) {
		s.chunks = append(s.chunks, make([]seed, seedChunk))
	}
	s.chunks[k][int(s.n)%seedChunk] = sd
	s.n++
	s.at[i] = s.n
}

// reset empties the set for the next scenario over the cleared at,
// keeping its chunks and shared list to write again.
func (s *seedSet) reset(at []int32) {
	s.at, s.n, s.shared = at, 0, s.shared[:0]
}

type down struct {
	providers map[string]bool
	regions   map[string]string   // cloud:region → domain name
	zones     map[string]string   // cloud:zone or cloud:zoneid → domain name
	byRegion  map[string][]string // cloud:region → zones down in it (names or IDs)
	regionsOf map[string][]string // cloud → regions down
	services  map[string]string   // cloud:region/service → domain name
	nodes     map[string]bool
	zoneList  []zoneDown // every zone down, in scenario order: a zone several regions name once per region
	effects   []cEffect
	// only, when not nil, lists in ascending order the nodes the domains
	// can hit directly, the others left unevaluated (RiskGroups: a set of
	// domains hits directly only what some of its domains hits alone)
	only []int32
	// given, when not nil, runs beside only: each node's seed, taken as
	// it is without evaluating the node, or nil to evaluate it
	// (RiskGroups: a node one domain of the set hits alone is hit as by
	// that domain; own is asked only where two of them meet)
	given []*seed
	// reasons holds "in DOMAIN (region down)" and the like, made once
	// for every node the domain hits (a scenario's nodes are evaluated
	// one after another, never at once)
	reasons map[[2]string]string
	// quiet, when set, leaves the seeds' reasons out (RiskGroups reads
	// states alone, over thousands of scenarios): own writes no text
	quiet bool
	// regions, zones (names and IDs) and services, the keys of the maps
	// above listed as their parts (placesDown), for the lookups of the
	// nodes evaluated
	regionList, zoneKeys, serviceList placesDown
}

// region returns the domain that takes a cloud's region down, if one
// does; no key is made when none does (a zone's scenario, most of a
// matrix's or a risk search's).
func (d *down) region(cloud, region string) (string, bool) {
	if len(d.regions) == 0 {
		return "", false
	}
	if len(d.regionList) <= fewDown {
		return d.regionList.find(cloud, region, "")
	}
	dom, ok := d.regions[cloud+":"+region]
	return dom, ok
}

// service returns the domain that takes a cloud's regional service
// down, if one does, as region does.
func (d *down) service(cloud, region, service string) (string, bool) {
	if len(d.services) == 0 {
		return "", false
	}
	if len(d.serviceList) <= fewDown {
		return d.serviceList.find(cloud, region, service)
	}
	dom, ok := d.services[cloud+":"+region+"/"+service]
	return dom, ok
}

// placeDown is one region, zone or regional service a scenario takes
// down (service empty but for a service), and the domain that does.
type placeDown struct {
	cloud, place, service, domain string
}

// placesDown lists a scenario's places of one kind beside its map by
// key. A scenario takes down a few, which a lookup compares part by part:
// a key made and hashed for every node evaluated was most of what
// evaluating the nodes of a region or service cost at a million nodes.
type placesDown []placeDown

// fewDown is the most places of one kind a lookup compares one by one;
// beyond it the key is made for the map.
const fewDown = 8

// set adds a place, or gives the one listed the new domain (as a map
// written twice keeps the last).
func (l *placesDown) set(p placeDown) {
	for i, q := range *l {
		if q.cloud == p.cloud && q.place == p.place && q.service == p.service {
			(*l)[i].domain = p.domain
			return
		}
	}
	*l = append(*l, p)
}

// find returns the domain of the listed place, if there is one.
func (l placesDown) find(cloud, place, service string) (string, bool) {
	for _, q := range l {
		if q.place == place && q.service == service && q.cloud == cloud {
			return q.domain, true
		}
	}
	return "", false
}

// zone returns the domain that takes a cloud's zone (by name or ID)
// down, if one does, as region does.
func (d *down) zone(cloud, zone string) (string, bool) {
	if len(d.zones) == 0 {
		return "", false
	}
	if len(d.zoneKeys) <= fewDown {
		return d.zoneKeys.find(cloud, zone, "")
	}
	dom, ok := d.zones[cloud+":"+zone]
	return dom, ok
}

// said returns "in " + dom + what, the same string for every node.
func (d *down) said(dom, what string) string {
	if d.quiet {
		return ""
	}
	k := [2]string{dom, what}
	if r, ok := d.reasons[k]; ok {
		return r
	}
	if d.reasons == nil {
		d.reasons = map[[2]string]string{}
	}
	r := "in " + dom + what
	d.reasons[k] = r
	return r
}

type cEffect struct {
	Effect
	domain string
}

// compile turns a scenario into lookups, adding the observed platform
// dependencies each service domain triggers.
func (a *Analyzer) compile(s Scenario) (*down, []Effect) {
	d := &down{providers: map[string]bool{}, regions: map[string]string{}, zones: map[string]string{},
		byRegion: map[string][]string{}, regionsOf: map[string][]string{},
		services: map[string]string{}, nodes: map[string]bool{}}
	var applied []Effect
	for _, dom := range s.Down {
		switch dom.Kind {
		case DomainProvider:
			d.providers[dom.Cloud] = true
		case DomainRegion:
			d.regions[dom.Cloud+":"+dom.Region] = dom.String()
			d.regionList.set(placeDown{cloud: dom.Cloud, place: dom.Region, domain: dom.String()})
			d.regionsOf[dom.Cloud] = append(d.regionsOf[dom.Cloud], dom.Region)
		case DomainZone:
			for _, z := range []string{dom.Zone, dom.ZoneID} {
				if z != "" {
					d.zones[dom.Cloud+":"+z] = dom.String()
					d.zoneKeys.set(placeDown{cloud: dom.Cloud, place: z, domain: dom.String()})
				}
			}
			name := dom.Zone
			if name == "" {
				name = dom.ZoneID
			}
			// a zone name several regions share is down in each of them
			regions := a.zoneRegions(dom)
			for _, region := range regions {
				d.byRegion[dom.Cloud+":"+region] = append(d.byRegion[dom.Cloud+":"+region], name)
				d.zoneList = append(d.zoneList, zoneDown{cloud: dom.Cloud, region: region, domain: dom.String()})
			}
			if len(regions) == 0 {
				d.zoneList = append(d.zoneList, zoneDown{cloud: dom.Cloud, domain: dom.String()})
			}
		case DomainService:
			d.services[dom.Cloud+":"+dom.Region+"/"+dom.Service] = dom.String()
			d.serviceList.set(placeDown{cloud: dom.Cloud, place: dom.Region, service: dom.Service, domain: dom.String()})
			for _, o := range a.k.ObservedFor(dom.Cloud, dom.Service) {
				e := Effect{Cloud: dom.Cloud, Region: dom.Region, Service: o.Service, Types: o.Types, Attrs: o.Attrs,
					Frozen: o.Frozen, Source: o.Source, Observed: true, Trigger: dom.String(), Event: o.Event}
				e.State, _ = ParseState(orHealthy(o.State))
				e.Reason = fmt.Sprintf("%s (observed dependency on %s in %s", o.What, dom.Service, dom.Region)
				if o.Event != "" {
					e.Reason += ", seen in " + o.Event
				}
				e.Reason += "; source: " + o.Source + ")"
				d.effects = append(d.effects, cEffect{Effect: e, domain: dom.String()})
				applied = append(applied, e)
			}
		case DomainNode:
			d.nodes[dom.Node] = true
		}
	}
	for _, e := range s.Effects {
		dom := s.Name
		if dom == "" {
			dom = "scenario effect"
		}
		if e.Source != "" && !strings.Contains(e.Reason, e.Source) {
			e.Reason += " (source: " + e.Source + ")"
		}
		d.effects = append(d.effects, cEffect{Effect: e, domain: dom})
		applied = append(applied, e)
	}
	return d, applied
}

func orHealthy(s string) string {
	if s == "" {
		return "healthy"
	}
	return s
}

// own evaluates what the scenario's domains do to a node directly.
func (a *Analyzer) own(i int, d *down) seed {
	n := a.nodes[i]
	var s seed
	if a.inert[i] {
		return s
	}
	if len(d.nodes) > 0 && d.nodes[n.ID] {
		return seed{level: Failed, reason: "taken down directly (resource down)", domain: n.ID}
	}
	if a.bits[i]&bitData != 0 { // not a target (Node.Target)
		return s
	}
	p := &n.Placement
	cloud := p.Cloud
	if cloud != "" && d.providers[cloud] {
		s = seed{level: Failed, domain: cloud}
		if !d.quiet {
			s.reason = fmt.Sprintf("provider %s down", cloud)
		}
		return s
	}
	if cloud == "" {
		return s
	}
	if bits := a.unknown[int32(i)]; bits != 0 {
		if s, ok := assumedDown(bits, *p, d); ok {
			return s
		}
	}
	// a placement inherited from a dependency is not hit directly: the
	// dependency's failure reaches it along the edge, which explains more
	scope := a.ScopeAt(i)
	if a.bits[i]&bitInherited != 0 && scope != graph.ScopeGlobal {
		scope = graph.ScopeUnknown
	}
	switch scope {
	case graph.ScopeGlobal:
		if len(d.regions) == 0 {
			// no region down: no control plane is lost
		} else if f := a.factsOf(i); f.home != "" {
			if dom, down := d.region(cloud, f.home); down {
				s.frozen = true
				if !d.quiet {
					s.freason = fmt.Sprintf("control plane of %s is homed in %s (region down); its data plane keeps serving", f.homeService, f.home)
				}
				s.fdomain = dom
			}
		}
		return a.effects(i, d, s, scope)
	case graph.ScopeRegional:
		if dom, ok := d.region(cloud, p.Region); ok {
			if copies := a.standbyAt(i); len(copies) > 0 {
				s = seed{level: Failed, domain: dom}
				if !d.quiet {
					s.reason = fmt.Sprintf("in %s (region down); unavailable, not lost: its copy in %s is served only after a failover", dom, strings.Join(copies, ", "))
				}
				return s
			}
			return seed{level: Failed, reason: d.said(dom, " (region down)"), domain: dom}
		}
		for _, r := range a.standbyAt(i) {
			if rd, hit := a.regionHit(cloud, regionM{name: r}, a.svcAt(i), d); hit {
				s = seed{level: Degraded, domain: rd.domain, lost: []string{r}, left: []string{p.Region}}
				if !d.quiet {
					s.reason = fmt.Sprintf("its geo copy in %s is down: %s keeps serving without a failover target", r, p.Region)
				}
				break
			}
		}
		if why := a.spreadAt(i); why != "" {
			if lost := d.byRegion[cloud+":"+p.Region]; len(lost) > 0 {
				lost = slices.Sorted(slices.Values(lost))
				dom := d.zones[cloud+":"+lost[0]]
				s = seed{level: Degraded, domain: dom, lost: lost, left: []string{"the other zones of " + p.Region}}
				if !d.quiet {
					s.reason = fmt.Sprintf("zone-redundant in %s (%s): lost %s, serving from the other zones", p.Region, why, strings.Join(lost, ", "))
				}
			}
		}
	case graph.ScopeZonal:
		if dom, ok := d.region(cloud, p.Region); ok {
			return seed{level: Failed, reason: d.said(dom, " (region down)"), domain: dom}
		}
		zones := a.zonesOf(i)
		var lost, left []string
		var dom string
		for _, z := range zones {
			zd, ok := d.zone(cloud, z)
			if !ok && len(zones) == 1 && p.ZoneID != "" {
				zd, ok = d.zone(cloud, p.ZoneID)
			}
			if ok {
				lost = append(lost, z)
				if dom == "" {
					dom = zd
				}
			} else {
				left = append(left, z)
			}
		}
		switch {
		case len(lost) > 0 && len(left) == 0:
			if len(zones) == 1 {
				return seed{level: Failed, reason: d.said(dom, " (zone down)"), domain: dom}
			}
			s = seed{level: Failed, domain: dom, lost: lost}
			if !d.quiet {
				s.reason = fmt.Sprintf("all its zones are down (%s)", strings.Join(lost, ", "))
			}
			return s
		case len(lost) > 0:
			s = seed{level: Degraded, domain: dom, lost: lost, left: left}
			if !d.quiet {
				s.reason = fmt.Sprintf("lost %d of its %d zones (%s down; %s left)", len(lost), len(zones), strings.Join(lost, ", "), strings.Join(left, ", "))
			}
		}
	case graph.ScopeMultiRegion:
		var lost, left []string
		var dom string
		for _, r := range a.regionsAt(i) {
			rd, hit := a.regionHit(cloud, r, a.svcAt(i), d)
			switch {
			case hit:
				lost = append(lost, rd.label)
				if dom == "" {
					dom = rd.domain
				}
				if len(r.prefix) > 0 {
					// one region of a multi-region location: the others serve
					left = append(left, "the other regions of "+r.name)
				}
			default:
				left = append(left, r.name)
			}
		}
		switch {
		case len(lost) > 0 && len(left) == 0:
			s = seed{level: Failed, domain: dom, lost: lost}
			if !d.quiet {
				s.reason = fmt.Sprintf("every region it lives in is down (%s)", strings.Join(lost, ", "))
			}
			return s
		case len(lost) > 0:
			s = seed{level: Degraded, domain: dom, lost: lost, left: left}
			if !d.quiet {
				s.reason = fmt.Sprintf("lost %d of its %d regions (%s down; %s left)", len(lost), len(a.regionsAt(i)), strings.Join(lost, ", "), strings.Join(left, ", "))
			}
		}
		return a.effects(i, d, s, scope)
	}
	if len(d.services) > 0 && p.Region != "" && (scope == graph.ScopeRegional || scope == graph.ScopeZonal) {
		if svc := a.svcAt(i); svc != "" {
			if dom, ok := d.service(cloud, p.Region, svc); ok {
				s = seed{level: Failed, domain: dom}
				if !d.quiet {
					s.reason = fmt.Sprintf("%s in %s is down (regional service down)", svc, p.Region)
				}
				return s
			}
		}
	}
	return a.effects(i, d, s, scope)
}

type regionHitInfo struct {
	label  string
	domain string
}

// regionHit reports whether one region of a multi-region node is down,
// whole or for the node's service.
func (a *Analyzer) regionHit(cloud string, r regionM, svc string, d *down) (regionHitInfo, bool) {
	check := func(region string) (string, bool) {
		if dom, ok := d.region(cloud, region); ok {
			return dom, true
		}
		if svc != "" {
			if dom, ok := d.service(cloud, region, svc); ok {
				return dom, true
			}
		}
		return "", false
	}
	if len(r.prefix) == 0 {
		if dom, ok := check(r.name); ok {
			return regionHitInfo{label: r.name, domain: dom}, true
		}
		return regionHitInfo{}, false
	}
	// a multi-region location: hit when a region it may use is down
	var candidates []string
	candidates = append(candidates, d.regionsOf[cloud]...)
	for key := range d.services {
		if c, rest, ok := strings.Cut(key, ":"); ok && c == cloud {
			region, s, _ := strings.Cut(rest, "/")
			if s == svc {
				candidates = append(candidates, region)
			}
		}
	}
	sort.Strings(candidates)
	for _, region := range candidates {
		for _, pre := range r.prefix {
			if strings.HasPrefix(region, pre) {
				if dom, ok := check(region); ok {
					return regionHitInfo{label: region + " (part of " + r.name + ")", domain: dom}, true
				}
			}
		}
	}
	return regionHitInfo{}, false
}

// effects applies the scenario's effects (its own and the observed
// platform dependencies) to a node.
func (a *Analyzer) effects(i int, d *down, s seed, scope graph.Scope) seed {
	if len(d.effects) == 0 {
		return s
	}
	n := a.nodes[i]
	for k := range d.effects {
		e := &d.effects[k] // read in place: an effect is some 250 bytes
		if e.Cloud != n.Placement.Cloud {
			continue
		}
		if e.ControlPlanes {
			if scope == graph.ScopeGlobal {
				if f := a.factsOf(i); f.home != "" && f.home == e.Region && !s.frozen {
					s.frozen, s.fdomain = true, e.domain
					if !d.quiet {
						s.freason = fmt.Sprintf("control plane of %s (homed in %s) impaired: %s", f.homeService, f.home, e.Reason)
					}
				}
			}
			if len(e.Types) == 0 && e.Service == "" {
				continue
			}
		}
		if !a.effectMatches(i, &e.Effect, scope) {
			continue
		}
		if e.State > s.level {
			s.level, s.reason, s.domain, s.lost, s.left = e.State, e.Reason, e.domain, nil, nil
		}
		if e.Frozen && !s.frozen {
			s.frozen, s.freason, s.fdomain = true, e.Reason, e.domain
		}
	}
	return s
}

func (a *Analyzer) effectMatches(i int, e *Effect, scope graph.Scope) bool {
	n := a.nodes[i]
	if e.Region != "*" {
		switch scope {
		case graph.ScopeGlobal, graph.ScopeUnknown:
			return false
		case graph.ScopeMultiRegion:
			found := false
			for _, r := range a.regionsAt(i) {
				if r.name == e.Region {
					found = true
				}
				for _, pre := range r.prefix {
					if strings.HasPrefix(e.Region, pre) {
						found = true
					}
				}
			}
			if !found {
				return false
			}
		default:
			if n.Placement.Region != e.Region {
				return false
			}
		}
	}
	matched := false
	if e.Service != "" && a.svcAt(i) == e.Service {
		matched = true
	}
	for _, t := range e.Types {
		if glob.Star(t, n.Type) {
			matched = true
			break
		}
	}
	if !matched {
		return false
	}
	for k, v := range e.Attrs {
		if !strings.EqualFold(n.Attrs[k], v) {
			return false
		}
	}
	return true
}

// contribution is what one edge outside a redundancy group gives its
// dependent: a hard edge passes the state on, a soft edge turns a failure
// into a degradation, a control edge freezes the dependent when the
// dependency failed or is frozen itself (Run passes the dependency's own
// failure, not one propagated to it).
func contribution(kind graph.EdgeKind, st State, frozen bool) (State, bool) {
	switch kind {
	case graph.Soft:
		if st == Failed {
			return Degraded, false
		}
	case graph.Control:
		return Healthy, st == Failed || frozen
	default:
		return st, false
	}
	return Healthy, false
}

// acc accumulates, for one node, what its dependencies currently give it;
// it is updated edge by edge as dependencies rise, so propagation costs
// one update per edge per rise. Its redundancy groups' members, dead
// and sick, are counted in flat lists beside (Analyzer.gbase).
type acc struct {
	failed, degraded, frozen int32 // edges outside groups giving each
}

// Run simulates one scenario.
func (a *Analyzer) Run(s Scenario) *Result {
	d, applied := a.compile(s)
	seeds, level, frozen, r := a.propagate(d)
	res := a.explain(s, seeds, level, frozen, nil)
	a.done(r)
	res.Effects = applied
	res.Warnings = a.Absent(s)
	return res
}

// RunFor runs a scenario like Run for a reader of a few nodes' states
// and reasons, listed by ID: the result's Impacts hold only those of them
// the scenario hits, each with the ID, State, Frozen, Configuration and
// Reason that Run gives it and nothing else (no chain: Reason is its
// first link); Summary, Services and Effects are Run's, and Warnings are
// left out. The first explained of ids get their reason (all of them
// when explained is len(ids) or more), the others their state alone: a
// page shows the reasons of its first rows only. A matrix reads the
// reasons of its rows in many scenarios, and explaining every node along
// every chain was most of its time. A scenario of one domain and no
// effects of its own evaluates only the nodes that domain may hit
// directly (those of its region, those any region reaches), as the risk
// search does.
func (a *Analyzer) RunFor(s Scenario, ids []string, explained int) *Result {
	only := make([]uint8, len(a.nodes))
	for k, id := range ids {
		if i, ok := a.indexOf(id); ok {
			only[i] = max(only[i], readState)
			if k < explained {
				only[i] = readReason
			}
		}
	}
	d, applied := a.compile(s)
	if len(s.Down) == 1 && len(s.Effects) == 0 {
		// one domain hits directly only the nodes of its region and those
		// any region reaches, as the risk search reads them: the others
		// are not evaluated (nil for a provider or a resource: every node)
		d.only = a.near()(s.Down[0])
	}
	seeds, level, frozen, r := a.propagate(d)
	res := a.explain(s, seeds, level, frozen, only)
	a.done(r)
	res.Effects = applied
	return res
}

// propagate evaluates what a compiled scenario does to every node
// directly (seeds) and carries it along the edges: the state and frozen
// flag of every node, by index, without explanations. The lists live in
// r: the caller hands it back (done) once it has read them.
func (a *Analyzer) propagate(d *down) (seeds *seedSet, level []State, frozen []bool, r *runState) {
	r = a.runState()
	level, frozen = r.level, r.frozen
	r.seeds.reset(r.at)
	seeds = &r.seeds
	// counters only, no pointers: nothing for the collector to scan
	accs := r.accs
	dead := r.dead // by a.gbase[i] + group
	sick := r.sick
	// the worklist is read from its head and never shifted: kept whole, it
	// is reused by the next run rather than grown anew by each
	queue := r.queue[:0]
	seedNode := func(i int) {
		sd := a.own(i, d)
		seeds.set(i, sd)
		if sd.level > Healthy || sd.frozen {
			level[i], frozen[i] = sd.level, sd.frozen
			queue = append(queue, int32(i))
		}
	}
	if d.only != nil {
		if d.given != nil {
			seeds.shared = slices.Grow(seeds.shared, len(d.only))
		}
		for k, i := range d.only {
			if d.given == nil || d.given[k] == nil {
				seedNode(int(i))
				continue
			}
			sd := d.given[k]
			seeds.share(int(i), sd)
			level[i], frozen[i] = sd.level, sd.frozen
			queue = append(queue, i)
		}
	} else {
		for i := range a.nodes {
			seedNode(i)
		}
	}
	// monotone worklist: when a node rises, each edge into it updates its
	// dependent's accumulator once; a node rises at most three times
	// (degraded, failed, frozen), so a scenario is linear in the edges
	prevL, prevF, prevC := r.prevL, r.prevF, r.prevC
	for h := 0; h < len(queue); h++ {
		j := queue[h]
		oldL, oldF, oldC := prevL[j], prevF[j], prevC[j]
		newL, newF := level[j], frozen[j]
		// a control edge freezes its dependent when the dependency's
		// control plane is lost: it is hit directly or frozen itself (a
		// launch template "failed" through its own dependencies can still
		// launch instances)
		newC := seeds.of(int(j)).level == Failed || newF
		if oldL == newL && oldF == newF && oldC == newC {
			continue
		}
		prevL[j], prevF[j], prevC[j] = newL, newF, newC
		for _, ref := range a.inOf(int(j)) {
			i := int(ref.from)
			if a.unraised[i] {
				continue
			}
			ac := &accs[i]
			b := a.gbase[i]
			switch {
			case ref.gi >= 0:
				if oldL == Failed {
					dead[b+ref.gi]--
				} else if oldL == Degraded {
					sick[b+ref.gi]--
				}
				if newL == Failed {
					dead[b+ref.gi]++
				} else if newL == Degraded {
					sick[b+ref.gi]++
				}
			case ref.kind == codeControl:
				if oldC {
					ac.frozen--
				}
				if newC {
					ac.frozen++
				}
			default:
				kind := ref.kind.kind()
				os, _ := contribution(kind, a.local(i, int(j), oldL, seeds), oldF)
				ns, _ := contribution(kind, a.local(i, int(j), newL, seeds), newF)
				ac.add(os, false, -1)
				ac.add(ns, false, +1)
			}
			e := a.gbase[i+1]
			st, fz := a.state(ac, a.gflat[b:e], dead[b:e], sick[b:e])
			if st < level[i] {
				st = level[i]
			}
			fz = fz || frozen[i]
			if st != level[i] || fz != frozen[i] {
				level[i], frozen[i] = st, fz
				queue = append(queue, int32(i))
			}
		}
	}
	r.queue = queue[:0]
	return seeds, level, frozen, r
}

// local is the state a multi-region dependency shows dependent i: a
// replica that still serves in i's own region hides the loss of the
// others (a function in us-west-2 reads the global table's us-west-2
// replica when us-east-1 is down).
func (a *Analyzer) local(i, j int, st State, seeds *seedSet) State {
	if st != Degraded || seeds.of(j).level != Degraded || a.scope[j] != scopeMultiRegion {
		return st
	}
	r := a.nodes[i].Placement.Region
	if r == "" || a.scope[i] == scopeMultiRegion || a.scope[i] == scopeGlobal {
		return st
	}
	for _, left := range seeds.of(j).left {
		if left == r {
			return Healthy
		}
	}
	return st
}

func (ac *acc) add(s State, f bool, delta int32) {
	switch s {
	case Failed:
		ac.failed += delta
	case Degraded:
		ac.degraded += delta
	}
	if f {
		ac.frozen += delta
	}
}

// state evaluates a node from its accumulator and its groups' counts,
// with their members dead and sick (the node's part of the flat lists).
func (a *Analyzer) state(ac *acc, groups []gcount, dead, sick []int32) (State, bool) {
	var st State
	switch {
	case ac.failed > 0:
		st = Failed
	case ac.degraded > 0:
		st = Degraded
	}
	for gi := range groups {
		if st == Failed {
			break
		}
		g := &groups[gi]
		if gs := groupState(edgeKindOf(g.hard), int(g.n), int(g.need), int(dead[gi]), int(sick[gi])); gs > st {
			st = gs
		}
	}
	return st, ac.frozen > 0
}

// groupKind is the kind of a group's edges (edgeKindOf).
func (a *Analyzer) groupKind(i, gi int) graph.EdgeKind { return edgeKindOf(a.groups[i][gi].hard) }

// edgeKindOf is the kind of a group's edges, hard when some member edge
// is not soft: soft when every one is.
func edgeKindOf(hard bool) graph.EdgeKind {
	if hard {
		return graph.Hard
	}
	return graph.Soft
}

// controlHomes returns, computed once, the regions (cloud:region) that
// home the control plane of some global node.
func (a *Analyzer) controlHomes() map[string]bool {
	a.homesOnce.Do(func() {
		a.homes = map[string]bool{}
		for i, n := range a.nodes {
			if a.scope[i] == scopeGlobal {
				if home := a.factsOf(i).home; home != "" {
					a.homes[n.Placement.Cloud+":"+home] = true
				}
			}
		}
	})
	return a.homes
}

// Absent returns a warning for each domain of the scenario that no node
// of the graph lives in.
func (a *Analyzer) Absent(s Scenario) []string {
	a.presentOnce.Do(func() {
		a.present = map[string]bool{}
		// a region holding a standby copy (GRS) is one the node lives in
		copies := func(i int) []string { return a.standbyAt(i) }
		for _, dc := range countDomains(a.nodes, true, func(int) bool { return true }, func(i int) string { return a.nodes[i].Service }, copies) {
			a.present[dc.Name] = true
		}
	})
	present := a.present
	var out []string
	for _, d := range s.Down {
		if d.Kind == DomainNode || present[d.String()] {
			continue
		}
		if d.Kind == DomainRegion && a.controlHomes()[d.Cloud+":"+d.Region] {
			continue // it homes the control plane of global resources
		}
		if d.Kind == DomainService && present[Domain{Kind: DomainRegion, Cloud: d.Cloud, Region: d.Region}.String()] {
			found := false
			for i, n := range a.nodes {
				if a.svcAt(i) == d.Service && n.Placement.Cloud == d.Cloud && (n.Placement.Region == d.Region || slices.Contains(a.standbyAt(i), d.Region)) {
					found = true
					break
				}
			}
			if found {
				continue
			}
		}
		out = append(out, fmt.Sprintf("%s: no imported resource lives in this domain", d))
	}
	return out
}
