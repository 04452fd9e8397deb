package cmd

import (
	"cmp"

	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/explore"
	"github.com/blast-dev/blast/load"
	"github.com/blast-dev/blast/memlimit"
	"github.com/blast-dev/blast/output"
	"github.com/blast-dev/blast/parallel"
	"github.com/blast-dev/blast/render"
)

// NewExploreCmd builds `blast explore`; its help lives with the page.
func NewExploreCmd(g *globals) *cobra.Command {
	out, addr, serve := "", "", false
	c := &cobra.Command{Use: "explore [PATH ...]", Short: explore.Short, Long: explore.Long, Example: explore.Example,
		RunE: func(c *cobra.Command, args []string) error { return runExplore(g, args, out, addr, serve) }}
	c.Flags().StringVarP(&out, "output", "o", "", "write the page to this file (default: the standard output)")
	c.Flags().BoolVar(&serve, "serve", false, "serve the page on --addr instead of writing it (read-only, GET only)")
	c.Flags().StringVar(&addr, "addr", explore.DefaultAddr, "--serve: address to listen on (a non-loopback one is a warning)")
	return c
}

func runExplore(g *globals, args []string, out, addr string, serve bool) error {
	l, err := g.load(args)
	if err != nil {
		return err
	}
	var (
		page       explore.Doc
		p          *explore.Page
		svg        []byte
		boxes      map[string][]string
		errP, errD error
	)
	if err := explore.CheckConfig(l.Config); err != nil {
		return err // at once, not after the diagram drawn beside the page
	}
	parallel.Go(func() {
		p, errP = explore.New(l.Analyzer, l.Config, l.Scenarios, load.Names(args))
	}, func() {
		svg, boxes, errD = render.ExploreDiagram(report(l))
	})
	if err = cmp.Or(errP, errD); err == nil {
		p.SVG, p.Boxes = svg, boxes
		page, err = explore.Render(*p)
	}
	switch {
	case err != nil:
		return err
	case serve:
		// the page is all a server keeps: Go's pace again, not the
		// load's budget, for as long as it serves
		memlimit.Relax()
		b, err := page.Bytes()
		if err != nil {
			return err
		}
		return explore.Serve(addr, b, g.say)
	case out == "":
		return page.Write(g.stdout)
	}
	return output.WriteAtomic(out, page.Write)
}
