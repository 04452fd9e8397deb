package render_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/blast-dev/blast/render"
	"github.com/blast-dev/blast/render/dejavu"
)

// headerOf is the header group of an SVG diagram.
func headerOf(t *testing.T, svg string) string {
	t.Helper()
	i := strings.Index(svg, `<g id="header"`)
	j := strings.Index(svg, `<g id="diagram"`)
	if i < 0 || j < i {
		t.Fatalf("svg has no header before the diagram")
	}
	return svg[i:j]
}

// TestLegendShapes: the legend draws the shapes the nodes use (dashed
// degraded, dotted unknown, cut-corner frozen, double border, double
// octagon) and the chains' line patterns, and every text names DejaVu
// Sans first.
func TestLegendShapes(t *testing.T) {
	svg := string(renderTo(t, render.ViewImpact, "svg", report(t, "aws:us-east-1", render.DiagramOptions{View: "impact"})))
	h := headerOf(t, svg)
	for what, re := range map[string]string{
		"title":                  `>What if aws:us-east-1 goes down\?</text>`,
		"degraded dashed box":    `<path fill="#fde68a" stroke="#b45309" stroke-width="1.2" stroke-dasharray="5,2"`,
		"unknown dotted box":     `<path fill="#f1f5f9" stroke="#94a3b8" stroke-width="1.2" stroke-dasharray="1,5"`,
		"frozen cut corners":     `(<polyline fill="none" stroke="#1d4ed8"[^>]*/>\s*){4}`,
		"double border":          `<polygon fill="#fca5a5" stroke="#b91c1c" stroke-width="2" [^>]*/>\s*<polygon fill="none" stroke="#b91c1c"`,
		"double octagon":         `<polygon fill="#7f1d1d" [^>]*/>\s*<polygon fill="none" stroke="#450a0a"`,
		"failure chain solid":    `<path fill="none" stroke="#dc2626" stroke-width="2.6" d=`,
		"degraded chain dashed":  `<path fill="none" stroke="#d97706" stroke-width="2.6" stroke-dasharray="5,2"`,
		"frozen chain dotted":    `<path fill="none" stroke="#2563eb" stroke-width="2.6" stroke-dasharray="1,5"`,
		"several nodes (box 3d)": `several nodes`,
	} {
		if !regexp.MustCompile(re).MatchString(h) {
			t.Errorf("legend lacks the %s (%s)", what, re)
		}
	}
	for _, m := range regexp.MustCompile(`font-family="([^"]*)"`).FindAllStringSubmatch(svg, -1) {
		if m[1] != dejavu.SVGFamily {
			t.Fatalf("a text names font-family %q, want %q", m[1], dejavu.SVGFamily)
		}
	}
	// the chains in the drawing follow the legend
	for _, want := range []string{`stroke="#d97706" stroke-width="2.6" stroke-dasharray="5,2"`, `stroke="#2563eb" stroke-width="2.6" stroke-dasharray="1,5"`} {
		if !strings.Contains(svg[strings.Index(svg, `<g id="diagram"`):], want) {
			t.Errorf("the drawing has no chain drawn %s", want)
		}
	}

	// without a scenario there is nothing failed to explain
	g := headerOf(t, string(renderTo(t, render.ViewGraph, "svg", report(t, "", render.DiagramOptions{}))))
	for _, absent := range []string{">failed<", "failure travelled", "failure domain"} {
		if strings.Contains(g, absent) {
			t.Errorf("graph legend shows %q", absent)
		}
	}
}

// TestServicesLeadByDefault: with services in the inputs, the default
// view is the services view, and its note names the others; the failure
// domain ranks before what it hit (an invisible edge holds it there).
func TestServicesLeadByDefault(t *testing.T) {
	dot := string(renderTo(t, render.ViewImpact, "dot", report(t, "aws:us-east-1", render.DiagramOptions{})))
	for _, want := range []string{
		"view: services (--view impact draws every impacted node, --view all everything)",
		`"aws_dynamodb_table.orders" -> "domain:aws:us-east-1" [style=invis`,
		"rankdir=RL",
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("default diagram lacks %q", want)
		}
	}
	if strings.Contains(dot, `"aws_instance.app[0]"`) {
		t.Errorf("the default view draws a resource no service's chain ends at")
	}
	impact := string(renderTo(t, render.ViewImpact, "dot", report(t, "aws:us-east-1", render.DiagramOptions{View: "impact"})))
	if strings.Contains(impact, "view: ") || !strings.Contains(impact, `"aws_instance.app[0]"`) {
		t.Errorf("--view impact draws not the impact view")
	}
}
