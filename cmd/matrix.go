package cmd

import (
	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/output"
	"github.com/blast-dev/blast/render"
)

type matrixOptions struct {
	*globals
	out      outputFlags
	services bool
	chart    string
	view     string
}

// NewMatrixCmd builds `blast matrix`.
func NewMatrixCmd(g *globals) *cobra.Command {
	o := &matrixOptions{globals: g}
	c := &cobra.Command{
		Use:   "matrix [PATH ...]",
		Short: "Take every region and zone down one at a time: the resilience matrix",
		Long: `Simulate every single failure domain present, one at a time: each region, each
zone and, with --services, each regional service (aws:us-east-1/dynamodb).
Rows are the services (or, when the inputs hold none, the top-level
resources: those nothing else depends on); columns are the failure domains;
each cell is the worst state that domain alone leaves the row in.

Below the matrix: the single points of failure (domains whose loss alone
fails a row), worst first, and every domain ranked by blast radius.
--format svg draws the matrix as a heat map above the ranking as a bar chart;
--format html writes one self-contained page (no network needed).`,
		Example: `  blast matrix                                   # the demo system
  blast matrix --format markdown prod.tfstate >> $GITHUB_STEP_SUMMARY
  blast matrix --format svg -o matrix.svg states/
  blast matrix --format svg --chart ranking -o ranking.svg states/
  blast matrix --services --format csv states/
  blast matrix --output text --output html=matrix.html --output json=matrix.json states/`,
		RunE: func(c *cobra.Command, args []string) error { return runMatrix(o, args) },
	}
	f := c.Flags()
	o.out.register(c, render.ViewMatrix)
	f.BoolVar(&o.services, "services", false, "also take each regional service down on its own (aws:us-east-1/sqs)")
	f.StringVar(&o.chart, "chart", "all", "svg: which chart: all (heat map and ranking), heatmap, ranking")
	f.StringVar(&o.view, "view", "state", "what the cells show: state (failed, degraded, frozen), or data: a row per stateful store, AT RISK where no copy outlives the domain, unavailable, copy serves (text, markdown, csv, json)")
	return c
}

func runMatrix(o *matrixOptions, args []string) error {
	outs, err := o.out.resolve(render.ViewMatrix)
	if err != nil {
		return err
	}
	if err := render.CheckChart(o.chart); err != nil {
		return err
	}
	if err := render.CheckMatrixView(o.view, output.Formats(outs)); err != nil {
		return err
	}
	l, err := o.load(args)
	if err != nil {
		return err
	}
	r := report(l)
	o.phase("matrix: taking every domain down, one at a time")
	r.Matrix = checks.RunMatrix(l.Analyzer, checks.MatrixOptions{Services: o.services, Data: o.view == "data",
		ReasonRows: render.MatrixReasonRows(render.ViewMatrix, output.Formats(outs))})
	r.Chart = o.chart
	r.Note = func(msg string) { o.say("note: " + msg) }
	return o.emitAll(render.ViewMatrix, outs, r)
}
