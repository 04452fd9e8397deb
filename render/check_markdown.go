package render

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/graph"
)

func init() {
	Register(ViewCheck, "markdown", "a pull-request comment: marker, one-line verdict, findings per service and domain, changes, folded Mermaid diagram, details (under 65,536 characters)", checkMarkdown)
}

// CheckMarker is the hidden comment that starts every markdown check
// report, so that CI can find its earlier comment and update it.
const CheckMarker = "<!-- blast:check -->"

// MarkdownLimit is the most characters a markdown check report holds:
// GitHub's limit on a comment's body.
const MarkdownLimit = 65536

// markdown table limits: the rest is in the JSON output.
const (
	chkMdMaxRows         = 60
	chkMdMaxDiagramNodes = 40
)

// chkMdCell escapes text for a markdown table cell. Names come from the
// inputs (a for_each key is any string): "](" would make a link or an
// image of them, "@" a mention, in a comment the bot posts.
func chkMdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "](", `]\(`, "@", "@\u200b").Replace(s)
}

func chkMdCode(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

func chkVerdictIcon(status string) string {
	switch status {
	case "violated":
		return "❌"
	case "worse":
		return "⚠️"
	case "changed":
		return "ℹ️"
	}
	return "✅"
}

func chkStateIcon(o checks.Outcome) string {
	switch {
	case o.State == analyzer.Failed:
		return "🔴"
	case o.State == analyzer.Degraded:
		return "🟠"
	case o.Frozen:
		return "🧊"
	}
	return "🟢"
}

// chkMdSection is one part of the report; optional parts are left out, in
// reverse order, when the report would be too long.
type chkMdSection struct {
	name     string
	text     string
	optional bool
}

func checkMarkdown(w io.Writer, r *Report) error {
	c, err := checkOf(r)
	if err != nil {
		return err
	}
	secs := []chkMdSection{{name: "verdict", text: chkMdVerdict(c)}}
	add := func(name, text string, optional bool) {
		if text != "" {
			secs = append(secs, chkMdSection{name: name, text: text, optional: optional})
		}
	}
	add("findings", chkMdFindings(c), false)
	add("changes", chkMdChanges(c, shownChanges(r)), false)
	if n := len(c.Affected()); n > 0 && !r.ShowAffected {
		add("affected", fmt.Sprintf("\n%s of configuration objects (security groups, policies, templates) not listed: they count in no verdict.\n", plural(n, "1 change", fmt.Sprintf("%d changes", n))), true)
	}
	add("resources", chkMdResources(c), false)
	add("suppressions", chkMdSuppressions(c), false)
	add("diagram", chkMdDiagram(c), true)
	add("policies", chkMdPolicies(c), true)
	add("scenarios", chkMdScenarios(c), true)
	add("spofs", chkMdSPOFs(c), true)
	add("explanations", chkMdExplanations(c), true)
	add("unknown", chkMdUnknown(c), true)
	add("notes", chkMdNotes(c), true)
	out := chkAssemble(secs, MarkdownLimit)
	_, err = io.WriteString(w, out)
	return err
}

// chkAssemble joins the sections, leaving optional ones out (the last
// first) and finally cutting at a line, so that the report stays under
// limit characters; it says what was left out.
func chkAssemble(secs []chkMdSection, limit int) string {
	join := func(ss []chkMdSection, note string) string {
		parts := make([]string, 0, len(ss)+1)
		for _, s := range ss {
			parts = append(parts, s.text)
		}
		if note != "" {
			parts = append(parts, note)
		}
		return strings.Join(parts, "")
	}
	keep := append([]chkMdSection(nil), secs...)
	var dropped []string
	note := func() string {
		if len(dropped) == 0 {
			return ""
		}
		return fmt.Sprintf("\n> [!NOTE]\n> Truncated to stay under GitHub's %d-character comment limit (left out: %s). Run blast check with --format json for the full report.\n",
			limit, strings.Join(dropped, ", "))
	}
	for len([]rune(join(keep, note()))) > limit {
		i := len(keep) - 1
		for i >= 0 && !keep[i].optional {
			i--
		}
		if i < 0 {
			break
		}
		dropped = append([]string{keep[i].name}, dropped...)
		keep = append(keep[:i], keep[i+1:]...)
	}
	out := join(keep, note())
	if rs := []rune(out); len(rs) > limit {
		tail := fmt.Sprintf("\n\n> [!NOTE]\n> Truncated to stay under GitHub's %d-character comment limit. Run blast check with --format json for the full report.\n", limit)
		cut := string(rs[:limit-len([]rune(tail))])
		if i := strings.LastIndex(cut, "\n"); i > 0 {
			cut = cut[:i]
		}
		out = cut + tail
	}
	return out
}

func chkMdVerdict(c *checks.Check) string {
	var b strings.Builder
	b.WriteString(CheckMarker + "\n")
	words, line := chkVerdictLine(c)
	fmt.Fprintf(&b, "%s **%s**", chkVerdictIcon(c.Verdict.Status), words)
	if line != "" {
		fmt.Fprintf(&b, " · blast: %s", chkMdCell(line))
	}
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "<sub>%s</sub>\n", chkMdCell(chkSideLine(c)))
	return b.String()
}

