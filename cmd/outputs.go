package cmd

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/render"
)

// outputFlags are --format and --output, shared by every command that
// renders a report: one analysis, written in one or several formats.
type outputFlags struct {
	format string
	raw    []string
	cmd    *cobra.Command
}

// outputSpec is one report to write: a format and a file ("" is the
// standard output).
type outputSpec struct {
	format string
	file   string
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

// formatWord is what the part of FORMAT=FILE before "=" looks like: a
// name, never a path.
var formatWord = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// resolve turns the flags into the reports to write, or one line saying
// what is wrong with them. It runs before anything is loaded.
func (o *outputFlags) resolve(view render.View) ([]outputSpec, error) {
	known := map[string]bool{}
	for _, f := range render.Formats(view) {
		known[f] = true
	}
	var specs []outputSpec // FORMAT[=FILE]
	var files []string     // the one-output form's FILE
	for _, v := range o.raw {
		name, file, hasFile := strings.Cut(v, "=")
		switch {
		case !hasFile && known[v]:
			specs = append(specs, outputSpec{format: v})
		case hasFile && formatWord.MatchString(name):
			if !known[name] {
				return nil, fmt.Errorf("--output %s: unknown format %q for %s (want %s)", v, name, view, strings.Join(render.Formats(view), ", "))
			}
			if file == "-" {
				file = ""
			}
			specs = append(specs, outputSpec{format: name, file: file})
		case v == "":
			return nil, errors.New("--output: empty value (want FORMAT[=FILE] or a FILE)")
		default:
			files = append(files, v)
		}
	}
	formatSet := o.cmd != nil && o.cmd.Flags().Changed("format")
	if len(specs) == 0 {
		if len(files) > 1 {
			return nil, fmt.Errorf("--output: %d files given (%s) for one --format report; to write several reports, give each its format: --output json=report.json --output sarif=report.sarif", len(files), strings.Join(files, ", "))
		}
		spec := outputSpec{format: o.format}
		if len(files) == 1 && files[0] != "-" {
			spec.file = files[0]
		}
		if _, err := render.Lookup(view, spec.format); err != nil {
			return nil, err
		}
		return []outputSpec{spec}, nil
	}
	if len(files) > 0 {
		return nil, fmt.Errorf("--output %s: a file without a format cannot be combined with --output FORMAT[=FILE]; write it as --output %s=%s", files[0], o.format, files[0])
	}
	if formatSet {
		return nil, fmt.Errorf("--format %s cannot be combined with --output FORMAT[=FILE]; give each report's format in its --output (e.g. --output %s=FILE)", o.format, o.format)
	}
	stdout := ""
	written := map[string]string{}
	for _, s := range specs {
		if s.file == "" {
			if stdout != "" {
				return nil, fmt.Errorf("--output: %s and %s both go to stdout; at most one report can (give the others a file: --output %s=FILE)", stdout, s.format, s.format)
			}
			stdout = s.format
			continue
		}
		key := filepath.Clean(s.file)
		if prev, ok := written[key]; ok {
			return nil, fmt.Errorf("--output: %s is the file of both %s and %s", s.file, prev, s.format)
		}
		written[key] = s.format
	}
	return specs, nil
}

// emitAll renders the report in every format asked for and writes each
// to its file or the standard output. Files are rendered straight into
// temporary files that are renamed into place only once every report
// has rendered, and the standard output gets its report last: when one
// fails, no file is replaced and nothing is printed (only a failure to
// rename, after the others were renamed, can leave some replaced; each
// is whole).
func (g *globals) emitAll(view render.View, specs []outputSpec, r *render.Report) error {
	g.progress.End()
	if len(specs) == 1 {
		s := specs[0]
		r.Color = s.format == "text" && g.colorFor(s.file)
		return g.emit(view, s.format, s.file, r)
	}
	var toStdout *outputSpec
	var files []outputSpec
	for i := range specs {
		if specs[i].file == "" {
			toStdout = &specs[i]
		} else {
			files = append(files, specs[i])
		}
	}
	var out spool
	// write renders files[i:] one inside the other: the first file's
	// temporary file stays open while the next ones render, so that a
	// later failure removes it unrenamed.
	var write func(i int) error
	write = func(i int) error {
		if i == len(files) {
			if toStdout == nil {
				return nil
			}
			return renderTo(&out, view, toStdout.format, g.withColor(r, toStdout.format, ""))
		}
		s := files[i]
		return writeAtomic(s.file, func(w io.Writer) error {
			if err := renderTo(w, view, s.format, g.withColor(r, s.format, s.file)); err != nil {
				return err
			}
			return write(i + 1)
		})
	}
	if err := write(0); err != nil {
		return err
	}
	_, err := out.WriteTo(g.stdout)
	return err
}

// withColor returns a copy of r with colour set for one output.
func (g *globals) withColor(r *render.Report, format, file string) *render.Report {
	c := *r
	c.Color = format == "text" && g.colorFor(file)
	return &c
}

// renderTo renders one format of the report into w.
func renderTo(w io.Writer, view render.View, format string, r *render.Report) error {
	fn, err := render.Lookup(view, format)
	if err != nil {
		return err
	}
	if err := fn(w, r); err != nil {
		return fmt.Errorf("render %s: %w", format, err)
	}
	return nil
}
