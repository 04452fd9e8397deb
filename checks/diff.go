package checks

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// LabelPlanAction is the node label holding a resource's planned action
// (create, update, replace, read) on a plan's after side.
const LabelPlanAction = "terraform.action"

// Outcome is how a node fares in one scenario.
type Outcome struct {
	State  analyzer.State `json:"state"`
	Frozen bool           `json:"frozen,omitempty"`
}

// Label names the outcome: healthy, frozen, degraded, degraded+frozen or
// failed (a failed node's frozen flag adds nothing).
func (o Outcome) Label() string {
	switch {
	case o.State == analyzer.Failed:
		return "failed"
	case o.State == analyzer.Healthy && o.Frozen:
		return "frozen"
	case o.Frozen:
		return o.State.String() + "+frozen"
	}
	return o.State.String()
}

// Verb is what an outcome makes a node do, in the third person:
// "fails", "degrades", "degrades and freezes" or "freezes".
func (o Outcome) Verb() string {
	words := strings.Split(o.Infinitive(), " and ")
	for i := range words {
		words[i] += "s"
	}
	return strings.Join(words, " and ")
}

// Infinitive is Verb without the person: "fail", "degrade", "degrade
// and freeze" or "freeze" (a change makes a node ...).
func (o Outcome) Infinitive() string {
	switch {
	case o.State == analyzer.Failed:
		return "fail"
	case o.State == analyzer.Degraded && o.Frozen:
		return "degrade and freeze"
	case o.State == analyzer.Degraded:
		return "degrade"
	}
	return "freeze"
}

// Rank orders outcomes from healthy (0) to failed (4): a state outranks
// the frozen flag, which counts only below failed.
func (o Outcome) Rank() int {
	r := int(o.State) * 2
	if o.Frozen && o.State != analyzer.Failed {
		r++
	}
	return r
}

func outcomeOf(r *analyzer.Result, id string) Outcome {
	st, fz := r.StateOf(id)
	return Outcome{State: st, Frozen: fz}
}

// Profile is how one node fares over a whole suite: its worst outcome
// and the number of scenarios that fail, degrade or (only) freeze it.
type Profile struct {
	Worst    string `json:"worst"`
	Failed   int    `json:"failed"`
	Degraded int    `json:"degraded"`
	Frozen   int    `json:"frozen"`
	rank     int
}

// compareProfiles orders profiles: the worst outcome first, then the
// number of scenarios failing, degrading, freezing the node. It returns
// 1 when b is worse than a, -1 when better, 0 when they tie.
func compareProfiles(a, b Profile) int {
	for _, d := range [][2]int{{a.rank, b.rank}, {a.Failed, b.Failed}, {a.Degraded, b.Degraded}, {a.Frozen, b.Frozen}} {
		switch {
		case d[1] > d[0]:
			return 1
		case d[1] < d[0]:
			return -1
		}
	}
	return 0
}

// NodeTrend compares how a node with changes fares over the whole suite
// on both sides: a node that now degrades in two zones but no longer
// fails in a third fares better.
type NodeTrend struct {
	Node   string     `json:"node"`
	Kind   graph.Kind `json:"kind"`
	Before Profile    `json:"before"`
	After  Profile    `json:"after"`
	// Trend is worse, better or same.
	Trend string `json:"trend"`
}

func profileOf(side *SideOutcome, id string) Profile {
	p := Profile{Worst: Outcome{}.Label()}
	for _, r := range side.Results {
		o := outcomeOf(r, id)
		switch {
		case o.State == analyzer.Failed:
			p.Failed++
		case o.State == analyzer.Degraded:
			p.Degraded++
		case o.Frozen:
			p.Frozen++
		}
		if o.Rank() > p.rank {
			p.rank, p.Worst = o.Rank(), o.Label()
		}
	}
	return p
}

// trendOf returns the trend of a node, "" when it has none.
func (c *Check) trendOf(id string) string {
	for _, t := range c.Trends {
		if t.Node == id {
			return t.Trend
		}
	}
	return ""
}

// CheckSide summarises one side of a change.
type CheckSide struct {
	// Label names the side: "before (prior state)", "base", ...
	Label     string `json:"label"`
	Resources int    `json:"resources"`
	Services  int    `json:"services"`
}

// Radius is a scenario's blast radius on one side.
type Radius struct {
	Failed           int `json:"failed"`
	Degraded         int `json:"degraded"`
	Frozen           int `json:"frozen"`
	ServicesFailed   int `json:"servicesFailed"`
	ServicesDegraded int `json:"servicesDegraded"`
	ServicesFrozen   int `json:"servicesFrozen"`
}

