package analyzer

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/blast-dev/blast/graph"
)

const unset = -1

// stateUnset marks a State not evaluated yet.
const stateUnset = ^State(0)

// What RunFor reads of a node (explain's only): its state alone, or its
// state and reason.
const (
	readState uint8 = 1 + iota
	readReason
)

// explain turns the final states into impacts, each with the chain that
// leads back to a failure domain. Causes are chosen by shortest distance
// to a directly hit node, then by ID, so chains never loop and never
// depend on evaluation order. With only non-nil, impacts are made for
// the nodes it marks alone (the summaries still count every node), each
// with its state, and with its reason (the chain's first link) when
// marked readReason, but no chain.
func (a *Analyzer) explain(s Scenario, seeds *seedSet, level []State, frozen []bool, only []uint8) *Result {
	n := len(a.nodes)
	x := &explainer{a: a, seeds: seeds, level: level, frozen: frozen}
	if only == nil {
		x.at = make([]int32, 3*n)
	}
	// sized once: on a region of a large state the impacts run to tens
	// of thousands, and grown by doubling they were most of what a run
	// allocated
	hit := 0
	for i := 0; i < n; i++ {
		if (level[i] > Healthy || frozen[i]) && !a.unraised[i] && (only == nil || only[i] != 0) {
			hit++
		}
	}
	// a whole run's impacts run to tens of thousands: found through the
	// analyzer's index, not a map of their own; a run of a few nodes
	// lists theirs by node (in order: they are made in node order)
	res := &Result{Scenario: s, an: a}
	if only == nil {
		res.at = make([]int32, n)
	} else {
		res.nodeOf = make([]int32, 0, hit)
	}
	if hit > 0 {
		res.Impacts = make([]Impact, 0, hit) // nil when none, as before
	}
	for i := 0; i < n; i++ {
		if a.unraised[i] { // a data source, or not infrastructure
			continue
		}
		sum := &res.Summary
		if a.bits[i]&bitService != 0 {
			res.Services.Nodes++
			count(&res.Services, level[i], frozen[i])
		}
		sum.Nodes++
		if a.config[i] {
			if level[i] > Healthy || frozen[i] {
				sum.Affected++
			}
		} else {
			count(sum, level[i], frozen[i])
		}
		if a.bits[i]&bitResource != 0 && a.scope[i] == scopeUnknown {
			sum.Unplaced++
		}
		if level[i] == Healthy && !frozen[i] || only != nil && only[i] == 0 {
			continue
		}
		node := a.nodes[i]
		im := Impact{ID: node.ID, State: level[i], Frozen: frozen[i], Configuration: a.config[i]}
		switch {
		case only != nil && only[i] == readState:
		case only != nil:
			// the reason alone: the first link of the chain
			if level[i] > Healthy {
				im.Reason = x.first(memoKey{i, level[i] == Failed, false})
			} else {
				im.Reason = x.first(memoKey{i, false, true})
			}
		case level[i] > Healthy:
			k := memoKey{i, level[i] == Failed, false}
			im.Chain = x.chain(k)
			im.Domain = x.entry(k).root
			im.Inferred = x.entry(k).inferred
			im.Reason = im.Chain[0].Why
			im.Lost, im.Left = x.lostLeft(i)
		}
		if frozen[i] && only == nil {
			k := memoKey{i, false, true}
			fc := x.chain(k)
			if e := x.entry(k); level[i] == Healthy {
				im.Chain, im.Domain, im.Reason, im.Inferred = fc, e.root, fc[0].Why, e.inferred
			} else if e.root != im.Domain || fc[0].Why != im.Reason {
				im.FrozenChain, im.FrozenReason = fc, fc[0].Why
			}
		}
		if res.at != nil {
			res.at[i] = int32(len(res.Impacts) + 1)
		} else {
			res.nodeOf = append(res.nodeOf, int32(i))
		}
		res.Impacts = append(res.Impacts, im)
	}
	res.Summary.Healthy = res.Summary.Nodes - res.Summary.Degraded - res.Summary.Failed - res.Summary.Affected
	res.Services.Healthy = res.Services.Nodes - res.Services.Degraded - res.Services.Failed
	return res
}

