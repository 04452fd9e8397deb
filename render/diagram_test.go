package render_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/render"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// secret values planted in the fixture: no output may ever show them.
const (
	secretAttr = "hunter2-attribute-value"
	secretTag  = "tag-value-never-rendered"
)

// shopGraph is a small two-region shop: two services, a load balancer
// over two zonal instances, a DynamoDB table, an IAM role whose control
// plane lives in us-east-1, a bucket in eu-west-1 and a resource of
// unknown location.
func shopGraph(t testing.TB) *graph.Graph {
	t.Helper()
	g := graph.New()
	aws := func(region, zone string) graph.Placement {
		return graph.Placement{Cloud: "aws", Region: region, Zone: zone, Rule: "attribute:region"}
	}
	nodes := []*graph.Node{
		{ID: "svc.checkout", Kind: graph.KindService, Type: "service", Name: "checkout"},
		{ID: "svc.orders", Kind: graph.KindService, Type: "service", Name: "orders"},
		{ID: "module.vpc.aws_subnet.private[0]", Address: "module.vpc.aws_subnet.private[0]", Kind: graph.KindResource, Type: "aws_subnet", Mode: graph.ModeManaged, Placement: aws("us-east-1", "us-east-1a")},
		{ID: "module.vpc.aws_subnet.private[1]", Address: "module.vpc.aws_subnet.private[1]", Kind: graph.KindResource, Type: "aws_subnet", Mode: graph.ModeManaged, Placement: aws("us-east-1", "us-east-1b")},
		{ID: "aws_instance.app[0]", Address: "aws_instance.app[0]", Kind: graph.KindResource, Type: "aws_instance", Mode: graph.ModeManaged, Placement: aws("us-east-1", "us-east-1a"),
			Attrs: map[string]string{"password": secretAttr}, Tags: graph.Tags{{Key: "Owner", Value: secretTag}}},
		{ID: "aws_instance.app[1]", Address: "aws_instance.app[1]", Kind: graph.KindResource, Type: "aws_instance", Mode: graph.ModeManaged, Placement: aws("us-east-1", "us-east-1b")},
		{ID: "aws_lb.web", Address: "aws_lb.web", Kind: graph.KindResource, Type: "aws_lb", Mode: graph.ModeManaged, Placement: aws("us-east-1", "")},
		{ID: "aws_dynamodb_table.orders", Address: "aws_dynamodb_table.orders", Kind: graph.KindResource, Type: "aws_dynamodb_table", Mode: graph.ModeManaged, Placement: aws("us-east-1", "")},
		{ID: "aws_iam_role.app", Address: "aws_iam_role.app", Kind: graph.KindResource, Type: "aws_iam_role", Mode: graph.ModeManaged, Placement: graph.Placement{Cloud: "aws", Scope: graph.ScopeGlobal, Rule: "arn"}},
		{ID: "aws_s3_bucket.assets", Address: "aws_s3_bucket.assets", Kind: graph.KindResource, Type: "aws_s3_bucket", Mode: graph.ModeManaged, Placement: aws("eu-west-1", "")},
		{ID: "aws_instance.legacy", Address: "aws_instance.legacy", Kind: graph.KindResource, Type: "aws_instance", Mode: graph.ModeManaged, Placement: graph.Placement{Cloud: "aws", Unknown: "no location signal"}},
		{ID: "data.aws_ami.base", Address: "data.aws_ami.base", Kind: graph.KindResource, Type: "aws_ami", Mode: graph.ModeData, Placement: aws("us-east-1", "")},
	}
	for _, n := range nodes {
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	edges := []graph.Edge{
		{From: "svc.checkout", To: "aws_lb.web", Kind: graph.Hard},
		{From: "svc.checkout", To: "aws_dynamodb_table.orders", Kind: graph.Hard},
		{From: "svc.checkout", To: "aws_s3_bucket.assets", Kind: graph.Soft},
		{From: "svc.orders", To: "aws_dynamodb_table.orders", Kind: graph.Soft},
		{From: "svc.orders", To: "aws_instance.legacy", Kind: graph.Hard},
		{From: "aws_lb.web", To: "aws_instance.app[0]", Kind: graph.Hard, Group: "targets"},
		{From: "aws_lb.web", To: "aws_instance.app[1]", Kind: graph.Hard, Group: "targets"},
		{From: "aws_instance.app[0]", To: "module.vpc.aws_subnet.private[0]", Kind: graph.Hard, Via: "subnet_id"},
		{From: "aws_instance.app[1]", To: "module.vpc.aws_subnet.private[1]", Kind: graph.Hard, Via: "subnet_id"},
		{From: "aws_instance.app[0]", To: "aws_iam_role.app", Kind: graph.Control},
		{From: "aws_instance.app[1]", To: "aws_iam_role.app", Kind: graph.Control},
		{From: "aws_instance.app[0]", To: "data.aws_ami.base", Kind: graph.Hard},
	}
	for _, e := range edges {
		if err := g.AddEdge(e); err != nil {
			t.Fatal(err)
		}
	}
	g.SetGroup("aws_lb.web", graph.Group{Name: "targets", Need: 1, Reason: "target group over two zones"})
	return g
}

func domain(t testing.TB, g *graph.Graph, s string) analyzer.Domain {
	t.Helper()
	d, err := analyzer.ParseDomain(s, g)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// report runs a scenario on the shop graph.
func report(t testing.TB, down string, opt render.DiagramOptions) *render.Report {
	t.Helper()
	g := shopGraph(t)
	a := analyzer.New(g, nil)
	r := &render.Report{Graph: g, Analyzer: a, Diagram: opt, Matrix: checks.RunMatrix(a, checks.MatrixOptions{})}
	if down != "" {
		r.Result = a.Run(analyzer.Scenario{Down: []analyzer.Domain{domain(t, g, down)}})
	}
	return r
}

func renderTo(t testing.TB, view render.View, format string, r *render.Report) []byte {
	t.Helper()
	fn, err := render.Lookup(view, format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := fn(&buf, r); err != nil {
		t.Fatalf("render %s %s: %v", view, format, err)
	}
	return buf.Bytes()
}

// analyzerProse matches the explanation texts the analyzer writes
// (tooltips in DOT, cell reasons in JSON). Golden files hold them
// scrubbed, so that rewording an explanation does not churn the diagram
// golden files; TestTooltipsExplain checks them against the result.
var analyzerProse = regexp.MustCompile(`(tooltip="|"reason": ")(\\.|[^"\\])*"`)

// golden compares got, explanations scrubbed, with testdata/golden/name,
// or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	got = analyzerProse.ReplaceAll(got, []byte(`${1}…"`))
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./render -update rewrites it after review)\n--- got\n%s", name, got)
	}
}

