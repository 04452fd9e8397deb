package analyzer

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/glob"
	"github.com/blast-dev/blast/graph"
)

// Inference is one conclusion the inference step drew about one node.
type Inference struct {
	Node string `json:"node"`
	// Rule names the rule: multi_az, dynamodb_replicas, route53_set,
	// spread, edge, members, ...
	Rule string `json:"rule"`
	// Detail says what was concluded, in words.
	Detail string `json:"detail"`
	Source string `json:"source,omitempty"`
}

// Inferred is what the inference step concluded about a graph.
type Inferred struct {
	// List holds every inference, sorted by node then rule then detail.
	List []Inference
	// scope overrides the knowledge's scope of a node (a Multi-AZ
	// database is no longer zonal).
	scope map[string]graph.Scope
	// spread marks regional nodes spread over the zones of their region
	// (without the zones being recorded), with the reason.
	spread map[string]string
	// standby lists, for stores whose copy in other regions is served
	// only after a failover (Azure GRS and GZRS), those regions.
	standby map[string][]string
	// copyOf maps a replica that is a resource of its own (an S3
	// replication destination bucket) to the store it copies.
	copyOf map[string]string
}

// Infer reads redundancy and dependency semantics from the resources'
// allow-listed attributes and edges, and writes them into g:
//
//   - placements: replica regions (DynamoDB global tables, S3 replication,
//     Cosmos DB geo locations, geo-redundant storage) make a node
//     multi-region; standby zones (Multi-AZ databases, ElastiCache
//     failover, regional GKE clusters and MIGs, REGIONAL Cloud SQL) make it
//     zone-redundant;
//   - edge kinds from the knowledge's edge rules: a launch template is only
//     needed to launch (control), an IAM policy naming a bucket does not
//     need it (the edge is dropped);
//   - redundancy groups: a node whose edges of one attribute reach several
//     zonal (or regional) resources of one type in different zones needs
//     only some of them (a load balancer across three subnets); cluster
//     members serve their cluster; Route 53 record sets with health checks
//     answer from any healthy record.
//
// Infer is idempotent: a second run changes nothing.
func Infer(g *graph.Graph, k *platform.Knowledge) *Inferred {
	x := &inferrer{g: g, k: k, res: &Inferred{scope: map[string]graph.Scope{}, spread: map[string]string{}, standby: map[string][]string{}, copyOf: map[string]string{}}}
	x.nodes = g.Nodes() // inference changes nodes and edges, never which nodes there are
	x.placements()
	x.edgeKinds()
	x.healthChecks()
	x.members()
	x.dnsSets()
	x.spreads()
	slices.SortStableFunc(x.res.List, func(a, b Inference) int {
		// compared key by key: cmp.Or would compare all three every time
		if c := strings.Compare(a.Node, b.Node); c != 0 {
			return c
		}
		if c := strings.Compare(a.Rule, b.Rule); c != 0 {
			return c
		}
		return strings.Compare(a.Detail, b.Detail)
	})
	return x.res
}

type inferrer struct {
	g     *graph.Graph
	nodes []*graph.Node // g's nodes, sorted by ID, listed once
	k     *platform.Knowledge
	res   *Inferred
	said  texts // notes and group texts written in node order, each text once
}

func (x *inferrer) note(n *graph.Node, rule, source, format string, args ...any) {
	x.record(n, rule, source, fmt.Sprintf(format, args...))
}

// record adds an inference whose detail is already written (on every
// core, with the decision it explains).
func (x *inferrer) record(n *graph.Node, rule, source, detail string) {
	x.res.List = append(x.res.List, Inference{Node: n.ID, Rule: rule, Detail: detail, Source: source})
}

func (x *inferrer) entry(n *graph.Node) platform.Entry {
	e, _ := x.k.Lookup(n.Type)
	return e
}

func (x *inferrer) node(id string) *graph.Node {
	n, _ := x.g.Node(id)
	return n
}

// setEdge replaces the edge between two nodes (kind, group, via).
func (x *inferrer) setEdge(e graph.Edge) {
	if !x.g.ReplaceEdge(e) {
		_ = x.g.AddEdge(e) // both ends exist: the edge came from the graph
	}
}

