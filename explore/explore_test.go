package explore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/explore/session"
)

func TestHandlerReadOnly(t *testing.T) {
	h := Handler([]byte("<html>page</html>"))
	for _, c := range []struct {
		method, path string
		code         int
	}{
		{"GET", "/", 200}, {"HEAD", "/", 200}, {"POST", "/", 405}, {"PUT", "/", 405}, {"DELETE", "/", 405},
		{"GET", "/model.json", 404}, {"GET", "/../etc/passwd", 404},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(c.method, c.path, nil))
		if rec.Code != c.code {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, rec.Code, c.code)
		}
		if c.code == 200 && c.method == "GET" && rec.Body.String() != "<html>page</html>" {
			t.Errorf("GET /: %q", rec.Body.String())
		}
		if c.code == 405 && rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: Allow %q", c.method, rec.Header().Get("Allow"))
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Header().Get("Content-Type") != "text/html; charset=utf-8" || rec.Result().StatusCode != http.StatusOK {
		t.Errorf("GET /: %v", rec.Header())
	}
}

func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:8321": true, "[::1]:0": true, "localhost:80": true,
		"0.0.0.0:8321": false, ":8321": false, "10.0.0.1:80": false, "nonsense": false} {
		if Loopback(addr) != want {
			t.Errorf("Loopback(%q) = %v", addr, !want)
		}
	}
}

// The page asks for nothing outside itself: a CSP that forbids every
// source but inline script, style and the WebAssembly compile, and no
// element that loads a URL. Embedded text cannot close its script.
func TestPageSelfContained(t *testing.T) {
	m := &session.Model{Version: session.ModelVersion, Title: `<script>alert("title")</script>`,
		Nodes: nil, Config: "</script><script>alert(1)</script>"}
	doc, err := Render(Page{Model: m, SVG: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)})
	if err != nil {
		t.Fatal(err)
	}
	page := string(written(t, doc))
	if !strings.Contains(page, `content="default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'`) {
		t.Error("the page's Content-Security-Policy is not the offline one")
	}
	if loads := regexp.MustCompile(`(?i)<(link|img|iframe|object|embed)\b|\b(src|href)\s*=\s*["']?(https?:|//)`).FindAllString(page, -1); len(loads) > 0 {
		t.Errorf("the page loads from elsewhere: %q", loads)
	}
	if strings.Contains(page, `<script>alert`) {
		t.Error("embedded text closed a script element")
	}
	if n := strings.Count(page, "</script>"); n != 9 {
		t.Errorf("%d </script> tags, want the page's 9", n)
	}
	if WasmSize() < 100_000 || !strings.Contains(page, "DecompressionStream") {
		t.Errorf("the page does not carry the gzipped module (%d bytes)", WasmSize())
	}
}

// --serve: the page on a loopback port, read-only, until stopped.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	said := make(chan string, 4)
	errc := make(chan error, 1)
	go func() { errc <- serve(ctx, "127.0.0.1:0", []byte("<html>page</html>"), func(s string) { said <- s }) }()
	var url string
	select {
	case msg := <-said:
		if i := strings.Index(msg, "http://"); i >= 0 {
			url = strings.Fields(msg[i:])[0]
		}
	case err := <-errc:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve said nothing")
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "<html>page</html>" {
		t.Errorf("GET %s: %d %q", url, resp.StatusCode, body)
	}
	resp, err = http.Post(url, "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("serve after stop: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("serve did not stop")
	}
	if err := serve(context.Background(), "256.0.0.1:80", nil, func(string) {}); err == nil || !strings.HasPrefix(err.Error(), "--addr: ") {
		t.Errorf("a bad address: %v", err)
	}
}

