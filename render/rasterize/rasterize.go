// Package rasterize draws an SVG document as a PNG picture, in pure Go,
// so that a diagram's PNG is the same picture as its SVG: the same
// shapes, borders, dash patterns and text, with the text set in the
// embedded DejaVu Sans the SVG names.
//
// It reads the subset of SVG that Graphviz writes and blast's own header
// uses: svg (width, height, viewBox), g (translate, scale and rotate(0)
// transforms), polygon, polyline, path (absolute and relative M, L, H,
// V, C, Q, Z), rect, ellipse, circle, line and text, with fill,
// stroke, stroke-width, stroke-dasharray, fill-opacity, stroke-opacity
// and opacity as attributes. Titles, anchors' tooltips and unknown
// elements draw nothing.
package rasterize

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/srwiley/rasterx"
	"golang.org/x/image/font"
)

// MaxPixels bounds the picture's size (width × height): a diagram too
// large for it is drawn at a smaller scale.
const MaxPixels = 40_000_000

// PNG draws svg at scale pixels per SVG unit (a Graphviz SVG counts in
// points: 4.0/3 gives 96 dpi) and writes it as PNG.
func PNG(w io.Writer, svg []byte, scale float64) error {
	img, err := Image(svg, scale)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(w, img); err != nil {
		return fmt.Errorf("png: %w", err)
	}
	return nil
}

// transform is an affine map x' = a*x + c*y + e, y' = b*x + d*y + f.
type transform struct{ a, b, c, d, e, f float64 }

var identity = transform{a: 1, d: 1}

func (t transform) apply(x, y float64) (float64, float64) {
	return t.a*x + t.c*y + t.e, t.b*x + t.d*y + t.f
}

// then is t followed by u (u applied to the result of t).
func (t transform) then(u transform) transform {
	return transform{
		a: u.a*t.a + u.c*t.b, b: u.b*t.a + u.d*t.b,
		c: u.a*t.c + u.c*t.d, d: u.b*t.c + u.d*t.d,
		e: u.a*t.e + u.c*t.f + u.e, f: u.b*t.e + u.d*t.f + u.f,
	}
}

// scaleOf is how much t magnifies lengths (for stroke widths and text).
func (t transform) scaleOf() float64 {
	return math.Sqrt(math.Abs(t.a*t.d - t.b*t.c))
}

// painter holds the picture being drawn and the rasterisers that draw it.
type painter struct {
	img    *image.RGBA
	filler *rasterx.Filler
	dasher *rasterx.Dasher
	faces  map[faceKey]font.Face
}

type faceKey struct {
	size float64
	bold bool
}

