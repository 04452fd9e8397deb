package terraform

import (
	"sort"
	"strings"
)

// resolver holds the indexes that keep dependency resolution linear in
// the size of the input. A recorded dependency such as
// module.cell.aws_security_group.app names that resource in every one of
// thousands of module instances; comparing each dependent with every
// candidate would be quadratic, so candidates are looked up by the values
// the dependent holds, by module instance path and by index key instead.
type resolver struct {
	insts    []*Instance
	byConfig map[string][]*Instance
	recorded map[string]map[string]bool // configuration address → its recorded dependencies
	byValue  map[string][]valueGroup    // match-key value → the instances holding it
	sameMod  map[cfgPart][]*Instance    // (configuration, module instance path) → instances
	sameKey  map[cfgPart]*Instance      // (configuration, index key) → first instance with it
	indexed  map[string]bool            // configurations sameMod and sameKey cover
	members  map[string][]*Instance     // module call → its members (moduleMembers)
	implied  map[cfgPart]bool           // (dependent configuration, dependency) → implied
	stamp    []uint32
	cur      uint32
}

// cfgPart keys an index by configuration address and one more string.
type cfgPart struct{ cfg, part string }

// valueGroup lists the instances of one configuration that hold a value.
type valueGroup struct {
	cfg  string
	hits []valueHit
}

// valueHit is one instance holding a value under matchKeys[key].
type valueHit struct {
	inst *Instance
	key  int
}

func newResolver(insts []*Instance, byConfig map[string][]*Instance, recorded map[string]map[string]bool) *resolver {
	x := &resolver{insts: insts, byConfig: byConfig, recorded: recorded,
		byValue: map[string][]valueGroup{}, sameMod: map[cfgPart][]*Instance{}, sameKey: map[cfgPart]*Instance{},
		indexed: map[string]bool{}, members: map[string][]*Instance{}, implied: map[cfgPart]bool{},
		stamp: make([]uint32, len(insts))}
	for i, in := range insts {
		in.ord = int32(i)
		for k, key := range matchKeys {
			v := in.Attrs.String(key)
			if len(v) < 3 {
				continue
			}
			groups := x.byValue[v]
			j := len(groups) - 1
			for j >= 0 && groups[j].cfg != in.config {
				j--
			}
			if j < 0 {
				groups = append(groups, valueGroup{cfg: in.config})
				j = len(groups) - 1
			}
			groups[j].hits = append(groups[j].hits, valueHit{inst: in, key: k})
			x.byValue[v] = groups
		}
	}
	return x
}

// candidates returns the instances a recorded dependency names: those of
// its configuration address, else (a module call) every member of the
// module, sorted by address. indexed says whether they are one
// configuration's instances, in input order.
func (x *resolver) candidates(dep string) (cands []*Instance, indexed bool) {
	if c := x.byConfig[dep]; len(c) > 0 {
		return c, true
	}
	if !strings.HasPrefix(dep, "module.") {
		return nil, false
	}
	m, ok := x.members[dep]
	if !ok {
		m = moduleMembers(dep, x.byConfig)
		x.members[dep] = m
	}
	return m, false
}

// named returns the candidates whose identity the dependent's attributes
// name (refVia), in candidate order.
func (x *resolver) named(in *Instance, dep string, cands []*Instance, indexed bool) []*Instance {
	if in.leaves == nil {
		in.leaves = leaves(in)
	}
	if !indexed || len(in.leaves) > 4*len(cands) {
		var out []*Instance
		for _, c := range cands {
			if refVia(in, c) != "" {
				out = append(out, c)
			}
		}
		return out
	}
	x.cur++
	var out []*Instance
	for v, path := range in.leaves {
		for _, grp := range x.byValue[v] {
			if grp.cfg != dep {
				continue
			}
			for _, h := range grp.hits {
				if path != matchKeys[h.key] && x.stamp[h.inst.ord] != x.cur {
					x.stamp[h.inst.ord] = x.cur
					out = append(out, h.inst)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ord < out[j].ord })
	return out
}

// index builds the module path and index key indexes of one
// configuration's instances.
func (x *resolver) index(cfg string) {
	if x.indexed[cfg] {
		return
	}
	x.indexed[cfg] = true
	for _, c := range x.byConfig[cfg] {
		if c.Module != "" {
			k := cfgPart{cfg, c.Module}
			x.sameMod[k] = append(x.sameMod[k], c)
		}
		if c.Key != nil {
			k := cfgPart{cfg, IndexKey(c.Key)}
			if _, ok := x.sameKey[k]; !ok {
				x.sameKey[k] = c
			}
		}
	}
}

// sameModule returns the candidates in the dependent's own module
// instance or one enclosing it, in candidate order.
func (x *resolver) sameModule(in *Instance, dep string, cands []*Instance, indexed bool) []*Instance {
	if !indexed {
		var same []*Instance
		for _, c := range cands {
			if c.Module != "" && (in.Module == c.Module || strings.HasPrefix(in.Module, c.Module+".")) {
				same = append(same, c)
			}
		}
		return same
	}
	x.index(dep)
	var same []*Instance
	lists := 0
	m := in.Module
	for i := 1; i <= len(m); i++ {
		if i < len(m) && m[i] != '.' {
			continue
		}
		if l := x.sameMod[cfgPart{dep, m[:i]}]; len(l) > 0 {
			same = append(same, l...)
			lists++
		}
	}
	if lists > 1 {
		sort.Slice(same, func(i, j int) bool { return same[i].ord < same[j].ord })
	}
	return same
}

// sameIndexKey returns the first candidate whose index key is the
// dependent's.
func (x *resolver) sameIndexKey(in *Instance, dep string, cands []*Instance, indexed bool) *Instance {
	k := IndexKey(in.Key)
	if !indexed {
		for _, c := range cands {
			if c.Key != nil && IndexKey(c.Key) == k {
				return c
			}
		}
		return nil
	}
	x.index(dep)
	return x.sameKey[cfgPart{dep, k}]
}

// isImplied memoises implied for dependents that record every
// dependency their configuration records (the usual case: then the
// answer depends on the configuration alone).
func (x *resolver) isImplied(in *Instance, dep string, own map[string]bool) bool {
	if len(own) != len(x.recorded[in.config]) {
		return implied(dep, own, x.recorded, x.byConfig)
	}
	k := cfgPart{in.config, dep}
	v, ok := x.implied[k]
	if !ok {
		v = implied(dep, own, x.recorded, x.byConfig)
		x.implied[k] = v
	}
	return v
}

// sortedDeps returns the instances a dependent resolved to, sorted by
// address.
func sortedDeps(in *Instance) []*Instance {
	out := make([]*Instance, 0, len(in.resolved))
	for d := range in.resolved {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}
