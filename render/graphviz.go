package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"

	"github.com/goccy/go-graphviz"

	"github.com/blast-dev/blast/render/graphvizcache"
	"github.com/blast-dev/blast/render/rasterize"
)

func init() {
	// the engine has started (its package is initialised before this
	// one): the process gets its own TMPDIR back
	graphvizcache.Restore()
	Register(ViewImpact, "svg", "SVG diagram (laid out by Graphviz): clusters, states, legend", impactSVG)
	Register(ViewImpact, "png", "PNG picture of the svg diagram (the same picture, rasterised)", impactPNG)
	Register(ViewGraph, "svg", "SVG diagram of the graph, clustered by provider, region and zone", impactSVG)
	Register(ViewGraph, "png", "PNG picture of the graph diagram", impactPNG)
}

// layout renders DOT source to SVG with the Graphviz library
// compiled to WebAssembly: no dot binary needed.
func layout(dot []byte, format graphviz.Format) ([]byte, error) {
	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("graphviz: parse: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, format, &buf); err != nil {
		return nil, fmt.Errorf("graphviz: layout %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// diagramSVG renders a report's diagram as an SVG document.
func diagramSVG(r *Report) ([]byte, error) {
	d, dot, err := diagramDOT(r)
	if err != nil {
		return nil, err
	}
	svg, err := layout(dot, graphviz.SVG)
	if err != nil {
		return nil, err
	}
	return withHeader(svg, d)
}

func impactSVG(w io.Writer, r *Report) error {
	svg, err := diagramSVG(r)
	if err != nil {
		return err
	}
	_, err = w.Write(svg)
	return err
}

// PNGScale is the PNG's pixels per point of the SVG: 96 dpi.
const PNGScale = 4.0 / 3

// impactPNG rasterises the diagram's SVG, so that the two pictures
// never differ.
func impactPNG(w io.Writer, r *Report) error {
	svg, err := diagramSVG(r)
	if err != nil {
		return err
	}
	return rasterize.PNG(w, svg, PNGScale)
}

var svgProlog = regexp.MustCompile(`(?s)\A.*?(<svg\b)`)

// inlineSVG strips the XML declaration, doctype and comments before the
// svg element, so that the SVG can sit inside an HTML page.
func inlineSVG(svg []byte) []byte {
	return svgProlog.ReplaceAll(svg, []byte("$1"))
}
