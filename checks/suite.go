package checks

import (
	"sort"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// LabelUnknownUntilApply is the node label an importer sets when part of
// a node's placement is unknown until apply. The analyzer assumes the
// worst case for such nodes in every command: the node is in whichever
// zone or region fails.
const LabelUnknownUntilApply = analyzer.LabelUnknownUntilApply

// Kinds of suite scenarios; policies name the first two as any-region
// and any-zone.
const (
	SuiteRegion = "region"
	SuiteZone   = "zone"
	SuiteNamed  = "named"
)

// What the rows of a side are.
const (
	SideRowsServices = "services"
	SideRowsTopLevel = "top-level resources"
)

// SuiteScenario is one scenario of a check suite.
type SuiteScenario struct {
	// Name is the domain (aws:us-east-1) or the named scenario's name.
	Name string `json:"name"`
	// Kind is region, zone or named.
	Kind     string            `json:"kind"`
	Scenario analyzer.Scenario `json:"-"`
}

// Suite returns the scenarios a check runs on both sides of a change:
// every region and every zone any of the graphs holds a resource in
// (zones by name, by AZ ID only where no name is known), ordered by
// cloud, region, then region before its zones; then the named scenarios
// in the order given.
func Suite(named []analyzer.Scenario, graphs ...*graph.Graph) []SuiteScenario {
	type entry struct {
		d    analyzer.Domain
		rank int
	}
	seen := map[string]entry{}
	for _, g := range graphs {
		if g == nil {
			continue
		}
		named := map[string]bool{} // cloud:region with a zone known by name
		for _, n := range g.Nodes() {
			if !n.Target() || n.Placement.Cloud == "" {
				continue
			}
			if len(n.Placement.AllZones()) > 0 {
				named[n.Placement.Cloud+":"+n.Placement.Region] = true
			}
		}
		for _, n := range g.Nodes() {
			p := n.Placement
			if !n.Target() || p.Cloud == "" {
				continue
			}
			for _, r := range p.AllRegions() {
				d := analyzer.Domain{Kind: analyzer.DomainRegion, Cloud: p.Cloud, Region: r}
				seen[d.String()] = entry{d, 0}
			}
			for _, z := range p.AllZones() {
				d := analyzer.Domain{Kind: analyzer.DomainZone, Cloud: p.Cloud, Region: p.Region, Zone: z}
				seen[d.String()] = entry{d, 1}
			}
			if p.ZoneID != "" && len(p.AllZones()) == 0 && !named[p.Cloud+":"+p.Region] {
				d := analyzer.Domain{Kind: analyzer.DomainZone, Cloud: p.Cloud, Region: p.Region, ZoneID: p.ZoneID}
				seen[d.String()] = entry{d, 1}
			}
		}
	}
	entries := make([]entry, 0, len(seen))
	for _, e := range seen {
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.d.Cloud != b.d.Cloud {
			return a.d.Cloud < b.d.Cloud
		}
		if a.d.Region != b.d.Region {
			return a.d.Region < b.d.Region
		}
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.d.String() < b.d.String()
	})
	out := make([]SuiteScenario, 0, len(entries)+len(named))
	for _, e := range entries {
		kind := SuiteRegion
		if e.d.Kind == analyzer.DomainZone {
			kind = SuiteZone
		}
		out = append(out, SuiteScenario{Name: e.d.String(), Kind: kind, Scenario: analyzer.Scenario{Down: []analyzer.Domain{e.d}}})
	}
	for _, s := range named {
		out = append(out, SuiteScenario{Name: s.Name, Kind: SuiteNamed, Scenario: s})
	}
	return out
}

// SideOutcome is what a suite does to one side of a change.
type SideOutcome struct {
	Analyzer *analyzer.Analyzer
	// Results holds one result per suite scenario, in suite order.
	Results []*analyzer.Result
	// Assumed lists, per suite scenario, the nodes taken down because
	// their placement is unknown until apply (the worst case).
	Assumed [][]string
	// Rows are the nodes single points of failure are counted against:
	// the services, or the top-level resources when there are none.
	Rows []string
	// RowKind is SideRowsServices or SideRowsTopLevel.
	RowKind string
	// SPOFs maps each resource whose loss alone fails a row to the rows
	// it fails, sorted. SPOFsComplete is false when the search was
	// skipped (more candidates than MaxSPOFCandidates).
	SPOFs         map[string][]string
	SPOFsComplete bool
}

