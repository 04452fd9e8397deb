package render

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// nodeList writes NodeJSON values as impactNodes writes its views.
type nodeList []NodeJSON

func (nodeList) key() string { return "nodes" }
func (l nodeList) len() int  { return len(l) }
func (l nodeList) encode(dst []byte, lo, hi int) ([]byte, error) {
	return eachElement(dst, lo, hi, func(dst []byte, i int) []byte { return appendNodeJSON(dst, &l[i]) }), nil
}

// randomNodeJSON fills a NodeJSON's fields at random, empty or not, with
// strings that need escaping among them.
func randomNodeJSON(r *rand.Rand) NodeJSON {
	strs := []string{"", "a", "aws_lb.web", `q"uote`, `back\slash`, "tab\tnew\nline\r\b\f", "<&>",
		"ünï ☃ \u2028 \u2029", "\x00\x1f\x7f", "bad \xff utf-8", `module.cell["cell-0001"].aws_instance.app[0]`}
	s := func() string { return strs[r.IntN(len(strs))] }
	list := func() []string {
		switch r.IntN(3) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		l := make([]string, 1+r.IntN(3))
		for i := range l {
			l[i] = s()
		}
		return l
	}
	steps := func() []analyzer.Step {
		if r.IntN(3) == 0 {
			return nil
		}
		l := make([]analyzer.Step, r.IntN(4))
		for i := range l {
			l[i] = analyzer.Step{Node: s(), Why: s()}
		}
		return l
	}
	n := NodeJSON{ID: s(), Kind: graph.Kind(s()), Address: s(), Type: s(), Provider: s(), Region: s(),
		Zone: s(), Zones: list(), Regions: list(), Scope: graph.Scope(s()), State: s(), Role: s(),
		Propagated: s(), Frozen: r.IntN(2) == 0, Reason: s(), Domain: s(), Explanation: steps(),
		FrozenReason: s(), FrozenChain: steps(), Inferred: r.IntN(2) == 0, Lost: list(), Left: list(),
		Workspace: s()}
	if r.IntN(3) > 0 {
		n.Source = &graph.Source{File: s(), Address: s(), Line: r.IntN(3) * r.IntN(1000)}
	}
	return n
}

// TestNodeJSONLikeEncodingJSON holds the direct writer of the whatif
// report's nodes to what encoding/json writes for the same document.
func TestNodeJSONLikeEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 300 {
		nodes := make([]NodeJSON, r.IntN(4))
		for i := range nodes {
			nodes[i] = randomNodeJSON(r)
		}
		doc := impactDoc{SchemaVersion: SchemaVersion, Nodes: []NodeJSON{}, Warnings: []string{"w"}}
		var got strings.Builder
		if err := writeJSONLists(&got, doc, nodeList(nodes)); err != nil {
			t.Fatal(err)
		}
		doc.Nodes = nodes
		if want := reference(doc); got.String() != want {
			t.Fatalf("round %d: direct writer differs from encoding/json:\n got: %s\nwant: %s", round, got.String(), want)
		}
	}
}

// TestNodeJSONFieldsCovered fails when NodeJSON gains a field the direct
// writer does not know: every field filled, the two must still agree.
func TestNodeJSONFieldsCovered(t *testing.T) {
	n := NodeJSON{ID: "i", Kind: "k", Address: "a", Type: "t", Provider: "p", Region: "r", Zone: "z",
		Zones: []string{"z1"}, Regions: []string{"r1"}, Scope: "s", State: "st", Role: "ro", Propagated: "pr",
		Frozen: true, Reason: "re", Domain: "d", Explanation: []analyzer.Step{{Node: "n", Why: "w"}},
		FrozenReason: "fr", FrozenChain: []analyzer.Step{{Node: "n2", Why: "w2"}}, Inferred: true,
		Lost: []string{"l"}, Left: []string{"le"}, Source: &graph.Source{File: "f", Address: "sa", Line: 7},
		Workspace: "ws"}
	v := reflect.ValueOf(n)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("fill NodeJSON.%s in this test", v.Type().Field(i).Name)
		}
	}
	got := "    " + string(appendNodeJSON(nil, &n)) + "\n"
	doc := struct {
		Nodes []NodeJSON `json:"nodes"`
	}{[]NodeJSON{n}}
	want := reference(doc)
	want = strings.TrimSuffix(strings.TrimPrefix(want, "{\n  \"nodes\": [\n"), "  ]\n}\n")
	if got != want {
		t.Fatalf("a NodeJSON field is missing from the direct writer:\n got: %s\nwant: %s", got, want)
	}
}

