package render

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/blast-dev/blast/render/dejavu"
)

// The header of an SVG diagram: title, counts, a legend drawn with the
// shapes and line patterns the diagram itself uses, the reading key and
// the notes. blast draws it (Graphviz's table labels cannot draw dashed,
// cut-corner or double borders), measuring its text in DejaVu Sans.

const (
	headerX     = 21.6 // Graphviz's pad, so the header lines up with the graph
	headerGap   = 16.0 // between legend entries
	swatchW     = 30.0
	swatchH     = 16.0
	legendRow   = 24.0
	legendFont  = 10.0
	minHeaderW  = 720.0
	headerColor = "#334155"
)

// svgBuf collects header elements and tracks how wide they reach.
type svgBuf struct {
	b     bytes.Buffer
	right float64
}

func (s *svgBuf) reach(x float64) {
	if x > s.right {
		s.right = x
	}
}

func f2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// text writes one line of text at baseline y.
func (s *svgBuf) text(x, y, size float64, bold bool, fill, t string) {
	weight := ""
	if bold {
		weight = ` font-weight="bold"`
	}
	fmt.Fprintf(&s.b, `<text text-anchor="start" x="%s" y="%s" font-family="%s" font-size="%s"%s fill="%s">%s</text>`+"\n",
		f2(x), f2(y), dejavu.SVGFamily, f2(size), weight, fill, html.EscapeString(t))
	s.reach(x + dejavu.Width(t, size, bold))
}

func points(ps ...float64) string {
	parts := make([]string, 0, len(ps)/2)
	for i := 0; i+1 < len(ps); i += 2 {
		parts = append(parts, f2(ps[i])+","+f2(ps[i+1]))
	}
	return strings.Join(parts, " ")
}

// roundRect is the path of a rectangle with rounded corners.
func roundRect(x, y, w, h, r float64) string {
	return fmt.Sprintf("M%s,%s L%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s Z",
		f2(x+r), f2(y), f2(x+w-r), f2(y), f2(x+w), f2(y), f2(x+w), f2(y+r),
		f2(x+w), f2(y+h-r), f2(x+w), f2(y+h), f2(x+w-r), f2(y+h),
		f2(x+r), f2(y+h), f2(x), f2(y+h), f2(x), f2(y+h-r),
		f2(x), f2(y+r), f2(x), f2(y), f2(x+r), f2(y))
}

