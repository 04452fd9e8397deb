package analyzer

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/glob"
	"github.com/blast-dev/blast/graph"
)

// Data exposure statuses: what a scenario that takes a store's primary
// down does to its data.
const (
	// DataAtRisk: no copy survives outside the failed domains.
	DataAtRisk = "data at risk"
	// DataUnavailable: the store stops serving, a copy survives
	// elsewhere (restore or failover loses at most the loss window).
	DataUnavailable = "unavailable"
	// DataServedFromCopy: the store keeps serving from a copy (a standby
	// or replica took over).
	DataServedFromCopy = "served from a copy"
)

// DataCopy is one copy of a store's data: how it is made, where it
// lives, and what it was read from.
type DataCopy struct {
	// Kind is sync, async or backup.
	Kind string `json:"kind"`
	// Name says what the mechanism is: "Multi-AZ standby".
	Name string `json:"name"`
	// Where is the location: "aws:us-west-2", "aws:us-east-1 (other
	// zones)".
	Where string `json:"where"`
	// From is the resource the copy was read from (a node ID), or the
	// store's attribute ("attribute multi_az"), or "built in".
	From string `json:"from"`
	// Window is what a failover or restore to the copy loses.
	Window string `json:"lossWindow"`
	Source string `json:"source"`
	loc    place
}

// place is where a primary or a copy lives, for the scenario test.
type place struct {
	cloud      string
	region     string    // "" with regions set
	zone       string    // one zone, when known
	otherZones bool      // another zone of region (a standby)
	regions    []regionM // any one of these (replicas, multi-regions)
	anyRegion  bool      // a multi-region blast cannot list: lost only with the provider
	node       string    // the resource holding it, when one is
}

// StoreCopies is one stateful store and every copy of its data.
type StoreCopies struct {
	ID   string `json:"store"`
	Type string `json:"type"`
	// What is database, table, bucket, volume, ...
	What string `json:"what"`
	// Where is the primary's location.
	Where  string     `json:"where"`
	Copies []DataCopy `json:"copies"`
	// CopyOf names the store this one is an asynchronous copy of (a read
	// replica): its data lives on there, so it is not reported itself.
	CopyOf  string `json:"copyOf,omitempty"`
	primary place
}

// Exposure is what one scenario does to the data of one store whose
// primary it takes down.
type Exposure struct {
	Store string `json:"store"`
	Type  string `json:"type"`
	What  string `json:"what"`
	Where string `json:"where"`
	// Status is "data at risk", "unavailable" or "served from a copy".
	Status string `json:"status"`
	// LossWindow is what is known of the data lost: "none (synchronous
	// copy)", "up to 5 min (...)", "all data".
	LossWindow string `json:"lossWindow"`
	// Survivor is the best copy that survives (nil when at risk).
	Survivor *DataCopy `json:"survivingCopy,omitempty"`
	// Copies counts the store's copies, surviving or not.
	Copies int `json:"copies"`
	// Lost names the copies the scenario takes down with the primary
	// ("storage across zones in aws:us-east-1 (other zones)"), when none
	// survives.
	Lost []string `json:"lostCopies,omitempty"`
}

// Stores returns every stateful store of the graph with its copies,
// sorted by ID; replicas that are copies of another store are marked
// (CopyOf).
func (a *Analyzer) Stores() []StoreCopies {
	a.storesOnce.Do(func() { a.stores = a.readStores() })
	return a.stores
}

// storeFacts is what the knowledge says of one type about stored data:
// whether it is a store (and what kind), the copies of it its own
// attributes may make, and the copies it makes of other stores.
type storeFacts struct {
	store  platform.Store
	ok     bool
	copies []platform.Copy // CopiesOf: copies of a store of this type
	by     []platform.Copy // copies a resource of this type makes
}

// storeFactsOf returns node i's storeFacts, read once per type (called
// from readStores alone, under storesOnce).
func (a *Analyzer) storeFactsOf(i int, byType map[string][]platform.Copy) *storeFacts {
	f := a.factsOf(i)
	if f.stores == nil {
		typ := a.nodes[i].Type
		sf := &storeFacts{by: byType[typ]}
		if sf.store, sf.ok = a.k.StoreOf(typ); sf.ok {
			sf.copies = a.k.CopiesOf(typ)
		}
		f.stores = sf
	}
	return f.stores
}

