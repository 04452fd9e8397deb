package rasterize

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// scanner is a rasterx.Scanner that rasterises only the bounding box of
// each path (rasterx's own scanner covers the whole picture at every
// Draw, which costs a full-picture pass per shape).
type scanner struct {
	dst      *image.RGBA
	r        vector.Rasterizer
	ops      []op
	min, max fixed.Point26_6
	src      image.Uniform
	w, h     int
	// clips, when set, are the only rectangles Draw paints
	clips []image.Rectangle
}

// op is a move (start) or a line to p.
type op struct {
	move bool
	p    fixed.Point26_6
}

func newScanner(dst *image.RGBA) *scanner {
	s := &scanner{dst: dst, w: dst.Bounds().Dx(), h: dst.Bounds().Dy()}
	s.Clear()
	return s
}

func (s *scanner) track(p fixed.Point26_6) {
	s.min.X, s.min.Y = min(s.min.X, p.X), min(s.min.Y, p.Y)
	s.max.X, s.max.Y = max(s.max.X, p.X), max(s.max.Y, p.Y)
}

// Start begins a subpath at a.
func (s *scanner) Start(a fixed.Point26_6) {
	s.track(a)
	s.ops = append(s.ops, op{move: true, p: a})
}

// Line adds a line to b.
func (s *scanner) Line(b fixed.Point26_6) {
	s.track(b)
	s.ops = append(s.ops, op{p: b})
}

// Draw paints the accumulated path within its bounding box.
func (s *scanner) Draw() {
	if len(s.ops) == 0 {
		return
	}
	box := image.Rect(s.min.X.Floor()-1, s.min.Y.Floor()-1, s.max.X.Ceil()+1, s.max.Y.Ceil()+1).Intersect(s.dst.Bounds())
	if len(s.clips) == 0 {
		s.drawIn(box)
		return
	}
	for _, c := range s.clips {
		s.drawIn(box.Intersect(c))
	}
}

// drawIn rasterises the accumulated path within box.
func (s *scanner) drawIn(box image.Rectangle) {
	if box.Empty() {
		return
	}
	s.r.Reset(box.Dx(), box.Dy())
	ox, oy := float32(box.Min.X), float32(box.Min.Y)
	for _, o := range s.ops {
		x, y := float32(o.p.X)/64-ox, float32(o.p.Y)/64-oy
		if o.move {
			// no ClosePath: rasterx's strokes are open runs that
			// close only together
			s.r.MoveTo(x, y)
		} else {
			s.r.LineTo(x, y)
		}
	}
	s.r.DrawOp = draw.Over
	s.r.Draw(s.dst, box, &s.src, image.Point{})
}

// GetPathExtent is the bounding box of the accumulated path.
func (s *scanner) GetPathExtent() fixed.Rectangle26_6 {
	return fixed.Rectangle26_6{Min: s.min, Max: s.max}
}

// SetBounds is a no-op: the picture's bounds are the destination's.
func (s *scanner) SetBounds(w, h int) {}

// SetColor sets the paint (a color.Color; anything else paints black).
func (s *scanner) SetColor(c interface{}) {
	if cc, ok := c.(color.Color); ok {
		s.src.C = cc
		return
	}
	s.src.C = color.Black
}

// SetWinding is a no-op: the rasteriser accumulates signed area.
func (s *scanner) SetWinding(bool) {}

// Clear forgets the accumulated path.
func (s *scanner) Clear() {
	s.ops = s.ops[:0]
	const big = fixed.Int26_6(math.MaxInt32)
	s.min = fixed.Point26_6{X: big, Y: big}
	s.max = fixed.Point26_6{X: -big, Y: -big}
}

// SetClip is a no-op: nothing is clipped but the picture.
func (s *scanner) SetClip(image.Rectangle) {}
