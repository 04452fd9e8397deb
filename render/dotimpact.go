package render

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/blast-dev/blast/graph"
)

func init() {
	Register(ViewImpact, "dot", "Graphviz DOT diagram: clusters by provider, region and zone, nodes coloured by state", impactDOT)
}

// palette is how one state is drawn in every diagram format.
type palette struct {
	fill, border, font, shape, style string
}

var palettes = map[dstate]palette{
	dFailed:   {fill: "#fca5a5", border: "#b91c1c", font: "#450a0a", shape: "box", style: "filled,bold"},
	dDegraded: {fill: "#fde68a", border: "#b45309", font: "#451a03", shape: "box", style: "filled,rounded,dashed"},
	dFrozen:   {fill: "#bfdbfe", border: "#1d4ed8", font: "#172554", shape: "box", style: "filled,diagonals"},
	dHealthy:  {fill: "#ffffff", border: "#94a3b8", font: "#334155", shape: "box", style: "filled,rounded"},
	dUnknown:  {fill: "#f1f5f9", border: "#94a3b8", font: "#475569", shape: "box", style: "filled,rounded,dotted"},
	dDomain:   {fill: "#7f1d1d", border: "#450a0a", font: "#ffffff", shape: "doubleoctagon", style: "filled"},
}

// chainColor is the colour of an edge the failure travelled along.
func chainColor(s dstate) string {
	switch s {
	case dFailed:
		return "#dc2626"
	case dDegraded:
		return "#d97706"
	case dFrozen:
		return "#2563eb"
	}
	return "#475569"
}

var legendOrder = []struct {
	s    dstate
	name string
}{
	{dFailed, "failed"}, {dDegraded, "degraded"}, {dFrozen, "frozen (control plane lost)"},
	{dHealthy, "healthy"}, {dUnknown, "location unknown"}, {dDomain, "failure domain"},
}

func impactDOT(w io.Writer, r *Report) error {
	d, err := buildDiagram(r)
	if err != nil {
		return err
	}
	return writeDOT(w, d)
}