// TestImpactJSONLikeEncodingJSON writes the whatif JSON report of a graph
// larger than one chunk of the node list (zonal instances behind load
// balancers, data sources, sources, workspaces, configuration, frozen
// global nodes) and compares it with encoding/json's of the same document
// holding ImpactNodes.
func TestImpactJSONLikeEncodingJSON(t *testing.T) {
	g := graph.New()
	add := func(n *graph.Node) {
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	edge := func(from, to string) {
		if err := g.AddEdge(graph.Edge{From: from, To: to, Kind: graph.Hard, Via: "subnet_id"}); err != nil {
			t.Fatal(err)
		}
	}
	add(&graph.Node{ID: "aws_iam_role.r", Kind: graph.KindResource, Type: "aws_iam_role", Address: "aws_iam_role.r",
		Placement: graph.Placement{Cloud: "aws", Rule: "global"}})
	add(&graph.Node{ID: "data.aws_ami.x", Kind: graph.KindResource, Type: "aws_ami", Mode: graph.ModeData,
		Placement: graph.Placement{Cloud: "aws", Region: "us-east-1"}})
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c", "eu-west-1a"}
	for i := range 400 {
		lb := fmt.Sprintf("aws_lb.web[%d]", i)
		region := "us-east-1"
		if i%5 == 0 {
			region = "eu-west-1"
		}
		add(&graph.Node{ID: lb, Kind: graph.KindResource, Type: "aws_lb", Address: lb,
			Placement: graph.Placement{Cloud: "aws", Region: region, Rule: "attribute:region"},
			Source:    graph.Source{File: "states/prod \"ünï\".tfstate", Address: lb},
			Labels:    map[string]string{"workspace": "prod"}})
		for j := range 3 {
			id := fmt.Sprintf("aws_instance.app[%d]", 3*i+j)
			z := zones[(i+j)%len(zones)]
			add(&graph.Node{ID: id, Kind: graph.KindResource, Type: "aws_instance", Address: id,
				Placement: graph.Placement{Cloud: "aws", Region: z[:len(z)-1], Zone: z, Rule: "attribute:availability_zone"}})
			edge(lb, id)
			edge(id, "aws_iam_role.r")
		}
		sg := fmt.Sprintf("aws_security_group.web[%d]", i)
		add(&graph.Node{ID: sg, Kind: graph.KindResource, Type: "aws_security_group", Address: sg,
			Placement: graph.Placement{Cloud: "aws", Region: region, Rule: "attribute:region"}})
		edge(lb, sg)
	}
	// stores, whose exposures the report lists before the nodes
	for i := range 3 {
		id := fmt.Sprintf("aws_dynamodb_table.t[%d]", i)
		add(&graph.Node{ID: id, Kind: graph.KindResource, Type: "aws_dynamodb_table", Address: id,
			Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Rule: "attribute:region"}})
	}
	a := analyzer.New(g, nil)
	for _, down := range []analyzer.Domain{
		{Kind: analyzer.DomainRegion, Cloud: "aws", Region: "us-east-1"},
		{Kind: analyzer.DomainZone, Cloud: "aws", Region: "us-east-1", Zone: "us-east-1a"},
	} {
		r := &Report{Graph: g, Analyzer: a, Result: a.Run(analyzer.Scenario{Down: []analyzer.Domain{down}})}
		r.Data = a.DataExposure(r.Result)
		if down.Kind == analyzer.DomainRegion && len(r.Data) == 0 {
			t.Fatalf("%s: no data exposure", down)
		}
		var got strings.Builder
		if err := impactJSON(&got, r); err != nil {
			t.Fatal(err)
		}
		doc := impactDoc{SchemaVersion: SchemaVersion, Scenario: r.Result.Scenario, Summary: r.Result.Summary,
			Data: r.Data, Nodes: ImpactNodes(r), Warnings: r.Result.Warnings}
		if doc.Warnings == nil {
			doc.Warnings = []string{}
		}
		if r.Result.Services.Nodes > 0 {
			s := r.Result.Services
			doc.Services = &s
		}
		if r.Result.Summary.Failed == 0 || r.Result.Summary.Degraded == 0 || len(doc.Nodes) <= listChunk {
			t.Fatalf("%s: want failed and degraded nodes in more than one chunk, got %+v", down, r.Result.Summary)
		}
		if want := reference(doc); got.String() != want {
			t.Fatalf("%s: whatif JSON differs from encoding/json's (%d and %d bytes)", down, got.Len(), len(want))
		}
		// the views read by the analysis's index are those looked up by ID
		if !analyzedInOrder(r, g.Nodes()) {
			t.Fatalf("%s: the analyzer's nodes are not the graph's", down)
		}
		byID := []NodeJSON{}
		for _, n := range g.Nodes() {
			if n.Mode != graph.ModeData {
				byID = append(byID, impactNodeAt(r, n, -1))
			}
		}
		if !reflect.DeepEqual(doc.Nodes, byID) {
			t.Fatalf("%s: the nodes read by index differ from those looked up by ID", down)
		}
	}
	// a graph changed after the analysis is not read by index
	add(&graph.Node{ID: "0.first", Kind: graph.KindResource, Type: "aws_instance"})
	r := &Report{Graph: g, Analyzer: a, Result: a.Run(analyzer.Scenario{Down: []analyzer.Domain{{Kind: analyzer.DomainProvider, Cloud: "aws"}}})}
	if analyzedInOrder(r, g.Nodes()) {
		t.Error("a graph with a node added after the analysis is read by the analysis's index")
	}
	if l := impactNodeList(r); l.at != nil || len(ImpactNodes(r)) != len(l.nodes) {
		t.Errorf("the node list of a changed graph: %d indexes, %d nodes", len(l.at), len(l.nodes))
	}
}

