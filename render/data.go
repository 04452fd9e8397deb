package render

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
)

// DataViewFormats are the formats that draw the data-loss view of the
// matrix (matrix --view data).
var DataViewFormats = []string{"text", "markdown", "csv", "json"}

// CheckMatrixView checks matrix --view and, for the data view, that
// every report asked for is in a format that draws it.
func CheckMatrixView(view string, formats []string) error {
	switch view {
	case "state":
		return nil
	case "data":
	default:
		return fmt.Errorf("--view: unknown view %q (want state or data)", view)
	}
	for _, f := range formats {
		if !slices.Contains(DataViewFormats, f) {
			d := DataViewFormats
			return fmt.Errorf("--view data: no %s report of it (want %s or %s)", f, strings.Join(d[:len(d)-1], ", "), d[len(d)-1])
		}
	}
	return nil
}

// dataText writes whatif's "Data" section: each store whose primary the
// scenario takes down, whether a copy survives and what is lost.
func dataText(bw *bufio.Writer, p painter, r *Report) {
	if len(r.Data) == 0 {
		return
	}
	atRisk, unavailable, served := analyzer.DataCounts(r.Data)
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, p.paint(ansiBold, fmt.Sprintf("Data: %d at risk, %d unavailable, %d served from a copy", atRisk, unavailable, served)))
	fmt.Fprintln(bw)
	for _, x := range r.Data {
		code := ansiYellow
		if x.Status == analyzer.DataAtRisk {
			code = ansiRed
		}
		fmt.Fprintf(bw, "    %s %s (%s in %s)\n", p.paint(code, fmt.Sprintf("%-19s", x.Status)), x.Store, x.What, x.Where)
		fmt.Fprintf(bw, "    %19s %s\n", "", p.paint(ansiDim, dataDetail(x)))
	}
}

// dataDetail says in one line what survives and what is lost.
func dataDetail(x analyzer.Exposure) string {
	if x.Survivor == nil {
		if x.Copies == 0 {
			return "no copy of its data is recorded; loss: " + x.LossWindow
		}
		return fmt.Sprintf("every copy is down with it: %s; loss: %s", strings.Join(x.Lost, ", "), x.LossWindow)
	}
	c := x.Survivor
	from := c.From
	if from == "attribute" {
		from = "read from its attributes"
	}
	return fmt.Sprintf("%s copy in %s: %s (%s); loss: %s", c.Kind, c.Where, c.Name, from, x.LossWindow)
}

