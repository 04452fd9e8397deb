package terraform

import (
	"maps"
	"slices"
	"strings"

	"github.com/blast-dev/blast/graph"
)

// bitsBudget bounds the memory (in bytes) the configuration-level bit
// sets may take; over it, implied is answered from the maps (slower on
// long dependency lists, the same answers). A variable so that tests can
// exercise both ways.
var bitsBudget = 64 << 20

// cfgGraph is the graph of recorded dependencies between configurations
// (resource blocks), with its strongly connected components: Terraform
// records the transitive closure, so a resource at the end of a chain of
// n lists n dependencies, and only the last link is direct.
type cfgGraph struct {
	recorded map[string]map[string]bool // configuration → its recorded dependencies
	partial  map[string]map[string]bool // configuration → those only some of its instances record
	byConfig map[string][]*Instance
	id       map[string]int // configuration address → position
	comp     []int          // by position: strongly connected component
	bits     *cfgBits       // nil when over bitsBudget
}

// cfgBits holds the recorded dependencies as bit sets: for each
// configuration that records dependencies, the set it records; for each
// one recorded, the set of those recording it; for each component of
// more than one configuration, its members. Testing one recorded
// dependency against the others through maps costs n lookups, here n/64
// words.
type cfgBits struct {
	records  [][]uint64       // by position: the dependencies it records (nil: none)
	recorded [][]uint64       // by position: the configurations all of whose instances record it (nil: none)
	members  map[int][]uint64 // by component
	present  []uint64         // configurations with instances in the input that carry failures
}

func newCfgGraph(recorded, partial map[string]map[string]bool, byConfig map[string][]*Instance) *cfgGraph {
	c := &cfgGraph{recorded: recorded, partial: partial, byConfig: byConfig, id: map[string]int{}}
	cfgs := slices.Sorted(maps.Keys(recorded))
	for _, cfg := range cfgs {
		for _, s := range append([]string{cfg}, slices.Sorted(maps.Keys(recorded[cfg]))...) {
			if _, ok := c.id[s]; !ok {
				c.id[s] = len(c.id)
			}
		}
	}
	adj := make([][]int, len(c.id))
	edges := 0
	for _, cfg := range cfgs {
		i := c.id[cfg]
		for d := range recorded[cfg] {
			adj[i] = append(adj[i], c.id[d])
		}
		edges += len(adj[i])
	}
	c.comp = graph.Components(len(c.id), edges, func(v int) []int { return adj[v] })
	c.bits = c.newBits(adj)
	return c
}

// newBits builds the bit sets, or returns nil when they would take more
// than bitsBudget.
func (c *cfgGraph) newBits(adj [][]int) *cfgBits {
	n := len(c.id)
	words := (n + 63) / 64
	size := make([]int, n) // by component
	for _, k := range c.comp {
		size[k]++
	}
	rows, big := 1, 0
	recordedRow := make([]bool, n)
	for i, deps := range adj {
		if len(deps) > 0 {
			rows++
		}
		for _, j := range deps {
			if !recordedRow[j] {
				recordedRow[j] = true
				rows++
			}
		}
		if size[c.comp[i]] > 1 {
			big++
		}
	}
	if (rows+big)*words*8 > bitsBudget {
		return nil
	}
	set := func(row []uint64, i int) { row[i/64] |= 1 << (uint(i) % 64) }
	var names []string // by position, when some records are partial
	if len(c.partial) > 0 {
		names = make([]string, n)
		for s, i := range c.id {
			names[i] = s
		}
	}
	b := &cfgBits{records: make([][]uint64, n), recorded: make([][]uint64, n),
		members: map[int][]uint64{}, present: make([]uint64, words)}
	for i, deps := range adj {
		if len(deps) > 0 {
			b.records[i] = make([]uint64, words)
		}
		for _, j := range deps {
			set(b.records[i], j)
			if b.recorded[j] == nil {
				b.recorded[j] = make([]uint64, words)
			}
			if names == nil || !c.partial[names[i]][names[j]] {
				set(b.recorded[j], i)
			}
		}
		if k := c.comp[i]; size[k] > 1 {
			if b.members[k] == nil {
				b.members[k] = make([]uint64, words)
			}
			set(b.members[k], i)
		}
	}
	for s, i := range c.id {
		if c.through(s) {
			set(b.present, i)
		}
	}
	return b
}