// swatch draws a small node of state s (as writeNode styles it) with its
// top-left corner at x, y; double adds the second border of a node
// that is also frozen, group the 3-D box of a collapsed node.
func (s *svgBuf) swatch(x, y float64, st dstate, double, group bool) {
	p := palettes[st]
	w, h := swatchW, swatchH
	pen := "1.2"
	if strings.Contains(p.style, "bold") {
		pen = "2"
	}
	dash := ""
	switch {
	case strings.Contains(p.style, "dashed"):
		dash = ` stroke-dasharray="5,2"`
	case strings.Contains(p.style, "dotted"):
		dash = ` stroke-dasharray="1,5"`
	}
	attrs := fmt.Sprintf(`fill="%s" stroke="%s" stroke-width="%s"%s`, p.fill, p.border, pen, dash)
	switch {
	case st == dDomain:
		oct := func(d float64) string {
			c := h / 3
			return points(x-d+c, y-d, x+w+d-c, y-d, x+w+d, y+c-d/2, x+w+d, y+h-c+d/2, x+w+d-c, y+h+d, x-d+c, y+h+d, x-d, y+h-c+d/2, x-d, y+c-d/2, x-d+c, y-d)
		}
		fmt.Fprintf(&s.b, `<polygon %s points="%s"/>`+"\n", attrs, oct(0))
		fmt.Fprintf(&s.b, `<polygon fill="none" stroke="%s" stroke-width="1.2" points="%s"/>`+"\n", p.border, oct(3))
	case group:
		d := 4.0
		fmt.Fprintf(&s.b, `<polygon %s points="%s"/>`+"\n", attrs, points(x, y+d, x+w-d, y+d, x+w-d, y+h, x, y+h, x, y+d))
		fmt.Fprintf(&s.b, `<polyline fill="none" stroke="%s" stroke-width="%s" points="%s"/>`+"\n", p.border, pen, points(x, y+d, x+d, y, x+w, y, x+w, y+h-d, x+w-d, y+h))
		fmt.Fprintf(&s.b, `<polyline fill="none" stroke="%s" stroke-width="%s" points="%s"/>`+"\n", p.border, pen, points(x+w-d, y+d, x+w, y))
	case strings.Contains(p.style, "rounded"):
		fmt.Fprintf(&s.b, `<path %s d="%s"/>`+"\n", attrs, roundRect(x, y, w, h, 4))
	default:
		fmt.Fprintf(&s.b, `<polygon %s points="%s"/>`+"\n", attrs, points(x, y, x+w, y, x+w, y+h, x, y+h, x, y))
		if strings.Contains(p.style, "diagonals") {
			c := 5.0
			for _, k := range [][4]float64{{x, y + c, x + c, y}, {x + w - c, y, x + w, y + c}, {x + w, y + h - c, x + w - c, y + h}, {x + c, y + h, x, y + h - c}} {
				fmt.Fprintf(&s.b, `<polyline fill="none" stroke="%s" stroke-width="1.2" points="%s"/>`+"\n", p.border, points(k[0], k[1], k[2], k[3]))
			}
		}
		if double {
			fmt.Fprintf(&s.b, `<polygon fill="none" stroke="%s" stroke-width="1.2" points="%s"/>`+"\n", p.border, points(x-3, y-3, x+w+3, y-3, x+w+3, y+h+3, x-3, y+h+3, x-3, y-3))
		}
	}
	s.reach(x + w + 3)
}

// line draws a legend arrow from x to x+swatchW at height y.
func (s *svgBuf) line(x, y float64, color, width, style string) {
	dash := ""
	switch style {
	case "dashed":
		dash = ` stroke-dasharray="5,2"`
	case "dotted":
		dash = ` stroke-dasharray="1,5"`
	}
	end := x + swatchW - 6
	fmt.Fprintf(&s.b, `<path fill="none" stroke="%s" stroke-width="%s"%s d="M%s,%s L%s,%s"/>`+"\n", color, width, dash, f2(x), f2(y), f2(end), f2(y))
	fmt.Fprintf(&s.b, `<polygon fill="%s" stroke="%s" points="%s"/>`+"\n", color, color, points(end, y-3, x+swatchW, y, end, y+3, end, y-3))
	s.reach(x + swatchW)
}

// legendItem is one entry of the legend: a picture and its words.
type legendItem struct {
	draw func(s *svgBuf, x, y float64)
	text string
}

// legendItems are the entries the diagram d needs.
func legendItems(d *diagram) [][]legendItem {
	node := func(st dstate, double, group bool) func(*svgBuf, float64, float64) {
		return func(s *svgBuf, x, y float64) { s.swatch(x, y+(legendRow-swatchH)/2-2, st, double, group) }
	}
	edge := func(color, width, style string) func(*svgBuf, float64, float64) {
		return func(s *svgBuf, x, y float64) { s.line(x, y+legendRow/2-2, color, width, style) }
	}
	var nodes []legendItem
	if d.scenario {
		nodes = append(nodes,
			legendItem{node(dDomain, false, false), "failure domain taken down"},
			legendItem{node(dFailed, false, false), "failed"},
			legendItem{node(dDegraded, false, false), "degraded"},
			legendItem{node(dFrozen, false, false), "frozen (control plane lost, still serving)"},
			legendItem{node(dFailed, true, false), "double border: also frozen"},
		)
	}
	nodes = append(nodes,
		legendItem{node(dHealthy, false, false), "healthy"},
		legendItem{node(dUnknown, false, false), "location unknown"},
		legendItem{node(dHealthy, false, true), "several nodes (count in the label)"},
	)
	var edges []legendItem
	if d.scenario {
		edges = append(edges,
			legendItem{edge(chainColor(dFailed), "2.6", "solid"), "failure travelled: fails"},
			legendItem{edge(chainColor(dDegraded), "2.6", "dashed"), "degrades"},
			legendItem{edge(chainColor(dFrozen), "2.6", "dotted"), "freezes"},
		)
	}
	edges = append(edges,
		legendItem{edge("#94a3b8", "0.9", "solid"), "A → B: A needs B"},
		legendItem{edge("#94a3b8", "0.9", "dashed"), "soft dependency"},
		legendItem{edge("#94a3b8", "0.9", "dotted"), "control plane"},
	)
	return [][]legendItem{nodes, edges}
}