func radiusOf(r *analyzer.Result) Radius {
	return Radius{Failed: r.Summary.Failed, Degraded: r.Summary.Degraded, Frozen: r.Summary.Frozen,
		ServicesFailed: r.Services.Failed, ServicesDegraded: r.Services.Degraded, ServicesFrozen: r.Services.Frozen}
}

// ScenarioChange is one suite scenario's blast radius before and after.
type ScenarioChange struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Before Radius `json:"before"`
	After  Radius `json:"after"`
	// Assumed lists the nodes of the after side taken down in this
	// scenario because their placement is unknown until apply.
	Assumed []string `json:"assumedDown,omitempty"`
}

// Changed reports whether the blast radius differs between the sides.
func (s ScenarioChange) Changed() bool { return s.Before != s.After }

// StateChange is a node, present on both sides, that fares differently
// in one scenario.
type StateChange struct {
	Node     string     `json:"node"`
	Kind     graph.Kind `json:"kind"`
	Type     string     `json:"type"`
	Name     string     `json:"name,omitempty"`
	Tier     string     `json:"tier,omitempty"`
	Scenario string     `json:"scenario"`
	// ScenarioKind is region, zone or named.
	ScenarioKind string  `json:"scenarioKind"`
	Before       Outcome `json:"before"`
	After        Outcome `json:"after"`
	// Worse is set when the after side fares worse.
	Worse bool `json:"worse"`
	// Reason and Chain explain the worse outcome (after side), or the
	// outcome the node no longer suffers (before side).
	Reason string          `json:"reason"`
	Chain  []analyzer.Step `json:"chain,omitempty"`
	// Domain is the failure domain at the root of the chain.
	Domain string `json:"domain,omitempty"`
	// Cause is the changed resource on the chain, when there is one: the
	// change that explains this one.
	Cause string `json:"cause,omitempty"`
	// Configuration marks a configuration object (a security group, a
	// policy attachment): its change is listed on demand only and counts
	// in no trend, finding or verdict.
	Configuration bool `json:"configuration,omitempty"`
}

// ResourceChange is a resource or service whose failure-relevant
// properties differ between the sides, or that only one side holds.
type ResourceChange struct {
	Node    string     `json:"node"`
	Kind    graph.Kind `json:"kind"`
	Type    string     `json:"type"`
	Address string     `json:"address,omitempty"`
	// Change is added, removed or changed.
	Change string `json:"change"`
	// Action is the plan's action for it, when the input is a plan.
	Action string `json:"action,omitempty"`
	// Details say what changed, one line each; never attribute values
	// other than locations.
	Details []string `json:"details,omitempty"`
	// Source is where the node comes from (after side, else before).
	Source graph.Source `json:"source"`
}

// SPOFChange is a resource whose loss alone now fails rows it did not
// fail before (or no longer fails rows it failed).
type SPOFChange struct {
	Resource string   `json:"resource"`
	Rows     []string `json:"rows"`
}

// UnknownPlacement is a node of the after side whose placement is
// unknown until apply.
type UnknownPlacement struct {
	Node string `json:"node"`
	// What is "zone", "region" or "region,zone".
	What   string `json:"what"`
	Reason string `json:"reason,omitempty"`
}

// Check is the comparison of a change's two sides over a scenario
// suite, with the policy findings once Evaluate has run.
type Check struct {
	Base      CheckSide        `json:"base"`
	Head      CheckSide        `json:"head"`
	Scenarios []ScenarioChange `json:"scenarios"`
	// Changes lists every node faring differently, worse ones first.
	Changes []StateChange `json:"changes"`
	// Trends sums the changes up per node over the whole suite.
	Trends []NodeTrend `json:"trends"`
	// Resources lists the infrastructure changes behind them.
	Resources    []ResourceChange   `json:"resources"`
	RowKind      string             `json:"rows"`
	NewSPOFs     []SPOFChange       `json:"newSinglePointsOfFailure"`
	RemovedSPOFs []SPOFChange       `json:"removedSinglePointsOfFailure"`
	Unknown      []UnknownPlacement `json:"unknownUntilApply"`
	// Policies, Findings, Suppressions and Verdict are set by Evaluate.
	Policies     []PolicyResult      `json:"policies"`
	Findings     []Finding           `json:"findings"`
	Suppressions []SuppressionStatus `json:"suppressions"`
	Verdict      Verdict             `json:"verdict"`
	// Notes are remarks for the reader (baseline in use, worst cases).
	Notes []string `json:"notes"`

	suite  []SuiteScenario
	base   *SideOutcome
	head   *SideOutcome
	byNode map[string]ResourceChange
}

