package terraform

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// build turns "name: dep dep ..." lines into instances of distinct
// configurations, builds them and returns the edges as "from>to", sorted.
func build(t *testing.T, lines ...string) []string {
	t.Helper()
	prov, err := ParseProvider(`provider["registry.terraform.io/hashicorp/aws"]`)
	if err != nil {
		t.Fatal(err)
	}
	var insts []*Instance
	for _, l := range lines {
		name, deps, _ := strings.Cut(l, ":")
		var recorded []string
		for _, d := range strings.Fields(deps) {
			recorded = append(recorded, "aws_instance."+d)
		}
		insts = append(insts, &Instance{
			Address: "aws_instance." + name, Mode: "managed", Type: "aws_instance", Name: name,
			Provider: prov, Deps: recorded,
			Attrs: AttrsOf(map[string]any{"id": "i-" + name, "availability_zone": "us-east-1a"}),
		})
	}
	g := graph.New()
	if err := Build(insts, g, Options{File: "t.tfstate", ID: func(a string) string { return strings.TrimPrefix(a, "aws_instance.") }}); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range g.Edges() {
		out = append(out, e.From+">"+e.To)
	}
	slices.Sort(out)
	return out
}

// bothWays runs f with the configuration bit sets and again without them
// (as for a state too large for them): the answers must not differ.
func bothWays(t *testing.T, f func(t *testing.T)) {
	t.Run("bits", f)
	t.Run("maps", func(t *testing.T) {
		old := bitsBudget
		bitsBudget = 0
		defer func() { bitsBudget = old }()
		f(t)
	})
}

func TestReduceTransitiveRecords(t *testing.T) {
	bothWays(t, func(t *testing.T) {
		// a chain recorded as Terraform records it: each resource lists
		// every one before it; only the links remain
		var lines []string
		var want []string
		for i := range 6 {
			var deps []string
			for j := range i {
				deps = append(deps, fmt.Sprintf("n%d", j))
			}
			lines = append(lines, fmt.Sprintf("n%d: %s", i, strings.Join(deps, " ")))
			if i > 0 {
				want = append(want, fmt.Sprintf("n%d>n%d", i, i-1))
			}
		}
		if got := build(t, lines...); !slices.Equal(got, want) {
			t.Errorf("chain edges = %v, want %v", got, want)
		}
		// a diamond: top reaches bottom through both sides
		got := build(t, "top: left right bottom", "left: bottom", "right: bottom", "bottom:")
		want = []string{"left>bottom", "right>bottom", "top>left", "top>right"}
		if !slices.Equal(got, want) {
			t.Errorf("diamond edges = %v, want %v", got, want)
		}
	})
}

func TestReduceKeepsCycles(t *testing.T) {
	bothWays(t, func(t *testing.T) {
		// every resource records every other: one cycle, every edge stays
		got := build(t, "a: b c d", "b: a c d", "c: a b d", "d: a b c")
		if len(got) != 12 {
			t.Errorf("complete graph of 4 kept %d edges, want 12: %v", len(got), got)
		}
		// a ring a→b→c→a recorded without its closure keeps its three
		// edges; x depends on the ring through a and records all of it
		got = build(t, "a: b", "b: c", "c: a", "x: a b c")
		want := []string{"a>b", "b>c", "c>a", "x>a", "x>b", "x>c"}
		if !slices.Equal(got, want) {
			t.Errorf("ring edges = %v, want %v", got, want)
		}
		// a dependency outside the cycle reached through it is dropped
		got = build(t, "a: b z", "b: a z", "z:", "top: a b z")
		want = []string{"a>b", "a>z", "b>a", "b>z", "top>a", "top>b"}
		if !slices.Equal(got, want) {
			t.Errorf("cycle over a tail: edges = %v, want %v", got, want)
		}
	})
}

// TestReduceKeepsReachability builds random recorded dependency graphs
// (cycles included) and checks what the reduction promises: the bit sets
// and the maps agree, and every recorded dependency is still reachable
// from its dependent through the edges kept.
func TestReduceKeepsReachability(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 300 {
		n := 2 + r.IntN(10)
		var lines []string
		recorded := map[string][]string{}
		for i := range n {
			name := fmt.Sprintf("n%d", i)
			var deps []string
			for j := range n {
				if j != i && r.IntN(3) == 0 {
					deps = append(deps, fmt.Sprintf("n%d", j))
				}
			}
			recorded[name] = deps
			lines = append(lines, name+": "+strings.Join(deps, " "))
		}
		got := build(t, lines...)
		old := bitsBudget
		bitsBudget = 0
		maps := build(t, lines...)
		bitsBudget = old
		if !slices.Equal(got, maps) {
			t.Fatalf("round %d: bit sets %v, maps %v\n%s", round, got, maps, strings.Join(lines, "\n"))
		}
		next := map[string][]string{}
		for _, e := range got {
			from, to, _ := strings.Cut(e, ">")
			next[from] = append(next[from], to)
		}
		reaches := func(from, to string) bool {
			seen := map[string]bool{from: true}
			todo := []string{from}
			for len(todo) > 0 {
				v := todo[len(todo)-1]
				todo = todo[:len(todo)-1]
				for _, w := range next[v] {
					if w == to {
						return true
					}
					if !seen[w] {
						seen[w] = true
						todo = append(todo, w)
					}
				}
			}
			return false
		}
		for from, deps := range recorded {
			for _, to := range deps {
				if !reaches(from, to) {
					t.Fatalf("round %d: %s recorded %s but no longer reaches it; edges %v\n%s", round, from, to, got, strings.Join(lines, "\n"))
				}
			}
		}
	}
}