func (a *Analyzer) readStores() []StoreCopies {
	byType := map[string][]platform.Copy{}
	for _, c := range a.k.Copies() {
		if c.By != "" {
			byType[c.By] = append(byType[c.By], c)
		}
	}
	// the stores counted first, and listed at their final size (a
	// store's entry is large, and grown by doubling it was most of what
	// listing the stores of a large organisation cost)
	isStore := func(i int, n *graph.Node) bool {
		return n.Mode != graph.ModeData && !a.inert[i] && n.Placement.Cloud != "" && n.Placement.Region != "" && a.storeFactsOf(i, byType).ok
	}
	count := 0
	for i, n := range a.nodes {
		if isStore(i, n) {
			count++
		}
	}
	out := make([]StoreCopies, 0, count)
	at := make(map[string]int, count)
	nodeOf := make([]int32, 0, count)
	for i, n := range a.nodes {
		if !isStore(i, n) {
			continue
		}
		s := StoreCopies{ID: n.ID, Type: n.Type, What: a.factsOf(i).stores.store.What, primary: a.primaryPlace(i), CopyOf: a.inf.copyOf[n.ID]}
		s.Where = s.primary.String()
		at[n.ID] = len(out)
		out = append(out, s)
		nodeOf = append(nodeOf, int32(i))
	}
	// copies read from the store's own attributes
	for si := range out {
		s := &out[si]
		i := int(nodeOf[si])
		n := a.nodes[i]
		for _, c := range a.factsOf(i).stores.copies {
			if c.By != "" || !holds(n, c) {
				continue
			}
			for _, loc := range a.copyPlaces(i, n, c) {
				s.add(c, "attribute", loc)
			}
		}
	}
	// copies made by other resources that name the store (or, shared,
	// that name what the store names)
	for i, by := range a.nodes {
		cs := a.storeFactsOf(i, byType).by
		if len(cs) == 0 || by.Mode == graph.ModeData {
			continue
		}
		for _, e := range a.g.DependenciesOf(by.ID) {
			for _, c := range cs {
				if !strings.HasPrefix(e.Via, c.Via) {
					continue
				}
				targets := []string{e.To}
				if c.Shared {
					targets = nil
					for _, f := range a.g.DependentsOf(e.To) {
						if f.From != by.ID && strings.HasPrefix(f.Via, c.Via) {
							targets = append(targets, f.From)
						}
					}
				}
				for _, t := range targets {
					si, ok := at[t]
					if !ok || t == by.ID || !glob.Star(c.Store, out[si].Type) {
						continue
					}
					a.copyBy(&out[si], i, c, at, out)
				}
			}
		}
	}
	for si := range out {
		slices.SortFunc(out[si].Copies, func(x, y DataCopy) int {
			return cmp.Or(kindRank(x.Kind)-kindRank(y.Kind), strings.Compare(x.Where, y.Where),
				strings.Compare(x.Name, y.Name), strings.Compare(x.From, y.From))
		})
		out[si].Copies = slices.CompactFunc(out[si].Copies, func(x, y DataCopy) bool {
			return x.Kind == y.Kind && x.Where == y.Where && x.Name == y.Name && x.From == y.From
		})
		if out[si].Copies == nil {
			out[si].Copies = []DataCopy{}
		}
	}
	slices.SortFunc(out, func(x, y StoreCopies) int { return strings.Compare(x.ID, y.ID) })
	return out
}

func (s *StoreCopies) add(c platform.Copy, from string, loc place) {
	window := c.Window
	if c.Kind == platform.CopySync && window == "" {
		window = "none (synchronous copy)"
	}
	s.Copies = append(s.Copies, DataCopy{Kind: c.Kind, Name: c.Name, Where: loc.String(), From: from, Window: window, Source: c.Source, loc: loc})
}

// copyBy adds to s the copy c that resource i makes of it.
func (a *Analyzer) copyBy(s *StoreCopies, i int, c platform.Copy, at map[string]int, out []StoreCopies) {
	by := a.nodes[i]
	holders := []int{i}
	if c.Through != "" {
		holders = a.through(by, c)
	}
	for _, h := range holders {
		if !holds(a.nodes[h], c) {
			continue
		}
		for _, loc := range a.copyPlaces(h, a.nodes[h], c) {
			s.add(c, by.ID, loc)
		}
		// a replica that is a store itself is a copy of this one, unless
		// copies run both ways (the members of one global cluster)
		if c.Kind == platform.CopyAsync && c.Where == platform.WhereResource && !c.Shared {
			if ri, ok := at[by.ID]; ok {
				out[ri].CopyOf = s.ID
			}
		}
	}
}

