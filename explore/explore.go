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
// Secrets: the page embeds session.Model, which holds identities, names
// and locations, never attribute values other than the effect filters'
// classifications (session.FilterKeys).
package explore

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"
	"text/template"

	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/explore/session"
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
	// SVG is the diagram of every node (render.ExploreDiagram) and Boxes,
	// for each drawn node, the node IDs it stands for.
	SVG    []byte
	Boxes  map[string][]string
	Matrix *checks.Matrix
}

var page = template.Must(template.New("page").Delims("[[", "]]").Parse(pageHTML))

// Doc is a written page: one HTML document.
type Doc []byte

// Write writes the document to w.
func (d Doc) Write(w io.Writer) error {
	_, err := w.Write(d)
	return err
}

// Render writes the page as one HTML document.
func Render(p Page) (Doc, error) {
	data := map[string]any{
		"Title": html.EscapeString(p.Model.Title),
		"CSS":   pageCSS,
		"JS":    pageJS,
		"Exec":  wasmExec,
		"SVG":   string(p.SVG),
		"Wasm":  base64.StdEncoding.EncodeToString(wasmGz),
	}
	for name, v := range map[string]any{"Model": p.Model, "Boxes": p.Boxes, "Matrix": p.Matrix} {
		b, err := scriptJSON(v)
		if err != nil {
			return nil, fmt.Errorf("explore: %s: %w", strings.ToLower(name), err)
		}
		data[name] = b
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("explore: page: %w", err)
	}
	return buf.Bytes(), nil
}

// scriptJSON encodes v for a <script type="application/json"> element:
// encoding/json escapes <, > and &, so no "</script" can end it early.
func scriptJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
