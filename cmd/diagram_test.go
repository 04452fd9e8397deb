package cmd

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/render/dejavu"
)

var updateDiagrams = flag.Bool("update-diagrams", false, "rewrite the diagram SVGs under fixtures/diagrams (review them as PNG first)")

// diagramCases are the pictures a reader sees first: the demo's default
// view (services), its full view, and a 5,000-resource generated state.
func diagramCases(t *testing.T) []struct {
	name string
	args []string
} {
	t.Helper()
	state := filepath.Join(t.TempDir(), "gen5k.tfstate")
	f, err := os.Create(state)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Write(f, synth.Options{Resources: 5000, Seed: 1, Regions: 4}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return []struct {
		name string
		args []string
	}{
		{"demo-us-east-1.svg", []string{"whatif", "--down", "aws:us-east-1", "--format", "svg"}},
		{"demo-us-east-1-all.svg", []string{"whatif", "--down", "aws:us-east-1", "--view", "all", "--format", "svg"}},
		{"gen5k-us-east-1.svg", []string{"whatif", "--down", "aws:us-east-1", "--format", "svg", state}},
		{"gen5k-us-east-1-impact.svg", []string{"whatif", "--down", "aws:us-east-1", "--view", "impact", "--format", "svg", state}},
	}
}

// TestDiagramGoldens compares the diagrams with the reviewed SVGs in
// fixtures/diagrams, and holds every one to its text: no label runs out
// of its box.
func TestDiagramGoldens(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a 5,000-resource state")
	}
	dir := filepath.Join(moduleRoot(t), "fixtures", "diagrams")
	for _, c := range diagramCases(t) {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := runBlast(c.args...)
			if code != 0 {
				t.Fatalf("blast %v: exit %d: %s", c.args, code, errOut)
			}
			for _, p := range overflows(t, []byte(out)) {
				t.Error(p)
			}
			path := filepath.Join(dir, c.name)
			if *updateDiagrams {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./cmd -run TestDiagramGoldens -update-diagrams writes it; look at it first)", err)
			}
			if !bytes.Equal(want, []byte(out)) {
				t.Errorf("%s differs from the reviewed diagram (rasterise both and look; -update-diagrams rewrites it)", c.name)
			}
		})
	}
}

// TestDiagramPNGIsTheSVG: the PNG is the SVG rasterised, at 96 dpi: its
// size follows the SVG's, and the borders the old renderer dropped (the
// DOWN cluster's dark red outline) are in it.
func TestDiagramPNGIsTheSVG(t *testing.T) {
	svg, errOut, code := runBlast("whatif", "--down", "aws:us-east-1", "--format", "svg")
	if code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code := runBlast("whatif", "--down", "aws:us-east-1", "--format", "png")
	if code != 0 {
		t.Fatal(errOut)
	}
	img, err := png.Decode(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatal("svg has no size in points")
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	b := img.Bounds()
	if math.Abs(float64(b.Dx())-math.Ceil(w*4/3)) > 1 || math.Abs(float64(b.Dy())-math.Ceil(h*4/3)) > 1 {
		t.Errorf("png is %dx%d, svg %.0fx%.0f pt (want 4/3 of it)", b.Dx(), b.Dy(), w, h)
	}
	border := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 > 0xa0 && r>>8 < 0xd0 && g>>8 < 0x40 && bl>>8 < 0x40 { // #b91c1c
				border++
			}
		}
	}
	if border < 200 {
		t.Errorf("png has %d pixels of the DOWN border colour", border)
	}
}

// box is an axis-aligned rectangle in SVG units.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) holds(o box, slack float64) bool {
	return o.x0 >= b.x0-slack && o.x1 <= b.x1+slack && o.y0 >= b.y0-slack && o.y1 <= b.y1+slack
}