// through returns the resources of type c.Through that by names through
// an edge whose path starts with c.ThroughVia.
func (a *Analyzer) through(by *graph.Node, c platform.Copy) []int {
	var out []int
	for _, e := range a.g.DependenciesOf(by.ID) {
		if !strings.HasPrefix(e.Via, c.ThroughVia) {
			continue
		}
		if j, ok := a.indexTo(e); ok && a.nodes[j].Type == c.Through {
			out = append(out, j)
		}
	}
	return out
}

// holds reports whether a copy's attribute condition holds on n.
func holds(n *graph.Node, c platform.Copy) bool {
	if c.Unless != "" && set(n.Attrs[c.Unless]) {
		return false
	}
	if c.Attr == "" {
		return true
	}
	v := n.Attrs[c.Attr]
	if len(c.Values) == 0 {
		return set(v)
	}
	for _, want := range c.Values {
		for _, got := range list(v) {
			if strings.EqualFold(got, want) {
				return true
			}
		}
	}
	return false
}

// set: true, a number other than 0, or any other non-empty value.
func set(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "false", "0", "null":
		return false
	}
	return true
}

func kindRank(k string) int {
	switch k {
	case platform.CopySync:
		return 0
	case platform.CopyAsync:
		return 1
	}
	return 2
}

// primaryPlace is where a store's primary copy lives.
func (a *Analyzer) primaryPlace(i int) place {
	n := a.nodes[i]
	p := n.Placement
	pl := place{cloud: p.Cloud, region: p.Region, node: n.ID}
	if loc, ok := a.k.Location(p.Cloud, p.Region); ok && loc.Kind != "pair" {
		pl.region, pl.regions = "", a.expand(p.Cloud, []string{p.Region})
		return pl
	}
	if p.Zone != "" && !strings.HasPrefix(p.Rule, "inherited") {
		// the zone the primary runs in, even when a standby elsewhere
		// makes the store zone-redundant
		pl.zone = p.Zone
	}
	return pl
}

// copyPlaces is where copy c of the store read from holder h lives.
func (a *Analyzer) copyPlaces(h int, holder *graph.Node, c platform.Copy) []place {
	p := holder.Placement
	if p.Cloud == "" {
		return nil
	}
	base := place{cloud: p.Cloud, region: p.Region}
	switch c.Where {
	case platform.WhereZones:
		if loc, ok := a.k.Location(p.Cloud, p.Region); ok && loc.Kind != "pair" {
			return nil // a dual- or multi-region location: its regions are the primary
		}
		base.otherZones = true
		return []place{base}
	case platform.WhereRegion:
		return []place{base}
	case platform.WhereZone:
		base.zone = p.Zone
		if base.zone == "" {
			base.zone = firstOf(p.Zones)
		}
		return []place{base}
	case platform.WhereReplicas:
		return a.regionPlaces(p.Cloud, p.Regions, p.Region)
	case platform.WhereStandby:
		return a.regionPlaces(p.Cloud, a.standbyAt(h), p.Region)
	case platform.WherePaired:
		if pair, ok := a.k.Location(p.Cloud, p.Region); ok && pair.Kind == "pair" {
			return a.regionPlaces(p.Cloud, pair.Regions, p.Region)
		}
		return nil
	case platform.WhereLocation:
		v := strings.TrimSpace(holder.Attrs[c.From])
		if v == "" {
			if c.Fallback == "multi-region" {
				return []place{{cloud: p.Cloud, anyRegion: true}}
			}
			return nil
		}
		return []place{{cloud: p.Cloud, regions: a.expand(p.Cloud, []string{strings.ToLower(v)})}}
	case platform.WhereResource:
		base.zone, base.node = p.Zone, holder.ID
		if a.scope[h] != scopeZonal || c.Kind == platform.CopyBackup {
			base.zone = "" // backups are kept by the region, in no one zone
		}
		return []place{base}
	case platform.WhereARN:
		var regions []string
		for _, arn := range list(holder.Attrs[c.From]) {
			if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 && parts[0] == "arn" && parts[3] != "" {
				regions = append(regions, parts[3])
			}
		}
		return a.regionPlaces(p.Cloud, regions, "")
	}
	return nil
}

func firstOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// regionPlaces is one place per region (other than skip), sorted.
func (a *Analyzer) regionPlaces(cloud string, regions []string, skip string) []place {
	var out []place
	for _, r := range slices.Compact(slices.Sorted(slices.Values(regions))) {
		if r != "" && r != skip {
			out = append(out, place{cloud: cloud, region: r})
		}
	}
	return out
}