// implied reports whether dep, recorded by configuration cfg, is reached
// through another of the dependencies the dependent records (own): one
// present in the input that records dep and passes failures on, where neither dep nor cfg can
// reach it back. Edges within a cycle imply nothing, so a ring keeps its
// edges, and two members of a ring do not drop a dependency each on the
// strength of the other.
func (c *cfgGraph) implied(cfg, dep string, own map[string]bool) bool {
	ci, di, ok := c.ids(cfg, dep)
	if !ok {
		return false
	}
	for other := range own {
		oi, ok := c.id[other]
		if !ok || other == dep || !c.recorded[other][dep] || c.partial[other][dep] || c.comp[oi] == c.comp[di] || c.comp[oi] == c.comp[ci] || !c.through(other) {
			continue
		}
		return true
	}
	return false
}

// through reports whether a dependency may be reached through
// configuration cfg: it has instances in the input, and they pass
// failures on (carries).
func (c *cfgGraph) through(cfg string) bool {
	insts := c.byConfig[cfg]
	return len(insts) > 0 && carries(insts[0])
}

// ids returns the positions of two configurations, ok when both record
// or are recorded.
func (c *cfgGraph) ids(cfg, dep string) (ci, di int, ok bool) {
	ci, ok1 := c.id[cfg]
	di, ok2 := c.id[dep]
	return ci, di, ok1 && ok2
}

// impliedFor is implied for a dependent that records exactly what its
// configuration cfg records, from the bit sets when there are: the
// dependencies cfg records, present, that record dep, less the members
// of dep's and of cfg's own components.
func (c *cfgGraph) impliedFor(cfg, dep string) bool {
	if c.bits == nil {
		return c.implied(cfg, dep, c.recorded[cfg])
	}
	ci, di, ok := c.ids(cfg, dep)
	if !ok {
		return false
	}
	b := c.bits
	own, by := b.records[ci], b.recorded[di]
	if own == nil || by == nil {
		return false
	}
	depSame, cfgSame := b.component(c.comp[di], di), b.component(c.comp[ci], ci)
	for w := range own {
		if own[w]&by[w]&b.present[w]&^depSame.word(w)&^cfgSame.word(w) != 0 {
			return true
		}
	}
	return false
}

// members is the bit set of one component's members: the row, or, for a
// component of one, that one.
type members struct {
	row   []uint64 // nil: alone
	alone int
}

func (b *cfgBits) component(k, i int) members { return members{b.members[k], i} }

// word returns word w of the bit set.
func (m members) word(w int) uint64 {
	switch {
	case m.row != nil:
		return m.row[w]
	case w == m.alone/64:
		return 1 << (uint(m.alone) % 64)
	}
	return 0
}

