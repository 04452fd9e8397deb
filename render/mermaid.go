package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/blast-dev/blast/graph"
)

func init() {
	Register(ViewImpact, "mermaid", "Mermaid flowchart of the impact diagram (pastes into Markdown on GitHub)", diagramMermaid)
	Register(ViewGraph, "mermaid", "Mermaid flowchart of the graph, clustered by provider, region and zone", diagramMermaid)
}

// mermaidText escapes a label for a quoted Mermaid node or subgraph
// title: entity codes for the characters Mermaid gives meaning to.
func mermaidText(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "&", "#amp;", "#", "#35;", "\n", " ", "`", "#96;")
	return r.Replace(s)
}

func diagramMermaid(w io.Writer, r *Report) error {
	d, err := buildDiagram(r)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "---")
	fmt.Fprintf(bw, "title: %q\n", d.title+" "+d.counts)
	fmt.Fprintln(bw, "---")
	fmt.Fprintln(bw, "flowchart LR")
	for _, n := range d.notes {
		fmt.Fprintf(bw, "  %%%% note: %s\n", strings.ReplaceAll(n, "\n", " "))
	}
	ids := map[string]string{}
	next := 0
	id := func(key string) string {
		if v, ok := ids[key]; ok {
			return v
		}
		v := fmt.Sprintf("n%d", next)
		next++
		ids[key] = v
		return v
	}
	var clusterStyles []string
	cl := 0
	var writeCluster func(c *dcluster, indent string)
	writeNode := func(n *dnode, indent string) {
		lines := make([]string, len(n.lines))
		for i, l := range n.lines {
			lines[i] = mermaidText(l)
		}
		open, close := `["`, `"]`
		if n.state == dDomain {
			open, close = `{{"`, `"}}`
		}
		fmt.Fprintf(bw, "%s%s%s%s%s:::%s\n", indent, id(n.key), open, strings.Join(lines, "<br/>"), close, n.state)
	}
	writeCluster = func(c *dcluster, indent string) {
		cid := fmt.Sprintf("c%d", cl)
		cl++
		label := c.label
		style := fmt.Sprintf("  style %s fill:%s,stroke:#94a3b8", cid, clusterFill[c.kind])
		if c.down != "" {
			label += " · DOWN (" + c.down + ")"
			style = fmt.Sprintf("  style %s fill:#fee2e2,stroke:#b91c1c,stroke-width:2px", cid)
		}
		clusterStyles = append(clusterStyles, style)
		fmt.Fprintf(bw, "%ssubgraph %s[\"%s\"]\n", indent, cid, mermaidText(label))
		for _, n := range c.nodes {
			writeNode(n, indent+"  ")
		}
		for _, ch := range c.children {
			writeCluster(ch, indent+"  ")
		}
		fmt.Fprintf(bw, "%send\n", indent)
	}
	for _, c := range d.clusters {
		writeCluster(c, "  ")
	}
	for _, n := range d.loose {
		writeNode(n, "  ")
	}
	var styles []string
	for i, e := range d.edges {
		arrow := "-->"
		switch {
		case e.chain:
			arrow = "==>"
		case e.kind == graph.Soft || e.kind == graph.Control:
			arrow = "-.->"
		}
		label := e.label
		if label == "" && e.hops > 1 {
			label = fmt.Sprintf("%d hops", e.hops)
		}
		if label != "" {
			arrow += `|"` + mermaidText(label) + `"|`
		}
		fmt.Fprintf(bw, "  %s %s %s\n", id(e.from), arrow, id(e.to))
		if e.faint {
			styles = append(styles, fmt.Sprintf("  linkStyle %d stroke:#d5dce5,stroke-width:1px", i))
		}
		if e.chain {
			// the pattern says what the chain did, as in the SVG:
			// failed solid, degraded dashed, frozen dotted
			dash := ""
			switch chainStyle(e.state) {
			case "dashed":
				dash = ",stroke-dasharray:6 3"
			case "dotted":
				dash = ",stroke-dasharray:2 3"
			}
			styles = append(styles, fmt.Sprintf("  linkStyle %d stroke:%s,stroke-width:3px%s", i, chainColor(e.state), dash))
		}
	}
	for _, s := range styles {
		fmt.Fprintln(bw, s)
	}
	for _, l := range legendOrder {
		p := palettes[l.s]
		extra := ""
		switch l.s {
		case dDegraded, dUnknown:
			extra = ",stroke-dasharray:4 3"
		case dFailed:
			extra = ",stroke-width:2px"
		}
		fmt.Fprintf(bw, "  classDef %s fill:%s,stroke:%s,color:%s%s\n", l.s, p.fill, p.border, p.font, extra)
	}
	for _, s := range clusterStyles {
		fmt.Fprintln(bw, s)
	}
	return bw.Flush()
}