// String names a place: "aws:us-east-1", "aws:us-east-1 (other zones)",
// "gcp:us (multi-region)".
func (p place) String() string {
	switch {
	case p.anyRegion:
		return p.cloud + ": the multi-region nearest the store"
	case len(p.regions) > 0:
		var names []string
		for _, r := range p.regions {
			names = append(names, r.name)
		}
		return p.cloud + ":" + strings.Join(names, "+")
	case p.zone != "":
		return p.cloud + ":" + p.zone
	case p.otherZones:
		return p.cloud + ":" + p.region + " (other zones)"
	}
	return p.cloud + ":" + p.region
}

// lost reports whether the scenario takes the place down: its provider,
// region or zone, or the resource holding it. A regional service outage
// (aws:us-east-1/dynamodb) or a scenario's effects make a store
// unavailable without losing what it holds, and do not count.
func (a *Analyzer) lost(p place, d *down) bool {
	if d.providers[p.cloud] || (p.node != "" && d.nodes[p.node]) {
		return true
	}
	if p.anyRegion {
		return false
	}
	if len(p.regions) > 0 {
		for _, r := range p.regions {
			if _, hit := a.regionHit(p.cloud, r, "", d); !hit {
				return false
			}
		}
		return true
	}
	if _, hit := a.regionHit(p.cloud, regionM{name: p.region}, "", d); hit {
		return true
	}
	switch {
	case p.zone != "":
		_, hit := d.zones[p.cloud+":"+p.zone]
		return hit
	case p.otherZones:
		// a standby in an unrecorded zone: lost once a second zone of
		// its region is down, which may be the standby's
		return len(d.byRegion[p.cloud+":"+p.region]) >= 2
	}
	return false
}

// DataExposure returns, for every store whose primary the scenario of res
// takes down, whether its data survives elsewhere and what a restore or
// failover loses, sorted by store ID. Replicas of another store are left
// out: their data lives on in the store they copy.
func (a *Analyzer) DataExposure(res *Result) []Exposure {
	stores := a.Stores()
	if len(stores) == 0 {
		return nil
	}
	d, _ := a.compile(res.Scenario)
	// the stores whose primary the scenario takes down, then their
	// exposures at their final size (a region of a large organisation
	// takes down thousands)
	var hit []int32
	for si := range stores {
		if s := &stores[si]; s.CopyOf == "" && a.lost(s.primary, d) {
			hit = append(hit, int32(si))
		}
	}
	if len(hit) == 0 {
		return nil
	}
	out := make([]Exposure, 0, len(hit))
	for _, si := range hit {
		s := &stores[si]
		x := Exposure{Store: s.ID, Type: s.Type, What: s.What, Where: s.Where, Copies: len(s.Copies)}
		for _, c := range s.Copies { // best kind first
			if c.loc.node == "" && c.Kind == platform.CopySync && c.loc.region == s.primary.region && d.nodes[s.ID] {
				continue // the store itself is down, and its built-in copies with it
			}
			if !a.lost(c.loc, d) {
				c := c
				x.Survivor = &c
				break
			}
		}
		st, _ := res.StateOf(s.ID)
		switch {
		case x.Survivor == nil:
			x.Status, x.LossWindow = DataAtRisk, "all data (no copy outside the failed domains)"
			if len(s.Copies) > 0 {
				x.Lost = make([]string, 0, len(s.Copies))
			}
			for _, c := range s.Copies {
				x.Lost = append(x.Lost, c.Name+" in "+c.Where)
			}
		case st == Failed:
			x.Status, x.LossWindow = DataUnavailable, x.Survivor.Window
		default:
			x.Status, x.LossWindow = DataServedFromCopy, x.Survivor.Window
		}
		out = append(out, x)
	}
	return out
}

// DataCounts counts exposures by status.
func DataCounts(xs []Exposure) (atRisk, unavailable, served int) {
	for _, x := range xs {
		switch x.Status {
		case DataAtRisk:
			atRisk++
		case DataUnavailable:
			unavailable++
		default:
			served++
		}
	}
	return
}

// String says an exposure in one line, for reports.
func (x Exposure) String() string {
	s := fmt.Sprintf("%s (%s in %s): %s; loss: %s", x.Store, x.What, x.Where, x.Status, x.LossWindow)
	if x.Survivor != nil {
		s += fmt.Sprintf("; copy: %s in %s (%s)", x.Survivor.Name, x.Survivor.Where, x.Survivor.From)
	}
	return s
}
