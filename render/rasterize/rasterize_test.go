package rasterize

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
)

func paintSVG(t *testing.T, body string) *image.RGBA {
	t.Helper()
	svg := `<?xml version="1.0"?><!DOCTYPE svg><svg width="100pt" height="60pt" viewBox="0.00 0.00 100.00 60.00" xmlns="http://www.w3.org/2000/svg">` +
		`<g transform="scale(1 1) rotate(0) translate(0 60)">` + body + `</g></svg>`
	img, err := Image([]byte(svg), 1)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func red(img *image.RGBA, x, y int) bool {
	c := img.RGBAAt(x, y)
	return c.R > 200 && c.G < 80 && c.B < 80
}

// countRed counts red pixels along the row y from x0 to x1.
func countRed(img *image.RGBA, y, x0, x1 int) int {
	n := 0
	for x := x0; x < x1; x++ {
		if red(img, x, y) {
			n++
		}
	}
	return n
}

func TestStrokeAndFill(t *testing.T) {
	img := paintSVG(t, `<polygon fill="#0000ff" stroke="#ff0000" stroke-width="2" points="10,-10 90,-10 90,-50 10,-50 10,-10"/>`)
	if !red(img, 50, 50) || !red(img, 10, 30) {
		t.Errorf("the border is not drawn: %v %v", img.RGBAAt(50, 50), img.RGBAAt(10, 30))
	}
	if c := img.RGBAAt(50, 30); c.B < 200 || c.R > 50 {
		t.Errorf("the inside is not filled blue: %v", c)
	}
	if c := img.RGBAAt(5, 5); c.R != 255 || c.G != 255 || c.B != 255 {
		t.Errorf("outside is not white: %v", c)
	}
}

func TestDashedStroke(t *testing.T) {
	solid := paintSVG(t, `<path fill="none" stroke="#ff0000" stroke-width="2" d="M5,-30C30,-30 60,-30 95,-30"/>`)
	dashed := paintSVG(t, `<path fill="none" stroke="#ff0000" stroke-width="2" stroke-dasharray="5,5" d="M5,-30C30,-30 60,-30 95,-30"/>`)
	s, d := countRed(solid, 30, 0, 100), countRed(dashed, 30, 0, 100)
	if s < 85 {
		t.Errorf("solid line covers %d of 90 pixels", s)
	}
	if d < 35 || d > 55 {
		t.Errorf("5,5 dashes cover %d pixels, want about half of %d", d, s)
	}
}

func TestTextAndTitle(t *testing.T) {
	blank := paintSVG(t, `<title>a title draws nothing</title><a xlink:title="tooltip"><text x="50" y="-5" text-anchor="middle" font-size="14"> </text></a>`)
	for i := 0; i < len(blank.Pix); i++ {
		if blank.Pix[i] != 255 {
			t.Fatalf("a title or blank text drew ink at byte %d", i)
		}
	}
	img := paintSVG(t, `<text text-anchor="middle" x="50" y="-25" font-family="DejaVu Sans,Verdana,sans-serif" font-size="14.00" fill="#ff0000">mmm</text>`)
	left, right := 100, 0
	for y := 0; y < 60; y++ {
		for x := 0; x < 100; x++ {
			if red(img, x, y) {
				left, right = min(left, x), max(right, x)
			}
		}
	}
	// three m's in DejaVu Sans at 14: 3 × 13.6 units wide, centred on 50
	if left < 25 || left > 32 || right < 68 || right > 75 {
		t.Errorf("text spans x %d..%d, want about 30..70", left, right)
	}
}

func TestEllipseAndTransform(t *testing.T) {
	img := paintSVG(t, `<g transform="translate(20 0)"><ellipse fill="#ff0000" stroke="none" cx="30" cy="-30" rx="10" ry="5"/></g>`)
	if !red(img, 50, 30) || red(img, 30, 30) || red(img, 50, 38) {
		t.Errorf("ellipse misplaced: %v at its centre", img.RGBAAt(50, 30))
	}
}

func TestScaleAndPNG(t *testing.T) {
	svg := `<svg width="100pt" height="60pt" viewBox="0 0 100 60"><rect x="0" y="0" width="100" height="60" fill="#ff0000"/></svg>`
	var buf bytes.Buffer
	if err := PNG(&buf, []byte(svg), 2); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 200 || b.Dy() != 120 {
		t.Errorf("picture is %v, want 200x120", b)
	}
}

func TestBadSVG(t *testing.T) {
	for name, svg := range map[string]string{
		"not xml":      `<svg width="10" height="10"><polygon`,
		"no svg":       `<html></html>`,
		"no size":      `<svg></svg>`,
		"path command": `<svg width="10" height="10"><path d="M0,0 A5,5 0 0 1 10,10"/></svg>`,
		"transform":    `<svg width="10" height="10"><g transform="skewX(3)"></g></svg>`,
	} {
		_, err := Image([]byte(svg), 1)
		if err == nil || !strings.HasPrefix(err.Error(), "svg: ") {
			t.Errorf("%s: err %v, want an svg: error", name, err)
		}
	}
}

func TestHugeIsScaledDown(t *testing.T) {
	img, err := Image([]byte(`<svg width="20000pt" height="20000pt"></svg>`), 2)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx()*b.Dy() > MaxPixels+2*b.Dx()+2*b.Dy()+1 {
		t.Errorf("%v holds more than %d pixels", b, MaxPixels)
	}
}
