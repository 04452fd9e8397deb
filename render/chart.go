package render

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
)

// The matrix charts are written by hand: a heat map with long categorical
// labels on both axes and a stacked bar chart need exact control of text
// placement, and the Go charting libraries either draw numeric axes only
// (gonum/plot), need JavaScript in a browser (go-echarts), or add nothing
// over writing the few SVG elements directly (svgo). Every number is
// formatted with fixed precision and every list is sorted, so the output
// is byte-identical across runs; text goes through XML escaping.

func init() {
	Register(ViewMatrix, "svg", "heat map of the matrix above the ranking bar chart (--chart picks one)", matrixSVG)
}

const (
	chartFont = `font-family="DejaVu Sans Mono, Menlo, Consolas, monospace"`
	sansFont  = `font-family="Helvetica, Arial, DejaVu Sans, sans-serif"`
	charW     = 6.7 // width of one monospace character at 11px
	cellSize  = 26
	maxLabel  = 64
)

// cellColors are the heat map colours by severity: healthy, frozen,
// degraded, failed.
var cellColors = [4]struct{ fill, text, letter, name string }{
	{"#f1f5f9", "#94a3b8", "", "healthy"},
	{"#bfdbfe", "#1e3a8a", "Z", "frozen (control plane lost)"},
	{"#fcd34d", "#78350f", "D", "degraded"},
	{"#ef4444", "#ffffff", "F", "failed"},
}

func xmlText(s string) string { return html.EscapeString(s) }

// shortenTo shortens s to n runes by cutting its middle.
func shortenTo(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	keep := (n - 1) / 2
	return string(r[:keep]) + "…" + string(r[len(r)-(n-1-keep):])
}

func textWidth(s string) float64 { return float64(len([]rune(s))) * charW }

// CheckChart says whether chart is one matrix --chart draws: all (the
// heat map and the ranking), heatmap or ranking.
func CheckChart(chart string) error {
	switch chart {
	case "all", "heatmap", "ranking":
		return nil
	}
	return fmt.Errorf("--chart: unknown chart %q (want all, heatmap or ranking)", chart)
}

func matrixSVG(w io.Writer, r *Report) error {
	m, err := matrixOf(r)
	if err != nil {
		return err
	}
	var body bytes.Buffer
	width, height := 0.0, 0.0
	if r.Chart != "ranking" {
		wd, ht := heatmap(&body, m, 0)
		width, height = wd, ht
	}
	if r.Chart != "heatmap" {
		if height > 0 {
			height += 24
		}
		wd, ht := ranking(&body, m, height)
		if wd > width {
			width = wd
		}
		height += ht
	}
	return writeChartSVG(w, width, height, body.Bytes())
}

