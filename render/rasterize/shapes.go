package rasterize

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/srwiley/rasterx"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/blast-dev/blast/render/dejavu"
)

// pt is a point in picture pixels.
type pt struct{ x, y float64 }

// outline is a shape as subpaths of lines and cubic curves, in pixels.
type outline struct {
	subs []subpath
}

type subpath struct {
	start  pt
	segs   []seg
	closed bool
}

// seg is a line (c1, c2 unused) or a cubic curve to end.
type seg struct {
	cubic      bool
	c1, c2, to pt
}

func (o *outline) addTo(a rasterx.Adder) {
	for _, s := range o.subs {
		a.Start(fp(s.start))
		for _, g := range s.segs {
			if g.cubic {
				a.CubeBezier(fp(g.c1), fp(g.c2), fp(g.to))
			} else {
				a.Line(fp(g.to))
			}
		}
		a.Stop(s.closed)
	}
}

func fp(p pt) fixed.Point26_6 { return rasterx.ToFixedP(p.x, p.y) }

// shape draws one element: fill first, then stroke.
func (p *painter) shape(name string, attrs map[string]string, t transform) error {
	var o outline
	switch name {
	case "polygon", "polyline":
		ns := numbers(attrs["points"])
		if len(ns) < 4 {
			return nil
		}
		s := subpath{start: pt{}, closed: name == "polygon"}
		s.start.x, s.start.y = t.apply(ns[0], ns[1])
		for i := 2; i+1 < len(ns); i += 2 {
			x, y := t.apply(ns[i], ns[i+1])
			s.segs = append(s.segs, seg{to: pt{x, y}})
		}
		o.subs = append(o.subs, s)
	case "line":
		s := subpath{}
		s.start.x, s.start.y = t.apply(num(attrs["x1"]), num(attrs["y1"]))
		x, y := t.apply(num(attrs["x2"]), num(attrs["y2"]))
		s.segs = []seg{{to: pt{x, y}}}
		o.subs = append(o.subs, s)
	case "rect":
		x, y, w, h := num(attrs["x"]), num(attrs["y"]), num(attrs["width"]), num(attrs["height"])
		if w <= 0 || h <= 0 {
			return nil
		}
		o = polyOutline(t, [][2]float64{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}})
	case "ellipse", "circle":
		cx, cy := num(attrs["cx"]), num(attrs["cy"])
		rx, ry := num(attrs["rx"]), num(attrs["ry"])
		if name == "circle" {
			rx, ry = num(attrs["r"]), num(attrs["r"])
		}
		if rx <= 0 || ry <= 0 {
			return nil
		}
		o = ellipseOutline(t, cx, cy, rx, ry)
	case "path":
		var err error
		if o, err = pathOutline(attrs["d"], t); err != nil {
			return err
		}
	default:
		return nil
	}
	if len(o.subs) == 0 {
		return nil
	}
	opacity := 1.0
	if v, ok := attrs["opacity"]; ok {
		opacity = num(v)
	}
	if c, ok := paint(attrs, "fill", "black", opacity); ok && name != "polyline" && name != "line" {
		o.addTo(p.filler)
		p.filler.SetColor(c)
		p.filler.Draw()
		p.filler.Clear()
	}
	if c, ok := paint(attrs, "stroke", "none", opacity); ok {
		width := 1.0
		if v, ok := attrs["stroke-width"]; ok {
			width = num(v)
		}
		width *= t.scaleOf()
		if width <= 0 {
			return nil
		}
		var dashes []float64
		if v := attrs["stroke-dasharray"]; v != "" && v != "none" {
			for _, d := range numbers(v) {
				dashes = append(dashes, d*t.scaleOf())
			}
			if len(dashes)%2 == 1 {
				dashes = append(dashes, dashes...)
			}
		}
		p.dasher.SetStroke(fixed.Int26_6(width*64), fixed.Int26_6(4*64), rasterx.ButtCap, nil, rasterx.RoundGap, rasterx.Miter, dashes, 0)
		o.addTo(p.dasher)
		p.dasher.SetColor(c)
		p.dasher.Draw()
		p.dasher.Clear()
	}
	return nil
}

func polyOutline(t transform, pts [][2]float64) outline {
	s := subpath{closed: true}
	for i, q := range pts {
		x, y := t.apply(q[0], q[1])
		if i == 0 {
			s.start = pt{x, y}
			continue
		}
		s.segs = append(s.segs, seg{to: pt{x, y}})
	}
	return outline{subs: []subpath{s}}
}