// dataHTML writes whatif's "Data" section of the html page.
func dataHTML(bw *bufio.Writer, r *Report) {
	if len(r.Data) == 0 {
		return
	}
	fmt.Fprintf(bw, "<section id=\"data\">\n<h2>Data (%d %s whose location is down)</h2>\n", len(r.Data), plural(len(r.Data), "store", "stores"))
	fmt.Fprintln(bw, "<table>\n<thead><tr><th>status</th><th>store</th><th>location</th><th>surviving copy</th><th>loss window</th></tr></thead>\n<tbody>")
	data := r.Data
	if len(data) > ReadableRows {
		// the stores cut are those that keep a copy: at risk first
		data = slices.Clone(data)
		slices.SortStableFunc(data, func(a, b analyzer.Exposure) int {
			return cmp.Compare(dataRank(a.Status), dataRank(b.Status))
		})
	}
	for _, x := range data[:shownRows(len(data))] {
		class := "degraded"
		if x.Status == analyzer.DataAtRisk {
			class = "failed"
		}
		copyText := "none"
		if c := x.Survivor; c != nil {
			copyText = fmt.Sprintf("%s copy in %s: %s (%s)", c.Kind, c.Where, c.Name, c.From)
		}
		fmt.Fprintf(bw, "<tr class=\"%s\"><td>%s</td><td>%s (%s)</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			class, esc(x.Status), esc(x.Store), esc(x.What), esc(x.Where), esc(copyText), esc(x.LossWindow))
	}
	moreRowHTML(bw, 5, moreRows(len(r.Data), "stores", "blast whatif --format json"))
	fmt.Fprintln(bw, "</tbody>\n</table>\n</section>")
}

// dataRank orders data statuses at risk first.
func dataRank(status string) int {
	if status == analyzer.DataAtRisk {
		return 0
	}
	return 1
}

// dataCell is a data matrix cell as a word; stores the domain leaves
// alone are a dot.
func dataCell(status string) string {
	switch status {
	case "":
		return "·"
	case analyzer.DataAtRisk:
		return "AT RISK"
	case analyzer.DataServedFromCopy:
		return "copy serves"
	}
	return status
}

func dataHeadline(d *checks.DataMatrix, cols int) string {
	return fmt.Sprintf("Data-loss matrix: %d stateful stores × %d failure domains, each taken down on its own", len(d.Stores), cols)
}

func dataMatrixText(w io.Writer, m *checks.Matrix) error {
	bw := bufio.NewWriter(w)
	d := m.Data
	fmt.Fprintln(bw, dataHeadline(d, len(m.Columns)))
	if len(d.Stores) == 0 || len(m.Columns) == 0 {
		fmt.Fprintln(bw, "\nno stateful store or no failure domain to show")
		return bw.Flush()
	}
	fmt.Fprintln(bw)
	tw := tabwriter.NewWriter(bw, 2, 4, 2, ' ', 0)
	head := []string{"store", "copies"}
	for _, c := range m.Columns {
		head = append(head, c.Name)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, s := range d.Stores {
		row := []string{s.Store, fmt.Sprint(s.Copies)}
		for _, c := range s.Cells {
			row = append(row, dataCell(c))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	dataAtRiskList(bw, d, "\nData at risk (no copy outside the domain)", "  %s: %s\n")
	return bw.Flush()
}

func dataAtRiskList(bw *bufio.Writer, d *checks.DataMatrix, title, line string) {
	fmt.Fprintln(bw, title)
	any := false
	for _, s := range d.Stores {
		if len(s.AtRisk) > 0 {
			any = true
			fmt.Fprintf(bw, line, s.Store, strings.Join(s.AtRisk, ", "))
		}
	}
	if !any {
		fmt.Fprintf(bw, line, "none", "every store keeps a copy outside each single domain")
	}
}

func dataMatrixMarkdown(w io.Writer, m *checks.Matrix) error {
	bw := bufio.NewWriter(w)
	d := m.Data
	fmt.Fprintf(bw, "## %s\n\n", dataHeadline(d, len(m.Columns)))
	if len(d.Stores) == 0 || len(m.Columns) == 0 {
		fmt.Fprintln(bw, "No stateful store or no failure domain to show.")
		return bw.Flush()
	}
	fmt.Fprint(bw, "| store | copies |")
	for _, c := range m.Columns {
		fmt.Fprintf(bw, " %s |", mdCell(c.Name))
	}
	fmt.Fprint(bw, "\n|---|---|")
	for range m.Columns {
		fmt.Fprint(bw, "---|")
	}
	fmt.Fprintln(bw)
	for _, s := range d.Stores {
		fmt.Fprintf(bw, "| %s | %d |", mdCell(s.Store), s.Copies)
		for _, c := range s.Cells {
			fmt.Fprintf(bw, " %s |", dataCell(c))
		}
		fmt.Fprintln(bw)
	}
	dataAtRiskList(bw, d, "\n### Data at risk (no copy outside the domain)\n", "- `%s`: %s\n")
	return bw.Flush()
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func dataMatrixCSV(w io.Writer, m *checks.Matrix) error {
	cw := csv.NewWriter(w)
	head := []string{"store", "type", "what", "where", "copies"}
	for _, c := range m.Columns {
		head = append(head, c.Name)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, s := range m.Data.Stores {
		row := []string{s.Store, s.Type, s.What, s.Where, fmt.Sprint(s.Copies)}
		row = append(row, s.Cells...)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

type dataMatrixDoc struct {
	SchemaVersion int                `json:"schemaVersion"`
	Domains       []string           `json:"domains"`
	Data          *checks.DataMatrix `json:"data"`
}

func dataMatrixJSON(w io.Writer, m *checks.Matrix) error {
	doc := dataMatrixDoc{SchemaVersion: SchemaVersion, Domains: []string{}, Data: m.Data}
	for _, c := range m.Columns {
		doc.Domains = append(doc.Domains, c.Name)
	}
	return writeJSON(w, doc)
}