// chkFindingGroup is the open findings of one row (a service, else a
// resource) that say the same thing in several domains, or the new
// single points of failure of the same rows.
type chkFindingGroup struct {
	level     string
	row       string
	what      string
	domains   []string
	at        []string
	isNew     bool
	policies  []string
	spof      bool // domains are the resources that alone fail the row
	firstSeen int
}

// chkGroupFindings merges the open findings per row and outcome: the
// findings of one row in one domain (a violation and the new impact
// behind it) become one, then the domains where the row fares the same
// for the same cause share a group; new single points of failure group
// by the rows they fail.
func chkGroupFindings(c *checks.Check) []*chkFindingGroup {
	changes := map[[2]string]checks.StateChange{}
	for _, ch := range c.Changes {
		changes[[2]string{ch.Node, ch.Scenario}] = ch
	}
	spofRows := map[string][]string{}
	for _, sp := range c.NewSPOFs {
		spofRows[sp.Resource] = sp.Rows
	}
	type cell struct {
		level    string
		what     string
		at       []string
		isNew    bool
		policies []string
		order    int
	}
	cells := map[[2]string]*cell{}
	var keys [][2]string
	groups := map[string]*chkFindingGroup{}
	var order []string
	for i, f := range chkOpenFindings(c) {
		at := chkFindingAt(f)
		if f.Kind == checks.FindingSPOF {
			rows := spofRows[f.Node]
			if len(rows) == 0 {
				rows = []string{f.Node}
			}
			row := strings.Join(rows, ", ")
			k := "spof\x00" + row
			g, ok := groups[k]
			if !ok {
				g = &chkFindingGroup{level: f.Level, row: row, what: "fails: new single points of failure", spof: true, firstSeen: i}
				groups[k] = g
				order = append(order, k)
			}
			g.domains = chkAppendNew(g.domains, f.Node)
			g.at = chkAppendNew(g.at, at)
			g.isNew = g.isNew || f.New
			continue
		}
		k := [2]string{f.Node, f.Scenario}
		cl, ok := cells[k]
		if !ok {
			cl = &cell{level: f.Level, order: i}
			cells[k] = cl
			keys = append(keys, k)
		}
		if f.Level == checks.LevelError {
			cl.level = f.Level
		}
		cl.isNew = cl.isNew || f.New
		cl.at = chkAppendNew(cl.at, at)
		if f.Policy != "" {
			cl.policies = chkAppendNew(cl.policies, f.Policy)
		}
		if ch, ok := changes[k]; ok {
			cl.what = ch.After.Verb() + " (was " + ch.Before.Label() + ")"
			if ch.Cause != "" {
				cl.what += "; behind it: " + c.CauseText(ch.Cause)
			}
		} else if cl.what == "" {
			cl.what = f.Message
		}
	}
	for _, k := range keys {
		cl := cells[k]
		gk := strings.Join([]string{k[0], cl.what, strings.Join(cl.policies, ","), cl.level}, "\x00")
		g, ok := groups[gk]
		if !ok {
			g = &chkFindingGroup{level: cl.level, row: k[0], what: cl.what, policies: cl.policies, firstSeen: cl.order}
			groups[gk] = g
			order = append(order, gk)
		}
		g.domains = chkAppendNew(g.domains, k[1])
		for _, a := range cl.at {
			g.at = chkAppendNew(g.at, a)
		}
		g.isNew = g.isNew || cl.isNew
	}
	out := make([]*chkFindingGroup, 0, len(order))
	for _, k := range order {
		out = append(out, groups[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].level == checks.LevelError) != (out[j].level == checks.LevelError) {
			return out[i].level == checks.LevelError
		}
		return out[i].firstSeen < out[j].firstSeen
	})
	return out
}