// TestBuildRefusesTooManyInstances: a state of more instances than the
// value index can name is refused with one line before anything is
// built; one at the limit is built.
func TestBuildRefusesTooManyInstances(t *testing.T) {
	defer func(n int) { maxInstances = n }(maxInstances)
	maxInstances = 3
	lines := []string{"a: b", "b:", "c: a"}
	if got := build(t, lines...); !slices.Equal(got, []string{"a>b", "c>a"}) {
		t.Fatalf("three instances at a limit of three: edges %v", got)
	}
	prov, err := ParseProvider(`provider["registry.terraform.io/hashicorp/aws"]`)
	if err != nil {
		t.Fatal(err)
	}
	var insts []*Instance
	for _, name := range []string{"a", "b", "c", "d"} {
		insts = append(insts, &Instance{Address: "aws_instance." + name, Mode: "managed", Type: "aws_instance", Name: name, Provider: prov,
			Attrs: AttrsOf(map[string]any{"id": "i-" + name})})
	}
	g := graph.New()
	err = Build(insts, g, Options{File: "t.tfstate", ID: func(a string) string { return a }})
	if err == nil || err.Error() != "4 resource instances in one state; blast reads at most 3" {
		t.Fatalf("four instances at a limit of three: error %v", err)
	}
	if n := len(g.Nodes()); n != 0 {
		t.Errorf("a refused state left %d nodes in the graph", n)
	}
}

// TestBuildFindsDuplicates: an address found twice is refused, naming
// the first duplicate in input order, whether the two are among one
// resource's instances or in a resource written twice (a module
// instance's too), among few instances or many; a resource in many
// module instances is not one.
func TestBuildFindsDuplicates(t *testing.T) {
	prov, err := ParseProvider(`provider["registry.terraform.io/hashicorp/aws"]`)
	if err != nil {
		t.Fatal(err)
	}
	inst := func(module, name string, key int) *Instance {
		addr := fmt.Sprintf("aws_instance.%s[%d]", name, key)
		if module != "" {
			addr = module + "." + addr
		}
		return &Instance{Address: addr, Module: module, Mode: "managed", Type: "aws_instance", Name: name, Key: key, Provider: prov,
			Attrs: AttrsOf(map[string]any{"id": fmt.Sprintf("i-%s-%s-%d", module, name, key)})}
	}
	// count instances of name, keys from..to-1, in module
	run := func(module, name string, from, to int) []*Instance {
		var out []*Instance
		for k := from; k < to; k++ {
			out = append(out, inst(module, name, k))
		}
		return out
	}
	for _, c := range []struct {
		what  string
		insts []*Instance
		want  string // the duplicate named, "" for none
	}{
		{"distinct", slices.Concat(run("", "a", 0, 3), run("", "b", 0, 40)), ""},
		{"a resource in 60 module instances", func() (out []*Instance) {
			for m := range 60 {
				out = append(out, slices.Concat(run(fmt.Sprintf("module.m[%d]", m), "a", 0, 1), run(fmt.Sprintf("module.m[%d]", m), "b", 0, 2))...)
			}
			return out
		}(), ""},
		{"among a resource's few instances", slices.Concat(run("", "a", 0, 3), run("", "a", 1, 2)), "aws_instance.a[1]"},
		{"among a resource's many instances", slices.Concat(run("", "a", 0, 30), run("", "a", 29, 30), run("", "a", 3, 4)), "aws_instance.a[29]"},
		{"in a resource written twice", slices.Concat(run("", "a", 0, 2), run("", "b", 0, 1), run("", "a", 1, 3)), "aws_instance.a[1]"},
		{"in a resource of many instances written twice", slices.Concat(run("", "a", 0, 20), run("", "b", 0, 1), run("", "a", 20, 25), run("", "a", 7, 8)), "aws_instance.a[7]"},
		{"in a module instance written twice, its resource in 30 others", func() (out []*Instance) {
			for m := range 30 { // each module instance's a, then its b: runs of one
				out = append(out, slices.Concat(run(fmt.Sprintf("module.m[%d]", m), "a", 0, 1), run(fmt.Sprintf("module.m[%d]", m), "b", 0, 1))...)
			}
			return append(out, run("module.m[2]", "a", 0, 1)...)
		}(), "module.m[2].aws_instance.a[0]"},
	} {
		g := graph.New()
		err := Build(c.insts, g, Options{File: "t.tfstate", ID: func(a string) string { return a }})
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.what, err)
		case c.want != "" && (err == nil || err.Error() != "duplicate resource instance "+c.want):
			t.Errorf("%s: error %v, want the duplicate %s", c.what, err, c.want)
		}
	}
}