// ellipseOutline is four cubic quarter arcs.
func ellipseOutline(t transform, cx, cy, rx, ry float64) outline {
	const k = 0.5522847498
	q := func(x, y float64) pt {
		a, b := t.apply(x, y)
		return pt{a, b}
	}
	s := subpath{start: q(cx+rx, cy), closed: true}
	s.segs = []seg{
		{cubic: true, c1: q(cx+rx, cy+k*ry), c2: q(cx+k*rx, cy+ry), to: q(cx, cy+ry)},
		{cubic: true, c1: q(cx-k*rx, cy+ry), c2: q(cx-rx, cy+k*ry), to: q(cx-rx, cy)},
		{cubic: true, c1: q(cx-rx, cy-k*ry), c2: q(cx-k*rx, cy-ry), to: q(cx, cy-ry)},
		{cubic: true, c1: q(cx+k*rx, cy-ry), c2: q(cx+rx, cy-k*ry), to: q(cx+rx, cy)},
	}
	return outline{subs: []subpath{s}}
}

// pathOutline reads path data: M, L, H, V, C, S, Q, Z, absolute or relative.
func pathOutline(d string, t transform) (outline, error) {
	var o outline
	var cur, start, lastCtl pt // in user units
	var s *subpath
	q := func(p pt) pt {
		x, y := t.apply(p.x, p.y)
		return pt{x, y}
	}
	i := 0
	cmd := byte(0)
	prevCubic := false
	for {
		for i < len(d) && (d[i] == ' ' || d[i] == ',' || d[i] == '\n' || d[i] == '\t' || d[i] == '\r') {
			i++
		}
		if i >= len(d) {
			break
		}
		if c := d[i]; (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') {
			if c != 'e' && c != 'E' {
				cmd = c
				i++
				if cmd == 'Z' || cmd == 'z' {
					if s != nil {
						s.closed = true
						o.subs = append(o.subs, *s)
						s = nil
					}
					cur = start
					continue
				}
				continue
			}
		}
		need := map[byte]int{'M': 2, 'L': 2, 'H': 1, 'V': 1, 'C': 6, 'S': 4, 'Q': 4, 'T': 2}
		upper := cmd &^ 0x20
		n, ok := need[upper]
		if !ok {
			return o, fmt.Errorf("svg: path command %q not supported", string(cmd))
		}
		args := make([]float64, 0, n)
		for len(args) < n {
			for i < len(d) && (d[i] == ' ' || d[i] == ',' || d[i] == '\n' || d[i] == '\t' || d[i] == '\r') {
				i++
			}
			j := numberEnd(d, i)
			if j == i {
				return o, fmt.Errorf("svg: path data %q: missing number", shortData(d))
			}
			v, err := strconv.ParseFloat(d[i:j], 64)
			if err != nil {
				return o, fmt.Errorf("svg: path data %q: %w", shortData(d), err)
			}
			args = append(args, v)
			i = j
		}
		rel := cmd != upper
		abs := func(x, y float64) pt {
			if rel {
				return pt{cur.x + x, cur.y + y}
			}
			return pt{x, y}
		}
		isCubic := false
		switch upper {
		case 'M':
			if s != nil {
				o.subs = append(o.subs, *s)
			}
			cur = abs(args[0], args[1])
			start = cur
			s = &subpath{start: q(cur)}
			// further pairs are lines
			if rel {
				cmd = 'l'
			} else {
				cmd = 'L'
			}
		case 'L', 'H', 'V', 'T':
			to := cur
			switch upper {
			case 'L', 'T':
				to = abs(args[0], args[1])
			case 'H':
				to.x = args[0]
				if rel {
					to.x += cur.x
				}
			case 'V':
				to.y = args[0]
				if rel {
					to.y += cur.y
				}
			}
			if s == nil {
				s = &subpath{start: q(cur)}
			}
			s.segs = append(s.segs, seg{to: q(to)})
			cur = to
		case 'C', 'S', 'Q':
			var c1, c2, to pt
			switch upper {
			case 'C':
				c1, c2, to = abs(args[0], args[1]), abs(args[2], args[3]), abs(args[4], args[5])
			case 'S':
				c1 = cur
				if prevCubic {
					c1 = pt{2*cur.x - lastCtl.x, 2*cur.y - lastCtl.y}
				}
				c2, to = abs(args[0], args[1]), abs(args[2], args[3])
			case 'Q':
				qc := abs(args[0], args[1])
				to = abs(args[2], args[3])
				c1 = pt{cur.x + 2.0/3*(qc.x-cur.x), cur.y + 2.0/3*(qc.y-cur.y)}
				c2 = pt{to.x + 2.0/3*(qc.x-to.x), to.y + 2.0/3*(qc.y-to.y)}
			}
			if s == nil {
				s = &subpath{start: q(cur)}
			}
			s.segs = append(s.segs, seg{cubic: true, c1: q(c1), c2: q(c2), to: q(to)})
			lastCtl, cur, isCubic = c2, to, true
		}
		prevCubic = isCubic
	}
	if s != nil {
		o.subs = append(o.subs, *s)
	}
	return o, nil
}

