package render

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/graph"
)

func init() {
	Register(ViewImpact, "html", "one self-contained page: diagram, impacted services and resources, matrix, ranking", impactHTML)
	Register(ViewMatrix, "html", "one self-contained page: the matrix, single points of failure and the ranking", matrixHTML)
}

// pageCSS styles the reports on screen and on paper. Nothing is loaded
// from the network.
const pageCSS = `
:root { --fail:#ef4444; --fail-bg:#fee2e2; --deg:#fcd34d; --deg-bg:#fef3c7; --frz:#bfdbfe; --ok:#f1f5f9; --ink:#0f172a; --dim:#475569; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 24px; font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #e2e8f0; padding-bottom: 4px; }
p.counts { font-size: 16px; margin: 0 0 8px; }
p.note, p.warn { color: #92400e; margin: 4px 0; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 9px; font-weight: 600; margin-right: 6px; }
.failed { background: var(--fail); color: #fff; }
.degraded { background: var(--deg); color: #451a03; }
.frozen { background: var(--frz); color: #172554; }
.affected { background: #e5e7eb; color: #374151; }
.healthy { background: var(--ok); color: #64748b; }
figure { margin: 0; overflow-x: auto; border: 1px solid #e2e8f0; border-radius: 6px; padding: 8px; }
figure { max-height: 92vh; overflow: auto; }
figure svg { display: block; margin: 0 auto; }
figure.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid #e2e8f0; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f8fafc; }
td.id, td.loc { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
td.loc { white-space: nowrap; word-break: normal; }
td.why { color: var(--dim); }
table.matrix { width: auto; }
table.matrix th.dom { writing-mode: vertical-rl; transform: rotate(180deg); font-family: monospace; font-weight: normal; white-space: nowrap; padding: 6px 2px; }
table.matrix th.dom.region { font-weight: bold; }
table.matrix td.cell { text-align: center; min-width: 26px; font-weight: bold; font-size: 11px; }
table.matrix td.cell.healthy { color: #cbd5e1; }
footer { margin-top: 32px; color: var(--dim); font-size: 12px; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  figure { border: none; padding: 0; overflow: visible; max-height: none; break-inside: avoid; }
  figure svg { max-width: 100%; max-height: 180mm; height: auto; }
  tr { break-inside: avoid; }
  .chip, td.cell, .failed, .degraded, .frozen { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`

func esc(s string) string { return html.EscapeString(s) }