// RunSuite runs every scenario of the suite, then finds the single
// points of failure.
func RunSuite(a *analyzer.Analyzer, suite []SuiteScenario) *SideOutcome {
	o := &SideOutcome{Analyzer: a, Results: make([]*analyzer.Result, len(suite)), Assumed: make([][]string, len(suite))}
	for i, s := range suite {
		o.Results[i] = a.Run(s.Scenario)
		o.Assumed[i] = a.Assumed(o.Results[i])
	}
	o.Rows, o.RowKind = spofRows(a)
	o.SPOFs, o.SPOFsComplete = spofs(a, o.Rows)
	return o
}

// spofRows picks the nodes single points of failure are counted against:
// the services, else the top-level resources (nothing but data sources
// depends on them), sorted by ID.
func spofRows(a *analyzer.Analyzer) ([]string, string) {
	g := a.Graph()
	var rows []string
	for _, n := range g.Nodes() {
		if n.Kind == graph.KindService && n.Mode != graph.ModeData {
			rows = append(rows, n.ID)
		}
	}
	if len(rows) > 0 {
		return rows, SideRowsServices
	}
	for i, top := range topLevels(a) {
		if top {
			rows = append(rows, a.Nodes()[i].ID)
		}
	}
	return rows, SideRowsTopLevel
}

// topLevels marks, by place in a.Nodes(), the top-level resources, rows
// when the graph holds no services: resources that serve, on which
// nothing depends but data sources and configuration objects (a bucket
// with only its versioning and policy depending on it is top-level; the
// versioning is not a row). One pass over the edges, read in place by
// place in the graph while the graph holds the nodes the analyzer was
// made over in their order (as a run's load leaves it); else each node's
// dependents, by ID.
func topLevels(a *analyzer.Analyzer) []bool {
	g, nodes := a.Graph(), a.Nodes()
	needed := make([]bool, len(nodes)) // something that serves depends on it
	if !sameNodes(g, nodes) {
		for i, n := range nodes {
			for _, e := range g.DependentsOf(n.ID) {
				if d, ok := g.Node(e.From); ok && d.Mode != graph.ModeData && !a.Configuration(d.ID) {
					needed[i] = true
				}
			}
		}
	} else {
		for i, n := range nodes {
			if n.Mode == graph.ModeData || a.ConfigurationAt(i) {
				continue
			}
			deps := g.DepsAt(i)
			for j := range deps.Len() {
				needed[deps.IndexTo(j)] = true
			}
		}
	}
	for i, n := range nodes {
		needed[i] = !needed[i] && n.Kind == graph.KindResource && n.Mode != graph.ModeData && !a.ConfigurationAt(i)
	}
	return needed
}

// sameNodes reports whether the graph holds these nodes, in this order:
// the analyzer's, as it was made over the graph (a caller may change the
// graph after).
func sameNodes(g *graph.Graph, nodes []*graph.Node) bool {
	if g.Len() != len(nodes) {
		return false
	}
	for i, n := range nodes {
		if g.NodeAt(i) != n {
			return false
		}
	}
	return true
}

// MaxSPOFCandidates bounds the resources tried one at a time when looking
// for single points of failure; past it the search is skipped (and
// said so), as each try is a whole scenario run.
var MaxSPOFCandidates = 2000

// spofs finds, for every resource the rows depend on, the rows its loss
// alone fails: each candidate is taken down on its own. It returns nil
// and false when there are more candidates than MaxSPOFCandidates.
func spofs(a *analyzer.Analyzer, rowIDs []string) (map[string][]string, bool) {
	g := a.Graph()
	seen := map[string]bool{}
	var cands []string
	stack := append([]string(nil), rowIDs...)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[id] {
			continue
		}
		seen[id] = true
		// a configuration object is no single point of failure: it fails
		// only with its domain, and serves nothing itself
		if n, ok := g.Node(id); ok && n.Kind == graph.KindResource && n.Target() && !a.Configuration(id) {
			cands = append(cands, id)
		}
		deps := g.DepsOf(id)
		for j := range deps.Len() {
			if to := deps.To(j).ID; deps.Kind(j) != graph.Control && !seen[to] {
				stack = append(stack, to)
			}
		}
	}
	if len(cands) > MaxSPOFCandidates {
		return nil, false
	}
	sort.Strings(cands)
	out := map[string][]string{}
	for _, c := range cands {
		res := a.Run(analyzer.Scenario{Down: []analyzer.Domain{{Kind: analyzer.DomainNode, Node: c}}})
		var fails []string
		for _, r := range rowIDs {
			if r == c {
				continue
			}
			if st, _ := res.StateOf(r); st == analyzer.Failed {
				fails = append(fails, r)
			}
		}
		if len(fails) > 0 {
			out[c] = fails
		}
	}
	return out, true
}
