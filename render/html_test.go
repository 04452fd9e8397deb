package render_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/blast-dev/blast/render"
)

// The HTML report leads with the answer: the impacted services, the
// single points of failure and the matrix come before the diagram and
// the resources; the title, the counts and the diagram's notes print
// once; resources are grouped under one heading per cause.
func TestHTMLAnswerFirst(t *testing.T) {
	r := report(t, "aws:us-east-1", render.DiagramOptions{View: "services"})
	page := string(renderTo(t, render.ViewImpact, "html", r))
	var at []int
	for _, id := range []string{"services", "spof", "matrix", "diagram", "resources", "ranking"} {
		i := strings.Index(page, `<section id="`+id+`">`)
		if i < 0 {
			t.Fatalf("no section %s", id)
		}
		at = append(at, i)
	}
	for i := 1; i < len(at); i++ {
		if at[i] < at[i-1] {
			t.Errorf("sections out of order (services, spof, matrix, diagram, resources, ranking): %v", at)
		}
	}
	title := "What if aws:us-east-1 goes down?"
	if n := strings.Count(page, title); n != 2 { // <title> and <h1>
		t.Errorf("the title prints %d times, want twice (<title> and <h1>)", n)
	}
	counts := render.CountsText(r.Result.Summary, ", ")
	if n := strings.Count(page, counts); n != 1 {
		t.Errorf("the counts %q print %d times, want once", counts, n)
	}
	notes := regexp.MustCompile(`note: [^<]*`).FindAllString(page, -1)
	if len(notes) == 0 {
		t.Fatalf("the services view has no note")
	}
	for _, n := range notes {
		if c := strings.Count(page, n); c != 1 {
			t.Errorf("%q prints %d times", n, c)
		}
	}
	// one heading per cause, and the rows under it do not repeat it
	causes := regexp.MustCompile(`<summary><h3>([^<]*)</h3>`).FindAllStringSubmatch(page, -1)
	seen := map[string]bool{}
	for _, c := range causes {
		if seen[c[1]] {
			t.Errorf("cause %q has two headings", c[1])
		}
		seen[c[1]] = true
	}
	if !seen["in aws:us-east-1 (region down)"] {
		t.Errorf("no heading for the region itself; headings: %v", causes)
	}
	res := page[strings.Index(page, `<section id="resources">`):]
	res = res[:strings.Index(res, "</section>")]
	if n := strings.Count(res, "in aws:us-east-1 (region down)"); n != 1 {
		t.Errorf("the resources section says the cause %d times, want once (its heading)", n)
	}
	if !strings.Contains(res, `<td class="why" data-label="through">directly</td>`) {
		t.Errorf("a node the region holds does not say it is hit directly:\n%s", res)
	}
	svc := page[strings.Index(page, `<section id="services">`):strings.Index(page, `<section id="spof">`)]
	if !strings.Contains(svc, "needs aws_dynamodb_table.orders (hard) → in aws:us-east-1 (region down)") {
		t.Errorf("the services do not say why, down to the domain:\n%s", svc)
	}
	// IDs break only between their parts
	if !strings.Contains(page, "module.<wbr>vpc.<wbr>aws_<wbr>subnet.<wbr>private<wbr>[0]") {
		t.Errorf("IDs carry no break opportunities at . _ [")
	}
	for _, want := range []string{"@media (prefers-color-scheme: dark)", "@media (max-width: 640px)", "@media print", "Content-Security-Policy", "✖ failed"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// Groups larger than a screenful start collapsed; small ones open.
func TestHTMLLargeCauseCollapsed(t *testing.T) {
	page := string(renderTo(t, render.ViewImpact, "html", synthReport(t, 300)))
	open, closed := strings.Count(page, `<details class="cause" open>`), strings.Count(page, `<details class="cause">`)
	if closed == 0 {
		t.Errorf("no cause group is collapsed on a 300-resource region outage (%d open)", open)
	}
	for _, g := range regexp.MustCompile(`<details class="cause"( open)?><summary><h3>[^<]*</h3> <span class="n">\((\d+)\)`).FindAllStringSubmatch(page, -1) {
		n, _ := strconv.Atoi(g[2])
		if (g[1] == " open") != (n <= 25) {
			t.Errorf("a group of %s rows: open=%v", g[2], g[1] != "")
		}
	}
}