// Image draws svg at scale pixels per SVG unit on a white background.
func Image(svg []byte, scale float64) (*image.RGBA, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false
	var (
		p     *painter
		stack []transform
		skip  int // depth inside elements whose content draws nothing
		text  *textRun
		cur   = identity
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			attrs := attrMap(t.Attr)
			stack = append(stack, cur)
			if skip > 0 || (p == nil && t.Name.Local != "svg") {
				skip++
				continue
			}
			if tr, ok := attrs["transform"]; ok {
				u, err := parseTransform(tr)
				if err != nil {
					return nil, err
				}
				cur = u.then(cur)
			}
			switch t.Name.Local {
			case "svg":
				if p != nil {
					skip++ // nested documents are not drawn
					continue
				}
				var err error
				p, cur, err = newPainter(attrs, scale)
				if err != nil {
					return nil, err
				}
				stack[len(stack)-1] = cur
			case "title", "desc", "defs", "style", "script", "metadata":
				skip++
			case "text":
				text = &textRun{attrs: attrs, t: cur}
			default:
				if err := p.shape(t.Name.Local, attrs, cur); err != nil {
					return nil, err
				}
			}
		case xml.CharData:
			if text != nil && skip == 0 {
				text.s += string(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			if skip > 0 {
				skip--
			} else if t.Name.Local == "text" && text != nil {
				if err := p.text(text); err != nil {
					return nil, err
				}
				text = nil
			}
			cur = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		}
	}
	if p == nil {
		return nil, fmt.Errorf("svg: no svg element")
	}
	for _, f := range p.faces {
		f.Close()
	}
	return p.img, nil
}

func attrMap(as []xml.Attr) map[string]string {
	m := make(map[string]string, len(as))
	for _, a := range as {
		m[a.Name.Local] = a.Value
	}
	return m
}

// newPainter sizes the picture from the svg element: its viewBox (or
// width and height) times scale, smaller when over MaxPixels.
func newPainter(attrs map[string]string, scale float64) (*painter, transform, error) {
	w, h := length(attrs["width"]), length(attrs["height"])
	vx, vy, vw, vh := 0.0, 0.0, w, h
	if vb := strings.Fields(strings.ReplaceAll(attrs["viewBox"], ",", " ")); len(vb) == 4 {
		vx, vy, vw, vh = num(vb[0]), num(vb[1]), num(vb[2]), num(vb[3])
	}
	if !(vw > 0 && vh > 0) || math.IsInf(vw, 0) || math.IsInf(vh, 0) {
		return nil, identity, fmt.Errorf("svg: no size (width, height or viewBox)")
	}
	if scale <= 0 {
		scale = 1
	}
	if px := vw * vh * scale * scale; px > MaxPixels {
		scale *= math.Sqrt(MaxPixels / px)
	}
	pw, ph := int(math.Ceil(vw*scale)), int(math.Ceil(vh*scale))
	img := image.NewRGBA(image.Rect(0, 0, pw, ph))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	sc := newScanner(img)
	p := &painter{img: img, filler: rasterx.NewFiller(pw, ph, sc), dasher: rasterx.NewDasher(pw, ph, sc), faces: map[faceKey]font.Face{}}
	return p, transform{a: scale, d: scale, e: -vx * scale, f: -vy * scale}, nil
}

// length reads an SVG length in user units (pt and px taken as units).
func length(s string) float64 {
	s = strings.TrimSpace(s)
	for _, u := range []string{"pt", "px"} {
		s = strings.TrimSuffix(s, u)
	}
	return num(s)
}

func num(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return f
}

// parseTransform reads translate, scale, rotate and matrix.
func parseTransform(s string) (transform, error) {
	t := identity
	rest := strings.TrimSpace(s)
	for rest != "" {
		open := strings.IndexByte(rest, '(')
		end := strings.IndexByte(rest, ')')
		if open < 0 || end < open {
			return t, fmt.Errorf("svg: transform %q", s)
		}
		name := strings.TrimSpace(strings.TrimLeft(rest[:open], ", "))
		args := numbers(rest[open+1 : end])
		rest = strings.TrimSpace(rest[end+1:])
		var u transform
		switch {
		case name == "translate" && len(args) >= 1:
			u = identity
			u.e = args[0]
			if len(args) > 1 {
				u.f = args[1]
			}
		case name == "scale" && len(args) >= 1:
			u = transform{a: args[0], d: args[0]}
			if len(args) > 1 {
				u.d = args[1]
			}
		case name == "rotate" && len(args) >= 1:
			r := args[0] * math.Pi / 180
			u = transform{a: math.Cos(r), b: math.Sin(r), c: -math.Sin(r), d: math.Cos(r)}
		case name == "matrix" && len(args) == 6:
			u = transform{args[0], args[1], args[2], args[3], args[4], args[5]}
		default:
			return t, fmt.Errorf("svg: transform %q", s)
		}
		// transforms listed left to right apply right to left
		t = u.then(t)
	}
	return t, nil
}

// numbers reads the numbers of a points list, path data or arguments.
func numbers(s string) []float64 {
	var out []float64
	i := 0
	for i < len(s) {
		c := s[i]
		if c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r' {
			i++
			continue
		}
		j := numberEnd(s, i)
		if j == i {
			i++
			continue
		}
		out = append(out, num(s[i:j]))
		i = j
	}
	return out
}

// numberEnd is where the number starting at i ends.
func numberEnd(s string, i int) int {
	j := i
	if j < len(s) && (s[j] == '-' || s[j] == '+') {
		j++
	}
	dot, exp := false, false
	for j < len(s) {
		c := s[j]
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && !exp:
			dot = true
		case (c == 'e' || c == 'E') && !exp && j > i:
			exp = true
			if j+1 < len(s) && (s[j+1] == '-' || s[j+1] == '+') {
				j++
			}
		default:
			return j
		}
		j++
	}
	return j
}
