package graph

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

func TestHighDegreeEdges(t *testing.T) {
	g := New()
	hub := &Node{ID: "hub", Kind: KindService}
	if err := g.AddNode(hub); err != nil {
		t.Fatal(err)
	}
	const n = 200
	for i := n - 1; i >= 0; i-- {
		id := fmt.Sprintf("r%03d", i)
		if err := g.AddNode(&Node{ID: id, Kind: KindResource}); err != nil {
			t.Fatal(err)
		}
		if err := g.AddEdge(Edge{From: "hub", To: id, Kind: Control}); err != nil {
			t.Fatal(err)
		}
		if err := g.AddEdge(Edge{From: id, To: "hub", Kind: Soft}); err != nil {
			t.Fatal(err)
		}
	}
	// duplicates keep the stronger kind, in both directions
	for i := 0; i < n; i += 2 {
		id := fmt.Sprintf("r%03d", i)
		_ = g.AddEdge(Edge{From: "hub", To: id, Kind: Hard})
		_ = g.AddEdge(Edge{From: "hub", To: id, Kind: Soft})
	}
	if g.EdgeCount() != 2*n || g.Len() != n+1 {
		t.Fatalf("edges %d nodes %d", g.EdgeCount(), g.Len())
	}
	deps := g.DependenciesOf("hub")
	for i, e := range deps {
		want := Control
		if i%2 == 0 {
			want = Hard
		}
		if e.To != fmt.Sprintf("r%03d", i) || e.Kind != want {
			t.Fatalf("dependency %d: %+v", i, e)
		}
		in := g.DependentsOf(e.To)
		if len(in) != 1 || in[0].Kind != want {
			t.Fatalf("dependents of %s: %+v", e.To, in)
		}
	}
	g.RemoveEdge("hub", "r005")
	g.RemoveEdge("hub", "r005")
	if g.EdgeCount() != 2*n-1 || len(g.DependentsOf("r005")) != 0 || len(g.DependenciesOf("hub")) != n-1 {
		t.Fatal("remove")
	}
	if err := g.AddEdge(Edge{From: "hub", To: "r005", Kind: Soft}); err != nil || g.DependenciesOf("hub")[5].To != "r005" {
		t.Fatal("re-add after remove")
	}
}

