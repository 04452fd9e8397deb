package render

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/parallel"
)

func init() {
	Register(ViewMatrix, "text", "the matrix as a table, then the single points of failure and the ranking", matrixText)
	Register(ViewMatrix, "markdown", "the matrix, single points of failure and ranking as Markdown tables", matrixMarkdown)
	Register(ViewMatrix, "csv", "one row per service or top-level resource, one column per failure domain", matrixCSV)
	Register(ViewMatrix, "json", "the matrix, single points of failure and ranking as JSON", matrixJSON)
}

// NeedsMatrix reports whether a view's format draws the resilience
// matrix: the caller computes it (checks.RunMatrix) and passes it in
// Report.Matrix, as render computes nothing.
func NeedsMatrix(view View, format string) bool {
	return view == ViewMatrix || view == ViewImpact && format == "html"
}

// MatrixReasonRows is what a view's formats read of the matrix's
// reasons, as checks.MatrixOptions.ReasonRows: every row's for JSON (0),
// the rows a page or picture shows for HTML and SVG (ReadableRows), none
// for a table of states (-1).
func MatrixReasonRows(view View, formats []string) int {
	rows := -1
	for _, f := range formats {
		switch {
		case !NeedsMatrix(view, f):
		case f == "json":
			return 0
		case f == "html" || f == "svg":
			rows = ReadableRows
		}
	}
	return rows
}

// laterMatrix waits for a matrix computed on a goroutine of its own.
type laterMatrix func() *checks.Matrix

// MatrixLater has compute make the report's matrix on a goroutine of its
// own while the report is rendered: a format that draws the matrix waits
// for it where it needs it (the HTML page lays out its diagram first),
// the others never do; a panic in compute is raised again there. It
// replaces Matrix. The matrix is computed whether or not a format waits
// for it.
func (r *Report) MatrixLater(compute func() *checks.Matrix) {
	r.Matrix, r.later = nil, parallel.Later(compute)
}

// hasMatrix reports whether the report has a matrix, made or on its way.
func hasMatrix(r *Report) bool { return r.Matrix != nil || r.later != nil }

// errNoMatrix is the caller's error: a format that draws the matrix
// given a report without one.
var errNoMatrix = errors.New("render: no resilience matrix in the report (compute it with checks.RunMatrix)")

// matrixOf returns the report's matrix, waiting for it when it is being
// computed (MatrixLater); without one it is an error of the caller.
func matrixOf(r *Report) (*checks.Matrix, error) {
	if r.later != nil {
		return r.later(), nil
	}
	if r.Matrix == nil {
		return nil, errNoMatrix
	}
	return r.Matrix, nil
}

// cellWord is a cell as a word; healthy cells are a dot so that the
// impacted ones stand out.
func cellWord(c checks.Cell) string {
	if c.Severity() == 0 {
		return "·"
	}
	return c.Label()
}

func rowNoun(m *checks.Matrix) string {
	switch m.RowKind {
	case checks.RowsServices:
		return "service"
	case checks.RowsMixed:
		return "row"
	}
	return "top-level resource"
}

func matrixHeadline(m *checks.Matrix) string {
	if m.RowKind == checks.RowsMixed {
		services := 0
		for _, r := range m.Rows {
			if r.Kind == graph.KindService {
				services++
			}
		}
		return fmt.Sprintf("Resilience matrix: %d services and %d top-level resources no service covers × %d failure domains, each taken down on its own",
			services, len(m.Rows)-services, len(m.Columns))
	}
	return fmt.Sprintf("Resilience matrix: %d %ss × %d failure domains, each taken down on its own",
		len(m.Rows), rowNoun(m), len(m.Columns))
}

func spofLine(m *checks.Matrix, sp checks.SPOF) string {
	fails := firstN(sp.Fails, 3)
	line := fmt.Sprintf("fails %d of %d %ss (%s)", len(sp.Fails), len(m.Rows), rowNoun(m), strings.Join(fails, ", "))
	if sp.Degrades > 0 {
		line += fmt.Sprintf(", degrades %d", sp.Degrades)
	}
	return line + fmt.Sprintf("; %d nodes failed in all", sp.Nodes)
}

func radiusLine(c checks.MatrixColumn) string {
	s := fmt.Sprintf("%d failed, %d degraded, %d frozen only", c.Summary.Failed, c.Summary.Degraded, c.FrozenOnly)
	if c.Summary.Affected > 0 {
		s += fmt.Sprintf("; %d configuration affected (not in the radius)", c.Summary.Affected)
	}
	return s
}

