package render_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blast-dev/blast/render"
)

// chromium returns the headless browser the browser test drives, or
// skips the test when there is none (CI installs Debian's chromium).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed (apt-get install chromium): browser test skipped")
	return ""
}

// runChromium runs headless Chromium with no network and a throwaway
// profile, and returns its standard output.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	// files, not pipes: Chromium's helper processes may keep a pipe open
	// after the browser exits, and Wait would wait for them
	dir := t.TempDir()
	stdout, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		msg, _ := os.ReadFile(stderr.Name())
		t.Fatalf("chromium %v: %v\n%s", args, err, msg)
	}
	out, err := os.ReadFile(stdout.Name())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// screenshot renders a page to PNG and decodes it.
func screenshot(t *testing.T, bin, page, size string) image.Image {
	t.Helper()
	out := strings.TrimSuffix(page, filepath.Ext(page)) + "-" + strings.TrimPrefix(filepath.Ext(page), ".") + ".png"
	runChromium(t, bin, "--screenshot="+out, "--window-size="+size, "file://"+page)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no screenshot of %s: %v", page, err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot of %s does not decode: %v", page, err)
	}
	if dir := os.Getenv("BLAST_SCREENSHOTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, filepath.Base(out)), b, 0o644)
	}
	return img
}

// ink counts the pixels that are not near-white and the red ones of a
// failed node or cell.
func ink(img image.Image) (dark, red int) {
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			r, g, b = r>>8, g>>8, b>>8
			if r < 235 || g < 235 || b < 235 {
				dark++
			}
			if r > 200 && g < 140 && b < 140 {
				red++
			}
		}
	}
	return dark, red
}

// TestBrowser opens the HTML report and the SVG charts in headless
// Chromium: the page must show the diagram and the matrix, and every
// screenshot must show a picture with failed (red) parts, not a blank.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	files := map[string][]byte{
		"report.html":   renderTo(t, render.ViewImpact, "html", report(t, "aws:us-east-1", render.DiagramOptions{})),
		"diagram.svg":   renderTo(t, render.ViewImpact, "svg", report(t, "aws:us-east-1a", render.DiagramOptions{})),
		"matrix.svg":    renderTo(t, render.ViewMatrix, "svg", matrixReport(t, false)),
		"ranking.svg":   renderTo(t, render.ViewMatrix, "svg", &render.Report{Matrix: matrixReport(t, false).Matrix, Chart: "ranking"}),
		"matrix.html":   renderTo(t, render.ViewMatrix, "html", matrixReport(t, false)),
		"graph-all.svg": renderTo(t, render.ViewGraph, "svg", report(t, "", render.DiagramOptions{})),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	dom := string(runChromium(t, bin, "--dump-dom", "file://"+filepath.Join(dir, "report.html")))
	for _, want := range []string{`<section id="diagram">`, "<svg", `class="node"`, "aws_lb.web", `<table class="matrix">`,
		`<td class="cell failed"`, "Single points of failure", `<section id="ranking">`, "Impacted resources"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the report's DOM in Chromium lacks %q", want)
		}
	}

	for _, c := range []struct {
		name, size string
		red        bool
	}{
		{"report.html", "1280,2400", true},
		{"diagram.svg", "1200,900", true},
		{"matrix.svg", "900,700", true},
		{"ranking.svg", "900,400", true},
		{"matrix.html", "1100,900", true},
		{"graph-all.svg", "1400,1000", false},
	} {
		img := screenshot(t, bin, filepath.Join(dir, c.name), c.size)
		dark, red := ink(img)
		total := img.Bounds().Dx() * img.Bounds().Dy()
		if dark < total/200 {
			t.Errorf("%s: screenshot is blank (%d of %d pixels inked)", c.name, dark, total)
		}
		if c.red && red < 50 {
			t.Errorf("%s: screenshot shows nothing failed in red (%d red pixels)", c.name, red)
		}
		t.Logf("%s: %d of %d pixels inked, %d red", c.name, dark, total, red)
	}
}