func TestDiagramGolden(t *testing.T) {
	cases := []struct {
		name   string
		view   render.View
		format string
		down   string
		opt    render.DiagramOptions
	}{
		{"whatif-region.dot", render.ViewImpact, "dot", "aws:us-east-1", render.DiagramOptions{View: "impact"}},
		{"whatif-region-default.dot", render.ViewImpact, "dot", "aws:us-east-1", render.DiagramOptions{}}, // services lead
		{"whatif-zone.dot", render.ViewImpact, "dot", "aws:us-east-1a", render.DiagramOptions{View: "impact"}},
		{"whatif-zone-all.dot", render.ViewImpact, "dot", "aws:us-east-1a", render.DiagramOptions{View: "all"}},
		{"whatif-region-services.dot", render.ViewImpact, "dot", "aws:us-east-1", render.DiagramOptions{View: "services"}},
		{"whatif-zone-focus.dot", render.ViewImpact, "dot", "aws:us-east-1a", render.DiagramOptions{Focus: "aws_lb.web", Depth: 1}},
		{"whatif-region-modules.dot", render.ViewImpact, "dot", "aws:us-east-1", render.DiagramOptions{View: "impact", Collapse: "modules"}},
		{"whatif-region.mermaid", render.ViewImpact, "mermaid", "aws:us-east-1", render.DiagramOptions{View: "impact"}},
		{"whatif-zone.mermaid", render.ViewImpact, "mermaid", "aws:us-east-1a", render.DiagramOptions{View: "impact"}},
		{"graph.mermaid", render.ViewGraph, "mermaid", "", render.DiagramOptions{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			golden(t, c.name, renderTo(t, c.view, c.format, report(t, c.down, c.opt)))
		})
	}
}

