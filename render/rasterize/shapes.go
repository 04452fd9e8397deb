package rasterize

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
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
		p.fill(o, c)
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
		p.stroke(o, c, width, dashes)
	}
	return nil
}

// edgeBand is how far (pixels) from its bounding box a large fill's
// outline may stray for the fill to be drawn as a flat inner rectangle
// plus four rasterised bands: clusters are rounded rectangles, and
// rasterising a picture-sized box costs a pass over every pixel.
const edgeBand = 12

// fill paints the outline's inside in c.
func (p *painter) fill(o outline, c color.Color) {
	o.addTo(p.filler)
	p.filler.SetColor(c)
	if inner, ok := o.innerRect(); ok {
		draw.Draw(p.img, inner, image.NewUniform(c), image.Point{}, draw.Over)
		sc := p.filler.Scanner.(*scanner)
		sc.clips = []image.Rectangle{
			image.Rect(math.MinInt32/2, math.MinInt32/2, math.MaxInt32/2, inner.Min.Y), // above
			image.Rect(math.MinInt32/2, inner.Max.Y, math.MaxInt32/2, math.MaxInt32/2), // below
			image.Rect(math.MinInt32/2, inner.Min.Y, inner.Min.X, inner.Max.Y),         // left
			image.Rect(inner.Max.X, inner.Min.Y, math.MaxInt32/2, inner.Max.Y),         // right
		}
		p.filler.Draw()
		sc.clips = nil
	} else {
		p.filler.Draw()
	}
	p.filler.Clear()
}

// innerRect is, for a large outline that keeps within edgeBand of its
// bounding box (a rectangle, rounded or not), the pixel rectangle that
// lies surely inside it.
func (o outline) innerRect() (image.Rectangle, bool) {
	if len(o.subs) != 1 { // a fill closes its outline, closed or not
		return image.Rectangle{}, false
	}
	sp := o.subs[0]
	pts := []pt{sp.start}
	for _, g := range sp.segs {
		if g.cubic {
			pts = append(pts, g.c1, g.c2)
		}
		pts = append(pts, g.to)
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, q := range pts {
		x0, y0, x1, y1 = math.Min(x0, q.x), math.Min(y0, q.y), math.Max(x1, q.x), math.Max(y1, q.y)
	}
	if x1-x0 < 8*edgeBand || y1-y0 < 8*edgeBand {
		return image.Rectangle{}, false
	}
	for _, q := range pts {
		if q.x-x0 > edgeBand && x1-q.x > edgeBand && q.y-y0 > edgeBand && y1-q.y > edgeBand {
			return image.Rectangle{}, false
		}
	}
	// sides must be met along their length: each side of the box holds
	// a point within edgeBand of both its ends, as a rectangle's corners
	corners := [4]bool{}
	for _, q := range pts {
		for i, c := range []pt{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}} {
			if math.Abs(q.x-c.x) <= edgeBand && math.Abs(q.y-c.y) <= edgeBand {
				corners[i] = true
			}
		}
	}
	if corners != [4]bool{true, true, true, true} {
		return image.Rectangle{}, false
	}
	return image.Rect(int(math.Ceil(x0+edgeBand)), int(math.Ceil(y0+edgeBand)), int(math.Floor(x1-edgeBand)), int(math.Floor(y1-edgeBand))), true
}

// bigStroke is the bounding-box side (pixels) beyond which a stroke is
// drawn segment by segment: the rasteriser sweeps a path's whole box,
// and a long edge's box is most of the picture.
const bigStroke = 192

