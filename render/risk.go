package render

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
)

// ViewRisk is the minimal risk groups of each service and the shared
// fate found (blast risk).
const ViewRisk View = "risk"

func init() {
	Register(ViewRisk, "text", "the risk groups ranked, the smallest per service, then shared fate", riskText)
	Register(ViewRisk, "markdown", "the risk groups, services and shared fate as Markdown tables", riskMarkdown)
	Register(ViewRisk, "json", "the risk groups, targets, merged domains and shared fate as JSON", riskJSON)
	Register(ViewRisk, "html", "one self-contained page: the ranked chart, the tables and shared fate", riskHTML)
	Register(ViewRisk, "svg", "bar chart of the risk groups, smallest first, by services failed", riskSVG)
}

func riskOf(r *Report) (*checks.RiskReport, error) {
	if r.Risk == nil {
		return nil, errors.New("render: no risk groups in the report (compute them with checks.RunRisk)")
	}
	return r.Risk, nil
}

// riskNoun names the targets: services, top-level resources or rows.
func riskNoun(rk *checks.RiskReport) string {
	return rowNoun(&checks.Matrix{RowKind: rk.RowKind})
}

func riskHeadline(rk *checks.RiskReport) string {
	failing := 0
	for _, t := range rk.Targets {
		if t.Smallest > 0 {
			failing++
		}
	}
	return fmt.Sprintf("%d risk groups of up to %d failure domains over %d domains; %d of %d %ss fail in some group of that size",
		len(rk.Sets), rk.Order, rk.Domains, failing, len(rk.Targets), riskNoun(rk))
}

func failsList(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:n], ", ") + fmt.Sprintf(" and %d more", len(ids)-n)
}

func riskText(w io.Writer, r *Report) error {
	rk, err := riskOf(r)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Risk groups: %s\n", riskHeadline(rk))
	for _, s := range rk.Sets {
		fmt.Fprintf(bw, "  %d  %s\n       fails %d: %s\n", s.Size, s.Name(), len(s.Fails), failsList(s.Fails, 8))
	}
	if len(rk.Sets) == 0 {
		fmt.Fprintf(bw, "  none: no set of up to %d failure domains fails a %s\n", rk.Order, riskNoun(rk))
	}
	fmt.Fprintf(bw, "\nSmallest risk group per %s:\n", riskNoun(rk))
	for _, t := range rk.Targets {
		if t.Smallest == 0 {
			fmt.Fprintf(bw, "  %s: survives any %d domains\n", t.ID, rk.Order)
			continue
		}
		fmt.Fprintf(bw, "  %s: %d (%s)\n", t.ID, t.Smallest, plural(t.Groups, "1 group", fmt.Sprintf("%d groups", t.Groups)))
	}
	for _, e := range rk.Equivalents {
		fmt.Fprintf(bw, "\nTaken as one (they take down the same nodes): %s = %s", e.Domain, strings.Join(e.Same, " = "))
	}
	if len(rk.Equivalents) > 0 {
		fmt.Fprintln(bw)
	}
	fmt.Fprintf(bw, "\nShared fate (redundancy that is not): %d\n", len(rk.SharedFate))
	for _, f := range rk.SharedFate {
		fmt.Fprintf(bw, "  %s\n", f.Text())
	}
	return bw.Flush()
}

