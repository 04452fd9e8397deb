package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/blast-dev/blast/explore"
	"github.com/blast-dev/blast/fixtures/gen/synth"
)

// browser starts headless Chromium for a test, or skips it when there
// is none (CI installs Debian's chromium). It records every console
// error, uncaught exception, browser log error (a blocked request is one)
// and network request other than the page's own file: the test fails on
// any of them.
func browser(t testing.TB, page string) (context.Context, func() []string) {
	t.Helper()
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("chromium is not installed (apt-get install chromium): browser test skipped")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()), chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1400, 1000))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelCtx(); cancelAlloc() })
	var mu sync.Mutex
	var problems []string
	own := "file://" + page
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				problems = append(problems, fmt.Sprintf("console %s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			msg := ev.ExceptionDetails.Text
			if ex := ev.ExceptionDetails.Exception; ex != nil {
				msg += " " + ex.Description
			}
			problems = append(problems, "exception: "+msg)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				problems = append(problems, fmt.Sprintf("log %s: %s %s", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			if u := ev.Request.URL; !strings.HasPrefix(u, own) {
				problems = append(problems, "network request: "+u)
			}
		}
	}); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return ctx, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), problems...) }
}

// writePage runs blast explore in-process and returns the page's path.
func writePage(t testing.TB, args ...string) string {
	t.Helper()
	page := filepath.Join(t.TempDir(), "explore.html")
	if _, stderr, code := runBlast(append([]string{"explore", "-o", page}, args...)...); code != 0 {
		t.Fatalf("blast explore: exit %d: %s", code, stderr)
	}
	return page
}

// whatifJSON is what the browser test compares the page with.
type whatifJSON struct {
	Summary map[string]int `json:"summary"`
	Nodes   []struct {
		ID     string `json:"id"`
		State  string `json:"state"`
		Frozen bool   `json:"frozen"`
		Chain  []struct {
			Node string `json:"node"`
		} `json:"explanation"`
	} `json:"nodes"`
	Data []struct {
		Store      string `json:"store"`
		Status     string `json:"status"`
		LossWindow string `json:"lossWindow"`
		Copies     int    `json:"copies"`
	} `json:"data"`
}

func whatif(t *testing.T, down ...string) whatifJSON {
	t.Helper()
	args := []string{"whatif", "--format", "json"}
	for _, d := range down {
		args = append(args, "--down", d)
	}
	out, stderr, code := runBlast(args...)
	if code != 0 {
		t.Fatalf("blast %v: exit %d: %s", args, code, stderr)
	}
	var w whatifJSON
	if err := json.Unmarshal([]byte(out), &w); err != nil {
		t.Fatal(err)
	}
	return w
}

// pageCounts reads the summary counts the page shows.
func pageCounts(t *testing.T, ctx context.Context) map[string]int {
	t.Helper()
	counts, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]int](`Object.fromEntries([...document.querySelectorAll("#summary [data-count]")].map(e => [e.dataset.count, parseInt(e.querySelector("b").textContent, 10)]))`))
	if err != nil {
		t.Fatal(err)
	}
	return counts
}

func sameCounts(t *testing.T, what string, page map[string]int, w whatifJSON) {
	t.Helper()
	for _, k := range []string{"nodes", "failed", "degraded", "frozen", "healthy"} {
		if page[k] != w.Summary[k] {
			t.Errorf("%s: page shows %s %d, blast whatif --format json says %d", what, k, page[k], w.Summary[k])
		}
	}
}

// waitRuns waits until the page has run n selections.
func waitRuns(n int) chromedp.Action[chromedp.Void] {
	return chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`body[data-runs="%d"]`, n)))
}

// ready waits until the page has opened its analysis.
var ready = chromedp.WaitReady(chromedp.CSS(`body[data-ready="1"]`))