func TestDiagramSemantics(t *testing.T) {
	dot := string(renderTo(t, render.ViewImpact, "dot", report(t, "aws:us-east-1a", render.DiagramOptions{View: "impact"})))
	for _, want := range []string{
		`subgraph "cluster_aws:us-east-1a"`, // zone cluster nested in its region
		`us-east-1a  ·  DOWN (zone down)`,   // the zone taken down is marked
		`"aws_instance.app[0]" [label="aws_instance.app[0]\nfailed"`,
		`"aws_lb.web" [label="aws_lb.web\ndegraded"`,
		`"svc.checkout" [label="svc.checkout\ndegraded"`,
		`"aws_lb.web" -> "aws_instance.app[0]" [style=dashed, color="#d97706", penwidth=2.6`, // the chain, strongest; degraded: dashed
		`"aws_instance.app[0]" -> "module.vpc.aws_subnet.private[0]" [color="#d5dce5"`,       // both hit directly: faint, no chain
		`What if aws:us-east-1a goes down?`,
		`2 failed · 2 degraded · 7 healthy of 11 (services`, // a partition; nothing frozen
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("zone diagram lacks %q", want)
		}
	}
	// healthy nodes that explain nothing are left out of the impact view
	for _, absent := range []string{`"aws_s3_bucket.assets"`, `"aws_instance.legacy"`, `"data.aws_ami.base"`} {
		if strings.Contains(dot, absent) {
			t.Errorf("impact view draws %s", absent)
		}
	}
	// the survivor that keeps the load balancer serving is drawn, healthy
	if !strings.Contains(dot, `"aws_instance.app[1]" [label="aws_instance.app[1]\nhealthy"`) {
		t.Errorf("impact view lacks the surviving target aws_instance.app[1]")
	}

	region := string(renderTo(t, render.ViewImpact, "dot", report(t, "aws:us-east-1", render.DiagramOptions{View: "impact"})))
	for _, want := range []string{
		`subgraph "cluster_aws:global"`,
		`"aws_iam_role.app" [label="aws_iam_role.app\nfrozen", shape=box, style="filled,diagonals"`,
		`"domain:aws:us-east-1" [label="aws:us-east-1\nregion down", shape=doubleoctagon`,
		`"aws_iam_role.app" -> "domain:aws:us-east-1" [style=dotted, color="#2563eb"`, // hit from outside its cluster
	} {
		if !strings.Contains(region, want) {
			t.Errorf("region diagram lacks %q", want)
		}
	}
	// a node inside the down region needs no arrow to the domain
	if strings.Contains(region, `"aws_lb.web" -> "domain:`) {
		t.Errorf("region diagram links a node inside the down cluster to the domain")
	}

	all := string(renderTo(t, render.ViewImpact, "dot", report(t, "aws:us-east-1a", render.DiagramOptions{View: "all"})))
	for _, want := range []string{`subgraph "cluster_aws:unknown"`, `location unknown`, `"aws_s3_bucket.assets"`, `subgraph "cluster_aws:eu-west-1"`} {
		if !strings.Contains(all, want) {
			t.Errorf("all view lacks %q", want)
		}
	}
}