func riskMarkdown(w io.Writer, r *Report) error {
	rk, err := riskOf(r)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## Risk groups\n\n%s.\n\n", riskHeadline(rk))
	if len(rk.Sets) > 0 {
		fmt.Fprintf(bw, "| Size | Failure domains lost together | Fails |\n|---:|---|---|\n")
		for _, s := range rk.Sets {
			fmt.Fprintf(bw, "| %d | %s | %d: %s |\n", s.Size, mdCode(s.Name()), len(s.Fails), mdEscape(failsList(s.Fails, 8)))
		}
	}
	fmt.Fprintf(bw, "\n| %s | Smallest group | Groups |\n|---|---:|---:|\n", riskNoun(rk))
	for _, t := range rk.Targets {
		small := fmt.Sprintf("survives any %d", rk.Order)
		if t.Smallest > 0 {
			small = fmt.Sprint(t.Smallest)
		}
		fmt.Fprintf(bw, "| %s | %s | %d |\n", mdCode(t.ID), small, t.Groups)
	}
	for _, e := range rk.Equivalents {
		fmt.Fprintf(bw, "\nTaken as one (same nodes down): %s = %s\n", mdCode(e.Domain), mdCode(strings.Join(e.Same, " = ")))
	}
	fmt.Fprintf(bw, "\n### Shared fate (redundancy that is not): %d\n\n", len(rk.SharedFate))
	for _, f := range rk.SharedFate {
		fmt.Fprintf(bw, "- %s\n", mdEscape(f.Text()))
	}
	return bw.Flush()
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

func riskJSON(w io.Writer, r *Report) error {
	rk, err := riskOf(r)
	if err != nil {
		return err
	}
	type setJSON struct {
		analyzer.RiskSet
		Name string `json:"name"`
	}
	doc := struct {
		SchemaVersion int    `json:"schemaVersion"`
		Rows          string `json:"rows"`
		*analyzer.Risk
		Sets       []setJSON             `json:"sets"`
		SharedFate []analyzer.SharedFate `json:"sharedFate"`
	}{SchemaVersion: SchemaVersion, Rows: rk.RowKind, Risk: rk.Risk, Sets: []setJSON{}, SharedFate: rk.SharedFate}
	for _, s := range rk.Sets {
		doc.Sets = append(doc.Sets, setJSON{RiskSet: s, Name: s.Name()})
	}
	if doc.SharedFate == nil {
		doc.SharedFate = []analyzer.SharedFate{}
	}
	return writeJSON(w, doc)
}

// riskChart draws the sets as bars, one per set in rank order, as long as
// the number of targets each fails; bars are coloured by size.
func riskChart(b *bytes.Buffer, rk *checks.RiskReport) (float64, float64) {
	const pad, barH, gap, barW = 16.0, 18.0, 6.0, 420.0
	labelW := 160.0
	for _, s := range rk.Sets {
		if w := textWidth(s.Name()); w > labelW {
			labelW = w
		}
	}
	most := 1
	for _, s := range rk.Sets {
		most = max(most, len(s.Fails))
	}
	colors := []string{"#ef4444", "#f97316", "#fcd34d"}
	x0, top := pad+labelW+10, 56.0
	fmt.Fprintf(b, `<g class="risk">`+"\n")
	fmt.Fprintf(b, `<text x="%.1f" y="24" %s font-size="17" font-weight="bold" fill="#0f172a">Minimal risk groups</text>`+"\n", pad, sansFont)
	fmt.Fprintf(b, `<text x="%.1f" y="44" %s font-size="12" fill="#334155">%s</text>`+"\n", pad, sansFont,
		xmlText(fmt.Sprintf("%ss failed by each set of failure domains lost together, smallest sets first (red: 1 domain, orange: 2, yellow: 3)", riskNoun(rk))))
	for i, s := range rk.Sets {
		y := top + float64(i)*(barH+gap)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="11" fill="#0f172a" text-anchor="end">%s</text>`+"\n", x0-8, y+barH/2+4, chartFont, xmlText(s.Name()))
		wd := float64(len(s.Fails)) * barW / float64(most)
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s</title></rect>`+"\n",
			x0, y, wd, barH, colors[min(s.Size, 3)-1], xmlText(s.Name()+" fails "+strings.Join(s.Fails, ", ")))
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" %s font-size="11" fill="#334155">%s</text>`+"\n", x0+wd+6, y+barH/2+4, sansFont,
			xmlText(fmt.Sprintf("%d: %s", len(s.Fails), failsList(s.Fails, 3))))
	}
	fmt.Fprintf(b, "</g>\n")
	return x0 + barW + 360, top + float64(len(rk.Sets))*(barH+gap) + 12
}

func riskSVG(w io.Writer, r *Report) error {
	rk, err := riskOf(r)
	if err != nil {
		return err
	}
	var body bytes.Buffer
	width, height := riskChart(&body, rk)
	return writeChartSVG(w, width, height, body.Bytes())
}

func riskHTML(w io.Writer, r *Report) error {
	rk, err := riskOf(r)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	pageStart(bw, "blast risk groups")
	fmt.Fprintf(bw, "<h1>Risk groups</h1>\n<p class=\"counts\">%s</p>\n", esc(riskHeadline(rk)))
	var svg bytes.Buffer
	if err := riskSVG(&svg, r); err != nil {
		return err
	}
	fmt.Fprintf(bw, "<figure class=\"chart\">%s</figure>\n", inlineSVG(svg.Bytes()))
	fmt.Fprintf(bw, "<h2>Sets</h2>\n<table><tr><th>Size</th><th>Failure domains lost together</th><th>Fails</th></tr>\n")
	for _, s := range rk.Sets {
		fmt.Fprintf(bw, "<tr><td>%d</td><td class=\"id\">%s</td><td class=\"id\">%s</td></tr>\n", s.Size, esc(s.Name()), esc(strings.Join(s.Fails, ", ")))
	}
	fmt.Fprintf(bw, "</table>\n<h2>Smallest risk group per %s</h2>\n<table><tr><th>%s</th><th>Smallest</th><th>Groups</th></tr>\n", riskNoun(rk), riskNoun(rk))
	for _, t := range rk.Targets {
		small := fmt.Sprintf("survives any %d", rk.Order)
		if t.Smallest > 0 {
			small = fmt.Sprint(t.Smallest)
		}
		fmt.Fprintf(bw, "<tr><td class=\"id\">%s</td><td>%s</td><td>%d</td></tr>\n", esc(t.ID), small, t.Groups)
	}
	fmt.Fprintf(bw, "</table>\n")
	for _, e := range rk.Equivalents {
		fmt.Fprintf(bw, "<p class=\"note\">Taken as one (same nodes down): %s = %s</p>\n", esc(e.Domain), esc(strings.Join(e.Same, " = ")))
	}
	fmt.Fprintf(bw, "<h2>Shared fate (redundancy that is not): %d</h2>\n<ul>\n", len(rk.SharedFate))
	for _, f := range rk.SharedFate {
		fmt.Fprintf(bw, "<li>%s</li>\n", esc(f.Text()))
	}
	fmt.Fprintf(bw, "</ul>\n")
	pageEnd(bw)
	return bw.Flush()
}