// evaluate runs JavaScript in the page and decodes its value.
func evaluate[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// The demo's page, driven in headless Chromium, agrees with blast whatif
// on the same input, keeps its selection in the URL fragment, and makes
// no request and no console error.
func TestExploreBrowserDemo(t *testing.T) {
	page := writePage(t)
	ctx, problems := browser(t, page)
	zone := whatif(t, "aws:us-east-1a")
	both := whatif(t, "aws:us-east-1", "aws:us-east-1a")

	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), ready,
		chromedp.Click(chromedp.CSS(`input[data-domain="aws:us-east-1a"]`)), waitRuns(2)); err != nil {
		t.Fatalf("open and toggle aws:us-east-1a: %v (%v)", err, problems())
	}
	sameCounts(t, "aws:us-east-1a", pageCounts(t, ctx), zone)
	// one node's state, read from its details
	var node, state string
	for _, n := range zone.Nodes {
		if n.State == "failed" && len(n.Chain) > 1 {
			node, state = n.ID, n.State
			break
		}
	}
	if node == "" {
		t.Fatal("the demo has no failed node with a chain under aws:us-east-1a")
	}
	details := chromedp.CSS(fmt.Sprintf(`#details[data-node=%q]`, node))
	evaluate[any](t, ctx, fmt.Sprintf(`document.querySelector('#impacted button[data-node=%q]').click()`, node))
	if err := chromedp.Do(ctx, chromedp.WaitReady(details)); err != nil {
		t.Fatalf("open %s: %v", node, err)
	}
	if shown := evaluate[string](t, ctx, `document.querySelector("#details").dataset.state`); shown != state {
		t.Errorf("%s: page says %s, whatif says %s", node, shown, state)
	}

	// aws:us-east-1 as well; then the explanation of the node
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[data-domain="aws:us-east-1"]`)), waitRuns(3)); err != nil {
		t.Fatalf("toggle aws:us-east-1: %v", err)
	}
	sameCounts(t, "aws:us-east-1 + aws:us-east-1a", pageCounts(t, ctx), both)
	// the data panel: whatif's data section, store by store
	type row struct{ Store, Status, Window, Copies string }
	rows := evaluate[[]row](t, ctx, `[...document.querySelectorAll("#data tr[data-store]")].map(r => ({Store: r.dataset.store, Status: r.dataset.status,
		Window: r.cells[5].textContent, Copies: r.cells[3].textContent}))`)
	var want []row
	for _, d := range both.Data {
		want = append(want, row{d.Store, d.Status, d.LossWindow, fmt.Sprint(d.Copies)})
	}
	if len(want) == 0 || fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("data panel:\n%v\nwhatif --format json's data:\n%v", rows, want)
	}
	// the risk panel: a set of two domains, picked, ticks them
	set := evaluate[string](t, ctx, `(() => { const b = [...document.querySelectorAll("#risk tr[data-set] button")].find(b => b.closest("tr").dataset.set.includes("+"));
		if (!b) return ""; b.click(); return b.closest("tr").dataset.set; })()`)
	if set == "" {
		t.Error("the risk panel offers no set of two domains")
	} else {
		if err := chromedp.Do(ctx, waitRuns(4)); err != nil {
			t.Fatal(err)
		}
		ticked := evaluate[[]string](t, ctx, `[...document.querySelectorAll("input[data-domain]:checked")].map(e => e.dataset.domain)`)
		slices.Sort(ticked)
		want := strings.Split(set, "+")
		slices.Sort(want)
		if !slices.Equal(ticked, want) {
			t.Errorf("picking the risk set %s ticks %v", set, ticked)
		}
		// back to both, as the rest of the test expects
		evaluate[any](t, ctx, fmt.Sprintf(`location.hash = "#down=aws:us-east-1,aws:us-east-1a&node=" + encodeURIComponent(%q)`, node))
		if err := chromedp.Do(ctx, waitRuns(5), chromedp.WaitReady(details)); err != nil {
			t.Fatal(err)
		}
	}
	chain := -1
	for _, n := range both.Nodes {
		if n.ID == node {
			state, chain = n.State, len(n.Chain)
		}
	}
	shown := evaluate[string](t, ctx, `document.querySelector("#details").dataset.state`)
	links := evaluate[[]string](t, ctx, `[...document.querySelectorAll("#details ol.why > li > button")].map(b => b.dataset.node)`)
	if shown != state || len(links) != chain || len(links) == 0 || links[0] == "" {
		t.Errorf("%s after aws:us-east-1: page says %s with chain %v, whatif says %s with %d links", node, shown, links, state, chain)
	}

	// reload from the URL fragment: the same selection and node
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(url, "#") {
		t.Fatalf("the selection is not in the URL: %s", url)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url), ready, chromedp.WaitReady(details)); err != nil {
		t.Fatalf("reload %s: %v", url, err)
	}
	checked := evaluate[[]string](t, ctx, `[...document.querySelectorAll("input[data-domain]:checked")].map(e => e.dataset.domain)`)
	if strings.Join(checked, ",") != "aws:us-east-1,aws:us-east-1a" {
		t.Errorf("after reload, ticked %v, want aws:us-east-1 and aws:us-east-1a", checked)
	}
	sameCounts(t, "reloaded", pageCounts(t, ctx), both)

	// compare: B adds aws:us-west-2 to A; the page lists what B newly fails
	west := whatif(t, "aws:us-east-1", "aws:us-east-1a", "aws:us-west-2")
	failedA := map[string]bool{}
	for _, n := range both.Nodes {
		failedA[n.ID] = n.State == "failed"
	}
	newly := 0
	for _, n := range west.Nodes {
		if n.State == "failed" && !failedA[n.ID] {
			newly++
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("edit-b")), waitRuns(2),
		chromedp.Click(chromedp.CSS(`input[data-domain="aws:us-west-2"]`)), waitRuns(3)); err != nil {
		t.Fatalf("compare: %v", err)
	}
	sameCounts(t, "B", pageCounts(t, ctx), west)
	if got := evaluate[string](t, ctx, `document.querySelector("#compare [data-newly]").dataset.newly`); got != fmt.Sprint(newly) || newly == 0 {
		t.Errorf("compare: page says %s newly failed in B, whatif says %d", got, newly)
	}
	if url := evaluate[string](t, ctx, `decodeURIComponent(location.hash)`); !strings.Contains(url, "&b=aws:us-east-1,aws:us-east-1a,aws:us-west-2&") {
		t.Errorf("B is not in the URL fragment: %s", url)
	}

	// keyboard: a diagram node takes the focus and Enter opens it
	key := evaluate[string](t, ctx, `(() => { const g = document.querySelector('#diagram g.node[data-key="aws_lb.web"]'); g.focus(); return document.activeElement.dataset.key; })()`)
	if key != "aws_lb.web" {
		t.Fatalf("the diagram node aws_lb.web does not take the focus (%q has it)", key)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r"), chromedp.WaitReady(chromedp.CSS(`#details[data-node="aws_lb.web"]`))); err != nil {
		t.Errorf("Enter on a diagram node: %v", err)
	}
	// focus: the node's neighbourhood stays, the rest is dimmed, and the
	// URL says so
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("focus-btn"))); err != nil {
		t.Fatalf("focus: %v", err)
	}
	dim := evaluate[int](t, ctx, `document.querySelectorAll("#diagram g.node.dim").length`)
	lit := evaluate[int](t, ctx, `document.querySelectorAll("#diagram g.node:not(.dim)").length`)
	if hash := evaluate[string](t, ctx, `decodeURIComponent(location.hash)`); dim == 0 || lit < 2 || !strings.Contains(hash, "focus=aws_lb.web") {
		t.Errorf("focus on aws_lb.web: %d boxes dimmed, %d lit, fragment %s", dim, lit, hash)
	}

	// a collapsed box lists its nodes on click
	members := evaluate[int](t, ctx, `(() => { const boxes = JSON.parse(document.getElementById("boxes-data").textContent);
		const key = Object.keys(boxes).sort().find(k => boxes[k].length > 1);
		document.querySelector('#diagram g.node[data-key="' + CSS.escape(key) + '"]').dispatchEvent(new MouseEvent("click", {bubbles: true}));
		return document.querySelectorAll("#box li").length === boxes[key].length ? boxes[key].length : -1; })()`)
	if members < 2 {
		t.Errorf("clicking a collapsed box lists %d nodes", members)
	}

	// a link naming a domain the inputs do not hold: one message, the
	// page still usable with nothing down
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate("file://"+page+"#down=aws:us-east-9z"), ready); err != nil {
		t.Fatalf("open with a bad fragment: %v", err)
	}
	msg := evaluate[string](t, ctx, `document.querySelector("#status.error") ? document.querySelector("#status").textContent : ""`)
	boxes := evaluate[int](t, ctx, `document.querySelectorAll("input[data-domain]").length`)
	if !strings.Contains(msg, "us-east-9z") || boxes == 0 {
		t.Errorf("a bad fragment: status %q, %d domain boxes", msg, boxes)
	}
	for _, p := range problems() {
		if p != "network request: about:blank" {
			t.Error(p)
		}
	}
}