func TestFocus(t *testing.T) {
	dot := string(renderTo(t, render.ViewImpact, "dot", report(t, "aws:us-east-1a", render.DiagramOptions{Focus: "aws_instance.app[1]", Depth: 1})))
	for _, want := range []string{`"aws_instance.app[1]"`, `"aws_lb.web"`, `"module.vpc.aws_subnet.private[1]"`, `"aws_iam_role.app"`, `penwidth=3.5`, `focus: aws_instance.app[1] (depth 1)`} {
		if !strings.Contains(dot, want) {
			t.Errorf("focus diagram lacks %q", want)
		}
	}
	for _, absent := range []string{`"svc.checkout"`, `"aws_dynamodb_table.orders"`} {
		if strings.Contains(dot, absent) {
			t.Errorf("focus depth 1 draws %s, two hops away", absent)
		}
	}
	// the chain of a focused node is drawn even beyond the depth
	dot = string(renderTo(t, render.ViewImpact, "dot", report(t, "aws:us-east-1a", render.DiagramOptions{Focus: "svc.checkout", Depth: 1})))
	if !strings.Contains(dot, `"aws_instance.app[0]"`) {
		t.Errorf("focus on svc.checkout lacks aws_instance.app[0], the end of its chain")
	}
	// depth 0: the node alone, with the chain explaining its state (a
	// failed instance's subnet), not its other neighbours (the role)
	dot = string(renderTo(t, render.ViewImpact, "dot", report(t, "aws:us-east-1a", render.DiagramOptions{Focus: "aws_instance.app[1]", Depth: 0})))
	for _, want := range []string{`"aws_instance.app[1]"`, `focus: aws_instance.app[1] (depth 0)`} {
		if !strings.Contains(dot, want) {
			t.Errorf("focus depth 0 lacks %q", want)
		}
	}
	for _, absent := range []string{`"aws_lb.web"`, `"aws_iam_role.app"`} {
		if strings.Contains(dot, absent) {
			t.Errorf("focus depth 0 draws %s, a neighbour", absent)
		}
	}
	r := report(t, "aws:us-east-1a", render.DiagramOptions{Focus: "nope"})
	fn, _ := render.Lookup(render.ViewImpact, "dot")
	if err := fn(io.Discard, r); err == nil || !strings.Contains(err.Error(), `focus: no node "nope"`) {
		t.Errorf("unknown focus: got %v", err)
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, o := range []render.DiagramOptions{{View: "everything"}, {Collapse: "tight"}, {Depth: -1}} {
		if err := o.Validate(); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if err := (render.DiagramOptions{View: "services", Collapse: "modules", Depth: 3}).Validate(); err != nil {
		t.Error(err)
	}
}

// svgTitles parses an SVG strictly as XML and returns the text of its
// title elements (Graphviz names each node and cluster there).
func svgTitles(t *testing.T, svg []byte) map[string]bool {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	titles := map[string]bool{}
	var inTitle bool
	var root string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("svg is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = el.Name.Local
			}
			inTitle = el.Name.Local == "title"
		case xml.EndElement:
			inTitle = false
		case xml.CharData:
			if inTitle {
				titles[string(el)] = true
			}
		}
	}
	if root != "svg" {
		t.Fatalf("root element is %q, want svg", root)
	}
	return titles
}

func TestSVG(t *testing.T) {
	svg := renderTo(t, render.ViewImpact, "svg", report(t, "aws:us-east-1", render.DiagramOptions{View: "impact"}))
	titles := svgTitles(t, svg)
	for _, id := range []string{"svc.checkout", "svc.orders", "aws_lb.web", "aws_instance.app[0]", "aws_instance.app[1]",
		"module.vpc.aws_subnet.private[0]", "aws_dynamodb_table.orders", "aws_iam_role.app", "domain:aws:us-east-1"} {
		if !titles[id] {
			t.Errorf("svg names no node %q", id)
		}
	}
	if titles["aws_s3_bucket.assets"] {
		t.Errorf("svg draws the healthy bucket in eu-west-1")
	}
	graphSVG := renderTo(t, render.ViewGraph, "svg", report(t, "", render.DiagramOptions{}))
	titles = svgTitles(t, graphSVG)
	for _, id := range []string{"aws_s3_bucket.assets", "aws_instance.legacy", "svc.orders"} {
		if !titles[id] {
			t.Errorf("graph svg names no node %q", id)
		}
	}
}