// A page carries the matrix's first MatrixRows rows and the count of the
// rest, the page's own matrix left whole; a matrix of MatrixRows rows or
// fewer travels as it is. The page's script shows as many rows.
func TestPageMatrixRows(t *testing.T) {
	js := regexp.MustCompile(`const LIMIT = (\d+);`).FindStringSubmatch(pageJS)
	if js == nil || js[1] != strconv.Itoa(MatrixRows) {
		t.Fatalf("page.js's LIMIT is %v, the page carries %d matrix rows", js, MatrixRows)
	}
	if !strings.Contains(strings.Join(strings.Fields(Long), " "), fmt.Sprintf("its first %d rows", MatrixRows)) {
		t.Errorf("blast explore --help does not say the page shows the matrix's first %d rows", MatrixRows)
	}
	for _, n := range []int{0, MatrixRows, MatrixRows + 1, 2*MatrixRows + 7} {
		m := &checks.Matrix{RowKind: "services", Columns: []checks.MatrixColumn{{Name: "aws:us-east-1"}}, SPOFs: []checks.SPOF{}}
		for i := range n {
			m.Rows = append(m.Rows, checks.MatrixRow{ID: fmt.Sprintf("svc-%04d", i)})
		}
		doc, err := Render(Page{Model: &session.Model{Version: session.ModelVersion}, Matrix: m})
		if err != nil {
			t.Fatal(err)
		}
		el := regexp.MustCompile(`id="matrix-data">([^<]*)</script>`).FindSubmatch(written(t, doc))
		if el == nil {
			t.Fatal("no matrix-data element")
		}
		var got struct {
			Rows    []checks.MatrixRow `json:"matrix"`
			Omitted *int               `json:"omittedRows"`
			Columns []checks.MatrixColumn
		}
		if err := json.Unmarshal(el[1], &got); err != nil {
			t.Fatal(err)
		}
		carried, omitted := min(n, MatrixRows), n-MatrixRows
		if len(got.Rows) != carried || (n > 0 && got.Rows[carried-1].ID != fmt.Sprintf("svc-%04d", carried-1)) || len(got.Columns) != 1 {
			t.Errorf("%d rows: the page carries %d rows, %d columns; want the first %d", n, len(got.Rows), len(got.Columns), carried)
		}
		switch {
		case omitted > 0 && (got.Omitted == nil || *got.Omitted != omitted):
			t.Errorf("%d rows: omittedRows %v, want %d", n, got.Omitted, omitted)
		case omitted <= 0 && got.Omitted != nil:
			t.Errorf("%d rows: omittedRows %d, want none", n, *got.Omitted)
		}
		if len(m.Rows) != n {
			t.Errorf("%d rows: the page's own matrix left with %d", n, len(m.Rows))
		}
	}
}

// written returns a rendered page's document, as Write writes it and as
// Bytes returns it, which must agree.
func written(t *testing.T, doc Doc) []byte {
	t.Helper()
	var w bytes.Buffer
	if err := doc.Write(&w); err != nil {
		t.Fatal(err)
	}
	b, err := doc.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, w.Bytes()) || len(b) == 0 {
		t.Fatalf("Bytes gives %d bytes, Write %d", len(b), w.Len())
	}
	return b
}

// TestCheckConfig: the check blast explore asks before it starts the
// page's work passes a run without blast.toml and a good one, and fails
// as New does on sections the page's session could not open.
func TestCheckConfig(t *testing.T) {
	good, err := config.Load("../fixtures/scenarios/blast.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []*config.File{nil, config.Empty(), good} {
		if err := CheckConfig(cfg); err != nil {
			t.Errorf("CheckConfig: %v", err)
		}
	}
	bad, err := config.Parse("blast.toml", []byte("[[scenario]]\nname = \"drill\"\ndown = [\"no-such-cloud:nowhere\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = CheckConfig(bad)
	if err == nil || !strings.Contains(err.Error(), "drill") {
		t.Fatalf("CheckConfig on a scenario that cannot load: %v", err)
	}
	if _, errNew := New(nil, bad, nil, "t"); errNew == nil || errNew.Error() != err.Error() {
		t.Errorf("New fails otherwise: %v, CheckConfig %v", errNew, err)
	}
}