// list splits a flattened attribute value (list items joined by commas).
func list(v string) []string {
	if v == "" {
		return nil
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func truthy(v string) bool { return strings.EqualFold(v, "true") }

// addRegions makes a node multi-region over extra regions.
func addRegions(n *graph.Node, regions []string) []string {
	p := &n.Placement
	set := map[string]bool{}
	for _, r := range p.Regions {
		set[r] = true
	}
	var added []string
	for _, r := range regions {
		if r == "" || r == p.Region || set[r] {
			continue
		}
		set[r] = true
		added = append(added, r)
	}
	if p.Region == "" && len(added) > 0 {
		return nil // the primary is unknown: cannot say what is spread
	}
	p.Regions = slices.Sorted(maps.Keys(set))
	if len(p.Regions) > 0 {
		p.Scope = graph.ScopeMultiRegion
	}
	sort.Strings(added)
	return added
}

// setZones spreads a node over zones (its own zone included).
func setZones(n *graph.Node, zones []string) []string {
	p := &n.Placement
	set := map[string]bool{}
	for _, z := range append(append([]string{p.Zone}, p.Zones...), zones...) {
		if z != "" {
			set[z] = true
		}
	}
	all := slices.Sorted(maps.Keys(set))
	if len(all) > 1 {
		p.Zones = all
	}
	return all
}

// zonesBehind returns the zones of the zonal nodes one hop behind n's
// edges to nodes of type typ (a DB subnet group's subnets).
func (x *inferrer) zonesBehind(n *graph.Node, typ string) []string {
	set := map[string]bool{}
	deps := x.g.DepsOf(n.ID)
	for j := range deps.Len() {
		mid := deps.To(j)
		if mid.Type != typ {
			continue
		}
		behind := x.g.DepsOf(mid.ID)
		for k := range behind.Len() {
			if t := behind.To(k); t.Placement.Zone != "" {
				set[t.Placement.Zone] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// lastSegment strips a URL-like value to its last path segment
// (projects/p/zones/us-central1-a → us-central1-a).
func lastSegment(s string) string {
	if i := strings.LastIndex(s, "/"); i >= 0 {
		return s[i+1:]
	}
	return s
}

func azureLocation(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "")) }

// placements applies the attribute rules that change where a node lives.
func (x *inferrer) placements() {
	for _, n := range x.nodes {
		if n.Mode == graph.ModeData {
			continue
		}
		e := x.entry(n)
		if e.NotInfrastructure {
			// it runs nowhere: a region or zone the importer read (from a
			// provider configuration, or inherited) is not where it fails
			n.Placement = graph.Placement{Unknown: "not infrastructure (" + e.Match + ")"}
			x.note(n, "not_infrastructure", e.Source, "not infrastructure: placed nowhere, never failed or frozen, passes no failure on")
			continue
		}
		a := n.Attrs
		p := &n.Placement
		switch e.Redundancy {
		case "dynamodb_replicas":
			if added := addRegions(n, list(a["replica.region_name"])); len(added) > 0 {
				x.note(n, e.Redundancy, e.Source, "global table with replicas in %s: any region serves", strings.Join(added, ", "))
			}
		case "dynamodb_replica_of":
			for _, d := range x.g.DependenciesOf(n.ID) {
				t := x.g.To(d)
				if t == nil || !strings.HasPrefix(t.Type, "aws_dynamodb_table") || t.Type == n.Type {
					continue
				}
				if added := addRegions(t, []string{p.Region}); len(added) > 0 {
					x.note(t, e.Redundancy, e.Source, "replica %s in %s: any region serves", n.ID, p.Region)
				}
			}
		case "s3_replication", "s3_replication_config":
			x.s3Replication(n, e)
		case "multi_az":
			if !truthy(a["multi_az"]) {
				break
			}
			if zones := x.zonesBehind(n, "aws_db_subnet_group"); len(zones) > 1 {
				all := setZones(n, zones)
				x.note(n, e.Redundancy, e.Source, "Multi-AZ: the standby can take over in any zone of its subnet group (%s)", strings.Join(all, ", "))
			} else {
				x.res.scope[n.ID] = graph.ScopeRegional
				x.res.spread[n.ID] = "Multi-AZ standby"
				x.note(n, e.Redundancy, e.Source, "Multi-AZ: a synchronous standby in another zone takes over (zones not recorded)")
			}
		case "elasticache_failover":
			if !truthy(a["automatic_failover_enabled"]) && !truthy(a["multi_az_enabled"]) {
				break
			}
			if zones := list(a["preferred_cache_cluster_azs"]); len(zones) > 1 {
				all := setZones(n, zones)
				x.note(n, e.Redundancy, e.Source, "automatic failover across %s", strings.Join(all, ", "))
			} else {
				x.res.scope[n.ID] = graph.ScopeRegional
				x.res.spread[n.ID] = "automatic failover to a replica"
				x.note(n, e.Redundancy, e.Source, "automatic failover to a replica in another zone (zones not recorded)")
			}
		case "efs_one_zone":
			if z := a["availability_zone_name"]; z != "" && p.Zone == "" {
				p.Zone = z
				x.note(n, e.Redundancy, e.Source, "One Zone file system in %s", z)
			}
		case "gcp_regional":
			x.gcpRegional(n, e, "regional: replicated across the zones of its region")
		case "gcp_regional_disk":
			var zones []string
			for _, z := range list(a["replica_zones"]) {
				zones = append(zones, lastSegment(z))
			}
			if len(zones) > 1 {
				all := setZones(n, zones)
				x.note(n, e.Redundancy, e.Source, "regional disk replicated in %s", strings.Join(all, ", "))
			}
		case "cloudsql_availability":
			switch strings.ToUpper(a["settings.availability_type"]) {
			case "REGIONAL":
				x.gcpRegional(n, e, "REGIONAL (high availability): a standby in another zone takes over")
			default:
				if z := a["settings.location_preference.zone"]; z != "" && p.Zone == "" && strings.HasPrefix(z, p.Region+"-") {
					p.Zone = z
					x.note(n, e.Redundancy, e.Source, "ZONAL instance in %s", z)
				}
			}
		case "redis_tier":
			zone, alt := a["location_id"], a["alternative_location_id"]
			if strings.EqualFold(a["tier"], "STANDARD_HA") {
				if zone != "" && alt != "" {
					all := setZones(n, []string{zone, alt})
					x.note(n, e.Redundancy, e.Source, "STANDARD_HA: replica and failover across %s", strings.Join(all, ", "))
				} else {
					x.gcpRegional(n, e, "STANDARD_HA: a replica in another zone takes over")
				}
			} else if zone != "" && p.Zone == "" && strings.HasPrefix(zone, p.Region+"-") {
				p.Zone = zone
				x.note(n, e.Redundancy, e.Source, "BASIC tier: one node in %s", zone)
			}
		case "spanner_config":
			cfg := lastSegment(a["config"])
			switch {
			case strings.HasPrefix(cfg, "regional-"):
				if p.Region == "" {
					p.Region, p.Rule, p.Unknown = strings.TrimPrefix(cfg, "regional-"), "attribute:config", ""
					x.note(n, e.Redundancy, e.Source, "regional configuration %s: replicas in three zones", cfg)
				}
			case cfg != "":
				if _, ok := x.k.Location(p.Cloud, cfg); ok && p.Scope != graph.ScopeMultiRegion {
					p.Region, p.Rule, p.Unknown, p.Scope = cfg, "attribute:config", "", graph.ScopeMultiRegion
					x.note(n, e.Redundancy, e.Source, "multi-region configuration %s", cfg)
				}
			}
		case "bigtable_clusters":
			zones := list(a["cluster.zone"])
			regions := map[string]bool{}
			for _, z := range zones {
				if i := strings.LastIndex(z, "-"); i > 0 {
					regions[z[:i]] = true
				}
			}
			switch {
			case len(regions) > 1:
				rs := slices.Sorted(maps.Keys(regions))
				if p.Region == "" {
					p.Region, p.Rule, p.Unknown = rs[0], "attribute:cluster.zone", ""
				}
				if added := addRegions(n, rs); len(added) > 0 {
					x.note(n, e.Redundancy, e.Source, "replicated clusters in %s", strings.Join(rs, ", "))
				}
			case len(zones) > 1:
				all := setZones(n, zones)
				x.note(n, e.Redundancy, e.Source, "replicated clusters in %s", strings.Join(all, ", "))
			case len(zones) == 1 && p.Zone == "":
				p.Zone = zones[0]
				if r := strings.LastIndex(zones[0], "-"); p.Region == "" && r > 0 {
					p.Region, p.Rule, p.Unknown = zones[0][:r], "attribute:cluster.zone", ""
				}
			}
		case "azure_storage_replication":
			kind := strings.ToUpper(a["account_replication_type"])
			if !strings.Contains(kind, "GRS") && !strings.Contains(kind, "GZRS") {
				break
			}
			pair, ok := x.k.Location(p.Cloud, p.Region)
			if !ok || pair.Kind != "pair" || len(pair.Regions) == 0 {
				break
			}
			if strings.HasPrefix(kind, "RA") { // RAGRS, RAGZRS (azurerm) or RA-GRS
				// read access to the secondary: reads are served there
				if added := addRegions(n, pair.Regions); len(added) > 0 {
					x.note(n, e.Redundancy, e.Source, "%s: a readable copy in the paired region %s (writes need a failover)", kind, strings.Join(added, ", "))
				}
				break
			}
			var copies []string
			for _, r := range pair.Regions {
				if r != "" && r != p.Region {
					copies = append(copies, r)
				}
			}
			if len(copies) > 0 {
				sort.Strings(copies)
				x.res.standby[n.ID] = copies
				x.note(n, e.Redundancy, e.Source, "%s: a copy in the paired region %s, not served until a failover", kind, strings.Join(copies, ", "))
			}
		case "cosmos_geo":
			var regions []string
			for _, l := range list(a["geo_location.location"]) {
				regions = append(regions, azureLocation(l))
			}
			if added := addRegions(n, regions); len(added) > 0 {
				x.note(n, e.Redundancy, e.Source, "geo locations %s: any region serves", strings.Join(added, ", "))
			}
		case "azure_ha":
			mode := a["high_availability.mode"]
			standby := a["high_availability.standby_availability_zone"]
			switch {
			case strings.EqualFold(mode, "ZoneRedundant") && standby != "" && p.Region != "":
				all := setZones(n, []string{p.Region + "-" + standby})
				x.note(n, e.Redundancy, e.Source, "zone-redundant high availability across %s", strings.Join(all, ", "))
			case strings.EqualFold(mode, "ZoneRedundant"):
				x.res.scope[n.ID] = graph.ScopeRegional
				x.res.spread[n.ID] = "zone-redundant high availability"
				x.note(n, e.Redundancy, e.Source, "zone-redundant high availability (standby zone not recorded)")
			}
		case "aks_zones":
			var zones []string
			for _, z := range list(a["default_node_pool.zones"]) {
				if p.Region != "" {
					zones = append(zones, p.Region+"-"+z)
				}
			}
			if len(zones) > 1 {
				all := setZones(n, zones)
				x.note(n, e.Redundancy, e.Source, "default node pool across %s", strings.Join(all, ", "))
			}
		}
	}
}

// gcpRegional marks a GCP resource whose location is a region as spread
// over that region's zones (recorded ones when the attributes list them).
func (x *inferrer) gcpRegional(n *graph.Node, e platform.Entry, why string) {
	p := &n.Placement
	if p.Zone != "" || len(p.Zones) > 1 || p.Region == "" {
		return
	}
	var zones []string
	for _, key := range []string{"distribution_policy_zones", "node_locations"} {
		for _, z := range list(n.Attrs[key]) {
			zones = append(zones, lastSegment(z))
		}
	}
	if len(zones) > 1 {
		all := setZones(n, zones)
		x.note(n, e.Redundancy, e.Source, "%s: %s", why, strings.Join(all, ", "))
		return
	}
	x.res.scope[n.ID] = graph.ScopeRegional
	x.res.spread[n.ID] = why
	x.note(n, e.Redundancy, e.Source, "%s (zones not recorded)", why)
}

// s3Replication makes a replicated bucket multi-region over its
// destinations' regions; the source's edge to a destination only
// degrades it (replication lags, reads are served).
func (x *inferrer) s3Replication(n *graph.Node, e platform.Entry) {
	var source *graph.Node
	var dests []*graph.Node
	for _, d := range x.g.DependenciesOf(n.ID) {
		t := x.g.To(d)
		sibling := false
		if t != nil && n.Type == "aws_s3_bucket_replication_configuration" && strings.HasPrefix(t.Type, "aws_s3_bucket_") {
			// a bucket named through a sibling configuration of it (its
			// versioning, which replication requires on both ends and
			// which the reduction keeps as the one direct edge): the
			// source through bucket, a destination otherwise
			t, sibling = x.bucketOf(t), true
		}
		if t == nil || t.Type != "aws_s3_bucket" {
			continue
		}
		switch {
		case sibling && d.Via != "bucket":
			dests = append(dests, t)
		case strings.HasPrefix(d.Via, "replication_configuration") || strings.HasPrefix(d.Via, "rule."):
			dests = append(dests, t)
			if n.Type == "aws_s3_bucket" && d.Kind == graph.Hard {
				x.setEdge(graph.Edge{From: d.From, To: d.To, Kind: graph.Soft, Via: d.Via, Inferred: d.Inferred})
			}
		case d.Via == "bucket":
			source = t
		}
	}
	if n.Type == "aws_s3_bucket" {
		source = n
	}
	if source == nil {
		return
	}
	var regions []string
	for _, d := range dests {
		regions = append(regions, d.Placement.Region)
		if d.ID != source.ID {
			x.res.copyOf[d.ID] = source.ID
		}
	}
	if added := addRegions(source, regions); len(added) > 0 {
		x.note(source, e.Redundancy, e.Source, "replicated to %s: the data is served from there too (clients must read the replica, e.g. through a Multi-Region Access Point)", strings.Join(added, ", "))
	}
}

// bucketOf returns the bucket a bucket configuration resource names
// through its bucket attribute, or nil.
func (x *inferrer) bucketOf(n *graph.Node) *graph.Node {
	for _, d := range x.g.DependenciesOf(n.ID) {
		if t := x.g.To(d); t != nil && d.Via == "bucket" && t.Type == "aws_s3_bucket" {
			return t
		}
	}
	return nil
}

// scopeOf is a node's scope after the placement rules.
func (x *inferrer) scopeOf(n *graph.Node) graph.Scope {
	if s, ok := x.res.scope[n.ID]; ok {
		return s
	}
	return x.k.ScopeOnly(n)
}

// edgeKinds applies the knowledge's edge rules to hard edges.
func (x *inferrer) edgeKinds() {
	rules := newRuleIndex(x.k)
	if len(rules.rules) == 0 {
		return
	}
	type hoist struct {
		from, mid, via, source string
	}
	type decision struct {
		e graph.Edge // as read, its ends known: rewritten without a lookup by ID (only this decision rewrites it)
		t *graph.Node
		r *platform.EdgeRule // in the rule index, read only
	}
	// which rule each edge falls under is read on every core (it depends
	// on the two ends alone); the edges change after, in node order
	nodes := x.nodes
	decided := make([][]decision, len(nodes))
	eachIndex(len(nodes), func(i int) {
		n := nodes[i]
		if n.Mode == graph.ModeData {
			return
		}
		fromSvc := x.k.ServiceOf(n)
		deps := x.g.DepsAt(i) // nodes is the graph's Nodes
		// the rules between two types, asked again only when the
		// dependency's type changes (a node's edges to one type come
		// together, in the graph's order)
		var lastTo string
		var between []platform.EdgeRule
		asked := false
		for k := range deps.Len() {
			if deps.Kind(k) != graph.Hard || deps.Group(k) != "" {
				continue
			}
			t := deps.To(k)
			if t.Mode == graph.ModeData {
				continue
			}
			if !asked || t.Type != lastTo {
				lastTo, between, asked = t.Type, rules.between(n.Type, t.Type), true
			}
			if r := x.matchRule(between, n, fromSvc, t, deps.Via(k)); r != nil && r.Kind != "hard" {
				decided[i] = append(decided[i], decision{deps.At(k), t, r})
			}
		}
	})
	var hoists []hoist
	total := 0
	for _, ds := range decided {
		total += len(ds)
	}
	x.res.List = slices.Grow(x.res.List, total) // one note a decision
	for i, n := range nodes {
		for _, d := range decided[i] {
			e, t, r := d.e, d.t, d.r
			x.record(n, "edge", r.Source, x.edgeNote(t.ID, r))
			if r.Kind == "none" {
				x.g.RemoveEdge(e.From, e.To)
				continue
			}
			e.Kind, _ = graph.ParseEdgeKind(r.Kind) // a rule kind other than none is one of them
			x.setEdge(e)
			if r.Hoist {
				hoists = append(hoists, hoist{from: n.ID, mid: t.ID, via: e.Via, source: r.Source})
			}
		}
	}
	// after every kind is set: the dependent needs at run time what the
	// configuration it launches from names
	for _, h := range hoists {
		n := x.node(h.from)
		for _, f := range x.g.DependenciesOf(h.mid) { // the caller's own copy
			t := x.g.To(f)
			if f.To == h.from || t == nil || t.Mode == graph.ModeData || has(x.g, h.from, f.To) {
				continue
			}
			_ = x.g.AddEdge(graph.Edge{From: h.from, To: f.To, Kind: f.Kind, Inferred: true, Via: h.via + " → " + f.Via})
			x.note(n, "edge", h.source, "needs %s at run time (%s, through %s)", f.To, f.Kind, h.mid)
		}
	}
}

// edgeNote is the note of an edge rule's decision on the edge to id:
// the same text for every node whose edge to id falls under the rule.
func (x *inferrer) edgeNote(id string, r *platform.EdgeRule) string {
	b := x.said.buf
	if r.Kind == "none" {
		b = append(append(append(b, "dropped its edge to "...), id...), ": a reference only ("...)
	} else {
		b = append(append(append(b, "edge to "...), id...), " is "...)
		b = append(append(b, r.Kind...), " ("...)
	}
	if r.BestEffort != "" {
		b = append(append(append(b, "best-effort destination: "...), r.BestEffort...), "; "...)
	}
	b = append(b, cmp.Or(r.Note, "edge rule")...)
	return x.said.of(append(b, ')'))
}

func (x *inferrer) matchRule(rules []platform.EdgeRule, n *graph.Node, fromSvc string, t *graph.Node, via string) *platform.EdgeRule {
	return matchEdgeRule(x.k, rules, n, fromSvc, t, via, x.scopeOf)
}

// ruleIndex holds the knowledge's edge rules and, per pair of resource
// types, the ones whose type patterns admit the pair: matched once a
// pair, not once an edge. Safe on every core.
type ruleIndex struct {
	rules []platform.EdgeRule
	pairs sync.Map // [2]string{from, to} → []platform.EdgeRule
}

func newRuleIndex(k *platform.Knowledge) *ruleIndex {
	return &ruleIndex{rules: k.EdgeRules()}
}

// between returns the rules, most specific first, whose From and To
// patterns admit the two types; callers must not modify it.
func (x *ruleIndex) between(from, to string) []platform.EdgeRule {
	key := [2]string{from, to}
	if v, ok := x.pairs.Load(key); ok {
		return v.([]platform.EdgeRule)
	}
	var out []platform.EdgeRule
	for _, r := range x.rules {
		if (r.From == "" || glob.Star(r.From, from)) && (r.To == "" || glob.Star(r.To, to)) {
			out = append(out, r)
		}
	}
	x.pairs.Store(key, out)
	return out
}

// matchEdgeRule returns the first (most specific) edge rule matching an
// edge from n to t read from the attribute via, in rules (not a copy:
// callers read it), nil when none; scopeOf gives t's scope.
func matchEdgeRule(k *platform.Knowledge, rules []platform.EdgeRule, n *graph.Node, fromSvc string, t *graph.Node, via string, scopeOf func(*graph.Node) graph.Scope) *platform.EdgeRule {
	var toSvc string
	var toScope graph.Scope
	for ri := range rules {
		r := &rules[ri]
		if r.From != "" && !glob.Star(r.From, n.Type) {
			continue
		}
		if r.To != "" && !glob.Star(r.To, t.Type) {
			continue
		}
		if r.FromService != "" && r.FromService != fromSvc {
			continue
		}
		if r.ToService != "" {
			if toSvc == "" {
				toSvc = k.ServiceOf(t)
			}
			if r.ToService != toSvc {
				continue
			}
		}
		if r.ToScope != "" {
			if toScope == "" {
				toScope = scopeOf(t)
				if toScope == "" {
					toScope = "unknown"
				}
			}
			if (r.ToScope == "global") != (toScope == graph.ScopeGlobal) {
				continue
			}
		}
		if r.Via != "" && !strings.HasPrefix(via, r.Via) {
			continue
		}
		return r
	}
	return nil
}

// healthChecks gives a Route 53 record the targets of its health checks:
// Terraform records the record's dependency on the load balancer only
// through the health check when both name it, and the transitive
// reduction keeps the health check alone.
func (x *inferrer) healthChecks() {
	for _, n := range x.nodes {
		if n.Type != "aws_route53_record" || n.Mode == graph.ModeData {
			continue
		}
		// the record's health checks first: the edges added below change
		// its list, which a view must not be read across
		var checks []*graph.Node
		deps := x.g.DepsOf(n.ID)
		for j := range deps.Len() {
			if hc := deps.To(j); hc.Type == "aws_route53_health_check" {
				checks = append(checks, hc)
			}
		}
		for _, hc := range checks {
			// the check's list is not changed below (edges are added
			// from the record, to no route53 resource)
			behind := x.g.DepsOf(hc.ID)
			for k := range behind.Len() {
				t := behind.To(k)
				if strings.HasPrefix(t.Type, "aws_route53_") || behind.Kind(k) == graph.Control {
					continue
				}
				if has(x.g, n.ID, t.ID) {
					continue
				}
				_ = x.g.AddEdge(graph.Edge{From: n.ID, To: t.ID, Kind: graph.Hard, Inferred: true, Via: "health check " + hc.ID})
				x.note(n, "health_check", "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html",
					"answers with %s, the endpoint its health check %s watches", t.ID, hc.ID)
			}
		}
	}
}

func has(g *graph.Graph, from, to string) bool {
	return g.HasEdge(from, to) // constant time: a service may have thousands of edges
}

// members turns a member's dependency on its parent around: the parent
// (an Aurora cluster) is served by any of its members (its instances);
// the member only needs the parent for changes.
func (x *inferrer) members() {
	rules := x.k.MembersRules()
	if len(rules) == 0 {
		return
	}
	for _, c := range x.nodes {
		if c.Mode == graph.ModeData {
			continue
		}
		for _, r := range rules {
			if !glob.Star(r.Child, c.Type) {
				continue
			}
			for _, e := range x.g.DependenciesOf(c.ID) { // the caller's own copy
				p := x.g.To(e)
				if p == nil || p.Mode == graph.ModeData || !glob.Star(r.Parent, p.Type) {
					continue
				}
				name := "members " + r.Child
				if e.Kind != graph.Control {
					e.Kind = graph.Control
					x.setEdge(e)
				}
				need := r.Need
				if need < 1 {
					need = 1
				}
				x.g.SetGroup(p.ID, graph.Group{Name: name, Need: need, Reason: r.Note})
				x.setEdge(graph.Edge{From: p.ID, To: c.ID, Kind: graph.Hard, Group: name, Inferred: true, Via: "member " + c.Type})
				x.note(p, "members", r.Source, "served by any %d of its %s members, such as %s", need, r.Child, c.ID)
				x.note(c, "members", r.Source, "member of %s: needs it only for changes (control)", p.ID)
			}
		}
	}
}

// dnsSets groups Route 53 records that share a name and type and carry a
// set identifier (failover, weighted, latency, geolocation...): with
// health checks, Route 53 answers from any healthy record, so each record
// of the set needs any one of the set's targets.
func (x *inferrer) dnsSets() {
	type set struct {
		name    string
		policy  string
		records []*graph.Node
	}
	sets := map[string]*set{}
	var keys []string
	for _, n := range x.nodes {
		if n.Type != "aws_route53_record" || n.Mode == graph.ModeData || n.Attrs["set_identifier"] == "" {
			continue
		}
		name := strings.TrimSuffix(strings.ToLower(n.Attrs["fqdn"]), ".")
		if name == "" {
			continue
		}
		key := n.Attrs["zone_id"] + "|" + name + "|" + n.Attrs["type"]
		s := sets[key]
		if s == nil {
			s = &set{name: name}
			sets[key] = s
			keys = append(keys, key)
		}
		s.records = append(s.records, n)
		if pol := routingPolicy(n.Attrs); pol != "" && s.policy == "" {
			s.policy = pol
		}
	}
	sort.Strings(keys)
	const src = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring.html"
	for _, key := range keys {
		s := sets[key]
		if len(s.records) < 2 {
			continue
		}
		checked := true
		for _, r := range s.records {
			hc := x.healthChecked(r)
			if s.policy == "failover" {
				if strings.EqualFold(r.Attrs["failover_routing_policy.type"], "PRIMARY") && !hc {
					checked = false
				}
				continue
			}
			if !hc {
				checked = false
			}
		}
		if !checked {
			for _, r := range s.records {
				x.note(r, "route53_set", src, "%s record set %s has records without health checks: Route 53 keeps answering with a dead target, no failover inferred", s.policy, s.name)
			}
			continue
		}
		group := "dns " + s.name
		members := map[string]string{} // target → the record it belongs to
		for _, r := range s.records {
			for _, e := range x.g.DependenciesOf(r.ID) {
				t := x.g.To(e)
				if t == nil || t.Type == "aws_route53_zone" || t.Type == "aws_route53_health_check" || e.Kind == graph.Control {
					continue
				}
				if e.Inferred && strings.HasPrefix(e.Via, "route53 ") {
					continue // added by an earlier run for a sibling record
				}
				if _, ok := members[t.ID]; !ok {
					members[t.ID] = r.ID
				}
			}
		}
		if len(members) < 2 {
			continue
		}
		targets := slices.Sorted(maps.Keys(members))
		for _, r := range s.records {
			x.g.SetGroup(r.ID, graph.Group{Name: group, Need: 1, Reason: s.policy + " routing with health checks"})
			for _, t := range targets {
				via := "route53 " + s.policy + " set " + s.name
				inferred := members[t] != r.ID
				for _, e := range x.g.DependenciesOf(r.ID) {
					if e.To == t && !inferred {
						via = e.Via
					}
				}
				x.setEdge(graph.Edge{From: r.ID, To: t, Kind: graph.Hard, Group: group, Via: via, Inferred: inferred})
			}
			x.note(r, "route53_set", src, "%s record set %s with health checks answers from any healthy target: %s", s.policy, s.name, strings.Join(targets, ", "))
		}
	}
}

func routingPolicy(a map[string]string) string {
	for _, p := range []string{"failover", "latency", "weighted", "geolocation", "geoproximity", "cidr"} {
		for k := range a {
			if strings.HasPrefix(k, p+"_routing_policy") {
				return p
			}
		}
	}
	if truthy(a["multivalue_answer_routing_policy"]) {
		return "multivalue"
	}
	return "routing"
}

func (x *inferrer) healthChecked(r *graph.Node) bool {
	if r.Attrs["health_check_id"] != "" || truthy(r.Attrs["alias.evaluate_target_health"]) {
		return true
	}
	for _, e := range x.g.DependenciesOf(r.ID) {
		if t := x.g.To(e); t != nil && t.Type == "aws_route53_health_check" {
			return true
		}
	}
	return false
}

// appendLoc appends loc to locs unless locs holds it (while it is
// short; then unless it is the last one there): duplicates left are
// removed after sorting.
func appendLoc(locs []string, loc string) []string {
	// the set is what counts (sorted and compacted after): a bucket's
	// few locations are kept once each, not once an edge (a node behind
	// hundreds of instances in three zones listed hundreds)
	if len(locs) <= 16 {
		if slices.Contains(locs, loc) {
			return locs
		}
	} else if locs[len(locs)-1] == loc {
		return locs
	}
	return append(locs, loc)
}

// hardUngrouped counts the hard edges of deps outside any redundancy group,
// the edges spreads may group.
func hardUngrouped(deps graph.Deps) int {
	n := 0
	for k := range deps.Len() {
		if deps.Kind(k) == graph.Hard && deps.Group(k) == "" {
			n++
		}
	}
	return n
}

// spreads finds, for every node, the hard edges of one attribute that
// reach several resources of one type in different zones (or regions):
// alternatives, of which the node needs one (or the knowledge's need).
func (x *inferrer) spreads() {
	type spread struct {
		// the group's edges: positions in the node's list, read through
		// its view (only the groups' own rewrites, in place, change the
		// list before they are read), not copies of them
		deps     graph.Deps
		edges    []int32
		typ, via string   // the members' type and the attribute naming them
		locs     []string // their zones (regions when regional), sorted
		regional bool
		need, n  int    // members needed, and members
		source   string // of the knowledge entry that sets the need
	}
	// the groups are found on every core (each from one node's edges and
	// their targets), and set after, in node order
	nodes := x.nodes
	found := make([][]spread, len(nodes))
	eachIndex(len(nodes), func(i int) {
		n := nodes[i]
		if n.Mode == graph.ModeData {
			return
		}
		deps := x.g.DepsAt(i) // nodes is the graph's Nodes
		if hardUngrouped(deps) < 2 {
			return // no group of two: most nodes, and no maps made for them
		}
		// a node's buckets are few (one per type and attribute): a slice
		// searched in order, locations collected and deduplicated at the
		// end, rather than maps made for every node; each edge's bucket
		// is noted by position, and a bucket's edges are gathered only
		// when it makes a group (most make none)
		type bucketKey struct{ typ, via string }
		type bucket struct {
			bucketKey
			n int // edges
			// its locations: the first alone until a second differs
			// (most buckets hold one edge, or edges to one location),
			// then every one in locs
			first    string
			hasFirst bool
			locs     []string
			unknown  bool
			regional bool
		}
		addLoc := func(b *bucket, loc string) {
			switch {
			case b.locs != nil:
				b.locs = appendLoc(b.locs, loc)
			case !b.hasFirst:
				b.first, b.hasFirst = loc, true
			case loc != b.first:
				// room for a region's zones at once, not grown twice
				b.locs = append(make([]string, 0, 8), b.first, loc)
			}
		}
		var bucketRoom [8]bucket
		buckets := bucketRoom[:0]
		var whichRoom [32]int32
		which := whichRoom[:0] // each edge's bucket, -1 for none
		if deps.Len() > len(whichRoom) {
			which = make([]int32, 0, deps.Len())
		}
		for k := range deps.Len() {
			which = append(which, -1)
			if deps.Kind(k) != graph.Hard || deps.Group(k) != "" {
				continue
			}
			t := deps.To(k)
			if t.Mode == graph.ModeData {
				continue
			}
			via := deps.Via(k)
			if graph.RecordedOnly(via) {
				via = graph.ViaRecorded
			}
			key := bucketKey{t.Type, via}
			j := slices.IndexFunc(buckets, func(b bucket) bool { return b.bucketKey == key })
			if j < 0 {
				buckets = append(buckets, bucket{bucketKey: key})
				j = len(buckets) - 1
			}
			which[len(which)-1] = int32(j)
			b := &buckets[j]
			b.n++
			tp := &t.Placement
			switch x.scopeOf(t) {
			case graph.ScopeZonal:
				switch {
				case len(tp.Zones) == 0 && tp.Zone != "": // AllZones without its list
					addLoc(b, tp.Zone)
				case len(tp.Zones) > 0:
					if z := tp.AllZones(); len(z) == 1 {
						addLoc(b, z[0])
					} else {
						b.unknown = true
					}
				case tp.ZoneID != "":
					addLoc(b, tp.ZoneID)
				default:
					b.unknown = true
				}
			case graph.ScopeRegional:
				addLoc(b, tp.Region)
				b.regional = true
			default:
				b.unknown = true
			}
		}
		// the positions of bucket j's edges, in the graph's order
		edgesOf := func(j int) []int32 {
			out := make([]int32, 0, buckets[j].n)
			for k := range deps.Len() {
				if which[k] == int32(j) {
					out = append(out, int32(k))
				}
			}
			return out
		}
		order := make([]int, len(buckets))
		for j := range order {
			order[j] = j
		}
		slices.SortFunc(order, func(a, b int) int {
			return cmp.Or(strings.Compare(buckets[a].typ, buckets[b].typ), strings.Compare(buckets[a].via, buckets[b].via))
		})
		var e platform.Entry // the node's knowledge, read for its first group
		looked := false
		for _, j := range order {
			b := &buckets[j]
			if b.n < 2 || b.unknown {
				continue
			}
			slices.Sort(b.locs)
			if b.locs = slices.Compact(b.locs); len(b.locs) < 2 {
				continue
			}
			if !looked {
				e, looked = x.entry(n), true
			}
			found[i] = append(found[i], spread{deps: deps, edges: edgesOf(j), typ: b.typ, via: b.via, locs: b.locs,
				regional: b.regional, need: needFrom(e.Need, b.n), n: b.n, source: e.Source})
		}
	})
	total := 0
	for _, sps := range found {
		total += len(sps)
	}
	x.res.List = slices.Grow(x.res.List, total) // one note a group
	// the texts are written here, in node order, each once: the nodes
	// behind one set of subnets share them
	for i, n := range nodes {
		for _, sp := range found[i] {
			across := " across zones"
			if sp.regional {
				across = " across regions"
			}
			grp := graph.Group{Name: x.said.of(append(append(x.said.buf, sp.typ...), across...)), Need: sp.need}
			b := appendJoined(append(x.said.buf, "spread over "...), sp.locs)
			grp.Reason = x.said.of(append(append(append(b, " ("...), sp.via...), ')'))
			x.g.SetGroup(n.ID, grp)
			for _, k := range sp.edges {
				ed := sp.deps.At(int(k))
				ed.Group = grp.Name
				x.setEdge(ed)
			}
			b = strconv.AppendInt(append(x.said.buf, "needs "...), int64(sp.need), 10)
			b = strconv.AppendInt(append(b, " of its "...), int64(sp.n), 10)
			b = appendJoined(append(append(append(b, ' '), sp.typ...), " in "...), sp.locs)
			x.record(n, "spread", sp.source, x.said.of(append(append(append(b, " ("...), sp.via...), ')')))
		}
	}
}
