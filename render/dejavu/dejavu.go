// Package dejavu embeds the DejaVu Sans fonts the diagrams name, so that
// text is measured and drawn with one set of metrics everywhere: the
// boxes Graphviz sizes (its built-in table for DejaVu Sans), the legend
// blast draws itself, the test that no label overflows its box, and the
// PNG, whose glyphs come from these files. The fonts' licence is in
// LICENSE beside them.
package dejavu

import (
	_ "embed"
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Family is the font family diagrams name to Graphviz.
const Family = "DejaVu Sans"

// SVGFamily is the font-family list an SVG names: DejaVu Sans, then
// Verdana, whose advance widths are within a few percent of it (both
// descend from the same design brief), then any sans-serif face.
const SVGFamily = "DejaVu Sans,Verdana,sans-serif"

var (
	//go:embed DejaVuSans.ttf
	regularTTF []byte
	//go:embed DejaVuSans-Bold.ttf
	boldTTF []byte
)

// a parsed face with its advance widths at one unit per em
type parsed struct {
	font    *sfnt.Font
	upem    float64
	mu      sync.Mutex
	advance map[rune]float64 // in ems
}

var faces = sync.OnceValues(func() ([2]*parsed, error) {
	var out [2]*parsed
	for i, b := range [][]byte{regularTTF, boldTTF} {
		f, err := sfnt.Parse(b)
		if err != nil {
			return out, fmt.Errorf("dejavu: %w", err)
		}
		out[i] = &parsed{font: f, upem: float64(f.UnitsPerEm()), advance: map[rune]float64{}}
	}
	return out, nil
})

func face(bold bool) *parsed {
	fs, err := faces()
	if err != nil {
		panic(err) // the embedded files are part of the build
	}
	if bold {
		return fs[1]
	}
	return fs[0]
}

// Width is the advance width of s set in DejaVu Sans at size (in the
// unit of size: points or pixels), without kerning, as browsers and
// Graphviz's table both measure it at most.
func Width(s string, size float64, bold bool) float64 {
	p := face(bold)
	p.mu.Lock()
	defer p.mu.Unlock()
	var buf sfnt.Buffer
	em := 0.0
	for _, r := range s {
		a, ok := p.advance[r]
		if !ok {
			idx, err := p.font.GlyphIndex(&buf, r)
			if err == nil && idx == 0 {
				idx, err = p.font.GlyphIndex(&buf, '?')
			}
			if err == nil {
				adv, aerr := p.font.GlyphAdvance(&buf, idx, fixed.Int26_6(p.upem), font.HintingNone)
				if aerr == nil {
					a = float64(adv) / p.upem
				}
			}
			p.advance[r] = a
		}
		em += a
	}
	return em * size
}

// Face is the font face that draws text at size pixels (72 dpi: one
// pixel per unit of size).
func Face(size float64, bold bool) (font.Face, error) {
	f, err := opentype.NewFace(face(bold).font, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("dejavu: face at %.1f: %w", size, err)
	}
	return f, nil
}