func count(s *Summary, st State, fz bool) {
	switch st {
	case Failed:
		s.Failed++
	case Degraded:
		s.Degraded++
	}
	if fz {
		s.Frozen++
		if st == Healthy {
			s.FrozenOnly++
		}
	}
}

// gives returns what edge e gives dependent i, given final states
// (groups are evaluated as a whole).
func (a *Analyzer) gives(i int, e cedge, level []State, frozen []bool, seeds *seedSet) State {
	if e.gi >= 0 {
		if level[e.to] == Healthy {
			return Healthy
		}
		return a.groupFinal(i, e.gi, level)
	}
	s, _ := contribution(e.kind(), a.local(i, int(e.to), level[e.to], seeds), frozen[e.to])
	return s
}

// groupFinal evaluates one redundancy group of node i from final states.
func (a *Analyzer) groupFinal(i int, gi int32, level []State) State {
	dead, sick := 0, 0
	for _, o := range a.outOf(i) {
		if o.gi != gi {
			continue
		}
		switch level[o.to] {
		case Failed:
			dead++
		case Degraded:
			sick++
		}
	}
	g := a.groups[i][gi]
	return groupState(a.groupKind(i, int(gi)), g.n, g.need, dead, sick)
}

// distances runs a breadth-first search from the source nodes along
// dependents for which edge(i, e) holds.
func (a *Analyzer) distances(seeds *seedSet, level []State, frozen []bool, source func(int) bool, target func(int) bool, edge func(int, cedge) bool) []int32 {
	dist := make([]int32, len(a.nodes))
	var queue []int32
	for i := range dist {
		dist[i] = unset
		if a.bits[i]&bitData == 0 && source(i) {
			dist[i] = 0
			queue = append(queue, int32(i))
		}
	}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		for _, ref := range a.inOf(int(d)) {
			i := ref.from
			if dist[i] != unset || a.bits[i]&bitData != 0 || !target(int(i)) {
				continue
			}
			if edge(int(i), a.outOf(int(i))[ref.edge]) {
				dist[i] = dist[d] + 1
				queue = append(queue, i)
			}
		}
	}
	return dist
}

// slot indexes the memo slices: three explanations per node.
func slot(k memoKey) int {
	switch {
	case k.frozen:
		return 3*k.i + 2
	case k.failed:
		return 3*k.i + 1
	}
	return 3 * k.i
}

type memoKey struct {
	i      int
	failed bool // explain the failed state (else degraded)
	frozen bool // explain the frozen flag
}

type explainer struct {
	a      *Analyzer
	seeds  *seedSet
	level  []State
	frozen []bool
	dists  [3][]int32 // by kind (distFailed...), nil until used
	// the explanations built so far: where each of a node's three (by
	// slot) is in memo, 1 + its place, 0 for none yet; the entries come
	// from slabs, made as they are asked for (a run explains most nodes
	// once, not three times: three entries a node were 17 MB a region of
	// a large state)
	at    []int32
	memo  [][]memoEntry
	memos int   // entries made
	said  texts // the explanations written so far, each text once
	// why's lists of a group's members lost and left, reused
	lost, left []string
	// room for the next chains: a run's chains are carved from slabs,
	// not allocated one by one (a region of a large state explains tens
	// of thousands of nodes)
	slab []Step
}

// stepSlab is how many links a slab of chains holds.
const stepSlab = 4096

// steps returns an empty chain with room for exactly n links.
func (x *explainer) steps(n int) []Step {
	if n > len(x.slab) {
		if n >= stepSlab/4 {
			return make([]Step, 0, n)
		}
		x.slab = make([]Step, stepSlab)
	}
	c := x.slab[:0:n]
	x.slab = x.slab[n:]
	return c
}