// causeOf returns the change behind a chain: the first changed resource
// on it; else, for a changed node on it (a service whose dependencies
// changed), the first resource among its added or removed dependencies;
// "" when nothing on the chain changed.
func (c *Check) causeOf(chain []analyzer.Step) string {
	for _, st := range chain {
		rc, ok := c.byNode[st.Node]
		if !ok {
			continue
		}
		if rc.Kind == graph.KindResource {
			return st.Node
		}
		if dep := c.changedDependency(st.Node); dep != "" {
			return dep
		}
	}
	return ""
}

// changedDependency returns the first resource a node depends on on one
// side only.
func (c *Check) changedDependency(id string) string {
	deps := func(g *graph.Graph) map[string]bool {
		m := map[string]bool{}
		deps := g.DepsOf(id)
		for j := range deps.Len() {
			m[deps.To(j).ID] = true
		}
		return m
	}
	bg, hg := c.base.Analyzer.Graph(), c.head.Analyzer.Graph()
	b, h := deps(bg), deps(hg)
	var cands []string
	for d := range b {
		if n, ok := bg.Node(d); ok && !h[d] && n.Kind == graph.KindResource {
			cands = append(cands, d)
		}
	}
	for d := range h {
		if n, ok := hg.Node(d); ok && !b[d] && n.Kind == graph.KindResource {
			cands = append(cands, d)
		}
	}
	if len(cands) == 0 {
		return ""
	}
	sort.Strings(cands)
	return cands[0]
}

// CauseText describes the change of a node in a few words:
// "aws_instance.web[1] removed", "aws_dynamodb_table.orders changed
// (placement: ...)".
func (c *Check) CauseText(id string) string {
	rc, ok := c.byNode[id]
	if !ok {
		return id
	}
	s := id + " " + rc.Change
	switch {
	case rc.Change == "changed" && len(rc.Details) > 0:
		s += ": " + rc.Details[0]
	case rc.Action != "" && rc.Action != rc.Change:
		s += " (" + rc.Action + ")"
	}
	return s
}

// Added and Removed count the resources and services only one side holds.
func (c *Check) Added() int   { return c.countChange("added") }
func (c *Check) Removed() int { return c.countChange("removed") }

func (c *Check) countChange(kind string) int {
	n := 0
	for _, rc := range c.Resources {
		if rc.Change == kind {
			n++
		}
	}
	return n
}

// Worse returns the changes for the worse of what serves.
func (c *Check) Worse() []StateChange { return c.filter(true) }

// Better returns the changes for the better of what serves.
func (c *Check) Better() []StateChange { return c.filter(false) }

// Affected returns the changes of configuration objects, for the worse
// or the better: listed on demand, counted nowhere.
func (c *Check) Affected() []StateChange {
	var out []StateChange
	for _, ch := range c.Changes {
		if ch.Configuration {
			out = append(out, ch)
		}
	}
	return out
}

func (c *Check) filter(worse bool) []StateChange {
	var out []StateChange
	for _, ch := range c.Changes {
		if ch.Worse == worse && !ch.Configuration {
			out = append(out, ch)
		}
	}
	return out
}