// The page of a state whose matrix has more rows than a page shows
// (a 5,000-resource generated state: 396 rows) draws the first
// explore.MatrixRows and says how many more there are: the count of
// blast matrix's rows after them.
func TestExploreBrowserMatrixRows(t *testing.T) {
	state := filepath.Join(t.TempDir(), "synth-5000.tfstate")
	if err := os.WriteFile(state, synth.State(5000), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runBlast("matrix", "--format", "json", state)
	if code != 0 {
		t.Fatalf("blast matrix: exit %d: %s", code, stderr)
	}
	var m struct {
		Rows []struct {
			ID string `json:"id"`
		} `json:"matrix"`
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) <= explore.MatrixRows {
		t.Fatalf("the state's matrix has %d rows, not more than a page shows (%d)", len(m.Rows), explore.MatrixRows)
	}
	page := writePage(t, state)
	ctx, problems := browser(t, page)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), ready); err != nil {
		t.Fatalf("open: %v (%v)", err, problems())
	}
	rows := evaluate[[]string](t, ctx, `[...document.querySelectorAll("#matrix tbody tr button[data-node]")].map(b => b.dataset.node)`)
	omitted := evaluate[string](t, ctx, `(document.querySelector("#matrix p[data-omitted]") || {dataset: {}}).dataset.omitted || ""`)
	if len(rows) != explore.MatrixRows || rows[0] != m.Rows[0].ID || rows[len(rows)-1] != m.Rows[explore.MatrixRows-1].ID {
		t.Errorf("the page draws %d matrix rows, want blast matrix's first %d", len(rows), explore.MatrixRows)
	}
	if want := fmt.Sprint(len(m.Rows) - explore.MatrixRows); omitted != want {
		t.Errorf("the page says %q more rows, want %s", omitted, want)
	}
	for _, p := range problems() {
		t.Error(p)
	}
}