// reduce removes resolved dependencies that are reached through another
// resolved dependency: Terraform stores the transitive closure, the graph
// wants direct edges only. An edge to one of several instances that the
// dependent's attribute values name is direct by definition and stays
// (an auto scaling group's subnets carry its zone redundancy even when
// its launch template reaches them too). Edges within a cycle stay too:
// a dependency is dropped only when it is reached through one that
// neither it nor the dependent can reach back (another strongly connected
// component than either), so a cycle of any length keeps its edges and
// costs no more than its edges.
//
// A dependency is dropped only where the way through keeps carrying its
// failure: the intermediary passes failures on (carries: a managed
// resource, not a data source, which reads once and keeps no failure,
// nor something that is not infrastructure), its own edge is not an
// ordering edge, and, when the dependent reaches several instances of
// the intermediary's resource (a group that may stand for redundancy),
// every one of them reaches the dependency.
func reduce(insts []*Instance) {
	comp := components(insts)
	// crosses[i]: instance i has a dependency outside its own component,
	// the only kind through which another edge can be implied
	crosses := make([]bool, len(insts))
	for _, in := range insts {
		for _, r := range in.resolved.list {
			if comp[r.inst.ord] != comp[in.ord] {
				crosses[in.ord] = true
				break
			}
		}
	}
	cfgID := map[string]int32{}
	cfgOf := make([]int32, len(insts))
	for i, in := range insts {
		id, ok := cfgID[in.config]
		if !ok {
			id = int32(len(cfgID))
			cfgID[in.config] = id
		}
		cfgOf[i] = id
	}
	mark := make([]int32, len(insts)) // by position: i+1 while instance i is reduced
	var drop []*Instance
	// reused per dependent: how many instances of each configuration it
	// depends on (by configuration number), and, for configurations with
	// several, how many of them reach each dependency
	width := make([]int32, len(cfgID))
	var touched []int32
	type reach struct{ dep, cfg int32 }
	hits := map[reach]int32{}
	for i, in := range insts {
		stamp, some := int32(i+1), false
		for _, r := range in.resolved.list {
			if !r.evidence {
				mark[r.inst.ord], some = stamp, true
			}
		}
		if !some {
			continue
		}
		for _, c := range touched {
			width[c] = 0
		}
		touched = touched[:0]
		for _, r := range in.resolved.list {
			c := cfgOf[r.inst.ord]
			if width[c] == 0 {
				touched = append(touched, c)
			}
			width[c]++
		}
		if len(hits) > 0 {
			clear(hits)
		}
		drop = drop[:0]
		for _, r := range in.resolved.list {
			other, oe := r.inst, r.edgeInfo
			if !crosses[other.ord] || comp[other.ord] == comp[in.ord] || oe.ordering || !carries(other) {
				continue
			}
			oc := cfgOf[other.ord]
			for _, dr := range other.resolved.list {
				d, de := dr.inst, dr.edgeInfo
				if mark[d.ord] != stamp || d == other || comp[d.ord] == comp[other.ord] || de.ordering {
					continue
				}
				if width[oc] > 1 {
					// one of several instances: all of them must lead on
					k := reach{d.ord, oc}
					hits[k]++
					if hits[k] < width[oc] {
						continue
					}
				}
				mark[d.ord] = 0
				drop = append(drop, d)
			}
		}
		in.resolved.remove(drop)
	}
}

// carries reports whether an instance passes its dependencies' failures
// on to its dependents, so that an edge reached through it may be
// dropped: a data source does not (it was read once; the analyzer never
// fails one), nor does what is not infrastructure (random values, null
// resources, time and TLS helpers, local files).
func carries(in *Instance) bool {
	return in.Mode != "data" && !NotInfrastructure(in.Type)
}

// notInfraPrefixes and notInfraTypes name the resource types that hold
// values or run local actions and are no part of the infrastructure (the
// random, null, time, tls, local, archive, external and http providers,
// and Terraform's own terraform_data).
var (
	notInfraPrefixes = []string{"random_", "time_", "tls_", "local_", "archive_"}
	notInfraTypes    = map[string]bool{"null_resource": true, "null_data_source": true, "terraform_data": true,
		"external": true, "http": true, "terraform_remote_state": true}
)

// NotInfrastructure reports whether a resource type is a value or local
// helper rather than infrastructure (random_id, null_resource, time_sleep,
// tls_private_key, local_file, terraform_data and the like).
func NotInfrastructure(typ string) bool {
	if notInfraTypes[typ] {
		return true
	}
	for _, p := range notInfraPrefixes {
		if strings.HasPrefix(typ, p) {
			return true
		}
	}
	return false
}

// components numbers the strongly connected components of the resolved
// dependency graph: comp[i] is instance i's component (graph.Components:
// dominikbraun/graph on a small graph, blast's own on a large one).
func components(insts []*Instance) []int {
	edges := 0
	for _, in := range insts {
		edges += in.resolved.len()
	}
	// each vertex's list is asked for once and read while its vertex is
	// on the search's path: lists carved from blocks, not one allocation
	// a vertex
	var block []int
	return graph.Components(len(insts), edges, func(v int) []int {
		n := insts[v].resolved.len()
		if cap(block)-len(block) < n {
			block = make([]int, 0, max(n, min(edges, 4096)))
		}
		out := block[len(block) : len(block) : len(block)+n]
		block = block[:len(block)+n]
		for _, r := range insts[v].resolved.list {
			out = append(out, int(r.inst.ord))
		}
		return out
	})
}
