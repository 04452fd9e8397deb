package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/blast-dev/blast/graph"
)

func init() {
	Register(ViewGraph, "dot", "Graphviz DOT of every node and edge", graphDOT)
}

func quote(s string) string { return strconv.Quote(s) }

func graphDOT(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph blast {")
	fmt.Fprintln(bw, "  rankdir=LR;")
	fmt.Fprintln(bw, "  node [shape=box, fontname=\"Helvetica\", fontsize=10];")
	for _, n := range r.Graph.Nodes() {
		style := ""
		if n.Mode == graph.ModeData {
			style = ", style=dashed"
		}
		fmt.Fprintf(bw, "  %s [label=%s, tooltip=%s%s];\n", quote(n.ID), quote(n.Label()+"\n"+Location(n, r.Analyzer.ScopeOf(n.ID))), quote(n.Type), style)
	}
	for _, e := range r.Graph.Edges() {
		attrs := ""
		switch e.Kind {
		case graph.Soft:
			attrs = " [style=dashed]"
		case graph.Control:
			attrs = " [style=dotted]"
		}
		fmt.Fprintf(bw, "  %s -> %s%s;\n", quote(e.From), quote(e.To), attrs)
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}