// memoEntry is one explanation of one state of one node.
type memoEntry struct {
	chain    []Step
	root     string // the failure domain at the chain's end
	inferred bool
	hidden   int // links a cut chain leaves out
}

// entry returns the memo entry of k.
func (x *explainer) entry(k memoKey) *memoEntry {
	s := slot(k)
	p := x.at[s] - 1
	if p < 0 {
		if x.memos%memoSlab == 0 {
			x.memo = append(x.memo, make([]memoEntry, memoSlab))
		}
		p = int32(x.memos)
		x.memos++
		x.at[s] = p + 1
	}
	return &x.memo[p/memoSlab][p%memoSlab]
}

// memoSlab is how many memo entries a slab holds.
const memoSlab = 4096

// first returns the why of the first link of k's chain without building
// the chain: the seed's own reason, or the cause's.
func (x *explainer) first(k memoKey) string {
	sd := x.seeds.of(k.i)
	switch {
	case k.frozen && sd.frozen:
		return sd.freason
	case !k.frozen && k.failed && sd.level == Failed, !k.frozen && !k.failed && sd.level == Degraded:
		return sd.reason
	}
	_, why := x.cause(k)
	return why
}

// Distances from a directly hit node along the edges that give each
// state, each computed on first use: a scenario that only fails nodes
// never needs the degraded or frozen ones.
const (
	distFailed = iota
	distDegraded
	distFrozen
)

// dist returns the distances of one kind (distFailed, distDegraded or
// distFrozen), computing them once.
func (x *explainer) dist(kind int) []int32 {
	if d := x.dists[kind]; d != nil {
		return d
	}
	a, seeds, level, frozen := x.a, x.seeds, x.level, x.frozen
	var d []int32
	switch kind {
	case distFailed:
		d = a.distances(seeds, level, frozen, func(i int) bool { return seeds.of(i).level == Failed },
			func(i int) bool { return level[i] == Failed && seeds.of(i).level != Failed },
			func(i int, e cedge) bool { return a.gives(i, e, level, frozen, seeds) == Failed })
	case distDegraded:
		d = a.distances(seeds, level, frozen, func(i int) bool { return level[i] == Failed || seeds.of(i).level == Degraded },
			func(i int) bool { return level[i] == Degraded && seeds.of(i).level != Degraded },
			func(i int, e cedge) bool { return a.gives(i, e, level, frozen, seeds) == Degraded })
	default:
		d = a.distances(seeds, level, frozen, func(i int) bool { return seeds.of(i).level == Failed || seeds.of(i).frozen },
			func(i int) bool { return frozen[i] && !seeds.of(i).frozen },
			func(i int, e cedge) bool {
				return e.code == codeControl && (seeds.of(int(e.to)).level == Failed || frozen[e.to])
			})
	}
	x.dists[kind] = d
	return d
}

// A chain longer than maxChain links keeps its first chainHead and last
// chainTail links, and one link (no node) says how many it leaves out:
// chains along a dependency path of thousands of nodes would otherwise
// take memory and output quadratic in its length.
const (
	maxChain  = 40
	chainHead = 20
	chainTail = maxChain - chainHead - 1
)