// overflows lists the texts of an SVG diagram that run out of their
// node's shape or their cluster's outline, measured in DejaVu Sans (the
// font the SVG names first), and header texts wider than the picture.
func overflows(t *testing.T, svg []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	type group struct {
		class, title string
		shape        box
		hasShape     bool
		texts        []box
		words        []string
	}
	var (
		stack   []*group
		inText  bool
		attrs   map[string]string
		text    string
		width   float64
		probs   []string
		checked int
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("svg does not parse: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			a := map[string]string{}
			for _, at := range e.Attr {
				a[at.Name.Local] = at.Value
			}
			switch e.Name.Local {
			case "svg":
				width, _ = strconv.ParseFloat(strings.TrimSuffix(a["width"], "pt"), 64)
			case "g":
				// a tooltip's inner group (no class) belongs to its node
				if a["class"] == "" && len(stack) > 0 {
					stack = append(stack, stack[len(stack)-1])
				} else {
					stack = append(stack, &group{class: a["class"]})
				}
			case "polygon", "path":
				if g := top(stack); g != nil && (g.class == "node" || g.class == "cluster") && !g.hasShape && a["fill"] != "none" {
					g.shape, g.hasShape = outline(a), true
				}
			case "text":
				inText, attrs, text = true, a, ""
			}
		case xml.CharData:
			if inText {
				text += string(e)
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "title":
			case "text":
				inText = false
				s := strings.TrimSpace(text)
				if s == "" {
					continue
				}
				size, _ := strconv.ParseFloat(attrs["font-size"], 64)
				x, _ := strconv.ParseFloat(attrs["x"], 64)
				y, _ := strconv.ParseFloat(attrs["y"], 64)
				w := dejavu.Width(s, size, attrs["font-weight"] == "bold")
				switch attrs["text-anchor"] {
				case "middle":
					x -= w / 2
				case "end":
					x -= w
				}
				// ascent and descent of DejaVu Sans: 0.93 and 0.24 em
				tb := box{x, y - 0.93*size, x + w, y + 0.24*size}
				if g := top(stack); g != nil && (g.class == "node" || g.class == "cluster") {
					g.texts = append(g.texts, tb)
					g.words = append(g.words, s)
				} else if g != nil && g.class == "header" && tb.x1 > width {
					probs = append(probs, fmt.Sprintf("header text %q ends at %.1f, past the picture's width %.1f", s, tb.x1, width))
				}
			case "g":
				g := top(stack)
				stack = stack[:len(stack)-1]
				if g == nil || !g.hasShape || (len(stack) > 0 && top(stack) == g) {
					continue
				}
				for i, tb := range g.texts {
					checked++
					if !g.shape.holds(tb, 0.5) {
						probs = append(probs, fmt.Sprintf("%s text %q spans x %.1f..%.1f, y %.1f..%.1f; its box x %.1f..%.1f, y %.1f..%.1f",
							g.class, g.words[i], tb.x0, tb.x1, tb.y0, tb.y1, g.shape.x0, g.shape.x1, g.shape.y0, g.shape.y1))
					}
				}
			}
		}
	}
	if checked == 0 {
		probs = append(probs, "no text in a node or cluster box: is this a Graphviz SVG?")
	}
	return probs
}

func top[T any](s []*T) *T {
	if len(s) == 0 {
		return nil
	}
	return s[len(s)-1]
}

// outline is the bounding box of a polygon's points or a path's numbers.
func outline(a map[string]string) box {
	s := a["points"]
	if s == "" {
		s = strings.Map(func(r rune) rune {
			if (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') {
				return ' '
			}
			return r
		}, a["d"])
	}
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	var nums []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		v, err := strconv.ParseFloat(f, 64)
		if err == nil {
			nums = append(nums, v)
		}
	}
	for i := 0; i+1 < len(nums); i += 2 {
		b.x0, b.x1 = min(b.x0, nums[i]), max(b.x1, nums[i])
		b.y0, b.y1 = min(b.y0, nums[i+1]), max(b.y1, nums[i+1])
	}
	return b
}