// header draws the header within width (it wraps legend rows there)
// and returns its elements and height.
func header(d *diagram, width float64) (*svgBuf, float64) {
	s := &svgBuf{}
	y := 8.0
	if !d.embedded {
		// a page around the picture (the html report) shows the title,
		// the counts and the notes once, itself
		y = 28
		s.text(headerX, y, 18, true, "#0f172a", d.title)
		y += 20
		s.text(headerX, y, 12, false, headerColor, d.counts)
		y += 8
	}
	for _, row := range legendItems(d) {
		x := headerX
		for _, it := range row {
			w := swatchW + 8 + dejavu.Width(it.text, legendFont, false)
			if x > headerX && x+w > width {
				x = headerX
				y += legendRow
			}
			it.draw(s, x, y)
			s.text(x+swatchW+8, y+legendRow/2+1.5, legendFont, false, headerColor, it.text)
			x += w + headerGap
		}
		y += legendRow
	}
	for _, n := range d.notes {
		if d.embedded {
			break
		}
		y += 14
		s.text(headerX, y, 11, false, "#92400e", "note: "+n)
	}
	return s, y + 14
}

var (
	svgOpen    = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"\s+viewBox="[^"]*"`)
	fontFamily = regexp.MustCompile(`font-family="[^"]*"`)
)

// withHeader puts the header above Graphviz's drawing of d and names
// the font family list of DejaVu Sans on every text.
func withHeader(svg []byte, d *diagram) ([]byte, error) {
	m := svgOpen.FindSubmatchIndex(svg)
	if m == nil {
		return nil, fmt.Errorf("graphviz: unexpected svg output (no sized svg element)")
	}
	w, _ := strconv.ParseFloat(string(svg[m[2]:m[3]]), 64)
	h, _ := strconv.ParseFloat(string(svg[m[4]:m[5]]), 64)
	hd, hh := header(d, max(w, minHeaderW))
	tw := max(w, hd.right+headerX)
	th := h + hh
	end := bytes.IndexByte(svg[m[1]:], '>')
	closeAt := bytes.LastIndex(svg, []byte("</svg>"))
	if end < 0 || closeAt < 0 {
		return nil, fmt.Errorf("graphviz: unexpected svg output (unclosed svg element)")
	}
	end += m[1] + 1
	var out bytes.Buffer
	out.Grow(len(svg) + hd.b.Len() + 512)
	out.Write(svg[:m[0]])
	fmt.Fprintf(&out, `<svg width="%spt" height="%spt" viewBox="0.00 0.00 %s %s"`, f2(tw), f2(th), f2(tw), f2(th))
	out.Write(svg[m[1]:end])
	fmt.Fprintf(&out, "\n"+`<rect x="0" y="0" width="%s" height="%s" fill="#ffffff"/>`+"\n", f2(tw), f2(th))
	out.WriteString(`<g id="header" class="header">` + "\n")
	out.Write(hd.b.Bytes())
	out.WriteString("</g>\n")
	fmt.Fprintf(&out, `<g id="diagram" transform="translate(0 %s)">`, f2(hh))
	out.Write(fontFamily.ReplaceAll(svg[end:closeAt], []byte(`font-family="`+dejavu.SVGFamily+`"`)))
	out.WriteString("</g>\n")
	out.Write(svg[closeAt:])
	return out.Bytes(), nil
}