func pageStart(bw *bufio.Writer, title string) {
	fmt.Fprintf(bw, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n", esc(title), pageCSS)
}

func pageEnd(bw *bufio.Writer) {
	fmt.Fprintln(bw, `<footer>Made by blast from the inputs alone, offline. Only identities, names and locations are shown: never attribute values.</footer>`)
	fmt.Fprintln(bw, "</body>\n</html>")
}

func impactHTML(w io.Writer, r *Report) error {
	res := r.Result
	m, err := matrixOf(r)
	if err != nil {
		return err
	}
	svg, err := diagramSVG(r)
	if err != nil {
		return err
	}
	d, err := buildDiagram(&Report{Graph: r.Graph, Analyzer: r.Analyzer, Result: r.Result, Diagram: r.Diagram, Owners: r.Owners, ShowAffected: r.ShowAffected})
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	title := "What if " + ScenarioName(res.Scenario) + " goes down?"
	pageStart(bw, "blast: "+title)
	s := res.Summary
	fmt.Fprintf(bw, "<header>\n<h1>%s</h1>\n<p class=\"counts\"><span class=\"chip failed\">%d failed</span><span class=\"chip degraded\">%d degraded</span><span class=\"chip healthy\">%d healthy</span> of %d nodes",
		esc(title), s.Failed, s.Degraded, s.Healthy, s.Nodes)
	if s.Frozen > 0 {
		fmt.Fprintf(bw, "; <span class=\"chip frozen\">%d frozen</span> of them", s.Frozen)
	}
	if s.Affected > 0 {
		fmt.Fprintf(bw, "; <span class=\"chip affected\">%d affected</span> configuration objects", s.Affected)
	}
	bw.WriteString("</p>\n")
	if hint := AffectedHint(r); hint != "" {
		fmt.Fprintf(bw, "<p class=\"note\">%s</p>\n", esc(hint))
	}
	if res.Services.Nodes > 0 {
		fmt.Fprintf(bw, "<p>Services: %d failed, %d degraded of %d.</p>\n", res.Services.Failed, res.Services.Degraded, res.Services.Nodes)
	}
	if res.Scenario.Title != "" {
		fmt.Fprintf(bw, "<p><strong>%s</strong>", esc(res.Scenario.Title))
		if res.Scenario.Date != "" {
			fmt.Fprintf(bw, " (%s)", esc(res.Scenario.Date))
		}
		fmt.Fprintln(bw, "</p>")
	}
	if res.Scenario.Summary != "" {
		fmt.Fprintf(bw, "<p>%s</p>\n", esc(res.Scenario.Summary))
	}
	for _, wmsg := range res.Warnings {
		fmt.Fprintf(bw, "<p class=\"warn\">warning: %s</p>\n", esc(wmsg))
	}
	fmt.Fprintln(bw, "</header>")

	fmt.Fprintln(bw, `<section id="diagram">`)
	fmt.Fprintln(bw, "<h2>Diagram</h2>")
	for _, n := range d.notes {
		fmt.Fprintf(bw, "<p class=\"note\">note: %s</p>\n", esc(n))
	}
	fmt.Fprintf(bw, "<figure class=\"diagram\">\n%s</figure>\n</section>\n", inlineSVG(svg))

	var services, resources, configuration []analyzer.Impact
	for _, im := range res.Impacts {
		n, _ := r.Graph.Node(im.ID)
		switch {
		case n != nil && n.Kind == graph.KindService:
			services = append(services, im)
		case im.Configuration:
			configuration = append(configuration, im)
		default:
			resources = append(resources, im)
		}
	}
	impactTable(bw, r, "services", "Impacted services", services)
	impactTable(bw, r, "resources", "Impacted resources", resources)
	if r.ShowAffected {
		impactTable(bw, r, "configuration", "Affected configuration (cannot change; serves nothing itself)", configuration)
	}
	if r.Teams != nil {
		teamsHTML(bw, r)
	}

	matrixSections(bw, m)
	pageEnd(bw)
	return bw.Flush()
}

// impactTable lists impacts, worst first, then by location and ID.
func impactTable(bw *bufio.Writer, r *Report, id, title string, ims []analyzer.Impact) {
	fmt.Fprintf(bw, "<section id=\"%s\">\n<h2>%s (%d)</h2>\n", id, esc(title), len(ims))
	if len(ims) == 0 {
		fmt.Fprintln(bw, "<p>None.</p>\n</section>")
		return
	}
	type row struct {
		im  analyzer.Impact
		loc string
	}
	rows := make([]row, len(ims))
	for i, im := range ims {
		loc := ""
		if n, ok := r.Graph.Node(im.ID); ok {
			loc = Location(n, r.Analyzer.ScopeOf(n.ID))
		}
		rows[i] = row{im, loc}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.im.State != b.im.State {
			return a.im.State > b.im.State
		}
		if a.loc != b.loc {
			return locLess(a.loc, b.loc)
		}
		return a.im.ID < b.im.ID
	})
	fmt.Fprintln(bw, "<table>\n<thead><tr><th>state</th><th>node</th><th>location</th><th>why</th></tr></thead>\n<tbody>")
	for _, rw := range rows {
		label := stateLabel(rw.im)
		class := rw.im.State.String()
		if rw.im.State == analyzer.Healthy {
			class = "frozen"
		}
		why := ChainText(rw.im.Chain)
		if len(rw.im.FrozenChain) > 0 {
			why += "; frozen: " + ChainText(rw.im.FrozenChain)
		}
		if len(rw.im.Left) > 0 {
			why += "; still serving: " + strings.Join(rw.im.Left, ", ")
		}
		fmt.Fprintf(bw, "<tr><td><span class=\"chip %s\">%s</span></td><td class=\"id\">%s</td><td class=\"loc\">%s</td><td class=\"why\">%s</td></tr>\n",
			class, esc(label), esc(rw.im.ID), esc(rw.loc), esc(why))
	}
	fmt.Fprintln(bw, "</tbody>\n</table>\n</section>")
}