// Compare runs nothing itself: it compares the outcomes of one suite on
// the two sides of a change.
func Compare(suite []SuiteScenario, base, head *SideOutcome) *Check {
	bg, hg := base.Analyzer.Graph(), head.Analyzer.Graph()
	c := &Check{suite: suite, base: base, head: head, RowKind: head.RowKind,
		Base: sideOf(bg), Head: sideOf(hg), Scenarios: []ScenarioChange{}, Changes: []StateChange{},
		Resources: []ResourceChange{}, Trends: []NodeTrend{}, NewSPOFs: []SPOFChange{}, RemovedSPOFs: []SPOFChange{},
		Unknown: []UnknownPlacement{}, Policies: []PolicyResult{}, Findings: []Finding{},
		Suppressions: []SuppressionStatus{}, Notes: []string{}}
	c.Resources = diffResources(base.Analyzer, head.Analyzer)
	c.byNode = map[string]ResourceChange{}
	for _, rc := range c.Resources {
		c.byNode[rc.Node] = rc
	}
	for k, s := range suite {
		br, hr := base.Results[k], head.Results[k]
		c.Scenarios = append(c.Scenarios, ScenarioChange{Name: s.Name, Kind: s.Kind, Before: radiusOf(br), After: radiusOf(hr), Assumed: head.Assumed[k]})
		ids := map[string]bool{}
		for _, im := range br.Impacts {
			ids[im.ID] = true
		}
		for _, im := range hr.Impacts {
			ids[im.ID] = true
		}
		for _, id := range slices.Sorted(maps.Keys(ids)) {
			bn, okb := bg.Node(id)
			hn, okh := hg.Node(id)
			if !okb || !okh || !compared(hn) || !compared(bn) {
				continue
			}
			before, after := outcomeOf(br, id), outcomeOf(hr, id)
			if before.Rank() == after.Rank() {
				continue
			}
			ch := StateChange{Node: id, Kind: hn.Kind, Type: hn.Type, Name: hn.Name, Tier: hn.Labels["tier"],
				Scenario: s.Name, ScenarioKind: s.Kind, Before: before, After: after, Worse: after.Rank() > before.Rank(),
				Configuration: head.Analyzer.Configuration(id)}
			src := hr
			if !ch.Worse {
				src = br
			}
			if im, ok := src.Impact(id); ok {
				ch.Reason, ch.Chain, ch.Domain = im.Reason, im.Chain, im.Domain
			}
			ch.Cause = c.causeOf(ch.Chain)
			c.Changes = append(c.Changes, ch)
		}
	}
	c.Trends = []NodeTrend{}
	seen := map[string]bool{}
	for _, ch := range c.Changes {
		if seen[ch.Node] || ch.Configuration {
			continue
		}
		seen[ch.Node] = true
		t := NodeTrend{Node: ch.Node, Kind: ch.Kind, Before: profileOf(base, ch.Node), After: profileOf(head, ch.Node), Trend: "same"}
		switch compareProfiles(t.Before, t.After) {
		case 1:
			t.Trend = "worse"
		case -1:
			t.Trend = "better"
		}
		c.Trends = append(c.Trends, t)
	}
	sort.Slice(c.Trends, func(i, j int) bool { return c.Trends[i].Node < c.Trends[j].Node })
	order := map[string]int{}
	for k, s := range suite {
		order[s.Name] = k
	}
	sort.SliceStable(c.Changes, func(i, j int) bool {
		a, b := c.Changes[i], c.Changes[j]
		if a.Worse != b.Worse {
			return a.Worse
		}
		if (a.Kind == graph.KindService) != (b.Kind == graph.KindService) {
			return a.Kind == graph.KindService
		}
		if a.Node != b.Node {
			return a.Node < b.Node
		}
		return order[a.Scenario] < order[b.Scenario]
	})
	if base.SPOFsComplete && head.SPOFsComplete {
		// only rows both sides hold: a new service's weak spots are not
		// a change of an existing one
		c.NewSPOFs = spofDiff(head.SPOFs, base.SPOFs, bg)
		c.RemovedSPOFs = spofDiff(base.SPOFs, head.SPOFs, hg)
	} else {
		c.Notes = append(c.Notes, fmt.Sprintf("single points of failure were not searched: more than %d candidate resources", MaxSPOFCandidates))
	}
	for _, n := range hg.Nodes() {
		if what := n.Labels[LabelUnknownUntilApply]; what != "" && n.Target() {
			c.Unknown = append(c.Unknown, UnknownPlacement{Node: n.ID, What: what, Reason: n.Placement.Unknown})
		}
	}
	return c
}

// compared reports whether a node takes part in comparisons: services
// and managed resources.
func compared(n *graph.Node) bool {
	return n.Mode != graph.ModeData && (n.Kind == graph.KindService || n.Kind == graph.KindResource)
}

func sideOf(g *graph.Graph) CheckSide {
	var s CheckSide
	for _, n := range g.Nodes() {
		switch {
		case n.Mode == graph.ModeData:
		case n.Kind == graph.KindService:
			s.Services++
		case n.Kind == graph.KindResource:
			s.Resources++
		}
	}
	return s
}

// spofDiff returns, per resource, the rows a fails alone that b does not,
// among the rows other holds.
func spofDiff(a, b map[string][]string, other *graph.Graph) []SPOFChange {
	out := []SPOFChange{}
	for _, r := range slices.Sorted(maps.Keys(a)) {
		had := map[string]bool{}
		for _, row := range b[r] {
			had[row] = true
		}
		var rows []string
		for _, row := range a[r] {
			if _, both := other.Node(row); both && !had[row] {
				rows = append(rows, row)
			}
		}
		if len(rows) > 0 {
			out = append(out, SPOFChange{Resource: r, Rows: rows})
		}
	}
	return out
}

