package terraform

import (
	"github.com/blast-dev/blast/graph"
)

// inherit places instances their own attributes and provider did not
// place, from their direct dependencies, when those agree on one region
// (and one zone): a NAT gateway lives where its subnet lives. The rule
// names the dependency the location was read from, the attribute of the
// dependent that references it, and how that dependency was placed
// (InheritedRule). The zone and the region come from the dependency that
// gives the most: a NAT gateway's zone is its subnet's, never its Elastic
// IP's, whose region only agrees. Dependencies the dependent's values
// reference are asked first; the inferred ones (every instance, same index
// key) answer only what those leave open: where none of them is placed,
// or the zone in the region they agree on.
func inherit(insts []*Instance) {
	var visit func(in *Instance)
	visit = func(in *Instance) {
		if in.visit != 0 {
			return
		}
		in.visit = 1
		deps := sortedDeps(in)
		for _, d := range deps {
			visit(d)
		}
		in.visit = 2
		p := &in.node.Placement
		providerPlaced := p.Rule == RuleProviderConfig || p.Rule == RuleSiblings || p.Rule == RuleProviderAlias
		if (p.Known() && !providerPlaced) || p.Rule == RuleARN || (providerPlaced && p.Zone != "") {
			return
		}
		src, region, zone := inheritFrom(in, deps, false)
		if src == nil || zone == "" {
			// the inferred ones answer what the named ones leave open:
			// a location, or a zone in the region those agree on
			if s, r, z := inheritFrom(in, deps, true); s != nil && (src == nil || z != "" && r == region) {
				src, region, zone = s, r, z
			}
		}
		if src == nil {
			return
		}
		e, _ := in.resolved.get(src)
		rule := InheritedRule(src.Address, e.via, src.node.Placement.Rule)
		if providerPlaced {
			// the provider placed it in a region; a dependency may add the zone
			if zone == "" || region != p.Region {
				return
			}
			p.Zone, p.Rule = zone, rule
			return
		}
		p.Region, p.Zone = region, zone
		if p.Cloud == "" {
			p.Cloud = src.node.Placement.Cloud
		}
		p.Rule, p.Unknown = rule, ""
	}
	for _, in := range insts {
		visit(in)
	}
}

// inheritFrom returns the dependency an instance takes its location from,
// and that region and zone: the direct dependencies (inferred ones only
// when inferred is set; never an ordering) placed in one region and one
// place each must agree on the region, and the zoned ones on the zone.
// The source is the first (by address) that gives the zone when there is
// one, else the first that gives the region; nil when they do not agree.
func inheritFrom(in *Instance, deps []*Instance, inferred bool) (src *Instance, region, zone string) {
	var zoned *Instance
	several := false // zoned dependencies in different zones
	for _, d := range deps {
		e, _ := in.resolved.get(d)
		if e.ordering || e.inferred != inferred {
			continue // an ordering: created after, placed anywhere
		}
		dp := d.node.Placement
		if !dp.Known() || dp.Scope == graph.ScopeMultiRegion || len(dp.Zones) > 0 {
			continue
		}
		switch {
		case src == nil:
			src, region = d, dp.Region
		case dp.Region != region:
			return nil, "", ""
		}
		switch {
		case dp.Zone == "":
		case zoned == nil:
			zoned, zone = d, dp.Zone
		case dp.Zone != zone:
			several = true
		}
	}
	if zoned != nil && !several {
		return zoned, region, zone
	}
	return src, region, ""
}

// InheritedRule is the placement rule of a location read from a
// dependency: "inherited:" + the dependency's address, the attribute of
// the dependent that references it ("via subnet_id", or how the
// dependency was chosen when no attribute names it), and the dependency's
// own rule, which ends at the attribute the location was read from:
// "inherited:aws_subnet.a via subnet_id, attribute:availability_zone".
func InheritedRule(from, via, fromRule string) string {
	if via == "" {
		via = graph.ViaRecorded
	}
	if fromRule == "" {
		fromRule = "unknown"
	}
	return RuleInherited + ":" + from + " via " + via + ", " + fromRule
}