// matrixSections writes the matrix table, the single points of failure
// and the ranking chart.
func matrixSections(bw *bufio.Writer, m *checks.Matrix) {
	fmt.Fprintln(bw, `<section id="matrix">`)
	fmt.Fprintf(bw, "<h2>Resilience matrix</h2>\n<p>%s. Each cell: the worst state that domain alone leaves the %s in.</p>\n", esc(matrixHeadline(m)), esc(rowNoun(m)))
	if len(m.Columns) == 0 || len(m.Rows) == 0 {
		fmt.Fprintln(bw, "<p>No failure domain or no row to show.</p>")
	} else {
		fmt.Fprintf(bw, "<table class=\"matrix\">\n<thead><tr><th>%s</th>", esc(rowNoun(m)))
		for _, c := range m.Columns {
			fmt.Fprintf(bw, "<th class=\"dom %s\">%s</th>", c.Kind, esc(c.Name))
		}
		fmt.Fprintln(bw, "</tr></thead>\n<tbody>")
		for _, row := range m.Rows {
			fmt.Fprintf(bw, "<tr><td class=\"id\">%s</td>", esc(row.ID))
			for j, c := range row.Cells {
				col := cellColors[c.Severity()]
				tip := fmt.Sprintf("%s down: %s", m.Columns[j].Name, c.Label())
				if c.Reason != "" {
					tip += " (" + c.Reason + ")"
				}
				letter := col.letter
				if letter == "" {
					letter = "·"
				}
				fmt.Fprintf(bw, "<td class=\"cell %s\" title=\"%s\">%s</td>", c.Label(), esc(tip), letter)
			}
			fmt.Fprintln(bw, "</tr>")
		}
		fmt.Fprintln(bw, "</tbody>\n</table>")
		fmt.Fprintln(bw, `<p><span class="chip failed">F failed</span><span class="chip degraded">D degraded</span><span class="chip frozen">Z frozen (control plane lost)</span><span class="chip healthy">· healthy</span></p>`)
	}
	fmt.Fprintln(bw, "</section>")
	fmt.Fprintln(bw, `<section id="spof">`)
	fmt.Fprintln(bw, "<h2>Single points of failure</h2>")
	if len(m.SPOFs) == 0 {
		fmt.Fprintf(bw, "<p>None: no single region or zone fails a %s on its own.</p>\n", esc(rowNoun(m)))
	} else {
		fmt.Fprintf(bw, "<table>\n<thead><tr><th>rank</th><th>domain</th><th>kind</th><th>%ss failed</th><th>degraded</th><th>nodes failed</th><th>fails</th></tr></thead>\n<tbody>\n", esc(rowNoun(m)))
		for i, sp := range m.SPOFs {
			fmt.Fprintf(bw, "<tr><td>%d</td><td class=\"loc\">%s</td><td>%s</td><td>%d of %d</td><td>%d</td><td>%d</td><td class=\"id\">%s</td></tr>\n",
				i+1, esc(sp.Domain), sp.Kind, len(sp.Fails), len(m.Rows), sp.Degrades, sp.Nodes, esc(strings.Join(firstN(sp.Fails, 12), ", ")))
		}
		fmt.Fprintln(bw, "</tbody>\n</table>")
	}
	fmt.Fprintln(bw, "</section>")
	fmt.Fprintln(bw, `<section id="ranking">`)
	fmt.Fprintln(bw, "<h2>Blast radius by failure domain</h2>")
	fmt.Fprintf(bw, "<figure class=\"chart\">\n%s</figure>\n</section>\n", matrixChartSVG(m, "ranking"))
}

func matrixHTML(w io.Writer, r *Report) error {
	m, err := matrixOf(r)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	pageStart(bw, "blast: resilience matrix")
	fmt.Fprintln(bw, "<header>\n<h1>Resilience matrix</h1>\n<p>What each region and zone does to the system when it alone goes down.</p>\n</header>")
	matrixSections(bw, m)
	pageEnd(bw)
	return bw.Flush()
}
