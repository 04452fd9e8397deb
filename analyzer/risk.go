package analyzer

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blast-dev/blast/parallel"
)

// MaxRiskOrder is the largest set of failure domains RiskGroups combines:
// the candidate sets grow as the number of domains to that power.
const MaxRiskOrder = 3

// RiskSet is one minimal risk group: a set of failure domains whose joint
// loss fails every target in Fails while no smaller part of it does.
type RiskSet struct {
	// Domains are the set's domains as --down values, sorted; for a set
	// merged by symmetry (AnyOf), the zones it chooses from.
	Domains []string `json:"domains"`
	// AnyOf, when above zero, says the set stands for every choice of
	// AnyOf of Domains (zones of one region playing the same role).
	AnyOf int `json:"anyOf,omitempty"`
	// Size is the number of domains lost together.
	Size int `json:"size"`
	// Fails lists the targets for which the set is minimal, sorted.
	Fails []string `json:"fails"`
}

// Name renders the set: "aws:us-east-1a + aws:us-east-1b", or "any 2 of
// aws:us-east-1a/b/c" for a set merged by symmetry.
func (s RiskSet) Name() string {
	if s.AnyOf == 0 {
		return strings.Join(s.Domains, " + ")
	}
	return fmt.Sprintf("any %d of %s", s.AnyOf, shortList(s.Domains))
}

