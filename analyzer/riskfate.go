package analyzer

import (
	"fmt"
	"sort"
	"strings"
)

// SharedFate is a redundancy group that is not: every member of the group
// depends on one resource, directly or through hard dependencies, or lives
// in one failure domain, so that one loss takes the group's whole
// redundancy away.
type SharedFate struct {
	// Node holds the group (the dependent that needs Need of Members).
	Node    string   `json:"node"`
	Group   string   `json:"group"`
	Need    int      `json:"need"`
	Members []string `json:"members"`
	// Common is the resource every member depends on, or the failure
	// domain every member lives in (Kind says which).
	Common string `json:"common"`
	Kind   string `json:"kind"`
	// Domain is the failure domain taking Common down without taking the
	// members down directly: its zone, or its service in its region.
	Domain string `json:"domain"`
}

// Shared fate kinds.
const (
	FateResource = "resource"
	FateDomain   = "domain"
)

// Text says the finding in one line.
func (f SharedFate) Text() string {
	if f.Kind == FateDomain {
		return fmt.Sprintf("%s needs %d of %s, which all live in %s", f.Node, f.Need, shortMembers(f.Members), f.Common)
	}
	return fmt.Sprintf("%s needs %d of %s, which all depend on %s (lost with %s)", f.Node, f.Need, shortMembers(f.Members), f.Common, f.Domain)
}

func shortMembers(m []string) string {
	if len(m) > 4 {
		return strings.Join(m[:3], ", ") + fmt.Sprintf(" and %d more", len(m)-3)
	}
	return strings.Join(m, ", ")
}

// SharedFate finds the redundancy groups that are not, sorted by node
// and group. A group counts when it needs fewer members than it has,
// some member edge is hard, and either
//   - every member reaches one resource through hard dependencies outside
//     redundancy groups, and that resource can be lost without every
//     member being hit directly: it is zonal in a zone not every member
//     lives in, or regional with a regional service (its region and
//     service) that does not also hold every member (a VPC shared by
//     subnets of the same regional service is not reported); the nearest
//     such resource is named; or
//   - every member lives in the same single zone, or, not being zonal,
//     in the same single region.
func (a *Analyzer) SharedFate() []SharedFate {
	var out []SharedFate
	for i := range a.nodes {
		if a.unraised[i] {
			continue
		}
		for gi, g := range a.groups[i] {
			need := needed(g.need, g.n)
			if !g.hard || g.n < 2 || need >= g.n {
				continue
			}
			var members []int
			for _, e := range a.outOf(i) {
				if int(e.gi) == gi {
					members = append(members, int(e.to))
				}
			}
			if f, ok := a.fateOf(members); ok {
				f.Node, f.Group, f.Need = a.nodes[i].ID, g.name, need
				for _, m := range members {
					f.Members = append(f.Members, a.nodes[m].ID)
				}
				sort.Strings(f.Members)
				out = append(out, f)
			}
		}
	}
	sort.SliceStable(out, func(x, y int) bool {
		if out[x].Node != out[y].Node {
			return out[x].Node < out[y].Node
		}
		return out[x].Group < out[y].Group
	})
	return out
}

// SharedFateOf returns the shared fate findings that concern node id: a
// group it holds or is a member of, or one held by a node it depends on
// through hard dependencies.
func (a *Analyzer) SharedFateOf(id string) []SharedFate {
	i, ok := a.indexOf(id)
	if !ok {
		return nil
	}
	all := a.SharedFate()
	if len(all) == 0 {
		return nil
	}
	reach := a.hardClosure(i)
	var out []SharedFate
	for _, f := range all {
		holder, _ := a.indexOf(f.Node)
		_, hit := reach[holder]
		for _, m := range f.Members {
			if m == id {
				hit = true
			}
		}
		if hit {
			out = append(out, f)
		}
	}
	return out
}

// hardClosure returns the nodes reached from node i along hard
// dependency edges outside redundancy groups (or in groups that need
// every member), with their distance from it (i itself at 0).
func (a *Analyzer) hardClosure(i int) map[int]int {
	dist := map[int]int{i: 0}
	queue := []int{i}
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		for _, e := range a.outOf(j) {
			if e.code != codeHard {
				continue
			}
			if e.gi >= 0 {
				g := a.groups[j][e.gi]
				if needed(g.need, g.n) < g.n {
					continue
				}
			}
			k := int(e.to)
			if _, seen := dist[k]; seen || a.unraised[k] {
				continue
			}
			dist[k] = dist[j] + 1
			queue = append(queue, k)
		}
	}
	return dist
}

