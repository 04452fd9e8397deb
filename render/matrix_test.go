package render_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/render"
)

func matrixReport(t *testing.T, services bool) *render.Report {
	t.Helper()
	g := shopGraph(t)
	a := analyzer.New(g, nil)
	return &render.Report{Graph: g, Analyzer: a, Matrix: checks.RunMatrix(a, checks.MatrixOptions{Services: services})}
}

func TestMatrixGolden(t *testing.T) {
	for _, c := range []struct {
		name, format string
		services     bool
	}{
		{"matrix.txt", "text", false},
		{"matrix.md", "markdown", false},
		{"matrix.csv", "csv", false},
		{"matrix.json", "json", false},
		{"matrix-services.txt", "text", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			golden(t, c.name, renderTo(t, render.ViewMatrix, c.format, matrixReport(t, c.services)))
		})
	}
}

// svgTexts parses an SVG strictly and returns its text content, element
// by element.
func svgTexts(t *testing.T, svg []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var out []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("svg is not well-formed XML: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok && strings.TrimSpace(string(cd)) != "" {
			out = append(out, string(cd))
		}
	}
}

func TestMatrixSVG(t *testing.T) {
	r := matrixReport(t, false)
	texts := strings.Join(svgTexts(t, renderTo(t, render.ViewMatrix, "svg", r)), "\n")
	for _, want := range []string{"svc.checkout", "svc.orders", "aws:us-east-1", "aws:us-east-1a", "aws:us-east-1b", "aws:eu-west-1",
		"Resilience matrix", "Blast radius by failure domain", "svc.checkout with aws:us-east-1 down: failed"} {
		if !strings.Contains(texts, want) {
			t.Errorf("matrix svg lacks %q", want)
		}
	}
	r.Chart = "ranking"
	ranking := strings.Join(svgTexts(t, renderTo(t, render.ViewMatrix, "svg", r)), "\n")
	if strings.Contains(ranking, "Resilience matrix") || !strings.Contains(ranking, "Blast radius") {
		t.Errorf("--chart ranking draws the wrong chart")
	}
	// bars are ordered by blast radius
	if i, j := strings.Index(ranking, "aws:us-east-1\n"), strings.Index(ranking, "aws:eu-west-1\n"); i < 0 || j < 0 || i > j {
		t.Errorf("ranking does not put aws:us-east-1 before aws:eu-west-1:\n%s", ranking)
	}
}