func TestGroupBeforeNode(t *testing.T) {
	g := New()
	g.SetGroup("a", Group{Name: "zones", Need: 2})
	if _, ok := g.Node("a"); ok || g.Len() != 0 || len(g.IDs()) != 0 {
		t.Fatal("a group made a node")
	}
	if err := g.AddEdge(Edge{From: "a", To: "a2"}); err == nil {
		t.Fatal("edge from a node that only has groups")
	}
	if err := g.AddNode(&Node{ID: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := g.AddNode(&Node{ID: "a"}); err == nil {
		t.Fatal("duplicate accepted")
	}
	if grp, ok := g.Group("a", "zones"); !ok || grp.Need != 2 || len(g.Groups("a")) != 1 || len(g.Groups("b")) != 0 {
		t.Fatal("group lost")
	}
}

// TestDuplicateNodeKeepsTheFirst holds AddNode's one-probe path (no
// vertex waiting for its node) to the graph it had: a refused duplicate
// leaves the first node, its edges and the vertex count as they were,
// also after a group was declared for a node added later.
func TestDuplicateNodeKeepsTheFirst(t *testing.T) {
	for _, groupFirst := range []bool{false, true} {
		g := New()
		if groupFirst {
			g.SetGroup("c", Group{Name: "g", Need: 1})
		}
		first := &Node{ID: "a", Type: "first"}
		for _, n := range []*Node{first, {ID: "b"}, {ID: "c"}} {
			if err := g.AddNode(n); err != nil {
				t.Fatal(err)
			}
		}
		if err := g.AddEdge(Edge{From: "b", To: "a"}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"a", "b", "c"} {
			if err := g.AddNode(&Node{ID: id, Type: "second"}); err == nil || !strings.Contains(err.Error(), "duplicate node id") {
				t.Fatalf("group first %v: duplicate %s: %v", groupFirst, id, err)
			}
		}
		if n, ok := g.Node("a"); !ok || n != first || g.Len() != 3 || len(g.verts) != 3 {
			t.Fatalf("group first %v: the first node lost: %v %v, %d nodes, %d vertices", groupFirst, n, ok, g.Len(), len(g.verts))
		}
		if es := g.DependentsOf("a"); len(es) != 1 || g.From(es[0]).ID != "b" {
			t.Fatalf("group first %v: edges %v", groupFirst, es)
		}
		if err := g.AddNode(&Node{ID: "d"}); err != nil || len(g.verts) != 4 || g.verts[3].node.ID != "d" {
			t.Fatalf("group first %v: the next node: %v", groupFirst, err)
		}
	}
}

func TestModel(t *testing.T) {
	g := New()
	for _, id := range []string{"a", "b", "c"} {
		_ = g.AddNode(&Node{ID: id})
	}
	_ = g.AddEdge(Edge{From: "a", To: "b"})
	_ = g.AddEdge(Edge{From: "b", To: "c", Kind: Soft})
	m := g.Model()
	if n, err := m.Order(); err != nil || n != 3 {
		t.Fatalf("order %d %v", n, err)
	}
	if s, err := m.Size(); err != nil || s != 2 {
		t.Fatalf("size %d %v", s, err)
	}
	e, err := m.Edge("b", "c")
	if err != nil || e.Properties.Attributes["kind"] != "soft" {
		t.Fatalf("edge %+v %v", e, err)
	}
	if _, err := m.Edge("c", "b"); err == nil {
		t.Fatal("reverse edge found")
	}
	adj, err := m.AdjacencyMap()
	if err != nil || len(adj["a"]) != 1 || len(adj["c"]) != 0 {
		t.Fatalf("adjacency %v %v", adj, err)
	}
	if err := m.AddEdge("c", "a"); err == nil {
		t.Fatal("model accepted a change")
	}
}

// TestRewriteInPlace replaces every edge of a high-degree node the way
// redundancy inference does (remove, then add with a new kind and
// group), while a caller holds the list handed out before.
func TestRewriteInPlace(t *testing.T) {
	g := New()
	_ = g.AddNode(&Node{ID: "svc"})
	const n = 100
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("r%03d", i)
		_ = g.AddNode(&Node{ID: id})
		_ = g.AddEdge(Edge{From: "svc", To: id, Kind: Hard, Via: "tag"})
	}
	held := g.DependenciesOf("svc")
	for _, e := range held {
		g.RemoveEdge(e.From, e.To)
		e.Kind, e.Group = Soft, "zones"
		if err := g.AddEdge(e); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range held {
		if e.Kind != Hard || e.Group != "" {
			t.Fatalf("held list changed: %+v", e)
		}
	}
	g.RemoveEdge("svc", "r050")
	deps := g.DependenciesOf("svc")
	if len(deps) != n-1 || g.EdgeCount() != n-1 {
		t.Fatalf("%d edges listed, %d counted", len(deps), g.EdgeCount())
	}
	for i, e := range deps {
		want := i
		if i >= 50 {
			want++
		}
		if e.To != fmt.Sprintf("r%03d", want) || e.Kind != Soft || e.Group != "zones" {
			t.Fatalf("edge %d: %+v", i, e)
		}
		if in := g.DependentsOf(e.To); len(in) != 1 || in[0].Kind != Soft {
			t.Fatalf("dependents of %s: %+v", e.To, in)
		}
	}
	if len(g.DependentsOf("r050")) != 0 || len(g.Edges()) != n-1 {
		t.Fatal("removed edge still listed")
	}
	if _, err := g.Model().Edge("svc", "r050"); err == nil {
		t.Fatal("model still has the removed edge")
	}
}

func TestHasEdge(t *testing.T) {
	g := New()
	_ = g.AddNode(&Node{ID: "hub"})
	for i := 0; i < 40; i++ {
		id := fmt.Sprintf("n%02d", i)
		_ = g.AddNode(&Node{ID: id})
		if i%2 == 0 {
			_ = g.AddEdge(Edge{From: "hub", To: id})
		}
		if !g.HasEdge("hub", id) == (i%2 == 0) {
			t.Fatalf("while adding: %s", id)
		}
	}
	g.RemoveEdge("hub", "n10")
	g.DependenciesOf("hub") // tidied
	for i := 0; i < 40; i++ {
		id := fmt.Sprintf("n%02d", i)
		if g.HasEdge("hub", id) != (i%2 == 0 && i != 10) || g.HasEdge(id, "hub") {
			t.Fatalf("after: %s", id)
		}
	}
	if g.HasEdge("nope", "hub") {
		t.Fatal("unknown node")
	}
}

func TestAddEdges(t *testing.T) {
	one, bulk := New(), New()
	var es []Edge
	for _, g := range []*Graph{one, bulk} {
		for i := 0; i < 50; i++ {
			_ = g.AddNode(&Node{ID: fmt.Sprintf("n%02d", i)})
		}
	}
	for i := 0; i < 50; i++ {
		for j := 0; j < 50; j += 1 + i%7 {
			es = append(es, Edge{From: fmt.Sprintf("n%02d", i), To: fmt.Sprintf("n%02d", j), Kind: []EdgeKind{Hard, Soft, Control, 0}[(i+j)%4]})
		}
	}
	es = append(es, es[3], Edge{From: "n01", To: "n02", Kind: Hard}, Edge{From: "n03", To: "zz"}, Edge{From: "n04", To: "n05"})
	var errOne error
	for _, e := range es {
		if err := one.AddEdge(e); err != nil {
			errOne = err
			break
		}
	}
	errBulk := bulk.AddEdges(es)
	if errOne == nil || errBulk == nil || errOne.Error() != errBulk.Error() {
		t.Fatalf("errors %v and %v", errOne, errBulk)
	}
	if one.String() != bulk.String() || one.EdgeCount() != bulk.EdgeCount() {
		t.Fatal("AddEdges and AddEdge disagree")
	}
	for i := 0; i < 50; i++ {
		id := fmt.Sprintf("n%02d", i)
		if fmt.Sprint(one.DependentsOf(id)) != fmt.Sprint(bulk.DependentsOf(id)) {
			t.Fatalf("dependents of %s differ", id)
		}
	}
}

// TestNodesWithPrefix: the nodes of a prefix, in ID order, are those a
// scan of every node finds, including after nodes are added.
func TestNodesWithPrefix(t *testing.T) {
	g := New()
	add := func(ids ...string) {
		for _, id := range ids {
			if err := g.AddNode(&Node{ID: id, Kind: KindResource}); err != nil {
				t.Fatal(err)
			}
		}
	}
	add("service:b", "aws_vpc.main", "service:a", "servic", "services", "z:service:c")
	ids := func(prefix string) []string {
		var out []string
		for _, n := range g.NodesWithPrefix(prefix) {
			out = append(out, n.ID)
		}
		return out
	}
	if got := fmt.Sprint(ids("service:")); got != "[service:a service:b]" {
		t.Errorf("service: = %s", got)
	}
	add("service:0", "service;")
	if got := fmt.Sprint(ids("service:")); got != "[service:0 service:a service:b]" {
		t.Errorf("service: after adding = %s", got)
	}
	if got := ids("backstage:"); len(got) != 0 {
		t.Errorf("backstage: = %v", got)
	}
	if got := len(ids("")); got != g.Len() {
		t.Errorf("the empty prefix gives %d nodes, want %d", got, g.Len())
	}
}

// TestReplaceEdge: an edge's fields change in place, seen from both ends
// and through a Deps view taken before (its length and order kept), not
// in a list handed out before (the caller's own copy); a missing edge is
// reported, not added.
func TestReplaceEdge(t *testing.T) {
	g := New()
	for _, id := range []string{"app", "db", "cache"} {
		if err := g.AddNode(&Node{ID: id, Kind: KindResource}); err != nil {
			t.Fatal(err)
		}
	}
	_ = g.AddEdges([]Edge{{From: "app", To: "db", Kind: Hard}, {From: "app", To: "cache", Kind: Hard}})
	before, view := g.DependenciesOf("app"), g.DepsOf("app")
	if !g.ReplaceEdge(Edge{From: "app", To: "db", Kind: Soft, Via: "replica", Inferred: true}) {
		t.Fatal("the edge app → db was not found")
	}
	if got := fmt.Sprint(g.DependenciesOf("app")); got != "[{app cache hard  false } {app db soft  true replica}]" {
		t.Errorf("dependencies of app: %s", got)
	}
	if got := fmt.Sprint(g.DependentsOf("db")); got != "[{app db soft  true replica}]" {
		t.Errorf("dependents of db: %s", got)
	}
	if got := fmt.Sprint(before); got != "[{app cache hard  false } {app db hard  false }]" {
		t.Errorf("the list handed out before changed: %s", got)
	}
	if view.Len() != 2 || view.At(1).String() != "{app db soft  true replica}" || view.Kind(1) != Soft ||
		view.Via(1) != "replica" || !view.Inferred(1) || view.To(1).ID != "db" {
		t.Errorf("the view taken before: %d edges, %s", view.Len(), view.At(1))
	}
	if g.ReplaceEdge(Edge{From: "db", To: "app", Kind: Soft}) || g.HasEdge("db", "app") {
		t.Error("a missing edge was replaced or added")
	}
	if g.EdgeCount() != 2 {
		t.Errorf("%d edges, want 2", g.EdgeCount())
	}
}

// TestEdgeListsAgainstModel edits long and short edge lists at random
// (adds in and out of order, removals, re-adds, reads that tidy them in
// between) and holds every listing to a plain map of the edges.
func TestEdgeListsAgainstModel(t *testing.T) {
	const n = 60
	g := New()
	for i := 0; i < n; i++ {
		if err := g.AddNode(&Node{ID: fmt.Sprintf("n%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	model := map[[2]int]EdgeKind{}
	kinds := []EdgeKind{Hard, Soft, Control}
	seed := uint32(7)
	rnd := func(k int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % k }
	for step := 0; step < 20000; step++ {
		// most edges touch the first nodes, whose lists grow long
		a, b := rnd(4), rnd(n)
		if rnd(2) == 0 {
			a, b = b, a
		}
		from, to := fmt.Sprintf("n%02d", a), fmt.Sprintf("n%02d", b)
		switch op := rnd(10); {
		case op < 6:
			k := kinds[rnd(3)]
			if err := g.AddEdge(Edge{From: from, To: to, Kind: k}); err != nil {
				t.Fatal(err)
			}
			if a != b {
				if old, ok := model[[2]int{a, b}]; !ok || strength(k) > strength(old) {
					model[[2]int{a, b}] = k
				}
			}
		case op < 9:
			g.RemoveEdge(from, to)
			delete(model, [2]int{a, b})
		default:
			_ = g.DependentsOf(to) // tidies the lists changed so far
		}
		if step%997 != 0 {
			continue
		}
		if g.EdgeCount() != len(model) {
			t.Fatalf("step %d: %d edges, want %d", step, g.EdgeCount(), len(model))
		}
		for x := 0; x < n; x++ {
			id := fmt.Sprintf("n%02d", x)
			var want, wantIn []string
			for y := 0; y < n; y++ {
				if k, ok := model[[2]int{x, y}]; ok {
					want = append(want, fmt.Sprintf("n%02d %s", y, k))
				}
				if k, ok := model[[2]int{y, x}]; ok {
					wantIn = append(wantIn, fmt.Sprintf("n%02d %s", y, k))
				}
			}
			var got, gotIn []string
			for _, e := range g.DependenciesOf(id) {
				got = append(got, e.To+" "+e.Kind.String())
			}
			for _, e := range g.DependentsOf(id) {
				gotIn = append(gotIn, e.From+" "+e.Kind.String())
			}
			if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(gotIn) != fmt.Sprint(wantIn) {
				t.Fatalf("step %d, %s:\nout %v\nwant %v\nin %v\nwant %v", step, id, got, want, gotIn, wantIn)
			}
			for y := 0; y < n; y++ {
				_, ok := model[[2]int{x, y}]
				if g.HasEdge(id, fmt.Sprintf("n%02d", y)) != ok {
					t.Fatalf("step %d: HasEdge(%s, n%02d) = %v", step, id, y, !ok)
				}
			}
		}
	}
}

// TestNodesListKept holds Nodes to its contract: the sorted list is the
// graph's own until the node set changes, and a list handed out is never
// rewritten when it does.
func TestNodesListKept(t *testing.T) {
	g := New()
	for _, id := range []string{"c", "a"} {
		if err := g.AddNode(&Node{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(ns []*Node) string {
		var s []string
		for _, n := range ns {
			s = append(s, n.ID)
		}
		return strings.Join(s, ",")
	}
	first := g.Nodes()
	if ids(first) != "a,c" || &g.Nodes()[0] != &first[0] {
		t.Fatalf("first %s, or listed again rather than kept", ids(first))
	}
	if err := g.AddNode(&Node{ID: "b"}); err != nil {
		t.Fatal(err)
	}
	if got := ids(g.Nodes()); got != "a,b,c" || ids(first) != "a,c" {
		t.Fatalf("after adding b: %s, the first list %s", got, ids(first))
	}
	second := g.Nodes()
	g.RemoveNode("a")
	if got := ids(g.Nodes()); got != "b,c" || ids(second) != "a,b,c" || ids(g.NodesWithPrefix("c")) != "c" {
		t.Fatalf("after removing a: %s, the second list %s", got, ids(second))
	}
	if got := strings.Join(g.IDs(), ","); got != "b,c" {
		t.Fatalf("IDs %s", got)
	}
}

func TestPlacementSets(t *testing.T) {
	for _, c := range []struct {
		p           Placement
		zones, regs string
	}{
		{Placement{}, "", ""},
		{Placement{Region: "r1", Zone: "z2"}, "z2", "r1"},
		{Placement{Zone: "z2", Zones: []string{"z3", "z1", "z2"}, Regions: []string{"r2", "r1"}}, "z1,z2,z3", "r1,r2"},
		{Placement{Region: "r2", Regions: []string{"r2", "r1", "r1"}, Zones: []string{"z1"}}, "z1", "r1,r2"},
	} {
		z, r := c.p.AllZones(), c.p.AllRegions()
		if z == nil || r == nil || strings.Join(z, ",") != c.zones || strings.Join(r, ",") != c.regs {
			t.Errorf("%+v: zones %q regions %q, want %s and %s", c.p, z, r, c.zones, c.regs)
		}
	}
	// the placement's own lists are not reordered
	p := Placement{Zones: []string{"b", "a"}}
	p.AllZones()
	if p.Zones[0] != "b" {
		t.Error("AllZones sorted the placement's list in place")
	}
}

// TestIDsAgainstSet adds and removes random nodes, some of them declared
// by their groups first, asking for the IDs and nodes in between, and
// holds every answer to the set sorted from scratch; lists handed out
// before keep what they held.
func TestIDsAgainstSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	g := New()
	live := map[string]bool{}
	type handed struct {
		ids  []string
		want string
	}
	var old []handed
	for step := range 2000 {
		id := fmt.Sprintf("n%03d", rng.IntN(300))
		switch op := rng.IntN(10); {
		case op < 6 && !live[id]:
			if rng.IntN(4) == 0 {
				g.SetGroup(id, Group{Name: "g", Need: 1})
			}
			if err := g.AddNode(&Node{ID: id}); err != nil {
				t.Fatal(err)
			}
			live[id] = true
		case op < 8 && live[id]:
			g.RemoveNode(id)
			delete(live, id)
		}
		if rng.IntN(5) != 0 {
			continue
		}
		want := make([]string, 0, len(live))
		for id := range live {
			want = append(want, id)
		}
		slices.Sort(want)
		ids, nodes := g.IDs(), g.Nodes()
		if !slices.Equal(ids, want) {
			t.Fatalf("step %d: IDs %v, want %v", step, ids, want)
		}
		for i, n := range nodes {
			if n.ID != want[i] {
				t.Fatalf("step %d: node %d is %s, want %s", step, i, n.ID, want[i])
			}
		}
		old = append(old, handed{ids, fmt.Sprint(want)})
		// every node's place, asked after additions alone as well
		if step%2 == 0 {
			if id := fmt.Sprintf("n%03d", rng.IntN(300)); !live[id] {
				if err := g.AddNode(&Node{ID: id}); err != nil {
					t.Fatal(err)
				}
				live[id] = true
				want = append(want, id)
				slices.Sort(want)
			}
		}
		for j := 0; j < 300; j++ {
			id := fmt.Sprintf("n%03d", j)
			i, ok := g.Index(id)
			k, found := slices.BinarySearch(want, id)
			if ok != found || found && i != k {
				t.Fatalf("step %d: Index(%s) = %d, %v; want %d, %v", step, id, i, ok, k, found)
			}
		}
	}
	for i, h := range old {
		if got := fmt.Sprint(h.ids); got != h.want {
			t.Fatalf("list %d handed out changed: %s, was %s", i, got, h.want)
		}
	}
}

// TestEdgeEnds: an edge the graph hands out finds the nodes at its ends
// and its dependency's place in Nodes as the lookups by ID do, also
// after nodes were added and removed; an edge a caller made, or one
// whose end was removed, falls back to the lookups.
func TestEdgeEnds(t *testing.T) {
	if s := unsafe.Sizeof(Edge{}); s != 80 {
		t.Errorf("an edge is %d bytes, want 80", s)
	}
	g := New()
	for _, id := range []string{"b", "d", "a", "c"} {
		if err := g.AddNode(&Node{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	_ = g.AddEdges([]Edge{{From: "a", To: "b"}, {From: "a", To: "c"}, {From: "c", To: "d"}, {From: "d", To: "a"}})
	check := func(when string) {
		t.Helper()
		for i, n := range g.Nodes() {
			if g.NodeAt(i) != n {
				t.Errorf("%s: NodeAt(%d) is %s, want %s", when, i, g.NodeAt(i).ID, n.ID)
			}
			at := g.DepsAt(i)
			var got []Edge
			for j := range at.Len() {
				got = append(got, at.At(j))
			}
			if want := fmt.Sprint(g.DependenciesOf(n.ID)); fmt.Sprint(got) != want {
				t.Errorf("%s: DepsAt(%d) %v, want %s", when, i, got, want)
			}
			for _, e := range append(g.DependenciesOf(n.ID), g.DependentsOf(n.ID)...) {
				to, _ := g.Node(e.To)
				from, _ := g.Node(e.From)
				if g.To(e) != to || g.From(e) != from {
					t.Errorf("%s: ends of %v are %v, %v", when, e, g.From(e), g.To(e))
				}
				i, ok := g.IndexTo(e)
				j, ok2 := g.Index(e.To)
				if i != j || ok != ok2 {
					t.Errorf("%s: IndexTo(%v) = %d %v, Index %d %v", when, e, i, ok, j, ok2)
				}
				if e.to == 0 || e.from == 0 {
					t.Errorf("%s: %v handed out without its vertices", when, e)
				}
			}
		}
	}
	check("built")
	if err := g.AddNode(&Node{ID: "0"}); err != nil { // first in order: every place moves
		t.Fatal(err)
	}
	_ = g.AddEdge(Edge{From: "0", To: "c"})
	check("after an addition")
	old := g.DependenciesOf("c")
	g.RemoveNode("d")
	check("after a removal")
	if g.To(old[0]) != nil {
		t.Errorf("an edge to the removed d still finds %v", g.To(old[0]))
	}
	if err := g.AddNode(&Node{ID: "d"}); err != nil { // the same ID again: a new vertex
		t.Fatal(err)
	}
	if n, _ := g.Node("d"); g.To(old[0]) != n {
		t.Errorf("an old edge to d finds %v, want the new d", g.To(old[0]))
	}
	if n, _ := g.Node("c"); g.To(Edge{From: "a", To: "c"}) != n || g.From(Edge{From: "c", To: "x"}) != n {
		t.Error("an edge made by a caller does not find its ends by ID")
	}
	if g.To(Edge{From: "a", To: "nowhere"}) != nil {
		t.Error("an edge to no node finds one")
	}
	if i, ok := g.IndexTo(Edge{To: "nowhere"}); ok {
		t.Errorf("IndexTo of no node: %d", i)
	}
	g.SetGroup("a", Group{Name: "g", Need: 1})
	if i, _ := g.Index("a"); len(g.GroupsAt(i)) != 1 || g.GroupsAt(i)[0] != (Group{Name: "g", Need: 1}) {
		t.Errorf("GroupsAt(a) = %v", g.GroupsAt(i))
	}
}

// TestEdgeBetween holds edges made between vertices (AddNodeVertex,
// EdgeBetween) to the same edges added by ID, and an edge whose end was
// removed since its vertex was handed out to the error an edge by ID
// gets: a vertex is a shortcut, never a way around the node set.
func TestEdgeBetween(t *testing.T) {
	ids := []string{"b", "d", "a", "c"}
	pairs := [][2]int{{2, 0}, {2, 3}, {3, 1}, {1, 2}, {2, 0}}
	byID, byVertex := New(), New()
	vs := make([]Vertex, len(ids))
	for i, id := range ids {
		if err := byID.AddNode(&Node{ID: id}); err != nil {
			t.Fatal(err)
		}
		v, err := byVertex.AddNodeVertex(&Node{ID: id})
		if err != nil || v == 0 {
			t.Fatal(v, err)
		}
		vs[i] = v
	}
	var es, between []Edge
	for k, p := range pairs {
		kind := Hard
		if k == len(pairs)-1 {
			kind = Soft // a duplicate: the stronger kind stays
		}
		es = append(es, Edge{From: ids[p[0]], To: ids[p[1]], Kind: kind, Via: "v" + ids[p[1]]})
		between = append(between, byVertex.EdgeBetween(vs[p[0]], vs[p[1]], Edge{Kind: kind, Via: "v" + ids[p[1]]}))
	}
	if err := byID.AddEdges(es); err != nil {
		t.Fatal(err)
	}
	if err := byVertex.AddEdges(between); err != nil {
		t.Fatal(err)
	}
	if byID.String() != byVertex.String() || fmt.Sprint(byID.Edges()) != fmt.Sprint(byVertex.Edges()) {
		t.Fatalf("by vertex:\n%s\nby ID:\n%s", byVertex, byID)
	}
	if _, err := byVertex.AddNodeVertex(&Node{ID: "a"}); err == nil {
		t.Fatal("a duplicate got a vertex")
	}
	e := byVertex.EdgeBetween(vs[0], vs[1], Edge{})
	byVertex.RemoveNode("d")
	if err := byVertex.AddEdge(e); err == nil || !strings.Contains(err.Error(), `unknown node "d"`) {
		t.Fatalf("edge to a removed node: %v", err)
	}
	if err := byVertex.AddEdges([]Edge{e}); err == nil {
		t.Fatal("edges to a removed node added")
	}
}

// TestAddEdgesCarvedLists holds the dependency lists AddEdges carves from
// one block to lists of their own: an edge added later to one node's
// list (a duplicate in the batch, a node's second batch, one edge alone)
// leaves its neighbours' lists in the block as they were.
func TestAddEdgesCarvedLists(t *testing.T) {
	g := New()
	for _, id := range []string{"a", "b", "c", "x", "y", "z"} {
		if err := g.AddNode(&Node{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	batch := []Edge{{From: "a", To: "x"}, {From: "a", To: "y"},
		{From: "b", To: "x"}, {From: "b", To: "z"}, {From: "c", To: "y"}, {From: "c", To: "y", Kind: Soft}}
	if err := g.AddEdges(batch); err != nil {
		t.Fatal(err)
	}
	if err := g.AddEdge(Edge{From: "a", To: "z"}); err != nil { // a's list full: past it is b's
		t.Fatal(err)
	}
	if err := g.AddEdges([]Edge{{From: "b", To: "y", Kind: Control}, {From: "c", To: "z"}}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a": "[{a x hard  false } {a y hard  false } {a z hard  false }]",
		"b": "[{b x hard  false } {b y control  false } {b z hard  false }]",
		"c": "[{c y hard  false } {c z hard  false }]",
	}
	for id, w := range want {
		if got := fmt.Sprint(g.DependenciesOf(id)); got != w {
			t.Errorf("%s: %s, want %s", id, got, w)
		}
	}
	if g.EdgeCount() != 8 {
		t.Errorf("%d edges, want 8", g.EdgeCount())
	}
}

// TestDepsView: the view of a node's dependencies reads what
// DependenciesOf lists (ends, kind, group, via, inference), by place,
// DepsAt by the node's place in Nodes; groups and vias shared by edges
// come back spelled as given, and a list handed out is the caller's own.
func TestDepsView(t *testing.T) {
	g := New()
	for _, id := range []string{"app", "db1", "db2", "lb", "web"} {
		if err := g.AddNode(&Node{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	err := g.AddEdges([]Edge{
		{From: "app", To: "db2", Kind: Soft, Group: "dbs", Via: "replica_ids"},
		{From: "app", To: "db1", Kind: Hard, Group: "dbs", Via: "replica_ids"},
		{From: "web", To: "lb", Kind: Control, Via: "lb_arn", Inferred: true},
		{From: "web", To: "app", Via: "env:APP"},
		{From: "lb", To: "app", Via: "replica_ids"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"app", "db1", "lb", "web"} {
		list := g.DependenciesOf(id)
		view := g.DepsOf(id)
		i, _ := g.Index(id)
		at := g.DepsAt(i)
		if view.Len() != len(list) || at.Len() != len(list) {
			t.Fatalf("%s: view %d, at %d, list %d edges", id, view.Len(), at.Len(), len(list))
		}
		for j, e := range list {
			if view.At(j) != e || at.At(j) != e {
				t.Errorf("%s edge %d: view %s, at %s, list %s", id, j, view.At(j), at.At(j), e)
			}
			if view.Kind(j) != e.Kind || view.Group(j) != e.Group || view.Via(j) != e.Via ||
				view.Inferred(j) != e.Inferred || view.To(j).ID != e.To {
				t.Errorf("%s edge %d: fields differ from %s", id, j, e)
			}
			if k, _ := g.Index(e.To); view.IndexTo(j) != k {
				t.Errorf("%s edge %d: IndexTo %d, Index %d", id, j, view.IndexTo(j), k)
			}
		}
	}
	// every edge as added, ends, kind, group, inference and via
	if got := fmt.Sprint(g.Edges()); got != "[{app db1 hard dbs false replica_ids} {app db2 soft dbs false replica_ids} "+
		"{lb app hard  false replica_ids} {web app hard  false env:APP} {web lb control  true lb_arn}]" {
		t.Errorf("edges: %s", got)
	}
	want := "[{app db1 hard dbs false replica_ids} {app db2 soft dbs false replica_ids}]"
	held := g.DependenciesOf("app")
	if got := fmt.Sprint(held); got != want {
		t.Errorf("app: %s, want %s", got, want)
	}
	held[0].Kind, held[0].Via = Control, "changed"
	if got := fmt.Sprint(g.DependenciesOf("app")); got != want {
		t.Errorf("a change to a list handed out reached the graph: %s", got)
	}
	if got := fmt.Sprint(g.DependentsOf("app")); got != "[{lb app hard  false replica_ids} {web app hard  false env:APP}]" {
		t.Errorf("dependents of app: %s", got)
	}
	if v := g.DepsOf("nothing"); v.Len() != 0 {
		t.Errorf("a view of an unknown node has %d edges", v.Len())
	}
}

// TestDepsAllocateNothing: walking every node's edges through its view,
// each field and the edge itself, allocates nothing (DependenciesOf
// copies a list a node).
func TestDepsAllocateNothing(t *testing.T) {
	g := New()
	for i := 0; i < 50; i++ {
		if err := g.AddNode(&Node{ID: fmt.Sprintf("n%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 50; i++ {
		for j := i + 1; j < 50; j += 7 {
			e := Edge{From: fmt.Sprintf("n%02d", i), To: fmt.Sprintf("n%02d", j), Kind: Soft, Group: "g", Via: "subnet_ids"}
			if err := g.AddEdge(e); err != nil {
				t.Fatal(err)
			}
		}
	}
	g.IDs()
	var seen int
	allocs := testing.AllocsPerRun(10, func() {
		seen = 0
		for i := range g.Len() {
			deps := g.DepsAt(i)
			for j := range deps.Len() {
				if e := deps.At(j); e.Via == deps.Via(j) && e.Group == deps.Group(j) && deps.IndexTo(j) > i {
					seen++
				}
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations a walk", allocs)
	}
	if seen != g.EdgeCount() {
		t.Errorf("%d edges seen, %d in the graph", seen, g.EdgeCount())
	}
}

// TestGrowKeepsNodes: nodes added before Grow are still found after it,
// nodes added after it too, and a Grow by fewer nodes than the graph
// holds leaves its ID map alone.
func TestGrowKeepsNodes(t *testing.T) {
	g := New()
	add := func(from, to int) {
		for i := from; i < to; i++ {
			if err := g.AddNode(&Node{ID: fmt.Sprintf("n%d", i), Kind: KindResource}); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(0, 10)
	small := reflect.ValueOf(g.vs).UnsafePointer()
	g.Grow(1000)
	if reflect.ValueOf(g.vs).UnsafePointer() == small || cap(g.verts) < 1000 {
		t.Fatalf("Grow(1000) on 10 nodes: ID map not made at its size (verts cap %d)", cap(g.verts))
	}
	add(10, 1010)
	big := reflect.ValueOf(g.vs).UnsafePointer()
	g.Grow(5) // holds more than 5 already: nothing made again
	if reflect.ValueOf(g.vs).UnsafePointer() != big {
		t.Fatal("Grow(5) on 1,010 nodes made the ID map again")
	}
	for i := 0; i < 1010; i++ {
		id := fmt.Sprintf("n%d", i)
		if n, ok := g.Node(id); !ok || n.ID != id {
			t.Fatalf("node %s lost after Grow", id)
		}
	}
	if err := g.AddNode(&Node{ID: "n5", Kind: KindResource}); err == nil {
		t.Error("a node added before Grow is not known as a duplicate after it")
	}
}
