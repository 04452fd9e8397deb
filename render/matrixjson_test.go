package render

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/graph"
)

// TestMatrixJSONLikeEncodingJSON writes the JSON of a matrix with more
// rows than one chunk (reasons that need escaping among them) and
// compares it with encoding/json's of the whole document.
func TestMatrixJSONLikeEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	reasons := []string{"", "in aws:us-east-1 (region down)", `needs module.cell["c-1"].aws_lb.x (hard, via arn)`, "tab\there <&> ünï \u2028"}
	for _, rows := range []int{0, 1, 3*listChunk + 5} {
		m := &checks.Matrix{RowKind: "services", Columns: []checks.MatrixColumn{}, Rows: []checks.MatrixRow{}, SPOFs: []checks.SPOF{}}
		for c := range 3 {
			m.Columns = append(m.Columns, checks.MatrixColumn{Name: fmt.Sprintf("aws:us-east-1%c", 'a'+c), Kind: analyzer.DomainZone,
				Resources: c, Summary: analyzer.Summary{Nodes: rows, Failed: c}, RowsFailed: c})
		}
		for i := range rows {
			row := checks.MatrixRow{ID: fmt.Sprintf("service:s%d", i), Kind: graph.KindService, Label: fmt.Sprintf(`s"%d"`, i)}
			for range m.Columns {
				row.Cells = append(row.Cells, checks.Cell{State: analyzer.State(r.IntN(3)), Frozen: r.IntN(4) == 0, Reason: reasons[r.IntN(len(reasons))]})
			}
			switch i {
			case 1:
				row.Cells = nil // as encoding/json writes them: null
			case 2:
				row.Cells = []checks.Cell{}
			}
			m.Rows = append(m.Rows, row)
		}
		if rows > 0 {
			m.SPOFs = append(m.SPOFs, checks.SPOF{Domain: "aws:us-east-1a", Kind: analyzer.DomainZone, Fails: []string{m.Rows[0].ID}, Nodes: 1})
		}
		var got strings.Builder
		if err := matrixJSON(&got, &Report{Matrix: m}); err != nil {
			t.Fatal(err)
		}
		doc := matrixDoc{SchemaVersion: SchemaVersion, Matrix: m, Ranking: []rankJSON{}}
		for _, c := range m.Ranking() {
			doc.Ranking = append(doc.Ranking, rankJSON{Domain: c.Name, Kind: string(c.Kind), Radius: c.Radius(),
				Failed: c.Summary.Failed, Degraded: c.Summary.Degraded, FrozenOnly: c.FrozenOnly})
		}
		if want := reference(doc); got.String() != want {
			t.Fatalf("%d rows: the matrix JSON differs from encoding/json's (%d and %d bytes)", rows, got.Len(), len(want))
		}
		if len(m.Rows) != rows {
			t.Fatalf("the report's matrix was changed: %d rows, want %d", len(m.Rows), rows)
		}
	}
}