var remote = regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|@import|url\(\s*["']?https?:|<script[^>]*\bsrc|<link`)

func TestHTMLSelfContained(t *testing.T) {
	for _, c := range []struct {
		view render.View
		r    *render.Report
	}{
		{render.ViewImpact, report(t, "aws:us-east-1", render.DiagramOptions{})},
		{render.ViewMatrix, matrixReport(t, false)},
	} {
		page := string(renderTo(t, c.view, "html", c.r))
		if m := remote.FindString(page); m != "" {
			t.Errorf("%s html loads something from outside: %q", c.view, m)
		}
		for _, want := range []string{"<!DOCTYPE html>", "<style>", "@media print", `<table class="matrix">`, `<section id="ranking">`, "</html>"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s html lacks %q", c.view, want)
			}
		}
		if c.view == render.ViewImpact {
			for _, want := range []string{`<section id="diagram">`, "<svg", "<title>svc.checkout</title>", "Impacted services: 2 of 2", "Impacted resources by cause (",
				"needs aws_dynamodb_table.orders (hard) → in aws:us-east-1 (region down)"} {
				if !strings.Contains(page, want) {
					t.Errorf("whatif html lacks %q", want)
				}
			}
			if strings.Contains(page, "<?xml") || strings.Contains(page, "<!DOCTYPE svg") {
				t.Errorf("whatif html inlines the svg with its XML prolog")
			}
		}
	}
}

// Render computes no matrix: the formats NeedsMatrix names refuse a
// report without one (an error, not a panic), and the others of the
// impact view draw without it, so that cmd knows when to compute it.
func TestNeedsMatrix(t *testing.T) {
	for _, view := range []render.View{render.ViewImpact, render.ViewMatrix} {
		for _, format := range render.Formats(view) {
			if format == "png" {
				continue // drawn by graphviz like svg, and slow
			}
			r := report(t, "aws:us-east-1", render.DiagramOptions{})
			r.Matrix = nil
			fn, err := render.Lookup(view, format)
			if err != nil {
				t.Fatal(err)
			}
			err = fn(io.Discard, r)
			if need := render.NeedsMatrix(view, format); need != (err != nil) {
				t.Errorf("%s %s: NeedsMatrix %v, rendering without a matrix: %v", view, format, need, err)
			}
		}
	}
}

// TestMatrixReasonRowsReadByFormats: every format that draws the matrix
// writes the same bytes from a matrix with the reasons MatrixReasonRows
// says it reads as from one with every reason, on a state of more rows
// than a page shows; a table of states reads none.
func TestMatrixReasonRowsReadByFormats(t *testing.T) {
	r := synthReport(t, 3000)
	full := r.Matrix
	if len(full.Rows) <= render.ReadableRows {
		t.Fatalf("%d rows: no more than a page shows, the test proves nothing", len(full.Rows))
	}
	dropped := 0
	for _, view := range []render.View{render.ViewImpact, render.ViewMatrix} {
		for _, format := range render.Formats(view) {
			if format == "png" || !render.NeedsMatrix(view, format) {
				continue // png: drawn by graphviz like svg, and slow
			}
			rows := render.MatrixReasonRows(view, []string{format})
			some := checks.RunMatrix(r.Analyzer, checks.MatrixOptions{ReasonRows: rows})
			for _, row := range some.Rows {
				for _, c := range row.Cells {
					if c.Reason == "" && c.State != analyzer.Healthy {
						dropped++
					}
				}
			}
			r.Matrix = full
			want := renderTo(t, view, format, r)
			r.Matrix = some
			if got := renderTo(t, view, format, r); !bytes.Equal(got, want) {
				t.Errorf("%s %s: the matrix with the reasons of %d rows draws otherwise than the whole", view, format, rows)
			}
		}
	}
	if dropped == 0 {
		t.Error("no format left a reason out: the test proves nothing")
	}
	if got := render.MatrixReasonRows(render.ViewMatrix, []string{"text", "json"}); got != 0 {
		t.Errorf("text and JSON read the reasons of %d rows, want every row's (0)", got)
	}
}

// TestMatrixLater: a matrix made beside the rendering draws the page it
// draws when made first, the page waiting for it; a format that does not
// draw it never waits; a panic in making it comes back where the page
// waits, to be recovered there.
func TestMatrixLater(t *testing.T) {
	r := report(t, "aws:us-east-1", render.DiagramOptions{})
	want := renderTo(t, render.ViewImpact, "html", r)
	release := make(chan struct{})
	r.MatrixLater(func() *checks.Matrix {
		<-release
		return checks.RunMatrix(r.Analyzer, checks.MatrixOptions{}) // made anew, not the one drawn before
	})
	if r.Matrix != nil {
		t.Fatal("MatrixLater left the matrix made before")
	}
	rendered := func(format string) <-chan []byte {
		out := make(chan []byte, 1)
		go func() {
			var buf bytes.Buffer
			fn, err := render.Lookup(render.ViewImpact, format)
			if err == nil {
				err = fn(&buf, r)
			}
			if err != nil {
				t.Error(err)
			}
			out <- buf.Bytes()
		}()
		return out
	}
	select { // the JSON report reads no matrix: written with it held back
	case <-rendered("json"):
	case <-time.After(10 * time.Second):
		t.Fatal("the JSON report waited for the matrix")
	}
	page := rendered("html")
	select {
	case <-page:
		t.Fatal("the page was written before its matrix was made")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if got := <-page; !bytes.Equal(got, want) {
		t.Error("the page with its matrix made beside it differs from the page with it made first")
	}
	r.MatrixLater(func() *checks.Matrix { panic("boom") })
	defer func() {
		if p := recover(); p != "boom" {
			t.Errorf("recovered %v, want the panic made beside the page", p)
		}
	}()
	renderTo(t, render.ViewImpact, "html", r)
}