func TestPNG(t *testing.T) {
	b := renderTo(t, render.ViewImpact, "png", report(t, "aws:us-east-1a", render.DiagramOptions{}))
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("png does not decode: %v", err)
	}
	bounds := img.Bounds()
	if bounds.Dx() < 200 || bounds.Dy() < 100 {
		t.Fatalf("png is %dx%d", bounds.Dx(), bounds.Dy())
	}
	// some pixels are the red of a failed node
	red := 0
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 2 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 > 0xf0 && g>>8 < 0xb0 && g>>8 > 0x90 && b>>8 < 0xb0 {
				red++
			}
		}
	}
	if red == 0 {
		t.Errorf("png shows no failed (red) node")
	}
}

// TestDeterministic renders every diagram and matrix format twice.
func TestDeterministic(t *testing.T) {
	for _, f := range []struct {
		view   render.View
		format string
	}{
		{render.ViewImpact, "dot"}, {render.ViewImpact, "svg"}, {render.ViewImpact, "png"}, {render.ViewImpact, "mermaid"},
		{render.ViewImpact, "html"}, {render.ViewMatrix, "svg"}, {render.ViewMatrix, "html"}, {render.ViewMatrix, "json"},
	} {
		a := renderTo(t, f.view, f.format, report(t, "aws:us-east-1", render.DiagramOptions{}))
		b := renderTo(t, f.view, f.format, report(t, "aws:us-east-1", render.DiagramOptions{}))
		if !bytes.Equal(a, b) {
			t.Errorf("%s %s differs between two runs", f.view, f.format)
		}
	}
}

// TestNoAttributeValues: state files hold secrets; no picture shows an
// attribute or tag value.
func TestNoAttributeValues(t *testing.T) {
	for _, f := range []struct {
		view   render.View
		format string
	}{
		{render.ViewImpact, "dot"}, {render.ViewImpact, "svg"}, {render.ViewImpact, "mermaid"}, {render.ViewImpact, "html"},
		{render.ViewGraph, "svg"}, {render.ViewGraph, "mermaid"}, {render.ViewMatrix, "svg"}, {render.ViewMatrix, "html"},
		{render.ViewMatrix, "json"}, {render.ViewMatrix, "text"}, {render.ViewMatrix, "csv"}, {render.ViewMatrix, "markdown"},
	} {
		down := "aws:us-east-1a"
		if f.view == render.ViewGraph {
			down = ""
		}
		out := string(renderTo(t, f.view, f.format, report(t, down, render.DiagramOptions{View: "all"})))
		if strings.Contains(out, secretAttr) || strings.Contains(out, secretTag) {
			t.Errorf("%s %s shows an attribute or tag value", f.view, f.format)
		}
	}
}

// bigGraph builds n zonal resources in 50 modules over three zones of
// us-east-1, each module behind one regional resource, so that a region
// outage impacts all of them.
func bigGraph(t testing.TB, n int) *graph.Graph {
	t.Helper()
	g := graph.New()
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	for m := 0; m < 50; m++ {
		lb := fmt.Sprintf("module.app%02d.aws_lb.this", m)
		if err := g.AddNode(&graph.Node{ID: lb, Address: lb, Kind: graph.KindResource, Type: "aws_lb", Mode: graph.ModeManaged,
			Placement: graph.Placement{Cloud: "aws", Region: "us-east-1"}}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		m := i % 50
		id := fmt.Sprintf("module.app%02d.aws_instance.web[%d]", m, i/50)
		z := zones[i%3]
		if err := g.AddNode(&graph.Node{ID: id, Address: id, Kind: graph.KindResource, Type: "aws_instance", Mode: graph.ModeManaged,
			Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: z}}); err != nil {
			t.Fatal(err)
		}
		lb := fmt.Sprintf("module.app%02d.aws_lb.this", m)
		if err := g.AddEdge(graph.Edge{From: lb, To: id, Kind: graph.Hard, Group: "targets"}); err != nil {
			t.Fatal(err)
		}
	}
	return g
}