// stroke draws the outline's strokes. A small subpath (a node's border)
// is stroked whole, with its joins; a long one (an edge across the
// picture) one segment at a time, round-capped so the pieces meet, the
// dash pattern carried on from piece to piece.
func (p *painter) stroke(o outline, c color.Color, width float64, dashes []float64) {
	p.dasher.SetColor(c)
	for _, sp := range o.subs {
		if !sp.big() {
			p.dasher.SetStroke(fixed.Int26_6(width*64), fixed.Int26_6(4*64), rasterx.ButtCap, nil, rasterx.RoundGap, rasterx.Miter, dashes, 0)
			(&outline{subs: []subpath{sp}}).addTo(p.dasher)
			p.dasher.Draw()
			p.dasher.Clear()
			continue
		}
		capping := rasterx.RoundCap
		if len(dashes) > 0 {
			capping = rasterx.ButtCap
		}
		from, walked := sp.start, 0.0
		segs := sp.segs
		if sp.closed && len(segs) > 0 && segs[len(segs)-1].to != sp.start {
			segs = append(segs[:len(segs):len(segs)], seg{to: sp.start})
		}
		var pieces []seg
		prev := from
		for _, g := range segs {
			pieces = g.split(prev, pieces)
			prev = g.to
		}
		for _, g := range pieces {
			p.dasher.SetStroke(fixed.Int26_6(width*64), fixed.Int26_6(4*64), capping, nil, rasterx.RoundGap, rasterx.Miter, dashes, walked)
			(&outline{subs: []subpath{{start: from, segs: []seg{g}}}}).addTo(p.dasher)
			p.dasher.Draw()
			p.dasher.Clear()
			walked += g.length(from)
			from = g.to
		}
	}
}

// split halves a segment until each piece's box has a small area,
// appending the pieces to out.
func (g seg) split(from pt, out []seg) []seg {
	x0, x1 := math.Min(from.x, g.to.x), math.Max(from.x, g.to.x)
	y0, y1 := math.Min(from.y, g.to.y), math.Max(from.y, g.to.y)
	if g.cubic {
		x0, x1 = math.Min(x0, math.Min(g.c1.x, g.c2.x)), math.Max(x1, math.Max(g.c1.x, g.c2.x))
		y0, y1 = math.Min(y0, math.Min(g.c1.y, g.c2.y)), math.Max(y1, math.Max(g.c1.y, g.c2.y))
	}
	// a straight run along an axis has a thin box: kept whole (seams
	// between pieces show)
	if (x1-x0)*(y1-y0) <= bigStroke*bigStroke/4 {
		return append(out, g)
	}
	mid := func(a, b pt) pt { return pt{(a.x + b.x) / 2, (a.y + b.y) / 2} }
	if !g.cubic {
		m := mid(from, g.to)
		out = seg{to: m}.split(from, out)
		return seg{to: g.to}.split(m, out)
	}
	// de Casteljau at one half
	a, b, c := mid(from, g.c1), mid(g.c1, g.c2), mid(g.c2, g.to)
	d, e := mid(a, b), mid(b, c)
	m := mid(d, e)
	out = seg{cubic: true, c1: a, c2: d, to: m}.split(from, out)
	return seg{cubic: true, c1: e, c2: c, to: g.to}.split(m, out)
}

// big says whether the subpath's bounding box is large.
func (sp subpath) big() bool {
	x0, y0, x1, y1 := sp.start.x, sp.start.y, sp.start.x, sp.start.y
	for _, g := range sp.segs {
		for _, q := range []pt{g.c1, g.c2, g.to} {
			if !g.cubic && q != g.to {
				continue
			}
			x0, y0, x1, y1 = math.Min(x0, q.x), math.Min(y0, q.y), math.Max(x1, q.x), math.Max(y1, q.y)
		}
	}
	return x1-x0 > bigStroke || y1-y0 > bigStroke
}

// length is the segment's length from from, a curve measured along 16
// chords.
func (g seg) length(from pt) float64 {
	if !g.cubic {
		return math.Hypot(g.to.x-from.x, g.to.y-from.y)
	}
	l, prev := 0.0, from
	for i := 1; i <= 16; i++ {
		t := float64(i) / 16
		u := 1 - t
		q := pt{
			u*u*u*from.x + 3*u*u*t*g.c1.x + 3*u*t*t*g.c2.x + t*t*t*g.to.x,
			u*u*u*from.y + 3*u*u*t*g.c1.y + 3*u*t*t*g.c2.y + t*t*t*g.to.y,
		}
		l += math.Hypot(q.x-prev.x, q.y-prev.y)
		prev = q
	}
	return l
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