// fateOf finds what the members of a group share, if anything.
func (a *Analyzer) fateOf(members []int) (SharedFate, bool) {
	closures := make([]map[int]int, len(members))
	common := map[int]int{}
	for n, m := range members {
		closures[n] = a.hardClosure(m)
		if n == 0 {
			for k, d := range closures[n] {
				common[k] = d
			}
			continue
		}
		for k, d := range common {
			dm, ok := closures[n][k]
			if !ok {
				delete(common, k)
				continue
			}
			common[k] = max(d, dm)
		}
	}
	isMember := map[int]bool{}
	for _, m := range members {
		isMember[m] = true
	}
	best, bestD := -1, 0
	var bestDom string
	for k, d := range common {
		if isMember[k] || !a.nodes[k].Target() {
			continue
		}
		if best >= 0 && (d > bestD || (d == bestD && a.nodes[k].ID > a.nodes[best].ID)) {
			continue
		}
		if dom, ok := a.narrower(k, closures); ok {
			best, bestD, bestDom = k, d, dom
		}
	}
	if best >= 0 {
		return SharedFate{Common: a.nodes[best].ID, Kind: FateResource, Domain: bestDom}, true
	}
	if dom, ok := a.oneDomain(members); ok {
		return SharedFate{Common: dom, Kind: FateDomain, Domain: dom}, true
	}
	return SharedFate{}, false
}

// narrower returns the failure domain that takes node k down directly
// (its zone, else its service in its region, else its region) when that
// domain leaves some member standing but for k: no node a member needs,
// outside k and what k needs itself, lives in it. A VPC shared by
// instances in several zones is not reported: the EC2 service of the
// region that takes the VPC down takes the instances down too.
func (a *Analyzer) narrower(k int, closures []map[int]int) (string, bool) {
	p := a.nodes[k].Placement
	if p.Cloud == "" || p.Region == "" {
		return "", false
	}
	var dom string
	var hit func(j int) bool
	switch a.scope[k] {
	case scopeZonal:
		zones := p.AllZones()
		if len(zones) != 1 {
			return "", false
		}
		dom = p.Cloud + ":" + zones[0]
		hit = func(j int) bool {
			q := a.nodes[j].Placement
			if q.Cloud != p.Cloud {
				return false
			}
			if a.scope[j] == scopeRegional && a.spreadAt(j) != "" && q.Region == p.Region {
				return false // zone-redundant: one zone does not take it down
			}
			zs := q.AllZones()
			return a.scope[j] == scopeZonal && len(zs) == 1 && zs[0] == zones[0]
		}
	case scopeRegional:
		dom = p.Cloud + ":" + p.Region
		svc := a.svcAt(k)
		if svc != "" {
			dom += "/" + svc
		}
		hit = func(j int) bool {
			q := a.nodes[j].Placement
			return q.Cloud == p.Cloud && q.Region == p.Region && (svc == "" || a.svcAt(j) == svc) &&
				(a.scope[j] == scopeZonal || a.scope[j] == scopeRegional)
		}
	default:
		return "", false
	}
	own := a.hardClosure(k)
	for _, cl := range closures {
		standing := true
		for j := range cl {
			if _, mine := own[j]; !mine && hit(j) {
				standing = false
				break
			}
		}
		if standing {
			return dom, true
		}
	}
	return "", false
}

// oneDomain returns the single zone every member lives in, or the single
// region every member lives in when none has a zone. Members placed in
// several zones (zonal, or regional resources placed through a zonal
// dependency) are redundancy across zones, whatever their region.
func (a *Analyzer) oneDomain(members []int) (string, bool) {
	zone, region, zoned := "", "", false
	for n, m := range members {
		p := a.nodes[m].Placement
		if p.Cloud == "" || p.Region == "" || (a.scope[m] != scopeZonal && a.scope[m] != scopeRegional) {
			return "", false
		}
		z := ""
		if zs := p.AllZones(); len(zs) > 0 {
			zoned = true
			if len(zs) == 1 {
				z = p.Cloud + ":" + zs[0]
			}
		}
		if n == 0 {
			zone, region = z, p.Cloud+":"+p.Region
			continue
		}
		if z != zone {
			zone = ""
		}
		if p.Cloud+":"+p.Region != region {
			region = ""
		}
	}
	switch {
	case zoned:
		return zone, zone != ""
	case region != "":
		return region, true
	}
	return "", false
}
