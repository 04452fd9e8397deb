package render

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// reference is how writeJSON wrote JSON before encodeIndented.
func reference(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "error: " + err.Error()
	}
	return b.String()
}

func randomValue(r *rand.Rand, depth int) any {
	switch k := r.IntN(9); {
	case depth > 4 || k < 3:
		strs := []string{"", "a", `q"uote`, `back\slash`, "tab\tnew\nline", "<&>", "ünï ☃ \u2028", `{"nested":[1,2]}`, "[]", "{}", ",:"}
		return strs[r.IntN(len(strs))]
	case k == 3:
		return r.Float64()*2000 - 1000
	case k == 4:
		return r.IntN(2) == 0
	case k == 5:
		return nil
	case k == 6:
		n := r.IntN(4)
		l := make([]any, n)
		for i := range l {
			l[i] = randomValue(r, depth+1)
		}
		return l
	default:
		n := r.IntN(4)
		m := map[string]any{}
		for i := 0; i < n; i++ {
			m[string(rune('a'+r.IntN(26)))+`"k\`] = randomValue(r, depth+1)
		}
		return m
	}
}

func TestEncodeIndented(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	values := []any{nil, 1, "x", []any{}, map[string]any{}, []any{[]any{}, map[string]any{}},
		struct {
			A []int            `json:"a"`
			B map[string]int   `json:"b"`
			C *struct{ D int } `json:"c"`
		}{A: []int{}, B: map[string]int{}}}
	var big []any
	for i := 0; i < 2000; i++ {
		v := randomValue(r, 0)
		values = append(values, v)
		big = append(big, v, strings.Repeat(",\\\",", i%50), map[string]any{"k,": []any{v, "a,b"}})
	}
	values = append(values, big, map[string]any{"nodes": big, "x": []any{big}}) // cut in pieces
	for _, v := range values {
		var b strings.Builder
		if err := encodeIndented(&b, v); err != nil {
			t.Fatal(err)
		}
		if want := reference(v); b.String() != want {
			t.Fatalf("for %#v:\ngot  %q\nwant %q", v, b.String(), want)
		}
	}
}

func TestWriteJSONLists(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	type doc struct {
		Head  map[string]any `json:"head"`
		Nodes []any          `json:"nodes"`
		Opt   []any          `json:"opt,omitempty"`
		Mid   []any          `json:"mid"`
		Edges []any          `json:"edges"`
		Tail  string         `json:"tail"`
	}
	for _, n := range []int{0, 1, 2, listChunk - 1, listChunk, listChunk + 1, 3*listChunk + 7} {
		nodes, edges, opt := make([]any, n), make([]any, n/2), make([]any, n/3)
		for i := range opt {
			opt[i] = []any{i, randomValue(r, 1)}
		}
		for i := range nodes {
			nodes[i] = randomValue(r, 0)
		}
		for i := range edges {
			edges[i] = map[string]any{"from": "<a>", "to": []any{i, randomValue(r, 1)}, "nodes": []any{}}
		}
		// "nodes": [] inside the head and the elements is not the top-level list
		head := map[string]any{"nodes": []any{}, "x": randomValue(r, 0)}
		want := reference(doc{Head: head, Nodes: nodes, Opt: opt, Mid: []any{1, "<&>"}, Edges: edges, Tail: "end"})
		var b strings.Builder
		err := writeJSONLists(&b, doc{Head: head, Nodes: []any{}, Mid: []any{1, "<&>"}, Edges: []any{}, Tail: "end"},
			list("nodes", nodes), omitted(list("opt", opt), "mid"), list("edges", edges))
		if err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Fatalf("%d nodes:\ngot  %.2000q\nwant %.2000q", n, b.String(), want)
		}
	}
	// a key the document does not hold as an empty list is an error
	if err := writeJSONLists(io.Discard, doc{Nodes: []any{1}}, list("nodes", []int{1})); err == nil {
		t.Errorf("a filled list: no error")
	}
	// a list left out must have a key to go before
	if err := writeJSONLists(io.Discard, doc{Nodes: []any{}}, omitted(list("opt", []int{1}), "none")); err == nil {
		t.Errorf("a left-out list without its next key: no error")
	}
}
