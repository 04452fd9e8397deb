package checks

import (
	"reflect"
	"slices"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/tfstate"
)

// matrixGraph: a service behind a load balancer over two zones, a second
// service on a table in us-east-1, a third on a bucket in eu-west-1, and
// an IAM role (control plane homed in us-east-1).
func matrixGraph(t *testing.T, services bool) *graph.Graph {
	t.Helper()
	g := graph.New()
	place := func(region, zone string) graph.Placement {
		return graph.Placement{Cloud: "aws", Region: region, Zone: zone, Rule: "attribute:region"}
	}
	nodes := []*graph.Node{
		{ID: "i0", Type: "aws_instance", Kind: graph.KindResource, Placement: place("us-east-1", "us-east-1a")},
		{ID: "i1", Type: "aws_instance", Kind: graph.KindResource, Placement: place("us-east-1", "us-east-1b")},
		{ID: "lb", Type: "aws_lb", Kind: graph.KindResource, Placement: place("us-east-1", "")},
		{ID: "table", Type: "aws_dynamodb_table", Kind: graph.KindResource, Placement: place("us-east-1", "")},
		{ID: "bucket", Type: "aws_s3_bucket", Kind: graph.KindResource, Placement: place("eu-west-1", "")},
		{ID: "role", Type: "aws_iam_role", Kind: graph.KindResource, Placement: graph.Placement{Cloud: "aws", Scope: graph.ScopeGlobal}},
		{ID: "ami", Type: "aws_ami", Kind: graph.KindResource, Mode: graph.ModeData, Placement: place("us-east-1", "")},
	}
	if services {
		nodes = append(nodes,
			&graph.Node{ID: "web", Kind: graph.KindService, Type: "service"},
			&graph.Node{ID: "orders", Kind: graph.KindService, Type: "service"},
			&graph.Node{ID: "assets", Kind: graph.KindService, Type: "service"})
	}
	for _, n := range nodes {
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	edges := []graph.Edge{
		{From: "lb", To: "i0", Group: "targets"}, {From: "lb", To: "i1", Group: "targets"},
		{From: "i0", To: "role", Kind: graph.Control}, {From: "i1", To: "role", Kind: graph.Control},
		{From: "ami", To: "bucket"},
	}
	if services {
		edges = append(edges, graph.Edge{From: "web", To: "lb"}, graph.Edge{From: "orders", To: "table"},
			graph.Edge{From: "assets", To: "bucket"})
	}
	for _, e := range edges {
		if err := g.AddEdge(e); err != nil {
			t.Fatal(err)
		}
	}
	g.SetGroup("lb", graph.Group{Name: "targets", Need: 1})
	return g
}

func labels(row MatrixRow) []string {
	out := make([]string, len(row.Cells))
	for i, c := range row.Cells {
		out[i] = c.Label()
	}
	return out
}

func TestMatrixServices(t *testing.T) {
	m := RunMatrix(analyzer.New(matrixGraph(t, true), nil), MatrixOptions{})
	if m.RowKind != RowsServices {
		t.Fatalf("rows are %q", m.RowKind)
	}
	var cols []string
	for _, c := range m.Columns {
		cols = append(cols, c.Name)
	}
	// regions before their zones; no provider column
	want := []string{"aws:eu-west-1", "aws:us-east-1", "aws:us-east-1a", "aws:us-east-1b"}
	if !reflect.DeepEqual(cols, want) {
		t.Fatalf("columns = %v, want %v", cols, want)
	}
	rows := map[string][]string{}
	for _, r := range m.Rows {
		rows[r.ID] = labels(r)
	}
	wantRows := map[string][]string{
		"assets": {"failed", "healthy", "healthy", "healthy"},
		"orders": {"healthy", "failed", "healthy", "healthy"},
		"web":    {"healthy", "failed", "degraded", "degraded"},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("rows = %v, want %v", rows, wantRows)
	}
	// us-east-1 fails two services: the worst single point of failure
	if len(m.SPOFs) != 2 || m.SPOFs[0].Domain != "aws:us-east-1" || !reflect.DeepEqual(m.SPOFs[0].Fails, []string{"orders", "web"}) ||
		m.SPOFs[1].Domain != "aws:eu-west-1" {
		t.Errorf("spofs = %+v", m.SPOFs)
	}
	// the zones fail nothing but degrade web
	for _, c := range m.Columns {
		if c.Kind == analyzer.DomainZone && (c.RowsFailed != 0 || c.RowsDegraded != 1) {
			t.Errorf("%s: rows failed %d, degraded %d", c.Name, c.RowsFailed, c.RowsDegraded)
		}
	}
	rank := m.Ranking()
	// the IAM role its instances launch with is frozen there, but it is
	// configuration: affected, apart from the radius
	if rank[0].Name != "aws:us-east-1" || rank[0].FrozenOnly != 0 || rank[0].Summary.Affected != 1 ||
		rank[0].Radius() != rank[0].Summary.Failed+rank[0].Summary.Degraded {
		t.Errorf("ranking[0] = %+v", rank[0])
	}
}

func TestMatrixTopLevel(t *testing.T) {
	m := RunMatrix(analyzer.New(matrixGraph(t, false), nil), MatrixOptions{})
	if m.RowKind != RowsTopLevel {
		t.Fatalf("rows are %q", m.RowKind)
	}
	var ids []string
	for _, r := range m.Rows {
		ids = append(ids, r.ID)
	}
	// nothing depends on lb, table, bucket (a data source does not count)
	if want := []string{"bucket", "lb", "table"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("top-level rows = %v, want %v", ids, want)
	}
}

func TestMatrixServiceColumns(t *testing.T) {
	m := RunMatrix(analyzer.New(matrixGraph(t, true), nil), MatrixOptions{Services: true})
	found := false
	for _, c := range m.Columns {
		if c.Name == "aws:us-east-1/dynamodb" {
			found = true
			if c.RowsFailed != 1 {
				t.Errorf("dynamodb in us-east-1 fails %d services, want 1", c.RowsFailed)
			}
		}
	}
	if !found {
		t.Errorf("no regional service column with Services set")
	}
}

// A tag-based service of one member in eu-west-1 does not hide the
// region that fails everything else: the top-level resources no service
// covers are rows too, and us-east-1, which fails them, is a single
// point of failure.
func TestMatrixServicesDoNotHideTopLevel(t *testing.T) {
	g := graph.New()
	add := func(n *graph.Node) {
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	add(&graph.Node{ID: "service:logs", Kind: graph.KindService, Type: "service", Name: "logs"})
	add(&graph.Node{ID: "aws_s3_bucket.logs", Kind: graph.KindResource, Type: "aws_s3_bucket", Address: "aws_s3_bucket.logs",
		Placement: graph.Placement{Cloud: "aws", Region: "eu-west-1", Rule: "attribute:region"}})
	add(&graph.Node{ID: "aws_lambda_function.api", Kind: graph.KindResource, Type: "aws_lambda_function", Address: "aws_lambda_function.api",
		Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Rule: "attribute:region"}})
	add(&graph.Node{ID: "aws_dynamodb_table.orders", Kind: graph.KindResource, Type: "aws_dynamodb_table", Address: "aws_dynamodb_table.orders",
		Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Rule: "attribute:region"}})
	for _, e := range []graph.Edge{
		{From: "service:logs", To: "aws_s3_bucket.logs", Kind: graph.Hard, Via: "tag:Service"},
		{From: "aws_lambda_function.api", To: "aws_dynamodb_table.orders", Kind: graph.Hard, Via: "environment.variables"},
	} {
		if err := g.AddEdge(e); err != nil {
			t.Fatal(err)
		}
	}
	m := RunMatrix(analyzer.New(g, nil), MatrixOptions{})
	var ids []string
	for _, r := range m.Rows {
		ids = append(ids, r.ID)
	}
	if want := []string{"service:logs", "aws_lambda_function.api"}; !reflect.DeepEqual(ids, want) || m.RowKind != RowsMixed {
		t.Fatalf("rows %v (%s), want %v (%s)", ids, m.RowKind, want, RowsMixed)
	}
	found := false
	for _, sp := range m.SPOFs {
		if sp.Domain == "aws:us-east-1" && slices.Contains(sp.Fails, "aws_lambda_function.api") {
			found = true
		}
	}
	if !found {
		t.Errorf("us-east-1 fails the function and is not a single point of failure: %+v", m.SPOFs)
	}
}

