package render

import (
	"bufio"
	"cmp"
	"fmt"
	"html"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/graph"
)

func init() {
	Register(ViewImpact, "html", "one self-contained page, answer first: impacted services, single points of failure, matrix, then the diagram (fitted, with zoom) and the resources grouped by cause", impactHTML)
	Register(ViewMatrix, "html", "one self-contained page: the matrix, single points of failure and the ranking", matrixHTML)
}

// pageCSS styles the reports on screen (wide, phone, light, dark) and on
// paper. Nothing is loaded from the network.
const pageCSS = `
:root { color-scheme: light dark; --fail:#dc2626; --deg:#fcd34d; --frz:#bfdbfe; --ok:#e2e8f0; --ink:#0f172a; --dim:#475569; --bg:#fff; --line:#e2e8f0; --head:#f8fafc; --warn:#92400e; --link:#1d4ed8; }
@media (prefers-color-scheme: dark) {
  :root { --ink:#e2e8f0; --dim:#94a3b8; --bg:#0f172a; --line:#334155; --head:#1e293b; --warn:#fbbf24; --ok:#334155; --link:#93c5fd; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 24px; font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--link); }
h1 { font-size: 26px; margin: 0 0 4px; overflow-wrap: break-word; }
h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0; display: inline; }
p.counts { font-size: 16px; margin: 4px 0 8px; }
p.note, p.warn { color: var(--warn); margin: 4px 0; }
tr.more td { font-style: italic; }
nav { font-size: 13px; margin: 4px 0 0; }
nav a { margin-right: 12px; white-space: nowrap; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 9px; font-weight: 600; margin: 1px 6px 1px 0; white-space: nowrap; border: 1px solid transparent; background: var(--ok); color: var(--ink); }
.failed { background: var(--fail); color: #fff; }
.degraded { background: var(--deg); color: #451a03; border-style: dashed; border-color: #92400e; }
.frozen { background: var(--frz); color: #172554; border-style: dotted; border-color: #1e40af; }
.affected { background: #e5e7eb; color: #374151; border-style: dashed; border-color: #6b7280; }
.healthy { background: var(--ok); color: var(--dim); }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: var(--head); }
td.id, .id { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: break-word; }
td.loc { white-space: nowrap; }
td.why { color: var(--dim); }
details.cause { margin: 10px 0; }
details.cause > summary { cursor: pointer; padding: 4px 0; }
details.cause > summary .n { color: var(--dim); }
table.matrix { width: auto; }
table.matrix th.dom { writing-mode: vertical-rl; transform: rotate(180deg); font-family: monospace; font-weight: normal; white-space: nowrap; padding: 6px 2px; }
table.matrix th.dom.region { font-weight: bold; }
table.matrix td.cell { text-align: center; min-width: 26px; font-weight: bold; font-size: 11px; }
table.matrix td.cell.healthy { color: var(--dim); background: transparent; }
.zoom { margin: 0 0 6px; }
.zoom button { font: inherit; font-size: 13px; padding: 2px 10px; margin-right: 4px; border: 1px solid var(--line); border-radius: 4px; background: var(--head); color: var(--ink); cursor: pointer; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; background: #fff; overflow: auto; max-width: 100%; }
figure.diagram { max-height: 90vh; }
figure.diagram.fit { max-height: none; }
figure svg { display: block; margin: 0 auto; }
figure.diagram.fit svg, figure.chart svg { width: 100%; height: auto; }
footer { margin-top: 32px; color: var(--dim); font-size: 12px; }
@media (max-width: 640px) {
  body { padding: 12px; }
  h1 { font-size: 21px; }
  table:not(.matrix), table:not(.matrix) tbody, table:not(.matrix) tr, table:not(.matrix) td { display: block; width: auto; }
  table:not(.matrix) thead { display: none; }
  table:not(.matrix) tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 6px; padding: 4px; }
  table:not(.matrix) td { border: none; padding: 1px 2px; }
  td[data-label]::before { content: attr(data-label) ": "; color: var(--dim); font-family: -apple-system, "Segoe UI", Helvetica, Arial, "DejaVu Sans", sans-serif; }
  td.loc { white-space: normal; }
}
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  :root { --ink:#000; --dim:#333; --bg:#fff; --line:#ccc; --head:#f1f1f1; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, .zoom { display: none; }
  h2 { break-after: avoid; }
  figure { border: none; padding: 0; overflow: visible; max-height: none; break-inside: avoid; }
  figure svg { width: 100%; height: auto; max-height: 180mm; }
  .scroll { overflow: visible; }
  tr { break-inside: avoid; }
  .chip, td.cell, .failed, .degraded, .frozen { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`

