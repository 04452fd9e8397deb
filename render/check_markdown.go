package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
)

func init() {
	Register(ViewCheck, "markdown", "a pull-request comment: marker, verdict, changes, Mermaid diagram, details (under 65,536 characters)", checkMarkdown)
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
	fmt.Fprintf(&b, "**%s blast: %s**\n\n", chkVerdictIcon(c.Verdict.Status), chkMdCell(c.Verdict.Summary))
	fmt.Fprintf(&b, "<sub>%s</sub>\n", chkMdCell(chkSideLine(c)))
	return b.String()
}

func chkMdFindings(c *checks.Check) string {
	open := chkOpenFindings(c)
	if len(open) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n#### Findings\n\n| | Finding | At | New |\n|---|---|---|---|\n")
	for i, f := range open {
		if i == chkMdMaxRows {
			fmt.Fprintf(&b, "| | … and %d more (see --format json) | | |\n", len(open)-chkMdMaxRows)
			break
		}
		icon := "⚠️"
		if f.Level == checks.LevelError {
			icon = "❌"
		}
		isNew := "yes"
		if !f.New {
			isNew = "no, already before"
		}
		at := f.Address
		if f.File != "" {
			at = fmt.Sprintf("%s:%d", f.File, f.Line)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", icon, chkMdCell(f.Message), chkMdCode(at), isNew)
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
	var b strings.Builder
	b.WriteString("\n#### What changes\n\n| | Node | Scenario | Before | After | Why |\n|---|---|---|---|---|---|\n")
	for i, ch := range changes {
		if i == chkMdMaxRows {
			fmt.Fprintf(&b, "| | … and %d more (see --format json) | | | | |\n", len(changes)-chkMdMaxRows)
			break
		}
		icon := "✅"
		if ch.Worse {
			icon = chkStateIcon(ch.After)
		}
		if ch.Configuration {
			icon = "⚙️ affected"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", icon, chkMdCode(ch.Node), chkMdCode(ch.Scenario),
			ch.Before.Label(), ch.After.Label(), chkMdCell(chkChangeWhy(ch)))
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

// chkMdDiagram draws what newly fails as a Mermaid flowchart: each newly
// failing node, the chain that explains it, and the failure domain at
// its root.
func chkMdDiagram(c *checks.Check) string {
	type edge struct{ from, to string }
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
	more := 0
	for _, ch := range c.Worse() {
		if ch.After.State != analyzer.Failed {
			continue
		}
		if len(nodes) >= chkMdMaxDiagramNodes {
			more++
			continue
		}
		prev := ""
		for _, st := range ch.Chain {
			addNode(st.Node, "hit")
			if prev != "" {
				addEdge(edge{prev, st.Node})
			}
			prev = st.Node
		}
		addNode(ch.Node, "failed")
		dom := "domain:" + ch.Domain
		if ch.Domain == "" {
			dom = "domain:" + ch.Scenario
		}
		addNode(dom, "domain")
		if prev != "" {
			addEdge(edge{prev, dom})
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
	b.WriteString("\n#### What newly fails\n\n```mermaid\nflowchart LR\n")
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
		fmt.Fprintf(&b, "  %s --> %s\n", ids[e.from], ids[e.to])
	}
	b.WriteString("  classDef failed fill:#fdd,stroke:#c00,color:#000\n")
	b.WriteString("  classDef hit fill:#fee,stroke:#c66,color:#000\n")
	b.WriteString("  classDef domain fill:#eee,stroke:#333,color:#000\n")
	b.WriteString("```\n")
	if more > 0 {
		fmt.Fprintf(&b, "\n<sub>%d more newly failing nodes are not drawn.</sub>\n", more)
	}
	return b.String()
}
