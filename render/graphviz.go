package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"

	"github.com/goccy/go-graphviz"
	"github.com/goccy/go-graphviz/gvc"

	"github.com/blast-dev/blast/render/graphvizcache"
)

func init() {
	// the engine has started (its package is initialised before this
	// one): the process gets its own TMPDIR back
	graphvizcache.Restore()
	Register(ViewImpact, "svg", "SVG diagram (laid out by Graphviz): clusters, states, legend", impactSVG)
	Register(ViewImpact, "png", "PNG picture of the svg diagram", impactPNG)
	Register(ViewGraph, "svg", "SVG diagram of the graph, clustered by provider, region and zone", impactSVG)
	Register(ViewGraph, "png", "PNG picture of the graph diagram", impactPNG)
}

// layout renders DOT source to SVG or PNG with the Graphviz library
// compiled to WebAssembly: no dot binary needed.
func layout(dot []byte, format graphviz.Format) ([]byte, error) {
	ctx := context.Background()
	var gv *graphviz.Graphviz
	var err error
	if format == graphviz.PNG {
		gv, err = pngGraphviz(ctx)
	} else {
		gv, err = graphviz.New(ctx)
	}
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
	dot, err := diagramDOT(r)
	if err != nil {
		return nil, err
	}
	return layout(dot, graphviz.SVG)
}

func impactSVG(w io.Writer, r *Report) error {
	svg, err := diagramSVG(r)
	if err != nil {
		return err
	}
	_, err = w.Write(svg)
	return err
}

func impactPNG(w io.Writer, r *Report) error {
	dot, err := diagramDOT(r)
	if err != nil {
		return err
	}
	png, err := layout(dot, graphviz.PNG)
	if err != nil {
		return err
	}
	_, err = w.Write(png)
	return err
}

var svgProlog = regexp.MustCompile(`(?s)\A.*?(<svg\b)`)

// inlineSVG strips the XML declaration, doctype and comments before the
// svg element, so that the SVG can sit inside an HTML page.
func inlineSVG(svg []byte) []byte {
	return svgProlog.ReplaceAll(svg, []byte("$1"))
}

// pngEngine is the library's PNG renderer with one fix: Graphviz's
// WebAssembly build hands edge curves over as filled, which paints every
// edge as a solid blob; edges are strokes.
type pngEngine struct {
	*gvc.ImageRenderer
}

// BezierCurve strokes edge curves and passes everything else through.
func (e pngEngine) BezierCurve(ctx context.Context, job *gvc.Job, points []*gvc.PointFloat, filled bool) error {
	if o := job.Object(); o != nil && o.Type() == gvc.EdgeObjectType {
		filled = false
	}
	return e.ImageRenderer.BezierCurve(ctx, job, points, filled)
}

func pngGraphviz(ctx context.Context) (*graphviz.Graphviz, error) {
	engine := pngEngine{&gvc.ImageRenderer{DefaultRenderEngine: new(gvc.DefaultRenderEngine)}}
	rp, err := gvc.NewRenderPlugin(ctx, "png", engine)
	if err != nil {
		return nil, err
	}
	dp, err := gvc.PNGDevicePlugin(ctx)
	if err != nil {
		return nil, err
	}
	return graphviz.NewWithPlugins(ctx, rp, dp)
}