func TestAutoCollapse(t *testing.T) {
	g := bigGraph(t, 1200)
	a := analyzer.New(g, nil)
	var notes []string
	r := &render.Report{Graph: g, Analyzer: a, Note: func(s string) { notes = append(notes, s) },
		Result: a.Run(analyzer.Scenario{Down: []analyzer.Domain{domain(t, g, "aws:us-east-1")}})}
	dot := string(renderTo(t, render.ViewImpact, "dot", r))
	nodes := strings.Count(dot, "shape=")
	if nodes > render.DefaultMaxNodes {
		t.Errorf("auto collapse left %d nodes (limit %d)", nodes, render.DefaultMaxNodes)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "--collapse none") || !strings.Contains(notes[0], "--focus") {
		t.Errorf("notes = %q, want one saying how to expand", notes)
	}
	if !strings.Contains(dot, "note: 1250 nodes are too many to draw legibly") {
		t.Errorf("the diagram's title does not carry the collapse note")
	}
	if !strings.Contains(dot, `400 resources`) {
		t.Errorf("collapsed diagram lacks the instance count of a zone")
	}
	// explicit none keeps every node
	r.Diagram.Collapse = "none"
	notes = nil
	dot = string(renderTo(t, render.ViewImpact, "dot", r))
	if got := strings.Count(dot, "shape="); got != 1251 {
		t.Errorf("--collapse none drew %d nodes, want 1251", got)
	}
	if len(notes) != 0 {
		t.Errorf("--collapse none noted %q", notes)
	}
}

// TestTooltipsExplain: each drawn node's tooltip carries its state and
// its whole explanation chain, as the analyzer wrote it.
func TestTooltipsExplain(t *testing.T) {
	r := report(t, "aws:us-east-1", render.DiagramOptions{View: "impact"})
	dot := string(renderTo(t, render.ViewImpact, "dot", r))
	for _, im := range r.Result.Impacts {
		if !strings.Contains(dot, `tooltip="`+im.ID+" (") {
			t.Errorf("no tooltip for %s", im.ID)
			continue
		}
		chain := strings.ReplaceAll(render.ChainText(im.Chain), `"`, `\"`)
		if !strings.Contains(dot, chain) {
			t.Errorf("tooltip of %s lacks its chain %q", im.ID, chain)
		}
	}
	m := matrixReport(t, false)
	js := string(renderTo(t, render.ViewMatrix, "json", m))
	for _, row := range m.Matrix.Rows {
		for _, c := range row.Cells {
			if c.Reason != "" && !strings.Contains(js, strings.ReplaceAll(c.Reason, `"`, `\"`)) {
				t.Errorf("matrix json lacks the reason %q of %s", c.Reason, row.ID)
			}
		}
	}
}

// TestSameAddressNamesItsInput: a node drawn alone whose address another
// drawn node shares (one resource address in two states) names its input
// in its label; a node whose address is its own does not.
func TestSameAddressNamesItsInput(t *testing.T) {
	g := graph.New()
	for _, n := range []struct{ file, addr string }{
		{"a.tfstate", "aws_instance.web"}, {"b.tfstate", "aws_instance.web"}, {"c.tfstate", "aws_db_instance.db"},
	} {
		err := g.AddNode(&graph.Node{ID: n.file + ":" + n.addr, Address: n.addr, Kind: graph.KindResource, Type: strings.Split(n.addr, ".")[0],
			Mode: graph.ModeManaged, Source: graph.Source{File: n.file}, Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1a"}})
		if err != nil {
			t.Fatal(err)
		}
	}
	a := analyzer.New(g, nil)
	r := &render.Report{Graph: g, Analyzer: a, Diagram: render.DiagramOptions{View: "all", Collapse: "none"}}
	dot := string(renderTo(t, render.ViewImpact, "dot", r))
	for _, want := range []string{`in a.tfstate`, `in b.tfstate`} {
		if !strings.Contains(dot, want) {
			t.Errorf("the diagram does not say %q for a shared address:\n%s", want, dot)
		}
	}
	if strings.Contains(dot, "in c.tfstate") {
		t.Errorf("a node with an address of its own names its input:\n%s", dot)
	}
}