// TestMatrixReasonRows: with ReasonRows, the first rows keep every
// cell's reason and the others lose theirs alone: states, frozen flags,
// columns and single points of failure are the whole matrix's. The
// synthetic state's top-level rows are held to their definition, read
// edge by edge.
func TestMatrixReasonRows(t *testing.T) {
	g := graph.New()
	if err := (tfstate.Importer{}).Import(importers.Input{Name: "synthetic.tfstate", Data: synth.State(400)}, g); err != nil {
		t.Fatal(err)
	}
	a := analyzer.New(g, nil)
	var want []string
	for _, n := range a.Nodes() {
		top := n.Kind == graph.KindResource && n.Mode != graph.ModeData && !a.Configuration(n.ID)
		for _, e := range g.DependentsOf(n.ID) {
			if d, _ := g.Node(e.From); d.Mode != graph.ModeData && !a.Configuration(d.ID) {
				top = false
			}
		}
		if top {
			want = append(want, n.ID)
		}
	}
	all := RunMatrix(a, MatrixOptions{})
	var got []string
	for _, r := range all.Rows {
		if r.Kind == graph.KindResource {
			got = append(got, r.ID)
		}
	}
	if len(want) < 20 || !slices.Equal(got, want) {
		t.Fatalf("top-level rows %d %q, want %d %q", len(got), got, len(want), want)
	}
	const shown = 7
	some := RunMatrix(a, MatrixOptions{ReasonRows: shown})
	if !reflect.DeepEqual(all.Columns, some.Columns) || !reflect.DeepEqual(all.SPOFs, some.SPOFs) || len(all.Rows) != len(some.Rows) {
		t.Fatalf("ReasonRows changed the columns or single points of failure")
	}
	dropped := 0
	for ri, row := range all.Rows {
		for ci, c := range row.Cells {
			s := some.Rows[ri].Cells[ci]
			if ri < shown && s != c || ri >= shown && (s.State != c.State || s.Frozen != c.Frozen || s.Reason != "") {
				t.Fatalf("row %d (%s), column %d: %+v with ReasonRows %d, %+v without", ri, row.ID, ci, s, shown, c)
			}
			if ri >= shown && c.Reason != "" {
				dropped++
			}
		}
	}
	if dropped == 0 {
		t.Fatal("no reason left out: the test proves nothing")
	}
}

// TestMatrixAfterGraphChanged: a graph changed after its analyzer was
// made (a node added that sorts first) gives the analyzer's matrix still:
// every row's cells are its own, read by the analyzer's node order, not
// the graph's new one.
func TestMatrixAfterGraphChanged(t *testing.T) {
	for _, services := range []bool{true, false} {
		g := matrixGraph(t, services)
		a := analyzer.New(g, nil)
		want := RunMatrix(a, MatrixOptions{})
		if err := g.AddNode(&graph.Node{ID: "0.first", Kind: graph.KindResource, Type: "aws_sqs_queue",
			Placement: graph.Placement{Cloud: "aws", Region: "us-east-1"}}); err != nil {
			t.Fatal(err)
		}
		got := RunMatrix(a, MatrixOptions{})
		if !reflect.DeepEqual(got.Rows, want.Rows) {
			t.Errorf("services %t: rows after the graph changed\n%+v\nwant\n%+v", services, got.Rows, want.Rows)
		}
	}
}