// zoomScript sizes the diagram: fitted to the width (as the page loads,
// and without script), larger or smaller in steps, or at its own size. It
// is the page's only script and loads nothing.
const zoomScript = `(function () {
  var f = document.getElementById("diagram-figure"), bar = document.getElementById("zoom");
  var s = f && f.querySelector("svg");
  if (!s || !bar) { return; }
  var full = s.width.baseVal.value || f.clientWidth, z = 0;
  function set(v) {
    z = v;
    f.classList.toggle("fit", v === 0);
    s.style.width = v === 0 ? "" : Math.round(full * v) + "px";
    s.style.height = v === 0 ? "" : "auto";
  }
  bar.hidden = false;
  bar.addEventListener("click", function (e) {
    var k = e.target.getAttribute("data-zoom"), cur = z || f.clientWidth / full;
    if (k === "fit") { set(0); } else if (k === "in") { set(cur * 1.5); } else if (k === "out") { set(Math.max(cur / 1.5, 0.05)); } else if (k === "1") { set(1); }
  });
})();`

// pageCSP lets the page load nothing: styles, the zoom script and the
// diagram are all inline.
const pageCSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

func esc(s string) string { return html.EscapeString(s) }

// idHTML escapes a node ID and lets it break only between its parts: after
// a dot, an underscore, a slash or a colon, and before an index.
func idHTML(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '[' {
			b.WriteString("<wbr>")
		}
		b.WriteString(html.EscapeString(string(r)))
		switch r {
		case '.', '_', '/', ':':
			b.WriteString("<wbr>")
		}
	}
	return b.String()
}

// stateGlyphs mark a state by shape as well as colour.
var stateGlyphs = map[string]string{"failed": "✖", "degraded": "◐", "frozen": "❄", "healthy": "✓"}

// stateChip is a state in words, with its shape and colour.
func stateChip(class, label string) string {
	g, ok := stateGlyphs[class]
	if !ok {
		g = "•"
	}
	return fmt.Sprintf("<span class=\"chip %s\">%s %s</span>", class, g, esc(label))
}

func impactClass(im *analyzer.Impact) string {
	if im.State == analyzer.Healthy && im.Frozen {
		return "frozen"
	}
	return im.State.String()
}

