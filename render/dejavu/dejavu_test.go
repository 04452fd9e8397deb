package dejavu

import (
	"math"
	"testing"
)

// TestWidth holds the measure to the font's own advances: a wider glyph
// measures wider, widths add up, size scales, bold is wider.
func TestWidth(t *testing.T) {
	i, m := Width("i", 10, false), Width("m", 10, false)
	if i <= 0 || m <= 2*i {
		t.Fatalf("i %.2f, m %.2f: m should be well over twice i", i, m)
	}
	if got := Width("mi", 10, false); math.Abs(got-(i+m)) > 1e-9 {
		t.Errorf("mi = %.3f, want %.3f", got, i+m)
	}
	if got := Width("m", 20, false); math.Abs(got-2*m) > 1e-9 {
		t.Errorf("m at 20 = %.3f, want %.3f", got, 2*m)
	}
	if b := Width("m", 10, true); b <= m {
		t.Errorf("bold m %.3f not wider than %.3f", b, m)
	}
	// DejaVu Sans: 'm' advances 1995/2048 em
	if math.Abs(m-10*1995.0/2048) > 0.01 {
		t.Errorf("m at 10 = %.3f, want %.3f", m, 10*1995.0/2048)
	}
}

func TestFace(t *testing.T) {
	f, err := Face(12, true)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if m := f.Metrics(); m.Ascent <= 0 {
		t.Errorf("ascent %v", m.Ascent)
	}
}
