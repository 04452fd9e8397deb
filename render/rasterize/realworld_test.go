package rasterize

import (
	"encoding/xml"
	"image"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRealGraphvizSVGs rasterises SVGs Graphviz wrote for other people's
// Terraform graphs (fixtures/realworld/diagrams, SOURCES.md): every node
// border and ellipse is drawn, every arrowhead filled, every label inked
// inside its node, the background white.
func TestRealGraphvizSVGs(t *testing.T) {
	dir := filepath.Join("..", "..", "fixtures", "realworld", "diagrams")
	files, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	if len(files) < 3 {
		t.Fatalf("want the three real SVGs in %s, found %d", dir, len(files))
	}
	const scale = 4.0 / 3
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			svg, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			img, err := Image(svg, scale)
			if err != nil {
				t.Fatal(err)
			}
			doc := parseGraphviz(t, svg)
			if b := img.Bounds(); b.Dx() != int(math.Ceil(doc.w*scale)) || b.Dy() != int(math.Ceil(doc.h*scale)) {
				t.Errorf("picture is %v, want %.0fx%.0f", b, math.Ceil(doc.w*scale), math.Ceil(doc.h*scale))
			}
			px := func(x, y float64) (int, int) {
				return int(math.Floor((x + doc.tx) * scale)), int(math.Floor((y + doc.ty) * scale))
			}
			if c := img.RGBAAt(1, 1); c.R != 255 || c.G != 255 || c.B != 255 {
				t.Errorf("background at 1,1 is %v", c)
			}
			if len(doc.nodes) == 0 {
				t.Fatal("no node read")
			}
			for _, n := range doc.nodes {
				x, y := px(n.edge.x, n.edge.y)
				if !darkNear(img, x, y) {
					t.Errorf("node %q: no border drawn at %d,%d", n.title, x, y)
				}
				x0, y0 := px(n.box[0], n.box[1])
				x1, y1 := px(n.box[2], n.box[3])
				if !inkInside(img, image.Rect(x0+3, y0+3, x1-3, y1-3)) {
					t.Errorf("node %q: no label drawn inside %d,%d-%d,%d", n.title, x0, y0, x1, y1)
				}
			}
			for _, a := range doc.arrows {
				x, y := px(a.x, a.y)
				if !darkNear(img, x, y) {
					t.Errorf("arrowhead at %d,%d not filled", x, y)
				}
			}
		})
	}
}

type gvNode struct {
	title string
	edge  struct{ x, y float64 } // a point on its border
	box   [4]float64             // x0, y0, x1, y1
}

type gvDoc struct {
	w, h, tx, ty float64
	nodes        []gvNode
	arrows       []struct{ x, y float64 } // arrowhead centroids
}

var translateRe = regexp.MustCompile(`translate\(([-0-9.]+) ([-0-9.]+)\)`)

// parseGraphviz reads what the test checks from a Graphviz SVG: its size,
// the graph's translation, each node's first shape and each edge's
// arrowhead.
func parseGraphviz(t *testing.T, svg []byte) gvDoc {
	t.Helper()
	var d gvDoc
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	dec.Strict = false
	var class, title string
	inTitle, shaped := false, false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch e := tok.(type) {
		case xml.StartElement:
			a := attrMap(e.Attr)
			switch e.Name.Local {
			case "svg":
				if vb := strings.Fields(a["viewBox"]); len(vb) == 4 {
					d.w, d.h = num(vb[2]), num(vb[3])
				}
			case "g":
				if m := translateRe.FindStringSubmatch(a["transform"]); m != nil {
					d.tx, d.ty = num(m[1]), num(m[2])
				}
				if a["class"] != "" {
					class, shaped = a["class"], false
				}
			case "title":
				inTitle = true
			case "polygon":
				ns := numbers(a["points"])
				if len(ns) < 6 {
					continue
				}
				if class == "node" && !shaped {
					n := gvNode{title: title}
					n.edge.x, n.edge.y = (ns[0]+ns[2])/2, (ns[1]+ns[3])/2
					n.box = [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
					for i := 0; i+1 < len(ns); i += 2 {
						n.box[0], n.box[2] = math.Min(n.box[0], ns[i]), math.Max(n.box[2], ns[i])
						n.box[1], n.box[3] = math.Min(n.box[1], ns[i+1]), math.Max(n.box[3], ns[i+1])
					}
					d.nodes = append(d.nodes, n)
					shaped = true
				} else if class == "edge" {
					// the arrowhead: a filled triangle (4 points, closed)
					d.arrows = append(d.arrows, struct{ x, y float64 }{(ns[0] + ns[2] + ns[4]) / 3, (ns[1] + ns[3] + ns[5]) / 3})
				}
			case "ellipse":
				if class == "node" && !shaped {
					cx, cy, rx, ry := num(a["cx"]), num(a["cy"]), num(a["rx"]), num(a["ry"])
					n := gvNode{title: title, box: [4]float64{cx - rx*0.7, cy - ry*0.7, cx + rx*0.7, cy + ry*0.7}}
					n.edge.x, n.edge.y = cx, cy-ry
					d.nodes = append(d.nodes, n)
					shaped = true
				}
			}
		case xml.CharData:
			if inTitle {
				title = string(e)
			}
		case xml.EndElement:
			if e.Name.Local == "title" {
				inTitle = false
			}
		}
	}
	return d
}

// darkNear says whether a pixel within one of x, y is dark.
func darkNear(img *image.RGBA, x, y int) bool {
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			c := img.RGBAAt(x+dx, y+dy)
			if int(c.R)+int(c.G)+int(c.B) < 3*128 {
				return true
			}
		}
	}
	return false
}

// inkInside says whether r holds a dark pixel.
func inkInside(img *image.RGBA, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if int(c.R)+int(c.G)+int(c.B) < 3*100 {
				return true
			}
		}
	}
	return false
}
