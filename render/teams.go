package render

import (
	"bufio"
	"fmt"

	"github.com/blast-dev/blast/analyzer"
)

// teamsText writes the team view of a result (whatif --by team): per
// team, what of theirs is impacted and which other team's node it came
// through.
func teamsText(bw *bufio.Writer, p painter, r *Report) {
	v := r.Teams
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, p.paint(ansiBold, "By team"))
	if len(v.Teams) == 0 {
		fmt.Fprintln(bw, "\n  no impacted node has an owner (tags Owner or Team, Backstage spec.owner, blast.toml [teams])")
	}
	for _, t := range v.Teams {
		fmt.Fprintf(bw, "\n  %s  %s\n", p.paint(ansiBold, t.Team), teamCounts(t))
		for _, n := range t.Nodes {
			code := ansiYellow
			switch {
			case n.State == analyzer.Failed:
				code = ansiRed
			case n.State == analyzer.Healthy:
				code = ansiCyan
			}
			fmt.Fprintf(bw, "    %s %s\n", p.paint(code, fmt.Sprintf("%-15s", teamStateLabel(n))), n.ID)
			if n.Through != "" {
				fmt.Fprintf(bw, "    %15s %s\n", "", p.paint(ansiDim, "through "+n.ThroughTeam+": "+n.Through))
			} else if n.Domain != "" {
				fmt.Fprintf(bw, "    %15s %s\n", "", p.paint(ansiDim, "through no other team; root "+n.Domain))
			}
		}
	}
	if v.Unowned > 0 {
		fmt.Fprintf(bw, "\n  %d impacted %s no owner (tags Owner or Team, Backstage spec.owner, blast.toml [teams])\n", v.Unowned, plural(v.Unowned, "node has", "nodes have"))
	}
}

// teamCounts is "2 failed, 1 degraded, 1 frozen" for one team.
func teamCounts(t analyzer.TeamImpact) string {
	s := fmt.Sprintf("%d failed, %d degraded", t.Failed, t.Degraded)
	if t.Frozen > 0 {
		s += fmt.Sprintf(", %d frozen", t.Frozen)
	}
	if t.Affected > 0 {
		s += fmt.Sprintf("; %d configuration affected", t.Affected)
	}
	return s
}

// teamStateLabel is stateLabel for a node of the team view.
func teamStateLabel(n analyzer.TeamNode) string {
	return stateLabel(analyzer.Impact{State: n.State, Frozen: n.Frozen})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// teamsHTML writes the team view as a section of the html page.
func teamsHTML(bw *bufio.Writer, r *Report) {
	v := r.Teams
	fmt.Fprintf(bw, "<section id=\"teams\">\n<h2>By team (%d)</h2>\n", len(v.Teams))
	if v.Unowned > 0 {
		fmt.Fprintf(bw, "<p>%d impacted %s no owner (tags Owner or Team, Backstage spec.owner, blast.toml [teams]).</p>\n", v.Unowned, plural(v.Unowned, "node has", "nodes have"))
	}
	if len(v.Teams) == 0 {
		fmt.Fprintln(bw, "<p>None.</p>\n</section>")
		return
	}
	fmt.Fprintln(bw, "<table>\n<thead><tr><th>team</th><th>state</th><th>node</th><th>through</th></tr></thead>\n<tbody>")
	for _, t := range v.Teams {
		for _, n := range t.Nodes {
			class := n.State.String()
			if n.State == analyzer.Healthy {
				class = "frozen"
			}
			through := "no other team; root " + n.Domain
			if n.Through != "" {
				through = n.ThroughTeam + ": " + n.Through
			}
			fmt.Fprintf(bw, "<tr><td>%s</td><td><span class=\"chip %s\">%s</span></td><td class=\"id\">%s</td><td class=\"why\">%s</td></tr>\n",
				esc(t.Team), class, esc(teamStateLabel(n)), esc(n.ID), esc(through))
		}
	}
	fmt.Fprintln(bw, "</tbody>\n</table>\n</section>")
}