// chkFindingAt is where a finding points, for a table cell.
func chkFindingAt(f checks.Finding) string {
	if f.File != "" {
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	return f.Address
}

func chkAppendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// chkMdCodes writes the first n items as code, and counts the rest.
func chkMdCodes(items []string, n int) string {
	parts := make([]string, 0, n+1)
	for i, s := range items {
		if i == n {
			parts = append(parts, fmt.Sprintf("and %d more", len(items)-n))
			break
		}
		parts = append(parts, chkMdCode(s))
	}
	return strings.Join(parts, ", ")
}

func chkMdFindings(c *checks.Check) string {
	groups := chkGroupFindings(c)
	if len(groups) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n#### Findings (%d, grouped by service and domain)\n\n| Status | Service | When down | What | At |\n|---|---|---|---|---|\n", len(chkOpenFindings(c)))
	for i, g := range groups {
		if i == chkMdMaxRows {
			fmt.Fprintf(&b, "| | … and %d more groups (see --format json) | | | |\n", len(groups)-chkMdMaxRows)
			break
		}
		status := "⚠️ warning"
		if g.level == checks.LevelError {
			status = "❌ error"
		}
		if !g.isNew {
			status += ", already before"
		}
		what := g.what
		if len(g.policies) > 0 {
			what += "; breaks policy " + strings.Join(g.policies, ", ")
		}
		when, at := chkMdCodes(g.domains, 6), chkMdCodes(g.at, 4)
		if g.spof {
			when += " (any one alone)"
			if slices.Equal(g.at, g.domains) {
				at = "the same"
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", status, chkMdCode(g.row), when, chkMdCell(what), at)
	}
	return b.String()
}

func chkMdChanges(c *checks.Check, changes []checks.StateChange) string {
	if len(changes) == 0 {
		if c.Verdict.Status == "unchanged" {
			return "\nNo service or resource fares differently in any scenario: **no change in blast radius**.\n"
		}
		return "\nNothing that exists on both sides fares differently in any scenario.\n"
	}
	// a node that fares the same way, for the same reason, in several
	// domains is one row naming them
	type group struct {
		ch        checks.StateChange
		scenarios []string
		why       string
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, ch := range changes {
		why := chkChangeWhy(ch)
		general := strings.ReplaceAll(why, ch.Scenario, "\x00")
		if ch.Domain != "" && ch.Domain != ch.Scenario {
			general = strings.ReplaceAll(general, ch.Domain, "\x00")
		}
		k := strings.Join([]string{ch.Node, ch.Before.Label(), ch.After.Label(), fmt.Sprint(ch.Worse), ch.ScenarioKind, general}, "\x01")
		g, ok := byKey[k]
		if !ok {
			g = &group{ch: ch, why: why}
			byKey[k] = g
			groups = append(groups, g)
		} else {
			kind := ch.ScenarioKind
			if kind == "" || kind == "named" {
				kind = "scenario"
			}
			g.why = strings.ReplaceAll(general, "\x00", "that "+kind)
		}
		g.scenarios = append(g.scenarios, ch.Scenario)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n#### What changes (%s)\n\n| Status | Node | Scenario | Before | After | Why |\n|---|---|---|---|---|---|\n", chkCount(len(changes), "change"))
	for i, g := range groups {
		if i == chkMdMaxRows {
			fmt.Fprintf(&b, "| | … and %d more (see --format json) | | | | |\n", len(groups)-chkMdMaxRows)
			break
		}
		ch := g.ch
		icon := "✅ better"
		if ch.Worse {
			icon = chkStateIcon(ch.After) + " worse"
		}
		if ch.Configuration {
			icon = "⚙️ affected"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", icon, chkMdCode(ch.Node), chkMdCodes(g.scenarios, 6),
			ch.Before.Label(), ch.After.Label(), chkMdCell(g.why))
	}
	return b.String()
}

func chkMdResources(c *checks.Check) string {
	if len(c.Resources) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n#### Infrastructure changes behind it\n\n| Resource | Change | Details |\n|---|---|---|\n")
	for i, rc := range c.Resources {
		if i == chkMdMaxRows {
			fmt.Fprintf(&b, "| … and %d more (see --format json) | | |\n", len(c.Resources)-chkMdMaxRows)
			break
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", chkMdCode(rc.Node), chkResourceChangeLabel(rc), chkMdCell(strings.Join(rc.Details, "; ")))
	}
	return b.String()
}

func chkMdSuppressions(c *checks.Check) string {
	var b strings.Builder
	n := 0
	for _, f := range c.Findings {
		if f.Status != checks.StatusOpen {
			n++
		}
	}
	if len(c.Suppressions) == 0 && n == 0 {
		return "\n<sub>Suppressions: none.</sub>\n"
	}
	fmt.Fprintf(&b, "\n<details><summary>Suppressions (%d) and accepted findings (%d)</summary>\n\n", len(c.Suppressions), n)
	if len(c.Suppressions) > 0 {
		b.WriteString("| Status | Until | Matches | Matched | Reason |\n|---|---|---|---|---|\n")
		for _, s := range c.Suppressions {
			status := s.Status
			if status == "expired" {
				status = "⏰ expired (no longer suppresses)"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %d | %s |\n", status, s.Expires, chkMdCode(chkSuppressionText(s)), s.Matched, chkMdCell(s.Reason))
		}
		b.WriteString("\n")
	}
	for _, f := range c.Findings {
		switch f.Status {
		case checks.StatusSuppressed:
			fmt.Fprintf(&b, "- suppressed: %s — %s\n", chkMdCell(f.Message), chkMdCell(f.Suppression))
		case checks.StatusBaseline:
			fmt.Fprintf(&b, "- in the baseline: %s\n", chkMdCell(f.Message))
		}
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

func chkMdPolicies(c *checks.Check) string {
	if len(c.Policies) == 0 {
		return "\n<sub>No policies in blast.toml: only changes are reported.</sub>\n"
	}
	var b strings.Builder
	b.WriteString("\n<details><summary>Policies</summary>\n\n| Policy | Status | Violations before → after | Rule |\n|---|---|---|---|\n")
	for _, p := range c.Policies {
		icon := map[string]string{"violated": "❌ violated", "fixed": "✅ fixed", "ok": "✅ ok", "unmatched": "➖ matches nothing"}[p.Status]
		if p.Status == "violated" && p.Level == checks.LevelWarning {
			icon = "⚠️ violated (warning)"
		}
		fmt.Fprintf(&b, "| %s | %s | %d → %d | %s |\n", chkMdCode(p.Name), icon, p.Before, p.After, chkMdCell(p.Rule))
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

func chkMdScenarios(c *checks.Check) string {
	changed := chkChangedScenarios(c)
	var b strings.Builder
	fmt.Fprintf(&b, "\n<details><summary>Blast radius per scenario (%d of %d changed)</summary>\n\n", len(changed), len(c.Scenarios))
	b.WriteString("| Scenario | Before | After |\n|---|---|---|\n")
	for _, s := range c.Scenarios {
		mark := ""
		if s.Changed() {
			mark = " **changed**"
		}
		fmt.Fprintf(&b, "| %s%s | %s | %s |\n", chkMdCode(s.Name), mark, RadiusText(s.Before), RadiusText(s.After))
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

func chkMdSPOFs(c *checks.Check) string {
	if len(c.NewSPOFs)+len(c.RemovedSPOFs) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n<details><summary>Single points of failure: %d new, %d removed</summary>\n\n", len(c.NewSPOFs), len(c.RemovedSPOFs))
	fmt.Fprintf(&b, "A single point of failure is a resource whose loss alone fails one of the %s.\n\n", c.RowKind)
	for _, s := range c.NewSPOFs {
		fmt.Fprintf(&b, "- new: %s alone fails %s\n", chkMdCode(s.Resource), chkMdCell(strings.Join(s.Rows, ", ")))
	}
	for _, s := range c.RemovedSPOFs {
		fmt.Fprintf(&b, "- removed: %s no longer fails %s\n", chkMdCode(s.Resource), chkMdCell(strings.Join(s.Rows, ", ")))
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

func chkMdExplanations(c *checks.Check) string {
	worse := c.Worse()
	if len(worse) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n<details><summary>Why, step by step</summary>\n\n")
	for i, ch := range worse {
		if i == chkMdMaxRows {
			fmt.Fprintf(&b, "- … and %d more (see --format json)\n", len(worse)-chkMdMaxRows)
			break
		}
		fmt.Fprintf(&b, "- %s in %s (%s → %s):\n", chkMdCode(ch.Node), chkMdCode(ch.Scenario), ch.Before.Label(), ch.After.Label())
		for _, st := range ch.Chain {
			fmt.Fprintf(&b, "  - %s: %s\n", chkMdCode(st.Node), chkMdCell(st.Why))
		}
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

func chkMdUnknown(c *checks.Check) string {
	if len(c.Unknown) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n<details><summary>Placement unknown until apply (%d): the worst case is assumed</summary>\n\n", len(c.Unknown))
	for _, u := range c.Unknown {
		fmt.Fprintf(&b, "- %s: %s\n", chkMdCode(u.Node), chkMdCell(u.Reason))
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

func chkMdNotes(c *checks.Check) string {
	if len(c.Notes) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n")
	for _, n := range c.Notes {
		fmt.Fprintf(&b, "<sub>Note: %s</sub>\n", chkMdCell(n))
	}
	return b.String()
}

// chkMdDiagram draws what newly fails as a Mermaid flowchart, folded in a
// <details> so that it opens on demand. When services newly fail it
// draws the services view: each service, the resource its chain ends in
// (the edge counts the steps between) and the failure domain. Otherwise
// it draws each newly failing node with its whole chain.
func chkMdDiagram(c *checks.Check) string {
	type edge struct{ from, to, label string }
	nodes := map[string]string{} // key → class
	var order []string
	var edges []edge
	seenEdge := map[edge]bool{}
	addNode := func(key, class string) {
		if _, ok := nodes[key]; !ok {
			order = append(order, key)
			nodes[key] = class
		} else if class == "failed" {
			nodes[key] = class
		}
	}
	addEdge := func(e edge) {
		if !seenEdge[e] {
			seenEdge[e] = true
			edges = append(edges, e)
		}
	}
	var failing []checks.StateChange
	services := 0
	for _, ch := range c.Worse() {
		if ch.After.State == analyzer.Failed {
			failing = append(failing, ch)
			if ch.Kind == graph.KindService {
				services++
			}
		}
	}
	drawn, left := map[string]bool{}, map[string]bool{}
	for _, ch := range failing {
		if services > 0 && ch.Kind != graph.KindService {
			continue
		}
		if len(nodes) >= chkMdMaxDiagramNodes {
			if !drawn[ch.Node] {
				left[ch.Node] = true
			}
			continue
		}
		drawn[ch.Node] = true
		dom := "domain:" + ch.Domain
		if ch.Domain == "" {
			dom = "domain:" + ch.Scenario
		}
		prev := ""
		if services > 0 {
			addNode(ch.Node, "failed")
			prev = ch.Node
			if n := len(ch.Chain); n > 0 && ch.Chain[n-1].Node != ch.Node {
				hit := ch.Chain[n-1].Node
				addNode(hit, "hit")
				label := ""
				if n > 2 {
					label = fmt.Sprintf("via %d more", n-2)
				}
				addEdge(edge{ch.Node, hit, label})
				prev = hit
			}
		} else {
			for _, st := range ch.Chain {
				addNode(st.Node, "hit")
				if prev != "" {
					addEdge(edge{prev, st.Node, ""})
				}
				prev = st.Node
			}
			addNode(ch.Node, "failed")
		}
		addNode(dom, "domain")
		if prev != "" {
			addEdge(edge{prev, dom, ""})
		}
	}
	if len(order) == 0 {
		return ""
	}
	ids := map[string]string{}
	for i, k := range order {
		ids[k] = fmt.Sprintf("n%d", i)
	}
	var b strings.Builder
	what := chkCount(len(drawn), "node")
	if services > 0 {
		what = chkCount(len(drawn), "service") + ", each with the resource its chain ends in"
	}
	fmt.Fprintf(&b, "\n<details><summary>Diagram: what newly fails (%s)</summary>\n\n```mermaid\nflowchart LR\n", what)
	for _, k := range order {
		label := k
		open, close := `["`, `"]`
		if nodes[k] == "domain" {
			label = strings.TrimPrefix(k, "domain:") + " down"
			open, close = `{{"`, `"}}`
		}
		fmt.Fprintf(&b, "  %s%s%s%s:::%s\n", ids[k], open, mermaidText(label), close, nodes[k])
	}
	for _, e := range edges {
		if e.label != "" {
			fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", ids[e.from], mermaidText(e.label), ids[e.to])
			continue
		}
		fmt.Fprintf(&b, "  %s --> %s\n", ids[e.from], ids[e.to])
	}
	b.WriteString("  classDef failed fill:#fdd,stroke:#c00,color:#000\n")
	b.WriteString("  classDef hit fill:#fee,stroke:#c66,color:#000\n")
	b.WriteString("  classDef domain fill:#eee,stroke:#333,color:#000\n")
	b.WriteString("```\n")
	if more := len(left); more > 0 {
		noun := "newly failing nodes"
		if services > 0 {
			noun = "newly failing services"
		}
		fmt.Fprintf(&b, "\n<sub>%d more %s are not drawn.</sub>\n", more, noun)
	}
	b.WriteString("\n</details>\n")
	return b.String()
}