func shortData(d string) string {
	if len(d) > 40 {
		return d[:40] + "..."
	}
	return d
}

// paint reads a fill or stroke colour with its opacity; false for none.
func paint(attrs map[string]string, name, def string, opacity float64) (color.Color, bool) {
	v, ok := attrs[name]
	if !ok {
		v = def
	}
	c, ok := parseColor(v)
	if !ok {
		return nil, false
	}
	if o, ok := attrs[name+"-opacity"]; ok {
		opacity *= num(o)
	}
	if opacity < 1 {
		c.A = uint8(math.Round(float64(c.A) * math.Max(0, opacity)))
	}
	if c.A == 0 {
		return nil, false
	}
	// premultiplied, as image/color wants
	return color.RGBA{R: mul(c.R, c.A), G: mul(c.G, c.A), B: mul(c.B, c.A), A: c.A}, true
}

func mul(v, a uint8) uint8 { return uint8((uint16(v)*uint16(a) + 127) / 255) }

var named = map[string]color.NRGBA{
	"black": {0, 0, 0, 255}, "white": {255, 255, 255, 255}, "red": {255, 0, 0, 255},
	"green": {0, 128, 0, 255}, "blue": {0, 0, 255, 255}, "gray": {128, 128, 128, 255},
	"grey": {128, 128, 128, 255}, "lightgrey": {211, 211, 211, 255}, "transparent": {0, 0, 0, 0},
}

// parseColor reads #rgb, #rrggbb, #rrggbbaa and a few names; false for
// none. An unknown name is black, as Graphviz's own default.
func parseColor(v string) (color.NRGBA, bool) {
	v = strings.TrimSpace(strings.ToLower(v))
	if v == "" || v == "none" {
		return color.NRGBA{}, false
	}
	if c, ok := named[v]; ok {
		return c, c.A > 0
	}
	if strings.HasPrefix(v, "#") {
		h := v[1:]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		if len(h) == 6 {
			h += "ff"
		}
		if n, err := strconv.ParseUint(h, 16, 32); err == nil && len(h) == 8 {
			return color.NRGBA{uint8(n >> 24), uint8(n >> 16), uint8(n >> 8), uint8(n)}, true
		}
	}
	return color.NRGBA{A: 255}, true
}

// textRun is a text element being read.
type textRun struct {
	attrs map[string]string
	t     transform
	s     string
}

// text draws a text element in DejaVu Sans at its baseline.
func (p *painter) text(r *textRun) error {
	s := strings.TrimSpace(r.s)
	if s == "" {
		return nil
	}
	c, ok := paint(r.attrs, "fill", "black", 1)
	if !ok {
		return nil
	}
	size := 14.0
	if v, ok := r.attrs["font-size"]; ok {
		size = length(v)
	}
	px := math.Round(size*r.t.scaleOf()*4) / 4
	if px <= 0 {
		return nil
	}
	w := r.attrs["font-weight"]
	bold := w == "bold" || w == "bolder" || (len(w) == 3 && w >= "600")
	key := faceKey{px, bold}
	f := p.faces[key]
	if f == nil {
		var err error
		if f, err = dejavu.Face(px, bold); err != nil {
			return err
		}
		p.faces[key] = f
	}
	x, y := r.t.apply(num(r.attrs["x"]), num(r.attrs["y"]))
	width := dejavu.Width(s, px, bold)
	switch r.attrs["text-anchor"] {
	case "middle":
		x -= width / 2
	case "end":
		x -= width
	}
	d := font.Drawer{Dst: p.img, Src: image.NewUniform(c), Face: f, Dot: fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(y * 64)}}
	d.DrawString(s)
	return nil
}