// TestAppendJSONStringLikeEncodingJSON holds appendJSONString to
// encoding/json (without HTML escaping) on strings of every length up to
// 40 bytes, plain or with one or two bytes that need escaping, or that
// are not ASCII, at every place, so that the eight-byte fast path meets
// each of them inside a word, at its edges and in the tail.
func TestAppendJSONStringLikeEncodingJSON(t *testing.T) {
	special := []string{"\"", "\\", "\x00", "\x1f", "\n", "\x7f", " ", "~", "!", "#", "[", "]", "ü", "☃", "\u2028", "\u2029", "\xff", "\xe2\x80"}
	check := func(s string) {
		t.Helper()
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(b.String(), "\n")
		if got := string(appendJSONString(nil, s)); got != want {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for n := range 41 {
		plain := make([]byte, n)
		for i := range plain {
			plain[i] = byte('a' + r.IntN(26))
		}
		check(string(plain))
		for i := 0; i <= n; i++ {
			for _, x := range special {
				s := string(plain[:i]) + x + string(plain[i:])
				check(s)
				j := r.IntN(len(s) + 1)
				check(s[:j] + special[r.IntN(len(special))] + s[j:])
			}
		}
	}
}

// BenchmarkAppendJSONString measures quoting the strings a whatif report
// is made of: addresses with quoted keys, reasons, plain IDs.
func BenchmarkAppendJSONString(b *testing.B) {
	strs := []string{`module.cell["cell-0042"].aws_instance.app[3]`, "in aws:us-east-1 (region down)",
		`needs module.cell["cell-0042"].aws_lb.web (hard, via subnet_id)`, "aws_instance", "us-east-1a", "zonal"}
	var dst []byte
	for b.Loop() {
		dst = dst[:0]
		for _, s := range strs {
			dst = appendJSONString(dst, s)
		}
	}
}