func pageStart(bw *bufio.Writer, title string) {
	fmt.Fprintf(bw, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n", pageCSP, esc(title), pageCSS)
}

func pageEnd(bw *bufio.Writer) {
	fmt.Fprintln(bw, `<footer>Made by blast from the inputs alone, offline. Only identities, names and locations are shown: never attribute values.</footer>`)
	fmt.Fprintln(bw, "</body>\n</html>")
}

func impactHTML(w io.Writer, r *Report) error {
	res := r.Result
	if !hasMatrix(r) {
		return errNoMatrix // before any work
	}
	opts := r.Diagram
	opts.Embedded = true
	dr := &Report{Graph: r.Graph, Analyzer: r.Analyzer, Result: r.Result, Diagram: opts, Owners: r.Owners, ShowAffected: r.ShowAffected}
	// the notes go on stderr once (through the picture) and into the page
	svg, err := diagramSVG(&Report{Graph: r.Graph, Analyzer: r.Analyzer, Result: r.Result, Diagram: opts, Owners: r.Owners, Note: r.Note, ShowAffected: r.ShowAffected})
	if err != nil {
		return err
	}
	d, err := buildDiagram(dr)
	if err != nil {
		return err
	}
	// the impacts by reference: at a million instances, copied out into
	// lists grown by doubling they were a fifth of the page's time
	var services, resources, configuration []*analyzer.Impact
	for i := range res.Impacts {
		im := &res.Impacts[i]
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

	bw := bufio.NewWriter(w)
	title := "What if " + ScenarioName(res.Scenario) + " goes down?"
	pageStart(bw, "blast: "+title)
	fmt.Fprintf(bw, "<header>\n<h1>%s</h1>\n", esc(title))
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
	fmt.Fprintf(bw, "<p class=\"counts\">Nodes: %s.</p>\n", esc(CountsText(res.Summary, ", ")))
	if hint := AffectedHint(r); hint != "" {
		fmt.Fprintf(bw, "<p class=\"note\">%s</p>\n", esc(hint))
	}
	for _, wmsg := range res.Warnings {
		fmt.Fprintf(bw, "<p class=\"warn\">warning: %s</p>\n", esc(wmsg))
	}
	bw.WriteString("<nav><a href=\"#services\">services</a> <a href=\"#spof\">single points of failure</a> <a href=\"#matrix\">matrix</a> <a href=\"#diagram\">diagram</a> <a href=\"#resources\">resources by cause</a>")
	if r.Teams != nil {
		bw.WriteString(" <a href=\"#teams\">teams</a>")
	}
	bw.WriteString(" <a href=\"#ranking\">ranking</a></nav>\n</header>\n")

	servicesHTML(bw, r, services)
	// the matrix, when made beside the page (MatrixLater), is waited for
	// only here: the diagram is laid out and the services sorted by now
	m, err := matrixOf(r)
	if err != nil {
		return err
	}
	spofSection(bw, m)
	matrixSection(bw, m)

	fmt.Fprintln(bw, `<section id="diagram">`)
	fmt.Fprintln(bw, "<h2>Diagram</h2>")
	for _, n := range d.notes {
		fmt.Fprintf(bw, "<p class=\"note\">note: %s</p>\n", esc(n))
	}
	fmt.Fprintln(bw, `<div class="zoom" id="zoom" hidden><button type="button" data-zoom="fit">fit width</button><button type="button" data-zoom="out">−</button><button type="button" data-zoom="in">+</button><button type="button" data-zoom="1">actual size</button></div>`)
	fmt.Fprintf(bw, "<figure class=\"diagram fit\" id=\"diagram-figure\">\n%s</figure>\n<script>%s</script>\n</section>\n", inlineSVG(svg), zoomScript)

	causesHTML(bw, r, "resources", "Impacted resources by cause", resources)
	if r.ShowAffected {
		causesHTML(bw, r, "configuration", "Affected configuration by cause (cannot change; serves nothing itself)", configuration)
	}
	if r.Teams != nil {
		teamsHTML(bw, r)
	}
	dataHTML(bw, r)
	rankingSection(bw, m)
	pageEnd(bw)
	return bw.Flush()
}

// servicesHTML lists the impacted services, worst first: the answer the
// page leads with.
func servicesHTML(bw *bufio.Writer, r *Report, ims []*analyzer.Impact) {
	res := r.Result
	fmt.Fprintln(bw, `<section id="services">`)
	if res.Services.Nodes == 0 {
		fmt.Fprintf(bw, "<h2>Impacted services</h2>\n<p>The inputs declare no services (a service manifest, Backstage or Kubernetes names them): the %d impacted resources are <a href=\"#resources\">listed by cause</a> below.</p>\n</section>\n", len(res.Impacts))
		return
	}
	fmt.Fprintf(bw, "<h2>Impacted services: %d of %d</h2>\n", len(ims), res.Services.Nodes)
	fmt.Fprintf(bw, "<p>%d failed, %d degraded.</p>\n", res.Services.Failed, res.Services.Degraded)
	if len(ims) == 0 {
		fmt.Fprintln(bw, "<p>None: every service keeps serving.</p>\n</section>")
		return
	}
	rows := sortedRows(r, ims)
	fmt.Fprintln(bw, "<div class=\"scroll\"><table class=\"services\">\n<thead><tr><th>state</th><th>service</th><th>why</th></tr></thead>\n<tbody>")
	for _, rw := range rows[:shownRows(len(rows))] {
		fmt.Fprintf(bw, "<tr><td>%s</td><td class=\"id\">%s</td><td class=\"why\">%s</td></tr>\n",
			stateChip(impactClass(rw.im), stateLabel(*rw.im)), idHTML(rw.im.ID), esc(fullWhy(rw.im, 0)))
	}
	moreRowHTML(bw, 3, moreRows(len(rows), "services", "blast whatif --format json"))
	fmt.Fprintln(bw, "</tbody>\n</table></div>\n</section>")
}

// impactRow is an impact with its location.
type impactRow struct {
	im  *analyzer.Impact
	loc string
}

// sortedRows orders impacts worst first, then by location and ID.
func sortedRows(r *Report, ims []*analyzer.Impact) []impactRow {
	rows := make([]impactRow, len(ims))
	for i, im := range ims {
		loc := ""
		if n, ok := r.Graph.Node(im.ID); ok {
			loc = Location(n, r.Analyzer.ScopeOf(n.ID))
		}
		rows[i] = impactRow{im, loc}
	}
	// a total order (IDs are unique), so any sort gives it
	slices.SortFunc(rows, func(a, b impactRow) int {
		switch {
		case a.im.State != b.im.State:
			return cmp.Compare(b.im.State, a.im.State)
		case a.im.Frozen != b.im.Frozen:
			if a.im.Frozen {
				return -1
			}
			return 1
		case a.loc != b.loc:
			if locLess(a.loc, b.loc) {
				return -1
			}
			return 1
		}
		return strings.Compare(a.im.ID, b.im.ID)
	})
	return rows
}

// causeChain is the chain that explains an impact: its state's, else its
// frozen flag's.
func causeChain(im *analyzer.Impact) []analyzer.Step {
	if len(im.Chain) > 0 {
		return im.Chain
	}
	return im.FrozenChain
}

// causeOf is what an impact's explanation ends in: the last step's
// reason ("in aws:us-east-1 (region down)"), else the impact's reason.
func causeOf(im *analyzer.Impact) string {
	if c := causeChain(im); len(c) > 0 {
		return c[len(c)-1].Why
	}
	if im.Reason != "" {
		return im.Reason
	}
	return im.Domain
}

// fullWhy is an impact's explanation without its last drop steps (which
// a heading above already says), with its frozen cause and what still
// serves.
func fullWhy(im *analyzer.Impact, drop int) string {
	c := causeChain(im)
	why := ChainText(c[:max(len(c)-drop, 0)])
	if drop > 0 && why == "" {
		why = "directly"
	}
	if len(im.Chain) > 0 && len(im.FrozenChain) > 0 {
		why += "; frozen: " + ChainText(im.FrozenChain)
	}
	if len(im.Left) > 0 {
		why += "; still serving: " + strings.Join(im.Left, ", ")
	}
	return why
}

// openCauseRows is the most rows a cause's group shows open; larger
// groups start collapsed.
const openCauseRows = 25

// causesHTML lists the impacted resources grouped by the cause their
// explanations end in, one heading per cause, largest group first.
func causesHTML(bw *bufio.Writer, r *Report, id, title string, ims []*analyzer.Impact) {
	fmt.Fprintf(bw, "<section id=\"%s\">\n<h2>%s (%d)</h2>\n", id, esc(title), len(ims))
	if len(ims) == 0 {
		fmt.Fprintln(bw, "<p>None.</p>\n</section>")
		return
	}
	groups := map[string][]impactRow{}
	for _, rw := range sortedRows(r, ims) {
		c := causeOf(rw.im)
		groups[c] = append(groups[c], rw)
	}
	causes := make([]string, 0, len(groups))
	for c := range groups {
		causes = append(causes, c)
	}
	sort.Slice(causes, func(i, j int) bool {
		if len(groups[causes[i]]) != len(groups[causes[j]]) {
			return len(groups[causes[i]]) > len(groups[causes[j]])
		}
		return causes[i] < causes[j]
	})
	for _, c := range causes {
		rows := groups[c]
		open := ""
		if len(rows) <= openCauseRows {
			open = " open"
		}
		fmt.Fprintf(bw, "<details class=\"cause\"%s><summary><h3>%s</h3> <span class=\"n\">(%d)</span></summary>\n", open, esc(c), len(rows))
		fmt.Fprintln(bw, "<div class=\"scroll\"><table class=\"impacts\">\n<thead><tr><th>state</th><th>node</th><th>location</th><th>through</th></tr></thead>\n<tbody>")
		for _, rw := range rows[:shownRows(len(rows))] {
			fmt.Fprintf(bw, "<tr><td>%s</td><td class=\"id\">%s</td><td class=\"loc\" data-label=\"location\">%s</td><td class=\"why\" data-label=\"through\">%s</td></tr>\n",
				stateChip(impactClass(rw.im), stateLabel(*rw.im)), idHTML(rw.im.ID), esc(rw.loc), esc(fullWhy(rw.im, 1)))
		}
		moreRowHTML(bw, 4, moreRows(len(rows), "in this group", "blast whatif --format json"))
		fmt.Fprintln(bw, "</tbody>\n</table></div>\n</details>")
	}
	fmt.Fprintln(bw, "</section>")
}

// moreRowHTML ends a table of cols columns with what it leaves out
// (moreRows), if anything.
func moreRowHTML(bw *bufio.Writer, cols int, more string) {
	if more != "" {
		fmt.Fprintf(bw, "<tr class=\"more\"><td colspan=\"%d\">%s</td></tr>\n", cols, esc(more))
	}
}

// matrixSection writes the matrix table.
func matrixSection(bw *bufio.Writer, m *checks.Matrix) {
	fmt.Fprintln(bw, `<section id="matrix">`)
	fmt.Fprintf(bw, "<h2>Resilience matrix</h2>\n<p>%s. Each cell: the worst state that domain alone leaves the %s in.</p>\n", esc(matrixHeadline(m)), esc(rowNoun(m)))
	if len(m.Columns) == 0 || len(m.Rows) == 0 {
		fmt.Fprintln(bw, "<p>No failure domain or no row to show.</p>\n</section>")
		return
	}
	fmt.Fprintf(bw, "<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th>%s</th>", esc(rowNoun(m)))
	for _, c := range m.Columns {
		fmt.Fprintf(bw, "<th class=\"dom %s\">%s</th>", c.Kind, esc(c.Name))
	}
	fmt.Fprintln(bw, "</tr></thead>\n<tbody>")
	for _, row := range m.Rows[:shownRows(len(m.Rows))] {
		fmt.Fprintf(bw, "<tr><td class=\"id\">%s</td>", idHTML(row.ID))
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
	moreRowHTML(bw, len(m.Columns)+1, moreRows(len(m.Rows), rowNoun(m)+"s", "blast matrix --format csv"))
	fmt.Fprintln(bw, "</tbody>\n</table></div>")
	fmt.Fprintln(bw, `<p><span class="chip failed">F failed</span><span class="chip degraded">D degraded</span><span class="chip frozen">Z frozen (control plane lost)</span><span class="chip healthy">· healthy</span></p>`)
	fmt.Fprintln(bw, "</section>")
}

// spofSection writes the single points of failure.
func spofSection(bw *bufio.Writer, m *checks.Matrix) {
	fmt.Fprintln(bw, `<section id="spof">`)
	fmt.Fprintln(bw, "<h2>Single points of failure</h2>")
	if len(m.SPOFs) == 0 {
		fmt.Fprintf(bw, "<p>None: no single region or zone fails a %s on its own.</p>\n</section>\n", esc(rowNoun(m)))
		return
	}
	fmt.Fprintf(bw, "<div class=\"scroll\"><table>\n<thead><tr><th>rank</th><th>domain</th><th>kind</th><th>%ss failed</th><th>degraded</th><th>nodes failed</th><th>fails</th></tr></thead>\n<tbody>\n", esc(rowNoun(m)))
	for i, sp := range m.SPOFs {
		fails := make([]string, 0, 12)
		for _, f := range firstN(sp.Fails, 12) {
			fails = append(fails, idHTML(f))
		}
		fmt.Fprintf(bw, "<tr><td data-label=\"rank\">%d</td><td class=\"loc\" data-label=\"domain\">%s</td><td data-label=\"kind\">%s</td><td data-label=\"%ss failed\">%d of %d</td><td data-label=\"degraded\">%d</td><td data-label=\"nodes failed\">%d</td><td class=\"id\" data-label=\"fails\">%s</td></tr>\n",
			i+1, esc(sp.Domain), sp.Kind, esc(rowNoun(m)), len(sp.Fails), len(m.Rows), sp.Degrades, sp.Nodes, strings.Join(fails, ", "))
	}
	fmt.Fprintln(bw, "</tbody>\n</table></div>\n</section>")
}

// rankingSection writes the ranking chart.
func rankingSection(bw *bufio.Writer, m *checks.Matrix) {
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
	matrixSection(bw, m)
	spofSection(bw, m)
	rankingSection(bw, m)
	pageEnd(bw)
	return bw.Flush()
}
