package analyzer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blast-dev/blast/graph"
)

// LabelUnknownUntilApply is the node label an importer sets when part of
// a node's placement is unknown until apply: "zone", "region" or
// "region,zone" (the tfjson importer sets it for plans).
const LabelUnknownUntilApply = "blast.unknown-until-apply"

// AssumedReason begins the reason of a node taken down because its
// region or zone is unknown until apply and may be the one that fails.
const AssumedReason = "unknown until apply"

const (
	unknownRegion uint8 = 1 << iota
	unknownZone
)

// zoneDown is one zone a scenario takes down, with the region it is in
// ("" when no resource names the region of a zone given by ID); a zone
// name several regions share is down in each, one zoneDown per region.
type zoneDown struct {
	cloud, region, domain string
}

// unknownBits says which part of node i's placement is unknown until
// apply and could be the part that fails: the region of a resource that
// is not global, the zone of a type the knowledge calls zonal unless the
// inference gave node i a scope (inferred) or a spread over zones.
func (a *Analyzer) unknownBits(i int, n *graph.Node, inferred bool) uint8 {
	lbl := n.Labels[LabelUnknownUntilApply]
	if lbl == "" || !n.Target() || n.Placement.Cloud == "" {
		return 0
	}
	parts := strings.Split(lbl, ",")
	e, known := a.k.Lookup(n.Type)
	var bits uint8
	if slices.Contains(parts, "region") && a.scope[i] != scopeGlobal && (!known || e.Scope != graph.ScopeGlobal) {
		bits |= unknownRegion
	}
	// a zone of one zone only: not a resource the inference spread over
	// zones (Multi-AZ: the zones of its subnet group) or gave a scope of
	// its own, nor one whose zone is known after all
	p := n.Placement
	oneZone := !inferred && a.spreadAt(i) == "" && len(p.AllZones()) == 0 && p.ZoneID == ""
	if slices.Contains(parts, "zone") && known && e.Scope == graph.ScopeZonal && oneZone {
		bits |= unknownZone
	}
	return bits
}

// assumedDown takes down a node whose region or zone is unknown until
// apply when the scenario takes down a region of its cloud, or a zone of
// its region: it may be the one (the worst case, as every command
// assumes it).
func assumedDown(bits uint8, p graph.Placement, d *down) (seed, bool) {
	if bits&unknownRegion != 0 {
		if regions := d.regionsOf[p.Cloud]; len(regions) > 0 {
			r := slices.Min(regions)
			dom := d.regions[p.Cloud+":"+r]
			return seed{level: Failed, domain: dom,
				reason: fmt.Sprintf("at risk: region %s: assumed in %s, the worst case", AssumedReason, dom)}, true
		}
	}
	if bits&unknownZone != 0 {
		for _, z := range d.zoneList {
			if z.cloud == p.Cloud && (p.Region == "" || z.region == "" || z.region == p.Region) {
				return seed{level: Failed, domain: z.domain,
					reason: fmt.Sprintf("at risk: zone %s: assumed in %s, the worst case", AssumedReason, z.domain)}, true
			}
		}
	}
	return seed{}, false
}

// Assumed lists the nodes a result took down only because their region
// or zone is unknown until apply, sorted.
func (a *Analyzer) Assumed(r *Result) []string {
	var out []string
	for i := range a.unknown {
		id := a.nodes[i].ID
		if im, ok := r.Impact(id); ok && im.State == Failed && strings.Contains(im.Reason, AssumedReason+": assumed in") {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