// chain builds (and memoises) the explanation of one state of one node.
func (x *explainer) chain(k memoKey) []Step {
	me := x.entry(k)
	if me.chain != nil {
		return me.chain
	}
	a := x.a
	i := k.i
	id := a.nodes[i].ID
	sd := x.seeds.of(i)
	var c []Step
	switch {
	case k.frozen && sd.frozen:
		c, me.root = append(x.steps(1), Step{Node: id, Why: sd.freason}), sd.fdomain
	case !k.frozen && k.failed && sd.level == Failed, !k.frozen && !k.failed && sd.level == Degraded:
		c, me.root = append(x.steps(1), Step{Node: id, Why: sd.reason}), sd.domain
	default:
		e, why := x.cause(k)
		next := memoKey{i: int(e.to), failed: x.level[e.to] == Failed}
		if k.frozen && x.seeds.of(int(e.to)).level != Failed {
			// the dependency's own freeze explains this one
			next = memoKey{i: int(e.to), frozen: true}
		}
		if !k.frozen && !k.failed && x.level[e.to] == Failed {
			next.failed = true
		}
		rest := x.chain(next)
		ne := x.entry(next)
		c = x.steps(min(len(rest)+1, maxChain))
		c = append(c, Step{Node: id, Why: why})
		if len(rest) < maxChain {
			c = append(c, rest...)
		} else {
			// rest[chainHead-1] joins the left-out links; so does
			// rest[chainHead], unless it is already the cut
			hidden := 2
			if h := ne.hidden; h > 0 {
				hidden = h + 1
			}
			c = append(c, rest[:chainHead-1]...)
			c = append(c, Step{Why: fmt.Sprintf("… %d more links …", hidden)})
			c = append(c, rest[len(rest)-chainTail:]...)
			me.hidden = hidden
		}
		me.root = ne.root
		me.inferred = ne.inferred || e.inferred
	}
	me.chain = c
	return c
}

// cause picks the dependency edge that explains a state: the closest to
// a directly hit node, then the smallest ID.
func (x *explainer) cause(k memoKey) (cedge, string) {
	a := x.a
	i := k.i
	best := -1
	bestDist := int32(0)
	// each group's state, evaluated once (unset until then); most nodes
	// have no group and make no list
	var gstate []State
	gives := func(e cedge) State {
		if e.gi < 0 || x.level[e.to] == Healthy {
			return a.gives(i, e, x.level, x.frozen, x.seeds)
		}
		if gstate == nil {
			gstate = make([]State, len(a.groups[i]))
			for g := range gstate {
				gstate[g] = stateUnset
			}
		}
		st := gstate[e.gi]
		if st == stateUnset {
			st = a.groupFinal(i, e.gi, x.level)
			gstate[e.gi] = st
		}
		return st
	}
	for j, e := range a.outOf(i) {
		// which distances an edge is measured by: those of the state
		// its end gives (read only for an edge that explains k)
		var ok bool
		kind := distFailed
		switch {
		case k.frozen:
			ok = e.code == codeControl && (x.seeds.of(int(e.to)).level == Failed || x.frozen[e.to])
			if x.seeds.of(int(e.to)).level != Failed {
				kind = distFrozen
			}
		case k.failed:
			ok = gives(e) == Failed && x.level[e.to] == Failed
		default:
			ok = gives(e) == Degraded
			if x.level[e.to] != Failed {
				kind = distDegraded
			}
		}
		if !ok {
			continue
		}
		d := x.dist(kind)[e.to]
		if d == unset {
			continue
		}
		if best < 0 || d < bestDist || (d == bestDist && a.nodes[e.to].ID < a.nodes[a.outOf(i)[best].to].ID) {
			best, bestDist = j, d
		}
	}
	if best < 0 {
		// cannot happen for a least fixpoint; keep output sane regardless
		return cedge{to: int32(i)}, "impacted (cause not found)"
	}
	e := a.outOf(i)[best]
	return e, x.why(i, best, k)
}