// shortList writes names sharing a prefix once: aws:us-east-1a/b/c.
func shortList(names []string) string {
	if len(names) == 0 {
		return ""
	}
	prefix := names[0]
	for _, n := range names[1:] {
		for !strings.HasPrefix(n, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	if strings.ContainsAny(prefix, ":") && len(prefix) < len(names[0]) {
		parts := []string{names[0]}
		for _, n := range names[1:] {
			parts = append(parts, n[len(prefix):])
		}
		return strings.Join(parts, "/")
	}
	return strings.Join(names, ", ")
}

// RiskTarget is one service or top-level resource and the smallest of its
// risk groups.
type RiskTarget struct {
	ID string `json:"id"`
	// Smallest is the size of its smallest risk group, 0 when none fails
	// it up to the order asked.
	Smallest int `json:"smallest"`
	// Groups counts its minimal risk groups (a set merged by symmetry
	// counts once).
	Groups int `json:"groups"`
}

// Equivalent lists failure domains that take down exactly the same
// nodes, in the same states, as Domain: each risk group naming Domain
// holds for each of them too.
type Equivalent struct {
	Domain string   `json:"domain"`
	Same   []string `json:"same"`
}

// Risk is the outcome of RiskGroups.
type Risk struct {
	Order   int          `json:"order"`
	Targets []RiskTarget `json:"targets"`
	// Sets are the minimal risk groups, ranked by size, then by how many
	// targets they fail (most first), then by name.
	Sets []RiskSet `json:"sets"`
	// Equivalents are the domains merged because they take down the same
	// nodes; Domains counts the domains considered and Runs the scenarios
	// propagated to find the sets.
	Equivalents []Equivalent `json:"equivalents"`
	Domains     int          `json:"domains"`
	Runs        int          `json:"runs"`
	// SharedFate lists the redundancy that is not (Analyzer.SharedFate).
	SharedFate []SharedFate `json:"sharedFate"`
}

// bitset is a set of small integers.
type bitset []uint64

func newBitset(n int) bitset         { return make(bitset, (n+63)/64) }
func (b bitset) set(i int)           { b[i/64] |= 1 << (uint(i) % 64) }
func (b bitset) has(i int) bool      { return b[i/64]&(1<<(uint(i)%64)) != 0 }
func (b bitset) or(c bitset) bitset  { return b.combine(c, func(x, y uint64) uint64 { return x | y }) }
func (b bitset) and(c bitset) bitset { return b.combine(c, func(x, y uint64) uint64 { return x & y }) }
func (b bitset) andNot(c bitset) bitset {
	return b.combine(c, func(x, y uint64) uint64 { return x &^ y })
}

func (b bitset) combine(c bitset, f func(x, y uint64) uint64) bitset {
	out := make(bitset, len(b))
	for i := range b {
		out[i] = f(b[i], c[i])
	}
	return out
}

func (b bitset) meets(c bitset) bool {
	for i := range b {
		if b[i]&c[i] != 0 {
			return true
		}
	}
	return false
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// outcome is what one set of domains does: the targets it fails and the
// nodes it leaves degraded or failed.
type outcome struct {
	fails, hit bitset
}

// RiskGroups finds, for each target (node IDs), the minimal sets of at
// most order of the given failure domains whose joint loss fails it.
//
// It relies on propagation being monotone: losing more domains never
// leaves a node better off, so a set failing a target makes every
// superset fail it, and a set is minimal when none of its subsets one
// smaller fails the target. Two sets whose single-domain runs leave no
// node degraded or failed in common cannot interact (a node's state is
// the worst its seed and dependencies give it, and a redundancy group
// only fails from losses each of which already degrades its dependent),
// so their union fails exactly what each fails: such candidates are not
// run. The same holds for one node: a node that only one domain of a set
// hits directly is hit by the set as by that domain alone, so a set run
// evaluates only the nodes two of its domains hit and takes the rest
// from its domains' own runs. A failure travels only along hard edges
// and redundancy groups, so a set is run only for the targets every one
// of its domains reaches that way (failReach) and no smaller part of it
// already fails. Nor is a set holding a domain and another it contains
// (a region and one of its zones or services, a provider and anything of
// its cloud), nor a set whose every target a subset already fails.
// Domains that take down exactly the same nodes in the same states are
// merged (Equivalents), domains that take down nothing are dropped, and
// a family of sets made of every choice of k zones of one region that
// fail the same targets is merged into one "any k of" set.
func (a *Analyzer) RiskGroups(targets []string, doms []Domain, order int) *Risk {
	order = max(1, min(order, MaxRiskOrder))
	r := &Risk{Order: order, Targets: []RiskTarget{}, Sets: []RiskSet{}, Equivalents: []Equivalent{}, Domains: len(doms)}
	tidx := make([]int, len(targets))
	for k, id := range targets {
		tidx[k] = -1
		if i, ok := a.indexOf(id); ok {
			tidx[k] = i
		}
	}
	seeded := make([][]int32, len(doms))        // what each domain hits directly
	hits := make([][]hit, len(doms))            // and how, beside seeded
	whole := make([]map[int32]*seed, len(doms)) // the seeds with regions left, kept whole
	// a set's merged lists, two of each (a triple merges into the one the
	// pair before did not write), kept from one set to the next
	type merged struct {
		only  [2][]int32
		given [2][]*seed
	}
	var lists sync.Pool
	run := func(xs ...int) outcome {
		ds := make([]Domain, len(xs))
		m, _ := lists.Get().(*merged)
		if m == nil {
			m = &merged{}
		}
		defer lists.Put(m)
		var only []int32
		var given []*seed
		for k, x := range xs {
			ds[k] = doms[x]
			b := k % 2
			m.only[b], m.given[b] = mergeSeeded(m.only[b][:0], m.given[b][:0], only, given, seeded[x], hits[x], whole[x])
			only, given = m.only[b], m.given[b]
		}
		d, _ := a.compile(Scenario{Down: ds})
		d.quiet = true // states alone are read
		d.only, d.given = only, given
		if !reuseSeeds {
			d.given = nil
		}
		if d.only == nil {
			d.only = []int32{}
		}
		_, level, _, st := a.propagate(d)
		o := outcome{fails: newBitset(len(targets)), hit: newBitset(len(a.nodes))}
		for i, l := range level {
			if l > Healthy {
				o.hit.set(i)
			}
		}
		for k, i := range tidx {
			if i >= 0 && level[i] == Failed {
				o.fails.set(k)
			}
		}
		a.done(st)
		return o
	}
	// single domains, with a signature of what each does for merging
	singles := make([]outcome, len(doms))
	sigs := make([][]byte, len(doms))
	near := a.near()
	// reach[x]: the targets a failure starting where domain x hits can
	// reach; a domain of a minimal set of t has t in its reach
	reach := make([]bitset, len(doms))
	targetOf := make([]int32, len(a.nodes)) // node → 1 + its target's index, 0 for none
	for k, i := range tidx {
		if i >= 0 {
			targetOf[i] = int32(k) + 1
		}
	}
	eachIndexAll(len(doms), func(x int) {
		d, _ := a.compile(Scenario{Down: doms[x : x+1]})
		d.quiet = true // states alone are read (the signature's too)
		d.only = near(doms[x])
		seeds, level, frozen, st := a.propagate(d)
		defer a.done(st)
		o := outcome{fails: newBitset(len(targets)), hit: newBitset(len(a.nodes))}
		var sig []byte
		for i := range level {
			if sd := seeds.of(i); sd.level > Healthy || sd.frozen {
				seeded[x] = append(seeded[x], int32(i))
				h := a.hitOf(i, sd)
				hits[x] = append(hits[x], h)
				if h&hitLeft != 0 {
					if whole[x] == nil {
						whole[x] = map[int32]*seed{}
					}
					whole[x][int32(i)] = &seed{level: sd.level, frozen: sd.frozen, left: sd.left}
				}
			}
		}
		for i, l := range level {
			if l > Healthy {
				o.hit.set(i)
			}
			if sd := seeds.of(i); l > Healthy || frozen[i] || sd.level > Healthy || sd.frozen {
				sig = appendSig(sig, i, l, frozen[i], sd)
			}
		}
		for k, i := range tidx {
			if i >= 0 && level[i] == Failed {
				o.fails.set(k)
			}
		}
		singles[x], sigs[x], reach[x] = o, sig, a.failReach(seeded[x], targetOf, len(targets))
	})
	r.Runs = len(doms)
	// representatives: the first domain of each signature that does anything
	var reps []int
	bySig := map[string]int{}
	same := map[int][]string{}
	for x := range doms {
		if len(sigs[x]) == 0 {
			continue
		}
		if rep, ok := bySig[string(sigs[x])]; ok {
			same[rep] = append(same[rep], doms[x].String())
			continue
		}
		bySig[string(sigs[x])] = x
		reps = append(reps, x)
	}
	for _, x := range reps {
		if len(same[x]) > 0 {
			r.Equivalents = append(r.Equivalents, Equivalent{Domain: doms[x].String(), Same: same[x]})
		}
	}
	found := map[string]*RiskSet{}
	record := func(members []int, fails bitset) {
		if fails.count() == 0 {
			return
		}
		var names []string
		for _, x := range members {
			names = append(names, doms[x].String())
		}
		sort.Strings(names)
		key := strings.Join(names, "\x00")
		s := found[key]
		if s == nil {
			s = &RiskSet{Domains: names, Size: len(names)}
			found[key] = s
		}
		for k := range targets {
			if fails.has(k) {
				s.Fails = append(s.Fails, targets[k])
			}
		}
	}
	for _, x := range reps {
		record([]int{x}, singles[x].fails)
	}
	// pairs: those that may interact, run on every core
	type pair struct{ x, y int }
	pairOut := map[pair]outcome{}
	pairOf := func(x, y int) (outcome, bool) {
		if o, ok := pairOut[pair{x, y}]; ok {
			return o, true
		}
		if a.contains(doms[x], doms[y]) || a.contains(doms[y], doms[x]) {
			return outcome{}, false
		}
		// not run: no interaction, the union of the two (kept for the
		// triples that share the pair)
		o := outcome{fails: singles[x].fails.or(singles[y].fails), hit: singles[x].hit.or(singles[y].hit)}
		pairOut[pair{x, y}] = o
		return o, true
	}
	if order >= 2 {
		var cands []pair
		for i, x := range reps {
			for _, y := range reps[i+1:] {
				if a.contains(doms[x], doms[y]) || a.contains(doms[y], doms[x]) {
					continue
				}
				if !singles[x].hit.meets(singles[y].hit) || !reach[x].andNot(singles[x].fails.or(singles[y].fails)).meets(reach[y]) {
					continue
				}
				cands = append(cands, pair{x, y})
			}
		}
		outs := make([]outcome, len(cands))
		eachIndexAll(len(cands), func(c int) { outs[c] = run(cands[c].x, cands[c].y) })
		r.Runs += len(cands)
		for c, p := range cands {
			covered := singles[p.x].fails.or(singles[p.y].fails)
			record([]int{p.x, p.y}, outs[c].fails.andNot(covered))
			if order >= 3 {
				pairOut[p] = outs[c]
			}
		}
	}
	if order >= 3 {
		type triple struct{ x, y, z int }
		var cands []triple
		var covers []bitset
		for i, x := range reps {
			for j, y := range reps[i+1:] {
				xy, ok := pairOf(x, y)
				if !ok {
					continue
				}
				for _, z := range reps[i+j+2:] {
					xz, ok1 := pairOf(x, z)
					yz, ok2 := pairOf(y, z)
					if !ok1 || !ok2 {
						continue
					}
					covered := xy.fails.or(xz.fails).or(yz.fails)
					if !reach[x].andNot(covered).meets(reach[y].and(reach[z])) {
						continue
					}
					// no interaction across one of the three splits: the
					// union fails what its parts fail
					if !xy.hit.meets(singles[z].hit) || !xz.hit.meets(singles[y].hit) || !yz.hit.meets(singles[x].hit) {
						continue
					}
					cands = append(cands, triple{x, y, z})
					covers = append(covers, covered)
				}
			}
		}
		outs := make([]outcome, len(cands))
		eachIndexAll(len(cands), func(c int) { outs[c] = run(cands[c].x, cands[c].y, cands[c].z) })
		r.Runs += len(cands)
		for c, t := range cands {
			record([]int{t.x, t.y, t.z}, outs[c].fails.andNot(covers[c]))
		}
	}
	r.Sets = mergeSymmetric(found, doms)
	per := map[string]*RiskTarget{}
	for _, id := range targets {
		per[id] = &RiskTarget{ID: id}
	}
	for _, s := range r.Sets {
		for _, id := range s.Fails {
			t := per[id]
			if t.Smallest == 0 || s.Size < t.Smallest {
				t.Smallest = s.Size
			}
			t.Groups++
		}
	}
	for _, id := range targets {
		r.Targets = append(r.Targets, *per[id])
	}
	sort.SliceStable(r.Targets, func(i, j int) bool { return r.Targets[i].ID < r.Targets[j].ID })
	r.SharedFate = a.SharedFate()
	return r
}

// mergeSymmetric merges, among the sets found, each family made of every
// choice of k zones out of some zones of one region that fail the same
// targets into one "any k of" set, and ranks the result.
func mergeSymmetric(found map[string]*RiskSet, doms []Domain) []RiskSet {
	zoneRegion := map[string]string{}
	for _, d := range doms {
		if d.Kind == DomainZone && d.Region != "" {
			zoneRegion[d.String()] = d.Cloud + ":" + d.Region
		}
	}
	families := map[string][]*RiskSet{}
	var out []RiskSet
	for _, s := range found {
		region := ""
		for _, d := range s.Domains {
			r, ok := zoneRegion[d]
			if !ok || (region != "" && r != region) {
				region = ""
				break
			}
			region = r
		}
		if s.Size < 2 || region == "" {
			out = append(out, *s)
			continue
		}
		key := fmt.Sprintf("%s\x00%d\x00%s", region, s.Size, strings.Join(s.Fails, "\x00"))
		families[key] = append(families[key], s)
	}
	for _, fam := range families {
		zones := map[string]bool{}
		for _, s := range fam {
			for _, d := range s.Domains {
				zones[d] = true
			}
		}
		k := fam[0].Size
		if len(zones) > k && len(fam) == binomial(len(zones), k) {
			out = append(out, RiskSet{Domains: slices.Sorted(mapsKeys(zones)), AnyOf: k, Size: k, Fails: fam[0].Fails})
			continue
		}
		for _, s := range fam {
			out = append(out, *s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Size != out[j].Size {
			return out[i].Size < out[j].Size
		}
		if len(out[i].Fails) != len(out[j].Fails) {
			return len(out[i].Fails) > len(out[j].Fails)
		}
		return out[i].Name() < out[j].Name()
	})
	return out
}

func mapsKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func binomial(n, k int) int {
	r := 1
	for i := 1; i <= k; i++ {
		r = r * (n - k + i) / i
	}
	return r
}

// contains reports whether losing outer takes down everything losing
// inner does: a provider holds its cloud's regions, zones and services, a
// region its zones and services.
func (a *Analyzer) contains(outer, inner Domain) bool {
	if outer.Cloud == "" || outer.Cloud != inner.Cloud || outer == inner {
		return false
	}
	switch outer.Kind {
	case DomainProvider:
		return inner.Kind != DomainProvider && inner.Kind != DomainNode
	case DomainRegion:
		switch inner.Kind {
		case DomainService:
			return inner.Region == outer.Region
		case DomainZone:
			return a.zoneRegion(inner) == outer.Region
		}
	}
	return false
}

// appendSig appends what a single domain does to node i to a domain's
// signature, in a form no two different effects share: i, its state and
// frozen flag, its seed's state, and the seed's zones or regions lost
// and left, each list counted and each name sized (domains of equal
// signatures are merged as equivalent).
func appendSig(sig []byte, i int, l State, frozen bool, sd *seed) []byte {
	sig = binary.AppendUvarint(sig, uint64(i))
	b := byte(l) | byte(sd.level)<<2 // each state in two bits
	if frozen {
		b |= 1 << 4
	}
	sig = append(sig, b)
	for _, list := range [2][]string{sd.lost, sd.left} {
		sig = binary.AppendUvarint(sig, uint64(len(list)))
		for _, v := range list {
			sig = binary.AppendUvarint(sig, uint64(len(v)))
			sig = append(sig, v...)
		}
	}
	return sig
}

// reuseSeeds, when set, has RiskGroups evaluate a set of domains' seeds
// only where two of its domains hit the same node (mergeSeeded); a test
// clears it to evaluate every node the set hits, and compares.
var reuseSeeds = true

// mergeSeeded merges the nodes one more domain of a set hits directly
// (ys, in ascending order, hit as hs says, the seeds with regions left
// in whole) into those of the domains before it (xs, with their seeds in
// given), appending to only and out: the union in ascending order, each
// node with its seed when one domain alone hits it, nil when two or more
// do. A node only one domain of a set hits is hit by the set as by that
// domain alone (the rule that domains hitting nothing in common do not
// interact, at the level of one node's seed); where two meet, own
// evaluates the set.
func mergeSeeded(only []int32, out []*seed, xs []int32, given []*seed, ys []int32, hs []hit, whole map[int32]*seed) ([]int32, []*seed) {
	only = slices.Grow(only, len(xs)+len(ys))
	out = slices.Grow(out, len(xs)+len(ys))
	i, j := 0, 0
	for i < len(xs) || j < len(ys) {
		switch {
		case j == len(ys) || i < len(xs) && xs[i] < ys[j]:
			only, out = append(only, xs[i]), append(out, given[i])
			i++
		case i == len(xs) || ys[j] < xs[i]:
			sd := &plainSeeds[hs[j]&(hitLevel|hitFrozen)]
			if hs[j]&hitLeft != 0 {
				sd = whole[ys[j]]
			}
			only, out = append(only, ys[j]), append(out, sd)
			j++
		default: // hit by both: evaluated
			only, out = append(only, xs[i]), append(out, nil)
			i++
			j++
		}
	}
	return only, out
}

// eachIndexAll calls fn(i) for i in [0, n) on every core, however few
// items: each one is a whole scenario.
func eachIndexAll(n int, fn func(i int)) {
	parallel.Blocks(n, 2, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			fn(i)
		}
	})
}

// near returns regionIndex's answer, made once for the analyzer.
func (a *Analyzer) near() func(Domain) []int32 {
	a.nearOnce.Do(func() { a.nearFn = a.regionIndex() })
	return a.nearFn
}

// regionIndex returns, for a domain, in ascending order the nodes it may
// hit directly: for a region, zone or service, those placed in its region
// (or holding a copy there) and those any region may reach (global,
// multi-region over a prefix of regions, placement unknown or partly
// unknown); nil, meaning every node, for the provider and a resource.
func (a *Analyzer) regionIndex() func(Domain) []int32 {
	byRegion := map[string][]int32{}
	var always []int32
	for i, n := range a.nodes {
		p := n.Placement
		if a.inert[i] || !n.Target() || p.Cloud == "" {
			continue
		}
		wide := p.Region == "" || a.unknown[int32(i)] != 0 || a.scope[i] == scopeGlobal || a.scope[i] == scopeUnknown
		regions := map[string]bool{p.Region: true}
		for _, r := range p.AllRegions() {
			regions[r] = true
		}
		for _, r := range a.standbyAt(i) {
			regions[r] = true
		}
		for _, r := range a.regionsAt(i) {
			regions[r.name] = true
			wide = wide || len(r.prefix) > 0
		}
		if wide {
			always = append(always, int32(i))
			continue
		}
		for r := range regions {
			if r != "" {
				byRegion[p.Cloud+":"+r] = append(byRegion[p.Cloud+":"+r], int32(i))
			}
		}
	}
	return func(d Domain) []int32 {
		region := d.Region
		if d.Kind == DomainZone {
			region = a.zoneRegion(d)
		}
		if d.Kind == DomainProvider || d.Kind == DomainNode || region == "" {
			return nil
		}
		// the two lists are each in ascending order and share no node
		in := byRegion[d.Cloud+":"+region]
		out := make([]int32, 0, len(always)+len(in))
		i, j := 0, 0
		for i < len(always) && j < len(in) {
			if always[i] < in[j] {
				out, i = append(out, always[i]), i+1
			} else {
				out, j = append(out, in[j]), j+1
			}
		}
		return append(append(out, always[i:]...), in[j:]...)
	}
}

// failReach returns the targets (targetOf: node → 1 + target index, 0
// for none) that a failure of the nodes from can reach. A node fails
// only when it is hit, when a dependency outside redundancy groups fails
// along a hard edge, or when a redundancy group loses too many failed
// members (whatever the member edge's kind): soft and control edges
// never carry a failure, and data sources and inert nodes never rise.
func (a *Analyzer) failReach(from []int32, targetOf []int32, n int) bitset {
	out := newBitset(n)
	seen := newBitset(len(a.nodes))
	queue := append([]int32(nil), from...)
	for _, i := range from {
		seen.set(int(i))
	}
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		if k := targetOf[j]; k > 0 {
			out.set(int(k) - 1)
		}
		for _, ref := range a.inOf(int(j)) {
			i := ref.from
			e := a.outOf(int(i))[ref.edge]
			if seen.has(int(i)) || (e.gi < 0 && e.code != codeHard) || a.unraised[i] {
				continue
			}
			seen.set(int(i))
			queue = append(queue, i)
		}
	}
	return out
}
