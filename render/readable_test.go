package render_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/render"
)

// A cause group of the HTML report shows at most ReadableRows rows, and
// then says how many it left out and which report has them; smaller
// groups show every row and say nothing.
func TestHTMLCauseGroupsCapped(t *testing.T) {
	page := string(renderTo(t, render.ViewImpact, "html", synthReport(t, 2000)))
	groups := regexp.MustCompile(`(?s)<details class="cause"(?: open)?><summary><h3>([^<]*)</h3> <span class="n">\((\d+)\)</span></summary>(.*?)</details>`).FindAllStringSubmatch(page, -1)
	capped := 0
	for _, g := range groups {
		n, _ := strconv.Atoi(g[2])
		rows := strings.Count(g[3], "<tr><td>")
		more := strings.Contains(g[3], `<tr class="more">`)
		want := min(n, render.ReadableRows)
		if rows != want || more != (n > render.ReadableRows) {
			t.Errorf("group %q of %d: %d rows shown (want %d), note of the rest %v", g[1], n, rows, want, more)
		}
		if n > render.ReadableRows {
			capped++
			if note := fmt.Sprintf("the first %d of %d in this group shown; blast whatif --format json lists every one", render.ReadableRows, n); !strings.Contains(g[3], note) {
				t.Errorf("group %q: no %q", g[1], note)
			}
		}
	}
	if len(groups) == 0 || capped == 0 {
		t.Fatalf("%d groups, %d over %d rows: the test state is too small", len(groups), capped, render.ReadableRows)
	}
}

// wideMatrix is a matrix of n top-level resources over two zones.
func wideMatrix(n int) *render.Report {
	m := &checks.Matrix{RowKind: checks.RowsTopLevel, Columns: []checks.MatrixColumn{
		{Name: "aws:us-east-1a", Kind: analyzer.DomainZone}, {Name: "aws:us-east-1b", Kind: analyzer.DomainZone}}}
	for i := range n {
		id := fmt.Sprintf("row%04d", i)
		m.Rows = append(m.Rows, checks.MatrixRow{ID: id, Label: id, Cells: []checks.Cell{{State: analyzer.Failed}, {}}})
	}
	return &render.Report{Matrix: m}
}

// The matrix in HTML and in the heat map shows at most ReadableRows
// rows, the first in its order, and says where the rest are.
func TestMatrixRowsCapped(t *testing.T) {
	rowRe := map[string]*regexp.Regexp{
		"html": regexp.MustCompile(`<tr><td class="id">row(\d{4})</td>`),
		"svg":  regexp.MustCompile(`text-anchor="end"><title>row(\d{4})</title>`),
	}
	for _, n := range []int{render.ReadableRows, render.ReadableRows + 700} {
		r := wideMatrix(n)
		note := fmt.Sprintf("the first %d of %d top-level resources shown; blast matrix --format csv lists every one", render.ReadableRows, n)
		for _, format := range []string{"html", "svg"} {
			out := string(renderTo(t, render.ViewMatrix, format, r))
			rows := rowRe[format].FindAllStringSubmatch(out, -1)
			if len(rows) != render.ReadableRows || rows[0][1] != "0000" || rows[len(rows)-1][1] != fmt.Sprintf("%04d", render.ReadableRows-1) {
				t.Errorf("%s, %d rows: %d shown, want the first %d", format, n, len(rows), render.ReadableRows)
			}
			if got := strings.Contains(out, note); got != (n > render.ReadableRows) {
				t.Errorf("%s, %d rows: note of the rest present=%v", format, n, got)
			}
		}
	}
}

// Past ReadableRows the HTML data table shows the stores at risk first,
// so that those left out are stores that keep a copy.
func TestHTMLDataCappedAtRiskFirst(t *testing.T) {
	r := synthReport(t, 200)
	r.Data = nil
	n := render.ReadableRows + 300
	for i := range n {
		status := analyzer.DataUnavailable
		if i%3 == 2 {
			status = analyzer.DataAtRisk
		}
		r.Data = append(r.Data, analyzer.Exposure{Store: fmt.Sprintf("store%04d", i), What: "queue", Where: "aws:us-east-1", Status: status})
	}
	page := string(renderTo(t, render.ViewImpact, "html", r))
	i := strings.Index(page, `<section id="data">`)
	if i < 0 {
		t.Fatal("no data section")
	}
	section := page[i:]
	section = section[:strings.Index(section, "</section>")]
	rows := regexp.MustCompile(`<tr class="(failed|degraded)"><td>([^<]*)</td><td>store(\d{4})`).FindAllStringSubmatch(section, -1)
	atRisk := n / 3 // i%3 == 2 of 0..n-1
	if len(rows) != render.ReadableRows {
		t.Fatalf("%d stores shown, want %d", len(rows), render.ReadableRows)
	}
	for k, row := range rows {
		if (k < atRisk) != (row[2] == analyzer.DataAtRisk) {
			t.Fatalf("row %d is %s %s: the %d stores at risk do not come first", k, row[3], row[2], atRisk)
		}
	}
	if note := fmt.Sprintf("the first %d of %d stores shown", render.ReadableRows, n); !strings.Contains(section, note) {
		t.Errorf("no %q", note)
	}
}
