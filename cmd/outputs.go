package cmd

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/output"
	"github.com/blast-dev/blast/render"
)

// outputFlags are --format and --output, shared by every command that
// renders a report: one analysis, written in one or several formats.
type outputFlags struct {
	format string
	raw    []string
	cmd    *cobra.Command
}

// outputHelp is the --output flag's help, shared by the commands.
const outputHelp = `a report to write: FORMAT[=FILE], repeatable, one analysis for all (FILE "-" or none is stdout,
at most one report there); or a FILE alone for the --format report (the one-output form). The two
forms do not mix: with FORMAT[=FILE] leave --format out. Files are replaced atomically, and only
when every report rendered; a symbolic link's target is replaced, the link kept; a device, FIFO
or /dev/stdout is written into`

// register adds --format (-f) and --output (-o) to c, for view.
func (o *outputFlags) register(c *cobra.Command, view render.View) {
	f := c.Flags()
	o.cmd = c
	f.StringVarP(&o.format, "format", "f", "text", "output format of the one-output form: "+strings.Join(render.Formats(view), ", "))
	f.StringArrayVarP(&o.raw, "output", "o", nil, outputHelp)
	_ = c.RegisterFlagCompletionFunc("format", completeFormats(view))
	_ = c.RegisterFlagCompletionFunc("output", func(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, f := range render.Formats(view) {
			out = append(out, f+"=")
		}
		return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
	})
}

// resolve turns the flags into the reports to write, or one line saying
// what is wrong with them. It runs before anything is loaded.
func (o *outputFlags) resolve(view render.View) ([]output.Spec, error) {
	return output.Resolve(view, o.raw, o.format, o.cmd != nil && o.cmd.Flags().Changed("format"))
}

// emitAll ends the progress line and writes the report in every format
// asked for (output.Write); text is coloured on a terminal.
func (g *globals) emitAll(view render.View, specs []output.Spec, r *render.Report) error {
	g.progress.End()
	r.ShowAffected = g.showAffected
	return output.Write(view, specs, r, g.stdout, func(format, file string) bool {
		return format == "text" && output.Colorable(g.stdout, g.noColor, file)
	})
}

// formatFlag adds --format (-f) to a command whose one report goes to the
// standard output, offering the view's formats.
func formatFlag(c *cobra.Command, format *string, view render.View) {
	c.Flags().StringVarP(format, "format", "f", "text", "output format: "+strings.Join(render.Choices(view), ", "))
}

// emitStdout writes a command's one report to the standard output.
func (g *globals) emitStdout(view render.View, format string, r *render.Report) error {
	return g.emitAll(view, []output.Spec{{Format: format}}, r)
}