// The page of a 5,000-resource generated state opens and re-runs a
// toggle within the budget (200 ms); the figures are measured in
// the page with performance.now(): open-ms from navigation to the first
// answer drawn (and each phase of it), toggle-ms per re-run (analysis in
// WebAssembly and the redraw of counts, diagram and lists), with the run
// and the data exposure apart.
func BenchmarkExploreBrowser5000(b *testing.B) {
	state := filepath.Join(b.TempDir(), "synth-5000.tfstate")
	if err := os.WriteFile(state, synth.State(5000), 0o600); err != nil {
		b.Fatal(err)
	}
	page := writePage(b, state)
	ctx, problems := browser(b, page)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), ready); err != nil {
		b.Fatal(err)
	}
	open, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.blastTiming.ready`))
	if err != nil {
		b.Fatal(err)
	}
	region, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[data-domain*=":"]:not([data-domain*="/"])').dataset.domain`))
	if err != nil {
		b.Fatal(err)
	}
	box := chromedp.CSS(fmt.Sprintf(`input[data-domain=%q]`, region))
	first, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`window.blastTiming.step`))
	if err != nil {
		b.Fatal(err)
	}
	var total, run, data float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := chromedp.Do(ctx, chromedp.Click(box), waitRuns(i+2)); err != nil {
			b.Fatal(err)
		}
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.blastTiming.last`))
		if err != nil {
			b.Fatal(err)
		}
		total += ms
		step, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`window.blastTiming.step`))
		if err != nil {
			b.Fatal(err)
		}
		run, data = run+step["run"], data+step["data"]
	}
	b.ReportMetric(open, "open-ms")
	if phases, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`window.blastTiming.phases`)); err == nil {
		for name, ms := range phases {
			b.ReportMetric(ms, name+"-ms")
		}
	}
	b.ReportMetric(total/float64(b.N), "toggle-ms")
	b.ReportMetric(run/float64(b.N), "toggle-run-ms")
	b.ReportMetric(first["run"], "first-run-ms")
	b.ReportMetric(first["data"], "first-data-ms")
	b.ReportMetric(data/float64(b.N), "toggle-data-ms")
	for _, p := range problems() {
		b.Error(p)
	}
}
