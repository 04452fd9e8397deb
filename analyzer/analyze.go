package analyzer

import (
	"fmt"
	"strings"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/graph"
)

// State is how a node fares in a scenario.
type State int

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

// Effect degrades or freezes every resource of a service in a region, as
// observed in a historical event.
type Effect struct {
	Cloud   string `json:"cloud"`
	Region  string `json:"region"`
	Service string `json:"service"`
	// State is degraded or failed; Frozen freezes the control plane.
	State  State  `json:"state"`
	Frozen bool   `json:"frozen,omitempty"`
	Reason string `json:"reason"`
	Source string `json:"source,omitempty"`
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
}

// Summary counts node states.
type Summary struct {
	Nodes    int `json:"nodes"`
	Healthy  int `json:"healthy"`
	Degraded int `json:"degraded"`
	Failed   int `json:"failed"`
	Frozen   int `json:"frozen"`
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
	byID     map[string]int
}

// Impact returns the impact on one node, if it is impacted.
func (r *Result) Impact(id string) (Impact, bool) {
	i, ok := r.byID[id]
	if !ok {
		return Impact{}, false
	}
	return r.Impacts[i], true
}

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
	g      *graph.Graph
	k      *platform.Knowledge
	nodes  []*graph.Node
	index  map[string]int
	scope  []graph.Scope
	svc    []string
	out    [][]cedge
	in     [][]int32 // dependents
	groups []map[string]graph.Group
}

type cedge struct {
	to       int32
	kind     graph.EdgeKind
	group    string
	via      string
	inferred bool
}

// New compiles g for analysis with the given platform knowledge (nil for
// the embedded default).
func New(g *graph.Graph, k *platform.Knowledge) *Analyzer {
	if k == nil {
		k = platform.Default()
	}
	nodes := g.Nodes()
	a := &Analyzer{g: g, k: k, nodes: nodes, index: make(map[string]int, len(nodes)),
		scope: make([]graph.Scope, len(nodes)), svc: make([]string, len(nodes)),
		out: make([][]cedge, len(nodes)), in: make([][]int32, len(nodes)),
		groups: make([]map[string]graph.Group, len(nodes))}
	for i, n := range nodes {
		a.index[n.ID] = i
		a.scope[i], _ = k.Scope(n)
		a.svc[i] = k.ServiceOf(n)
	}
	for i, n := range nodes {
		for _, e := range g.DependenciesOf(n.ID) {
			j := a.index[e.To]
			a.out[i] = append(a.out[i], cedge{to: int32(j), kind: e.Kind, group: e.Group, via: e.Via, inferred: e.Inferred})
			a.in[j] = append(a.in[j], int32(i))
		}
		if gs := g.Groups(n.ID); len(gs) > 0 {
			a.groups[i] = map[string]graph.Group{}
			for _, grp := range gs {
				a.groups[i][grp.Name] = grp
			}
		}
	}
	return a
}

// Graph returns the analysed graph.
func (a *Analyzer) Graph() *graph.Graph { return a.g }

// Knowledge returns the platform knowledge in use.
func (a *Analyzer) Knowledge() *platform.Knowledge { return a.k }

