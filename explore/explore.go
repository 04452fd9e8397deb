// Package explore writes the page of blast explore: one self-contained
// HTML file in which the reader ticks failure domains and watches the
// blast radius, offline, with no server and no network.
//
// The analysis in the page is blast's own Go code compiled to
// WebAssembly (explore/wasm over explore/session), not a second
// implementation in JavaScript, so the page and blast whatif cannot
// disagree. The module is a generated, committed build output
// (assets/explore.wasm.gz, go generate ./explore; a test fails when it
// is stale) because the blast binary cannot build WebAssembly when it
// runs. It travels gzipped and base64-encoded inside the page, which
// unpacks it with the browser's DecompressionStream; Go's wasm_exec.js
// runs it.
//
// The diagram is the SVG blast already draws (render.ExploreDiagram: the
// same clustering, colours and collapse), laid out once with every node
// when the page is written; the page restyles the drawn nodes per
// scenario (state classes on the SVG node groups) rather than laying
// out again in the browser, and lists a collapsed box's members when it
// is clicked. The resilience matrix does not depend on the selection and
// is computed when the page is written.
//
// Opening is kept short: the model travels in a binary form the
// WebAssembly decodes by hand (session.Model.MarshalBinary), gzipped
// like the module and unpacked by the browser alongside it; the platform
// knowledge is compiled into the module rather than decoded from TOML;
// collecting garbage waits until the graph is built; the page's
// script reads its own small index of nodes and edges as JSON, and what
// does not depend on the selection (the domains offered, the matrix, the
// risk groups and shared fate) is computed when the page is written.
// The data-loss exposure of each selection runs in the page, from the
// stores and copies read when the page was written
// (analyzer.SavedStores).
//
// Secrets: the page embeds session.Model, which holds identities, names
// and locations, never attribute values other than the effect filters'
// classifications (session.FilterKeys).
package explore

import (
	"bytes"
	"cmp"
	"compress/gzip"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"text/template"

	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/explore/session"
	"github.com/blast-dev/blast/parallel"
)

var (
	//go:embed assets/explore.wasm.gz
	wasmGz []byte
	//go:embed assets/wasm_exec.js
	wasmExec string
	//go:embed page/page.html
	pageHTML string
	//go:embed page/page.css
	pageCSS string
	//go:embed page/page.js
	pageJS string
)

// WasmSize is the size in bytes of the gzipped WebAssembly module a page
// carries (before base64).
func WasmSize() int { return len(wasmGz) }

// Page is what one page shows.
type Page struct {
	Model *session.Model
	// Info lists the failure domains and named scenarios the page offers
	// (the page's session's Info, computed when the page is written).
	Info session.Info
	// SVG is the diagram of every node (render.ExploreDiagram) and Boxes,
	// for each drawn node, the node IDs it stands for.
	SVG    []byte
	Boxes  map[string][]string
	Matrix *checks.Matrix
	// Risk is the risk groups and shared fate, order RiskOrder, computed
	// when the page is written (they do not depend on the selection).
	Risk *checks.RiskReport
	bin  []byte // Model's binary form, when New wrote it
}

var page = template.Must(template.New("page").Delims("[[", "]]").Parse(pageHTML))

// Doc is a rendered page, every part of it encoded: Write writes it as
// one HTML document, straight to its output (built whole in memory
// first, the 30 MB page of a large state cost a fifth of a second in
// buffer growth alone).
type Doc struct {
	data map[string]string
	size int // bytes of the parts, the page's size within a few KB
}

// Write writes the document to w.
func (d Doc) Write(w io.Writer) error {
	if err := page.Execute(w, d.data); err != nil {
		return fmt.Errorf("explore: page: %w", err)
	}
	return nil
}

// Bytes returns the document whole, as a server keeps it.
func (d Doc) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(d.size + len(pageHTML))
	err := d.Write(&buf)
	return buf.Bytes(), err
}

