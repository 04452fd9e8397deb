package render

import (
	"bytes"

	"github.com/goccy/go-graphviz"
)

// ExploreDiagram lays out the diagram of every node of r's graph (data
// sources aside, as the graph view draws them) once,
// for the page blast explore writes, with r.Diagram's clustering and
// collapse (as --format svg draws the graph view): the page restyles
// the drawn nodes per scenario instead of laying out again. It returns
// the SVG, ready to sit inside HTML, and for each drawn node (the text
// of its SVG <title>) the IDs of the graph nodes it stands for.
func ExploreDiagram(r *Report) ([]byte, map[string][]string, error) {
	plain := *r
	plain.Result = nil
	plain.Diagram.View = "all"
	plain.Diagram.Focus = ""
	d, err := buildDiagram(&plain)
	if err != nil {
		return nil, nil, err
	}
	var dot bytes.Buffer
	if err := writeDOT(&dot, d, false); err != nil { // the page draws its own legend
		return nil, nil, err
	}
	svg, err := layout(dot.Bytes(), graphviz.SVG)
	if err != nil {
		return nil, nil, err
	}
	boxes := make(map[string][]string, len(d.nodes))
	for _, dn := range d.nodes {
		boxes[dn.key] = dn.members
	}
	return inlineSVG(svg), boxes, nil
}