// ScopeOf returns the failure scope the analyzer uses for a node.
func (a *Analyzer) ScopeOf(id string) graph.Scope {
	if i, ok := a.index[id]; ok {
		return a.scope[i]
	}
	return graph.ScopeUnknown
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

type down struct {
	providers map[string]bool
	regions   map[string]string // cloud:region → domain name
	zones     map[string]string // cloud:zone or cloud:zoneid → domain name
	services  map[string]string // cloud:region/service → domain name
	nodes     map[string]bool
	effects   map[string]Effect // cloud:region/service → effect
}

func compile(s Scenario) down {
	d := down{providers: map[string]bool{}, regions: map[string]string{}, zones: map[string]string{},
		services: map[string]string{}, nodes: map[string]bool{}, effects: map[string]Effect{}}
	for _, dom := range s.Down {
		switch dom.Kind {
		case DomainProvider:
			d.providers[dom.Cloud] = true
		case DomainRegion:
			d.regions[dom.Cloud+":"+dom.Region] = dom.String()
		case DomainZone:
			if dom.Zone != "" {
				d.zones[dom.Cloud+":"+dom.Zone] = dom.String()
			}
			if dom.ZoneID != "" {
				d.zones[dom.Cloud+":"+dom.ZoneID] = dom.String()
			}
		case DomainService:
			d.services[dom.Cloud+":"+dom.Region+"/"+dom.Service] = dom.String()
		case DomainNode:
			d.nodes[dom.Node] = true
		}
	}
	for _, e := range s.Effects {
		d.effects[e.Cloud+":"+e.Region+"/"+e.Service] = e
	}
	return d
}

// own evaluates what the scenario's domains do to a node directly.
func (a *Analyzer) own(i int, d down) seed {
	n := a.nodes[i]
	var s seed
	if d.nodes[n.ID] {
		return seed{level: Failed, reason: "taken down directly (resource down)", domain: n.ID}
	}
	if !n.Target() {
		return s
	}
	p := n.Placement
	cloud := p.Cloud
	if cloud != "" && d.providers[cloud] {
		return seed{level: Failed, reason: fmt.Sprintf("provider %s down", cloud), domain: cloud}
	}
	if cloud == "" {
		return s
	}
	// a placement inherited from a dependency is not hit directly: the
	// dependency's failure reaches it along the edge, which explains more
	scope := a.scope[i]
	if strings.HasPrefix(p.Rule, "inherited:") && scope != graph.ScopeGlobal {
		scope = graph.ScopeUnknown
	}
	switch scope {
	case graph.ScopeGlobal:
		if home, e, ok := a.k.ControlPlaneHome(n); ok {
			if dom, down := d.regions[cloud+":"+home]; down {
				s.frozen = true
				s.freason = fmt.Sprintf("control plane of %s is homed in %s (%s); its data plane keeps serving", e.Service, home, "region down")
				s.fdomain = dom
			}
		}
		return s
	case graph.ScopeRegional:
		if dom, ok := d.regions[cloud+":"+p.Region]; ok {
			return seed{level: Failed, reason: fmt.Sprintf("in %s (region down)", dom), domain: dom}
		}
	case graph.ScopeZonal:
		if dom, ok := d.regions[cloud+":"+p.Region]; ok {
			return seed{level: Failed, reason: fmt.Sprintf("in %s (region down)", dom), domain: dom}
		}
		zones := p.AllZones()
		if len(zones) == 0 && p.ZoneID != "" {
			zones = []string{p.ZoneID}
		}
		var lost, left []string
		var dom string
		for _, z := range zones {
			zd, ok := d.zones[cloud+":"+z]
			if !ok && len(zones) == 1 && p.ZoneID != "" {
				zd, ok = d.zones[cloud+":"+p.ZoneID]
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
				return seed{level: Failed, reason: fmt.Sprintf("in %s (zone down)", dom), domain: dom}
			}
			return seed{level: Failed, reason: fmt.Sprintf("all its zones are down (%s)", strings.Join(lost, ", ")), domain: dom, lost: lost}
		case len(lost) > 0:
			s = seed{level: Degraded, reason: fmt.Sprintf("lost %d of its %d zones (%s down; %s left)", len(lost), len(zones), strings.Join(lost, ", "), strings.Join(left, ", ")), domain: dom, lost: lost, left: left}
		}
	case graph.ScopeMultiRegion:
		regions := p.AllRegions()
		var lost, left []string
		var dom string
		for _, r := range regions {
			if rd, ok := d.regions[cloud+":"+r]; ok {
				lost = append(lost, r)
				if dom == "" {
					dom = rd
				}
			} else if sd, ok := d.services[cloud+":"+r+"/"+a.svc[i]]; ok {
				lost = append(lost, r)
				if dom == "" {
					dom = sd
				}
			} else {
				left = append(left, r)
			}
		}
		switch {
		case len(lost) > 0 && len(left) == 0:
			return seed{level: Failed, reason: fmt.Sprintf("every region it lives in is down (%s)", strings.Join(lost, ", ")), domain: dom, lost: lost}
		case len(lost) > 0:
			return seed{level: Degraded, reason: fmt.Sprintf("lost %d of its %d regions (%s down; %s left)", len(lost), len(regions), strings.Join(lost, ", "), strings.Join(left, ", ")), domain: dom, lost: lost, left: left}
		}
		return s
	}
	if a.svc[i] != "" && p.Region != "" && a.scope[i] != graph.ScopeGlobal && a.scope[i] != graph.ScopeMultiRegion {
		key := cloud + ":" + p.Region + "/" + a.svc[i]
		if dom, ok := d.services[key]; ok {
			return seed{level: Failed, reason: fmt.Sprintf("%s in %s is down (regional service down)", a.svc[i], p.Region), domain: dom}
		}
		if e, ok := d.effects[key]; ok {
			if e.State > s.level {
				s.level, s.reason, s.domain = e.State, e.Reason, key
			}
			if e.Frozen && !s.frozen {
				s.frozen, s.freason, s.fdomain = true, e.Reason, key
			}
		}
	}
	return s
}

// contribution is what one edge, or one redundancy group, gives its
// dependent.
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

type groupAcc struct {
	kind     graph.EdgeKind
	n, dead  int
	degraded bool
	members  []int32
}

// fromDeps evaluates a node from its dependencies' current states.
func (a *Analyzer) fromDeps(i int, level []State, frozen []bool) (State, bool) {
	var st State
	var fz bool
	var groups map[string]*groupAcc
	for _, e := range a.out[i] {
		ds, df := level[e.to], frozen[e.to]
		if e.group != "" && e.kind != graph.Control {
			if groups == nil {
				groups = map[string]*groupAcc{}
			}
			g := groups[e.group]
			if g == nil {
				g = &groupAcc{kind: e.kind}
				groups[e.group] = g
			}
			g.n++
			if ds == Failed {
				g.dead++
			} else if ds == Degraded {
				g.degraded = true
			}
			continue
		}
		s, f := contribution(e.kind, ds, df)
		if s > st {
			st = s
		}
		fz = fz || f
	}
	for name, g := range groups {
		s := a.groupState(i, name, g)
		if s > st {
			st = s
		}
	}
	return st, fz
}

func (a *Analyzer) need(i int, name string, n int) int {
	need := 1
	if grp, ok := a.groups[i][name]; ok && grp.Need > 0 {
		need = grp.Need
	}
	if need > n {
		need = n
	}
	return need
}

func (a *Analyzer) groupState(i int, name string, g *groupAcc) State {
	var s State
	switch {
	case g.n-g.dead < a.need(i, name, g.n):
		s = Failed
	case g.dead > 0 || g.degraded:
		s = Degraded
	}
	if g.kind == graph.Soft && s == Failed {
		s = Degraded
	}
	return s
}

// Run simulates one scenario.
func (a *Analyzer) Run(s Scenario) *Result {
	d := compile(s)
	n := len(a.nodes)
	level := make([]State, n)
	frozen := make([]bool, n)
	seeds := make([]seed, n)
	var queue []int32
	queued := make([]bool, n)
	for i := range a.nodes {
		seeds[i] = a.own(i, d)
		if seeds[i].level > Healthy || seeds[i].frozen {
			level[i], frozen[i] = seeds[i].level, seeds[i].frozen
			for _, dep := range a.in[i] {
				if !queued[dep] {
					queued[dep] = true
					queue = append(queue, dep)
				}
			}
		}
	}
	// monotone worklist: a node is re-evaluated when a dependency rises;
	// each node rises at most three times, so this is linear in edges
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		queued[i] = false
		if a.nodes[i].Mode == graph.ModeData {
			continue
		}
		st, fz := a.fromDeps(int(i), level, frozen)
		if st < level[i] {
			st = level[i]
		}
		fz = fz || frozen[i]
		if st == level[i] && fz == frozen[i] {
			continue
		}
		level[i], frozen[i] = st, fz
		for _, dep := range a.in[i] {
			if !queued[dep] {
				queued[dep] = true
				queue = append(queue, dep)
			}
		}
	}
	res := a.explain(s, seeds, level, frozen)
	res.Warnings = a.Absent(s)
	return res
}

// Absent returns a warning for each domain of the scenario that no node
// of the graph lives in.
func (a *Analyzer) Absent(s Scenario) []string {
	present := map[string]bool{}
	for _, dc := range Domains(a.g, true) {
		present[dc.Name] = true
	}
	var out []string
	for _, d := range s.Down {
		if d.Kind == DomainNode || present[d.String()] {
			continue
		}
		if d.Kind == DomainService && present[Domain{Kind: DomainRegion, Cloud: d.Cloud, Region: d.Region}.String()] {
			found := false
			for i, n := range a.nodes {
				if a.svc[i] == d.Service && n.Placement.Cloud == d.Cloud && n.Placement.Region == d.Region {
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
