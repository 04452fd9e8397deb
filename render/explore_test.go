package render_test

import (
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/render"
)

// ExploreDiagram draws every node (but data sources) once, whatever the scenario of the
// report: each graph node is in exactly one drawn box, and each box is a
// node of the SVG, found by its title.
func TestExploreDiagram(t *testing.T) {
	for _, n := range []int{0, 600} {
		r := report(t, "aws:us-east-1", render.DiagramOptions{})
		if n > 0 {
			g := bigGraph(t, n)
			r = &render.Report{Graph: g, Analyzer: analyzer.New(g, nil)}
		}
		svg, boxes, err := render.ExploreDiagram(r)
		if err != nil {
			t.Fatal(err)
		}
		titles := svgTitles(t, svg)
		seen := map[string]string{}
		for key, ids := range boxes {
			if !titles[key] {
				t.Errorf("box %q is not a node of the svg", key)
			}
			for _, id := range ids {
				if other, ok := seen[id]; ok {
					t.Errorf("%s is in boxes %q and %q", id, other, key)
				}
				seen[id] = key
			}
		}
		targets := 0
		for _, node := range r.Graph.Nodes() {
			if !node.Target() {
				continue // data sources are not drawn
			}
			targets++
			if _, ok := seen[node.ID]; !ok {
				t.Errorf("%s is in no box", node.ID)
			}
		}
		if n > 0 && len(boxes) > render.DefaultMaxNodes {
			t.Errorf("%d nodes drawn as %d boxes: not collapsed", n, len(boxes))
		}
		if n == 0 && len(boxes) != targets {
			t.Errorf("the small graph: %d boxes for %d nodes", len(boxes), targets)
		}
	}
}