// diagramDOT renders a report's diagram as DOT bytes.
func diagramDOT(r *Report) ([]byte, error) {
	d, err := buildDiagram(r)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := writeDOT(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// dotQuote quotes a DOT string: backslashes and quotes escaped, line
// breaks as \n.
func dotQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func writeDOT(w io.Writer, d *diagram) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph blast {")
	fmt.Fprintf(bw, "  graph [rankdir=LR, newrank=true, compound=true, fontname=\"Helvetica\", labelloc=t, labeljust=l, nodesep=0.18, ranksep=0.5, pad=0.3, bgcolor=\"#ffffff\", label=<%s>];\n", legendHTML(d))
	fmt.Fprintln(bw, "  node [fontname=\"Helvetica\", fontsize=10, margin=\"0.10,0.04\", penwidth=1.2];")
	fmt.Fprintln(bw, "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7, color=\"#94a3b8\", penwidth=0.9];")
	for _, c := range d.clusters {
		writeCluster(bw, c, "  ")
	}
	for _, n := range d.loose {
		writeNode(bw, n, "  ")
	}
	for _, e := range d.edges {
		var attrs []string
		switch e.kind {
		case graph.Soft:
			attrs = append(attrs, "style=dashed")
		case graph.Control:
			attrs = append(attrs, "style=dotted")
		}
		if e.faint {
			attrs = append(attrs, `color="#d5dce5"`, "penwidth=0.6", "arrowsize=0.4")
		}
		if e.chain {
			attrs = append(attrs, "color="+dotQuote(chainColor(e.state)), "penwidth=2.6", "weight=4")
			if e.hops > 1 && e.label == "" {
				attrs = append(attrs, "label="+dotQuote(fmt.Sprintf("%d hops", e.hops)), "fontcolor="+dotQuote(chainColor(e.state)))
			}
		}
		if e.ltail != "" {
			attrs = append(attrs, "ltail="+dotQuote("cluster_"+e.ltail))
		}
		if e.label != "" {
			attrs = append(attrs, "label="+dotQuote(e.label), "fontcolor="+dotQuote(chainColor(e.state)))
		}
		tail := ""
		if len(attrs) > 0 {
			tail = " [" + strings.Join(attrs, ", ") + "]"
		}
		fmt.Fprintf(bw, "  %s -> %s%s;\n", dotQuote(e.from), dotQuote(e.to), tail)
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

var clusterFill = map[string]string{
	"provider": "#ffffff", "region": "#f8fafc", "zone": "#eef2f7", "global": "#f5f3ff",
	"multi-region": "#f0fdfa", "unknown": "#fafafa", "services": "#fefce8",
	"state": "#f8fafc", "team": "#f0f9ff", // --cluster state, team
}

func writeCluster(bw *bufio.Writer, c *dcluster, indent string) {
	fmt.Fprintf(bw, "%ssubgraph %s {\n", indent, dotQuote("cluster_"+c.key))
	in := indent + "  "
	label := c.label
	fill, color, pen, font := clusterFill[c.kind], "#94a3b8", "1", "#334155"
	style := "rounded,filled"
	if c.kind == "unknown" {
		style = "rounded,filled,dashed"
	}
	if c.down != "" {
		label += "  ·  DOWN (" + c.down + ")"
		fill, color, pen, font = "#fee2e2", "#b91c1c", "2.2", "#7f1d1d"
	}
	size := "12"
	if c.kind == "provider" || c.kind == "services" {
		size = "14"
	}
	fmt.Fprintf(bw, "%slabel=%s; labeljust=l; fontsize=%s; fontcolor=%s; style=%s; fillcolor=%s; color=%s; penwidth=%s;\n",
		in, dotQuote(label), size, dotQuote(font), dotQuote(style), dotQuote(fill), dotQuote(color), pen)
	for _, n := range c.nodes {
		writeNode(bw, n, in)
	}
	for _, ch := range c.children {
		writeCluster(bw, ch, in)
	}
	fmt.Fprintf(bw, "%s}\n", indent)
}

func writeNode(bw *bufio.Writer, n *dnode, indent string) {
	p := palettes[n.state]
	shape := p.shape
	if n.count > 1 {
		shape = "box3d"
	}
	attrs := []string{
		"label=" + dotQuote(strings.Join(n.lines, "\n")),
		"shape=" + shape,
		"style=" + dotQuote(p.style),
		"fillcolor=" + dotQuote(p.fill),
		"color=" + dotQuote(p.border),
		"fontcolor=" + dotQuote(p.font),
		"tooltip=" + dotQuote(n.tooltip),
	}
	if n.frozen {
		attrs = append(attrs, "peripheries=2")
	}
	if n.focus {
		attrs = append(attrs, "penwidth=3.5")
	}
	fmt.Fprintf(bw, "%s%s [%s];\n", indent, dotQuote(n.key), strings.Join(attrs, ", "))
}

// legendHTML is the graph label: title, counts, legend and notes as a
// Graphviz HTML-like table.
func legendHTML(d *diagram) string {
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString(`<table border="0" cellborder="0" cellspacing="2" cellpadding="1">`)
	if !d.embedded {
		fmt.Fprintf(&b, `<tr><td align="left"><font point-size="18"><b>%s</b></font></td></tr>`, esc(d.title))
		fmt.Fprintf(&b, `<tr><td align="left"><font point-size="12" color="#334155">%s</font></td></tr>`, esc(d.counts))
	}
	b.WriteString(`<tr><td align="left"><table align="left" border="0" cellborder="0" cellspacing="3" cellpadding="1"><tr>`)
	for _, l := range legendOrder {
		if !d.scenario && l.s != dHealthy && l.s != dUnknown {
			continue
		}
		p := palettes[l.s]
		// the border is the outer cell's colour around the inner one: the
		// PNG renderer draws cell colours but not cell borders, and the
		// healthy swatch is white on white without one
		fmt.Fprintf(&b, `<td bgcolor="%s" width="16" height="12" fixedsize="true"><table border="0" cellborder="0" cellspacing="0" cellpadding="0"><tr><td bgcolor="%s" width="14" height="10" fixedsize="true"> </td></tr></table></td><td align="left"><font point-size="10" color="#334155">%s</font></td>`,
			p.border, p.fill, esc(l.name))
	}
	b.WriteString("</tr></table></td></tr>")
	key := "A → B: A needs B. Thick coloured arrows: how the failure travelled. Dashed: soft dependency; dotted: control plane. A box with a count stands for several nodes."
	if !d.scenario {
		key = "A → B: A needs B. Dashed: soft dependency; dotted: control plane. A box with a count stands for several nodes."
	}
	fmt.Fprintf(&b, `<tr><td align="left"><font point-size="10" color="#475569">%s</font></td></tr>`, esc(key))
	for _, n := range d.notes {
		if d.embedded {
			break
		}
		fmt.Fprintf(&b, `<tr><td align="left"><font point-size="11" color="#92400e">note: %s</font></td></tr>`, esc(n))
	}
	b.WriteString("</table>")
	return b.String()
}