// diffResources lists the resources and services only one side holds,
// and those whose placement, failure scope, dependencies, redundancy or
// failure-relevant attributes differ.
func diffResources(ba, ha *analyzer.Analyzer) []ResourceChange {
	bg, hg := ba.Graph(), ha.Graph()
	ids := map[string]bool{}
	for _, n := range bg.Nodes() {
		if compared(n) {
			ids[n.ID] = true
		}
	}
	for _, n := range hg.Nodes() {
		if compared(n) {
			ids[n.ID] = true
		}
	}
	out := []ResourceChange{}
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		bn, okb := bg.Node(id)
		hn, okh := hg.Node(id)
		if okb && !compared(bn) || okh && !compared(hn) {
			continue
		}
		switch {
		case !okb:
			rc := changeOf(hn, "added")
			rc.Details = []string{"placement: " + placementText(hn, ha.ScopeOf(id))}
			out = append(out, rc)
		case !okh:
			rc := changeOf(bn, "removed")
			rc.Details = []string{"placement: " + placementText(bn, ba.ScopeOf(id))}
			out = append(out, rc)
		default:
			var d []string
			bp, hp := placementText(bn, ba.ScopeOf(id)), placementText(hn, ha.ScopeOf(id))
			if bp != hp {
				d = append(d, fmt.Sprintf("placement: %s → %s", bp, hp))
			}
			d = append(d, edgeDiff(bg, hg, id)...)
			if keys := attrDiff(bn.Attrs, hn.Attrs); len(keys) > 0 {
				d = append(d, "redundancy-related attributes changed: "+strings.Join(keys, ", "))
			}
			if len(d) > 0 {
				rc := changeOf(hn, "changed")
				rc.Details = d
				out = append(out, rc)
			}
		}
	}
	return out
}

func changeOf(n *graph.Node, change string) ResourceChange {
	return ResourceChange{Node: n.ID, Kind: n.Kind, Type: n.Type, Address: n.Address, Change: change,
		Action: n.Labels[LabelPlanAction], Source: n.Source}
}

// placementText says where a node lives and at which scope, with
// locations only.
func placementText(n *graph.Node, scope graph.Scope) string {
	p := n.Placement
	var parts []string
	switch {
	case len(p.Regions) > 0:
		parts = append(parts, strings.Join(p.AllRegions(), "+"))
	case p.Region != "":
		parts = append(parts, p.Region)
	}
	if z := p.AllZones(); len(z) > 0 {
		parts = append(parts, strings.Join(z, "+"))
	} else if p.ZoneID != "" {
		parts = append(parts, p.ZoneID)
	}
	loc := strings.Join(parts, " ")
	switch {
	case scope == graph.ScopeGlobal:
		return "global"
	case loc == "":
		loc = "unknown location"
	}
	if scope == graph.ScopeUnknown {
		return loc
	}
	return loc + " (" + string(scope) + ")"
}

// edgeDiff describes the dependencies and redundancy groups of a node
// that differ between the sides.
func edgeDiff(bg, hg *graph.Graph, id string) []string {
	key := func(e graph.Edge) string {
		k := e.To + " (" + e.Kind.String()
		if e.Group != "" {
			k += ", group " + e.Group
		}
		return k + ")"
	}
	set := func(g *graph.Graph) map[string]bool {
		m := map[string]bool{}
		deps := g.DepsOf(id)
		for j := range deps.Len() {
			if deps.To(j).Mode == graph.ModeData {
				continue
			}
			m[key(deps.At(j))] = true
		}
		return m
	}
	b, h := set(bg), set(hg)
	var added, removed []string
	for _, k := range slices.Sorted(maps.Keys(h)) {
		if !b[k] {
			added = append(added, k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(b)) {
		if !h[k] {
			removed = append(removed, k)
		}
	}
	var out []string
	if len(added) > 0 {
		out = append(out, "dependencies added: "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		out = append(out, "dependencies removed: "+strings.Join(removed, ", "))
	}
	bgs, hgs := groupText(bg.Groups(id)), groupText(hg.Groups(id))
	if bgs != hgs {
		out = append(out, fmt.Sprintf("redundancy: %s → %s", noneIfEmpty(bgs), noneIfEmpty(hgs)))
	}
	return out
}

func groupText(gs []graph.Group) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = fmt.Sprintf("%s needs %d", g.Name, g.Need)
	}
	return strings.Join(parts, ", ")
}

func noneIfEmpty(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// attrDiff returns the names of the kept top-level attributes whose
// values differ.
// Only names are returned: values are never shown.
func attrDiff(a, b map[string]string) []string {
	keys := map[string]bool{}
	top := func(k string) string { return strings.SplitN(k, ".", 2)[0] }
	for k, v := range a {
		if b[k] != v {
			keys[top(k)] = true
		}
	}
	for k, v := range b {
		if a[k] != v {
			keys[top(k)] = true
		}
	}
	return slices.Sorted(maps.Keys(keys))
}