// writeChartSVG writes a chart's SVG document: a white page of the size
// given around the chart's elements.
func writeChartSVG(w io.Writer, width, height float64, body []byte) error {
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" role="img">
<rect x="0" y="0" width="%.0f" height="%.0f" fill="#ffffff"/>
`, width, height, width, height, width, height)
	if _, err := w.Write(body); err != nil {
		return err
	}
	_, err := io.WriteString(w, "</svg>\n")
	return err
}

// heatRow is one line of the heat map: a row, or the heading of the
// input file the following rows come from.
type heatRow struct {
	label, tip string
	heading    bool
	row        *checks.MatrixRow
}

// heatRows lays out the rows, at most ReadableRows of them; rows of
// merged inputs are grouped under their input's name so that each label
// can drop the prefix.
func heatRows(m *checks.Matrix) []heatRow {
	var out []heatRow
	last := ""
	for i := range m.Rows[:shownRows(len(m.Rows))] {
		row := &m.Rows[i]
		label := row.ID
		if prefix, ok := strings.CutSuffix(row.ID, row.Label); ok && row.Label != row.ID && strings.HasSuffix(prefix, ":") {
			if prefix != last {
				out = append(out, heatRow{label: strings.TrimSuffix(prefix, ":"), heading: true})
				last = prefix
			}
			label = row.Label
		}
		out = append(out, heatRow{label: shortenTo(label, maxLabel), tip: row.ID, row: row})
	}
	return out
}

func sansWidth(s string, size float64) float64 { return float64(len([]rune(s))) * size * 0.55 }

// heatmap draws the matrix at vertical offset y0 and returns its size.
func heatmap(b *bytes.Buffer, m *checks.Matrix, y0 float64) (float64, float64) {
	const pad = 16.0
	rows := heatRows(m)
	labelW := 120.0
	for _, r := range rows {
		if w := textWidth(r.label); w > labelW {
			labelW = w
		}
	}
	headH := 0.0
	for _, c := range m.Columns {
		if h := textWidth(c.Name) * 0.71; h > headH {
			headH = h
		}
	}
	headH += 16
	title := "Resilience matrix: each failure domain taken down on its own"
	sub := fmt.Sprintf("%d %ss × %d failure domains; each cell: the worst state that domain alone leaves the %s in.",
		len(m.Rows), rowNoun(m), len(m.Columns), rowNoun(m))
	spof := "Single points of failure: none."
	if len(m.SPOFs) > 0 {
		spof = "Single points of failure, worst first: " + strings.Join(firstN(spofNames(m), 3), ", ")
	}
	titleH := 74.0
	x0 := pad + labelW + 10
	gridTop := y0 + titleH + headH
	gridW := float64(len(m.Columns)) * cellSize
	width := x0 + gridW + headH*0.75 + pad
	for _, w := range []float64{sansWidth(title, 17) + 2*pad, sansWidth(sub, 12) + 2*pad, sansWidth(spof, 12) + 2*pad, 560} {
		if w > width {
			width = w
		}
	}
	fmt.Fprintf(b, `<g class="heatmap">`+"\n")
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="17" font-weight="bold" fill="#0f172a">%s</text>`+"\n", pad, y0+24, sansFont, xmlText(title))
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="12" fill="#334155">%s</text>`+"\n", pad, y0+44, sansFont, xmlText(sub))
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="12" fill="#7f1d1d">%s</text>`+"\n", pad, y0+62, sansFont, xmlText(spof))
	// column headers, rotated; a rule before each region's group
	gridH := float64(len(rows)) * cellSize
	for j, c := range m.Columns {
		x := x0 + float64(j)*cellSize + cellSize/2
		weight := "normal"
		if c.Kind == analyzer.DomainRegion {
			weight = "bold"
			if j > 0 {
				fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#64748b" stroke-width="1.5"/>`+"\n",
					x-cellSize/2, gridTop-4, x-cellSize/2, gridTop+gridH)
			}
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="11" font-weight="%s" fill="#0f172a" transform="rotate(-45 %.1f %.1f)">%s</text>`+"\n",
			x, gridTop-6, chartFont, weight, x, gridTop-6, xmlText(c.Name))
	}
	for i, hr := range rows {
		y := gridTop + float64(i)*cellSize
		if hr.heading {
			fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="11" font-weight="bold" fill="#334155">%s</text>`+"\n",
				pad, y+cellSize/2+5, sansFont, xmlText(hr.label))
			continue
		}
		if i%2 == 1 {
			fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="#f8fafc"/>`+"\n", pad, y, labelW+10, cellSize)
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="11" fill="#0f172a" text-anchor="end"><title>%s</title>%s</text>`+"\n",
			x0-8, y+cellSize/2+4, chartFont, xmlText(hr.tip), xmlText(hr.label))
		for j, c := range hr.row.Cells {
			col := cellColors[c.Severity()]
			x := x0 + float64(j)*cellSize
			tip := fmt.Sprintf("%s with %s down: %s", hr.row.ID, m.Columns[j].Name, c.Label())
			if c.Reason != "" {
				tip += " (" + c.Reason + ")"
			}
			fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%d" height="%d" fill="%s" stroke="#ffffff" stroke-width="2"><title>%s</title></rect>`+"\n",
				x, y, cellSize, cellSize, col.fill, xmlText(tip))
			if col.letter != "" {
				fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="11" font-weight="bold" fill="%s" text-anchor="middle">%s</text>`+"\n",
					x+cellSize/2, y+cellSize/2+4, chartFont, col.text, col.letter)
			}
		}
	}
	ly := gridTop + gridH + 22
	if more := moreRows(len(m.Rows), rowNoun(m)+"s", "blast matrix --format csv"); more != "" {
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="12" font-style="italic" fill="#334155">%s</text>`+"\n", pad, ly, sansFont, xmlText(more))
		ly += 24
		if w := sansWidth(more, 12) + 2*pad; w > width {
			width = w
		}
	}
	// legend
	lx := pad
	for s := 3; s >= 0; s-- {
		col := cellColors[s]
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="16" height="16" fill="%s" stroke="#cbd5e1"/>`+"\n", lx, ly-12, col.fill)
		if col.letter != "" {
			fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="10" font-weight="bold" fill="%s" text-anchor="middle">%s</text>`+"\n", lx+8, ly, chartFont, col.text, col.letter)
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="12" fill="#334155">%s</text>`+"\n", lx+22, ly, sansFont, xmlText(col.name))
		lx += 22 + sansWidth(col.name, 12) + 20
	}
	fmt.Fprintf(b, "</g>\n")
	return width, ly + 12 - y0
}

func spofNames(m *checks.Matrix) []string {
	out := make([]string, len(m.SPOFs))
	for i, sp := range m.SPOFs {
		out[i] = fmt.Sprintf("%s (fails %d)", sp.Domain, len(sp.Fails))
	}
	return out
}

// ranking draws the domains as horizontal stacked bars, largest blast
// radius first, at vertical offset y0; it returns its size.
func ranking(b *bytes.Buffer, m *checks.Matrix, y0 float64) (float64, float64) {
	const pad, barH, gap, barW = 16.0, 18.0, 6.0, 420.0
	cols := m.Ranking()
	labelW := 120.0
	for _, c := range cols {
		if w := textWidth(c.Name); w > labelW {
			labelW = w
		}
	}
	max := 0
	for _, c := range cols {
		if c.Radius() > max {
			max = c.Radius()
		}
	}
	x0 := pad + labelW + 10
	top := y0 + 56
	fmt.Fprintf(b, `<g class="ranking">`+"\n")
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="17" font-weight="bold" fill="#0f172a">Blast radius by failure domain</text>`+"\n", pad, y0+24, sansFont)
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="12" fill="#334155">%s</text>`+"\n", pad, y0+44, sansFont,
		xmlText("nodes hit when the domain alone goes down, largest first"))
	scale := 0.0
	if max > 0 {
		scale = barW / float64(max)
	}
	for i, c := range cols {
		y := top + float64(i)*(barH+gap)
		weight := "normal"
		if c.Kind == analyzer.DomainRegion {
			weight = "bold"
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="11" font-weight="%s" fill="#0f172a" text-anchor="end">%s</text>`+"\n",
			x0-8, y+barH/2+4, chartFont, weight, xmlText(c.Name))
		x := x0
		for _, seg := range []struct {
			n   int
			col string
			nm  string
		}{{c.Summary.Failed, cellColors[3].fill, "failed"}, {c.Summary.Degraded, cellColors[2].fill, "degraded"}, {c.FrozenOnly, cellColors[1].fill, "frozen only"}} {
			if seg.n == 0 {
				continue
			}
			wd := float64(seg.n) * scale
			fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s</title></rect>`+"\n",
				x, y, wd, barH, seg.col, xmlText(fmt.Sprintf("%s: %d %s", c.Name, seg.n, seg.nm)))
			x += wd
		}
		label := fmt.Sprintf("%d", c.Radius())
		var parts []string
		for _, p := range []struct {
			n    int
			word string
		}{{c.Summary.Failed, "failed"}, {c.Summary.Degraded, "degraded"}, {c.FrozenOnly, "frozen only"}} {
			if p.n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", p.n, p.word))
			}
		}
		if len(parts) > 0 {
			label += ": " + strings.Join(parts, ", ")
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="11" fill="#334155">%s</text>`+"\n", x+6, y+barH/2+4, sansFont, xmlText(label))
	}
	fmt.Fprintf(b, "</g>\n")
	height := 56 + float64(len(cols))*(barH+gap) + 12
	return x0 + barW + 260, height
}

// matrixChartSVG renders one chart of a matrix as an SVG element for
// inline use in HTML.
func matrixChartSVG(m *checks.Matrix, chart string) string {
	var buf bytes.Buffer
	r := &Report{Matrix: m, Chart: chart}
	_ = matrixSVG(&buf, r)
	return string(inlineSVG(buf.Bytes()))
}