func matrixText(w io.Writer, r *Report) error {
	m, err := matrixOf(r)
	if err != nil {
		return err
	}
	if m.Data != nil {
		return dataMatrixText(w, m)
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, matrixHeadline(m))
	if len(m.Columns) == 0 || len(m.Rows) == 0 {
		fmt.Fprintln(bw, "\nno failure domain or no row to show (do the inputs hold placed resources?)")
		return bw.Flush()
	}
	fmt.Fprintln(bw)
	tw := tabwriter.NewWriter(bw, 2, 4, 2, ' ', 0)
	fmt.Fprint(tw, strings.ToUpper(rowNoun(m)))
	for _, c := range m.Columns {
		fmt.Fprintf(tw, "\t%s", c.Name)
	}
	fmt.Fprintln(tw)
	for _, row := range m.Rows {
		fmt.Fprint(tw, row.ID)
		for _, c := range row.Cells {
			fmt.Fprintf(tw, "\t%s", cellWord(c))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(bw)
	if len(m.SPOFs) == 0 {
		fmt.Fprintln(bw, "Single points of failure: none (no single region or zone fails a "+rowNoun(m)+" on its own)")
	} else {
		fmt.Fprintln(bw, "Single points of failure (domains whose loss alone fails something), worst first")
		tw = tabwriter.NewWriter(bw, 2, 4, 2, ' ', 0)
		for i, sp := range m.SPOFs {
			fmt.Fprintf(tw, "  %d.\t%s\t%s\t%s\n", i+1, sp.Domain, sp.Kind, spofLine(m, sp))
		}
		tw.Flush()
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "Blast radius by failure domain (nodes hit), largest first")
	tw = tabwriter.NewWriter(bw, 2, 4, 2, ' ', 0)
	for _, c := range m.Ranking() {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\n", c.Name, c.Kind, c.Radius(), radiusLine(c))
	}
	tw.Flush()
	return bw.Flush()
}

func mdCode(s string) string {
	return "`" + strings.ReplaceAll(strings.ReplaceAll(s, "`", "'"), "|", `\|`) + "`"
}

func matrixMarkdown(w io.Writer, r *Report) error {
	m, err := matrixOf(r)
	if err != nil {
		return err
	}
	if m.Data != nil {
		return dataMatrixMarkdown(w, m)
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## %s\n\n", matrixHeadline(m))
	if len(m.Columns) == 0 || len(m.Rows) == 0 {
		fmt.Fprintln(bw, "No failure domain or no row to show.")
		return bw.Flush()
	}
	fmt.Fprintf(bw, "| %s |", rowNoun(m))
	for _, c := range m.Columns {
		fmt.Fprintf(bw, " %s |", mdCode(c.Name))
	}
	fmt.Fprint(bw, "\n|---|")
	for range m.Columns {
		fmt.Fprint(bw, ":---:|")
	}
	fmt.Fprintln(bw)
	for _, row := range m.Rows {
		fmt.Fprintf(bw, "| %s |", mdCode(row.ID))
		for _, c := range row.Cells {
			word := cellWord(c)
			switch c.Severity() {
			case 3:
				word = "**" + word + "**"
			case 2:
				word = "_" + word + "_"
			}
			fmt.Fprintf(bw, " %s |", word)
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "### Single points of failure")
	fmt.Fprintln(bw)
	if len(m.SPOFs) == 0 {
		fmt.Fprintf(bw, "None: no single region or zone fails a %s on its own.\n", rowNoun(m))
	} else {
		fmt.Fprintf(bw, "| rank | domain | kind | %ss failed | degraded | nodes failed | fails |\n", rowNoun(m))
		fmt.Fprintln(bw, "|---:|---|---|---:|---:|---:|---|")
		for i, sp := range m.SPOFs {
			names := make([]string, 0, len(sp.Fails))
			for _, f := range firstN(sp.Fails, 8) {
				names = append(names, mdCode(f))
			}
			fmt.Fprintf(bw, "| %d | %s | %s | %d of %d | %d | %d | %s |\n", i+1, mdCode(sp.Domain), sp.Kind, len(sp.Fails), len(m.Rows),
				sp.Degrades, sp.Nodes, strings.Join(names, ", "))
		}
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "### Blast radius by failure domain")
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "| domain | kind | nodes hit | failed | degraded | frozen only |")
	fmt.Fprintln(bw, "|---|---|---:|---:|---:|---:|")
	for _, c := range m.Ranking() {
		fmt.Fprintf(bw, "| %s | %s | %d | %d | %d | %d |\n", mdCode(c.Name), c.Kind, c.Radius(), c.Summary.Failed, c.Summary.Degraded, c.FrozenOnly)
	}
	return bw.Flush()
}

func matrixCSV(w io.Writer, r *Report) error {
	m, err := matrixOf(r)
	if err != nil {
		return err
	}
	if m.Data != nil {
		return dataMatrixCSV(w, m)
	}
	cw := csv.NewWriter(w)
	head := []string{rowNoun(m), "kind"}
	for _, c := range m.Columns {
		head = append(head, c.Name)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range m.Rows {
		rec := []string{row.ID, string(row.Kind)}
		for _, c := range row.Cells {
			rec = append(rec, c.Label())
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

type matrixDoc struct {
	SchemaVersion int `json:"schemaVersion"`
	*checks.Matrix
	// Ranking lists the domains by blast radius, largest first.
	Ranking []rankJSON `json:"ranking"`
}

type rankJSON struct {
	Domain   string `json:"domain"`
	Kind     string `json:"kind"`
	Radius   int    `json:"radius"`
	Failed   int    `json:"failed"`
	Degraded int    `json:"degraded"`
	// FrozenOnly counts nodes frozen but neither failed nor degraded:
	// failed + degraded + frozenOnly is the radius.
	FrozenOnly int `json:"frozenOnly"`
}

func matrixJSON(w io.Writer, r *Report) error {
	m, err := matrixOf(r)
	if err != nil {
		return err
	}
	if m.Data != nil {
		return dataMatrixJSON(w, m)
	}
	// the rows (one a service or top-level resource: thousands on a large
	// state) are a list of their own, encoded a chunk at a time on every
	// core, not with the document in one buffer grown by doubling
	head := *m
	head.Rows = []checks.MatrixRow{}
	doc := matrixDoc{SchemaVersion: SchemaVersion, Matrix: &head, Ranking: []rankJSON{}}
	for _, c := range m.Ranking() {
		doc.Ranking = append(doc.Ranking, rankJSON{Domain: c.Name, Kind: string(c.Kind), Radius: c.Radius(),
			Failed: c.Summary.Failed, Degraded: c.Summary.Degraded, FrozenOnly: c.FrozenOnly})
	}
	return writeJSONLists(w, doc, matrixRowList(m.Rows))
}

// matrixRowList is the "matrix" list of a matrix JSON report, each row
// written indented straight from its fields, byte for byte what
// encoding/json writes (TestMatrixJSONLikeEncodingJSON), as the whatif
// report's nodes are: the compact 100k state's matrix has 11,585 rows of
// 16 cells, and encoding them by reflection and indenting them again
// was most of the time spent writing it.
type matrixRowList []checks.MatrixRow

func (matrixRowList) key() string { return "matrix" }

// chunk: a row is a few kilobytes (a cell per column, most with a
// reason), so 64 of them make a piece of the size 512 nodes do.
func (matrixRowList) chunk() int { return 64 }
func (l matrixRowList) len() int { return len(l) }
func (l matrixRowList) encode(dst []byte, lo, hi int) ([]byte, error) {
	return eachElement(dst, lo, hi, func(dst []byte, i int) []byte { return appendMatrixRowJSON(dst, &l[i]) }), nil
}

// appendMatrixRowJSON appends r as an element of a top-level list.
func appendMatrixRowJSON(dst []byte, r *checks.MatrixRow) []byte {
	o := jsonObject{dst: append(dst, '{'), depth: 3, empty: true}
	o.str("id", r.ID)
	o.str("kind", string(r.Kind))
	o.str("label", r.Label)
	o.key("cells")
	switch {
	case r.Cells == nil:
		o.dst = append(o.dst, "null"...)
	case len(r.Cells) == 0:
		o.dst = append(o.dst, "[]"...)
	default:
		o.objects(len(r.Cells), func(cell *jsonObject, i int) {
			c := &r.Cells[i]
			cell.str("state", c.State.String())
			if c.Frozen {
				cell.boolean("frozen", true)
			}
			cell.strOmit("reason", c.Reason)
		})
	}
	return o.close()
}
