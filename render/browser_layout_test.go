package render_test

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/tfstate"
	"github.com/blast-dev/blast/render"
)

// layoutProbe goes first into the page under test: it records every
// script error, failed load, blocked request and console error, and once
// the page has loaded it writes what the test measures into the page.
const layoutProbe = `<script>(function () {
  var errs = [];
  window.addEventListener("error", function (e) { errs.push(String(e.message || ("failed to load " + ((e.target && (e.target.src || e.target.href)) || e.type)))); }, true);
  document.addEventListener("securitypolicyviolation", function (e) { errs.push("blocked " + e.blockedURI + " by " + e.violatedDirective); });
  var ce = console.error;
  console.error = function () { errs.push(Array.prototype.join.call(arguments, " ")); ce.apply(console, arguments); };
  window.addEventListener("load", function () {
    var el = document.getElementById("services");
    var wide = [];
    document.querySelectorAll("body *").forEach(function (e) { var r = e.getBoundingClientRect(); if (r.right > document.documentElement.clientWidth + 1 && !e.closest(".scroll, figure")) { wide.push(e.tagName + " " + e.textContent.slice(0, 40)); } });
    var out = { scrollWidth: document.scrollingElement.scrollWidth, width: document.documentElement.clientWidth, height: innerHeight,
      servicesTop: el ? el.getBoundingClientRect().top : -1, servicesBottom: el ? el.querySelector("h2").getBoundingClientRect().bottom : -1,
      wide: wide.slice(0, 5), errors: errs };
    var pre = document.createElement("pre");
    pre.id = "blast-probe";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  });
})();</script>`

// layout is what the probe measured.
type layout struct {
	ScrollWidth    float64  `json:"scrollWidth"`
	Width          float64  `json:"width"`
	Height         float64  `json:"height"`
	ServicesTop    float64  `json:"servicesTop"`
	ServicesBottom float64  `json:"servicesBottom"`
	Wide           []string `json:"wide"`
	Errors         []string `json:"errors"`
}

var probeOut = regexp.MustCompile(`<pre id="probe-out">([^<]*)</pre>`)

// measure opens page in a frame of exactly w×h CSS pixels (a headless
// window cannot be narrower than 500) and returns what the probe saw.
func measure(t *testing.T, bin string, page []byte, w, h int) layout {
	t.Helper()
	doc := strings.Replace(string(page), "<head>", "<head>"+layoutProbe, 1)
	wrapper := `<!DOCTYPE html><html><body style="margin:0"><iframe id="f" style="border:0;width:` + strconv.Itoa(w) + `px;height:` + strconv.Itoa(h) + `px" srcdoc="` +
		html.EscapeString(doc) + `"></iframe><script>document.getElementById("f").addEventListener("load", function () {
  var p = this.contentDocument.getElementById("blast-probe");
  var o = document.createElement("pre"); o.id = "probe-out"; o.textContent = p ? p.textContent : "{}"; document.body.appendChild(o);
});</script></body></html>`
	path := filepath.Join(t.TempDir(), "frame.html")
	if err := os.WriteFile(path, []byte(wrapper), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := runChromium(t, bin, "--window-size=1600,1000", "--virtual-time-budget=5000", "--dump-dom", "file://"+path)
	m := probeOut.FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe reported nothing at %dx%d", w, h)
	}
	var l layout
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &l); err != nil {
		t.Fatalf("probe output %q: %v", m[1], err)
	}
	if l.Width == 0 {
		t.Fatalf("the probe did not run at %dx%d: %s", w, h, m[1])
	}
	return l
}

// synthReport is a generated state of n resources with us-east-1 down
// and its matrix.
func synthReport(t *testing.T, n int) *render.Report {
	t.Helper()
	g := graph.New()
	if err := (tfstate.Importer{}).Import(importers.Input{Name: "org.tfstate", Data: synth.State(n)}, g); err != nil {
		t.Fatal(err)
	}
	a := analyzer.New(g, nil)
	res := a.Run(analyzer.Scenario{Down: []analyzer.Domain{{Kind: analyzer.DomainRegion, Cloud: "aws", Region: "us-east-1"}}})
	return &render.Report{Graph: g, Analyzer: a, Result: res, Matrix: checks.RunMatrix(a, checks.MatrixOptions{})}
}

// TestBrowserLayout opens the HTML report in headless Chromium on a wide
// screen and on a phone: the page never scrolls sideways (wide tables
// and the diagram scroll in their own boxes), the impacted services
// start within the first screen, and nothing fails (script errors,
// blocked or failed loads, console errors).
func TestBrowserLayout(t *testing.T) {
	bin := chromium(t)
	pages := map[string][]byte{
		"shop": renderTo(t, render.ViewImpact, "html", report(t, "aws:us-east-1", render.DiagramOptions{})),
	}
	if !testing.Short() {
		pages["synthetic 5k"] = renderTo(t, render.ViewImpact, "html", synthReport(t, 5000))
	}
	for name, page := range pages {
		for _, size := range [][2]int{{1440, 900}, {390, 844}} {
			l := measure(t, bin, page, size[0], size[1])
			t.Logf("%s at %dx%d: %+v", name, size[0], size[1], l)
			if l.ScrollWidth > l.Width {
				t.Errorf("%s at %d px: the page scrolls sideways (%v px wide; too wide: %q)", name, size[0], l.ScrollWidth, l.Wide)
			}
			if l.ServicesTop < 0 || l.ServicesBottom > l.Height {
				t.Errorf("%s at %dx%d: the impacted services are not in the first screen (heading from %v to %v px)", name, size[0], size[1], l.ServicesTop, l.ServicesBottom)
			}
			if len(l.Errors) > 0 {
				t.Errorf("%s at %d px: errors in the browser: %q", name, size[0], l.Errors)
			}
		}
	}
}