// Render encodes every part of the page (its model packed, the JSON of
// its index, domains, diagram boxes, matrix and risk groups) for Doc's
// Write to write as one HTML document.
func Render(p Page) (Doc, error) {
	bin := p.bin
	if bin == nil {
		var err error
		if bin, err = p.Model.MarshalBinary(); err != nil {
			return Doc{}, err
		}
	}
	data := map[string]string{
		"Title": html.EscapeString(p.Model.Title),
		"CSS":   pageCSS,
		"JS":    pageJS,
		"Exec":  wasmExec,
		"SVG":   string(p.SVG),
		"Wasm":  base64.StdEncoding.EncodeToString(wasmGz),
	}
	// the model packed, and each part's JSON, on every core
	names := []string{"Index", "Info", "Boxes", "Matrix", "Risk"}
	parts := []any{p.Model.Index(), p.Info, p.Boxes, shownMatrix(p.Matrix), p.Risk}
	encoded := make([]string, len(parts)+1)
	errs := make([]error, len(parts)+1)
	work := []func(){func() { encoded[len(parts)], errs[len(parts)] = packed(bin) }}
	for k := range parts {
		work = append(work, func() {
			encoded[k], errs[k] = scriptJSON(parts[k])
			if errs[k] != nil {
				errs[k] = fmt.Errorf("explore: %s: %w", strings.ToLower(names[k]), errs[k])
			}
		})
	}
	parallel.Go(work...)
	if err := cmp.Or(errs...); err != nil {
		return Doc{}, err
	}
	for k, name := range names {
		data[name] = encoded[k]
	}
	data["Model"] = encoded[len(parts)]
	size := 0
	for _, v := range data {
		size += len(v)
	}
	return Doc{data: data, size: size}, nil
}

// packed returns the model's binary form gzipped and base64-encoded, as
// the page carries it.
func packed(bin []byte) (string, error) {
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	if err == nil {
		_, err = zw.Write(bin)
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return "", fmt.Errorf("explore: model: %w", err)
	}
	return base64.StdEncoding.EncodeToString(gz.Bytes()), nil
}

// MatrixRows is the most rows of the resilience matrix a page shows (its
// script's LIMIT, which a test holds to this) and so carries: a row per
// service and top-level resource, 11,585 of them on a generated state of
// 100,000 instances, made 56 MB of an 83 MB page, for 300 rows read.
const MatrixRows = 300

// pageMatrix is the matrix as a page carries it: its first MatrixRows
// rows, and how many more there are.
type pageMatrix struct {
	*checks.Matrix
	// OmittedRows counts the rows after the first MatrixRows, which the
	// page does not carry; it says how many are not shown.
	OmittedRows int `json:"omittedRows,omitempty"`
}

// shownMatrix is m cut to the rows a page shows (nil for nil); m itself is
// left whole.
func shownMatrix(m *checks.Matrix) any {
	if m == nil {
		return nil
	}
	if len(m.Rows) <= MatrixRows {
		return pageMatrix{Matrix: m}
	}
	cut := *m
	cut.Rows = m.Rows[:MatrixRows:MatrixRows]
	return pageMatrix{Matrix: &cut, OmittedRows: len(m.Rows) - MatrixRows}
}

// scriptJSON encodes v for a <script type="application/json"> element:
// encoding/json escapes <, > and &, so no "</script" can end it early.
func scriptJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

var modelElement = regexp.MustCompile(`<script type="application/octet-stream" id="model-data">([^<]*)</script>`)

// ModelOf returns the binary model (session.Model.MarshalBinary) a
// written page carries, unpacked: for tests and tools that look into a
// page, since the model travels gzipped and base64-encoded.
func ModelOf(page []byte) ([]byte, error) {
	m := modelElement.FindSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("explore: the page carries no model")
	}
	gz, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(m[1])))
	if err != nil {
		return nil, fmt.Errorf("explore: the page's model: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("explore: the page's model: %w", err)
	}
	return io.ReadAll(zr)
}