// why says how node i's j-th edge explains k.
func (x *explainer) why(i, j int, k memoKey) string {
	a := x.a
	e := a.outOf(i)[j]
	dep := a.nodes[e.to].ID
	via := a.viaOf(i, j)
	b := x.said.buf[:0]
	// withVia appends the edge's via and inference
	withVia := func(b []byte) []byte {
		if via != "" {
			b = append(append(b, ", via "...), via...)
		}
		if e.inferred {
			b = append(b, ", inferred"...)
		}
		return b
	}
	switch {
	case k.frozen:
		b = append(append(b, "needs the control plane of "...), dep...)
		b = append(withVia(append(b, " (control"...)), ')')
	case e.gi >= 0:
		// listed in the explainer's own lists: only the text is kept
		lost, left := x.members(i, e.gi, x.lost[:0], x.left[:0])
		x.lost, x.left = lost, left
		g := a.groups[i][e.gi] // named as the edge's group
		need := needed(g.need, g.n)
		b = strconv.AppendQuote(append(b, "redundancy "...), g.name)
		if len(lost) == 0 {
			b = append(append(b, ": member "...), dep...)
			b = strconv.AppendInt(append(b, " is degraded ("...), int64(len(left)), 10)
			b = strconv.AppendInt(append(b, " of "...), int64(len(left)), 10)
			b = strconv.AppendInt(append(b, " serving, needs "...), int64(need), 10)
			b = withVia(append(b, ')'))
			break
		}
		b = strconv.AppendInt(append(b, " lost "...), int64(len(lost)), 10)
		b = strconv.AppendInt(append(b, " of "...), int64(len(lost)+len(left)), 10)
		b = strconv.AppendInt(append(b, " (needs "...), int64(need), 10)
		b = appendJoined(append(b, "): "...), lost)
		b = append(b, " down; "...)
		if len(left) > 0 {
			b = append(appendJoined(b, left), " left"...)
		} else {
			b = append(b, "none left"...)
		}
		b = withVia(b)
	case e.code == codeSoft:
		if what := a.bestEffort(i, e, via); what != "" {
			b = append(append(b, "best-effort destination "...), dep...)
			b = append(append(append(b, " failed: "...), what...), " are lost, the work goes on (soft"...)
			b = append(withVia(b), ')')
			break
		}
		b = withVia(append(append(append(b, "soft dependency "...), dep...), " failed"...))
	default:
		b = append(append(b, "needs "...), dep...)
		b = append(append(b, " ("...), e.kind().String()...)
		b = append(withVia(b), ')')
	}
	return x.said.of(b)
}

// bestEffort names what node i ships along edge e when the knowledge
// calls the edge's end a best-effort destination (access logs, flow logs),
// "" otherwise. It is asked only while explaining.
func (a *Analyzer) bestEffort(i int, e cedge, via string) string {
	n, t := a.nodes[i], a.nodes[e.to]
	r := matchEdgeRule(a.k, a.rules.between(n.Type, t.Type), n, a.svcAt(i), t, via, func(m *graph.Node) graph.Scope { return a.ScopeOf(m.ID) })
	if r == nil || r.Kind != graph.Soft.String() {
		return ""
	}
	return r.BestEffort
}

// members appends a redundancy group's members to lost (those failed)
// and left (the others).
func (x *explainer) members(i int, gi int32, lost, left []string) ([]string, []string) {
	for _, o := range x.a.outOf(i) {
		if o.gi != gi {
			continue
		}
		id := x.a.nodes[o.to].ID
		if x.level[o.to] == Failed {
			lost = append(lost, id)
		} else {
			left = append(left, id)
		}
	}
	return lost, left
}

// lostLeft lists, for a degraded node, what redundancy it lost and what
// is left: its own zones or regions, or its groups' members.
func (x *explainer) lostLeft(i int) (lost, left []string) {
	if x.level[i] != Degraded {
		return nil, nil
	}
	if sd := x.seeds.of(i); sd.level == Degraded {
		return sd.lost, sd.left
	}
	// the groups that lost a member, each once, by name
	var idx []int32
	for _, o := range x.a.outOf(i) {
		if o.gi >= 0 && x.level[o.to] == Failed && !slices.Contains(idx, o.gi) {
			idx = append(idx, o.gi)
		}
	}
	sort.Slice(idx, func(p, q int) bool { return x.a.groups[i][idx[p]].name < x.a.groups[i][idx[q]].name })
	for _, g := range idx {
		lost, left = x.members(i, g, lost, left)
	}
	return lost, left
}
