// Package output writes rendered reports where the user asked for them:
// it turns --output values (FORMAT[=FILE], or a FILE alone for the
// --format report) into Specs, renders each through render's registry,
// and writes files atomically (never replacing a device, a FIFO or a
// symbolic link) and the standard output only once every report has
// rendered.
package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/blast-dev/blast/render"
)

// Spec is one report to write: a format and a file ("" is the standard
// output).
type Spec struct {
	Format string
	File   string
}

// Formats returns the format of each spec, in order.
func Formats(specs []Spec) []string {
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = s.Format
	}
	return out
}

// formatWord is what the part of FORMAT=FILE before "=" looks like: a
// name, never a path.
var formatWord = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// Resolve turns the --output values raw and the --format value format
// (formatSet: given on the command line, not the default) into the
// reports to write, or one line saying what is wrong with them. It runs
// before anything is loaded.
func Resolve(view render.View, raw []string, format string, formatSet bool) ([]Spec, error) {
	known := map[string]bool{}
	for _, f := range render.Formats(view) {
		known[f] = true
	}
	var specs []Spec   // FORMAT[=FILE]
	var files []string // the one-output form's FILE
	for _, v := range raw {
		name, file, hasFile := strings.Cut(v, "=")
		switch {
		case !hasFile && known[v]:
			specs = append(specs, Spec{Format: v})
		case hasFile && formatWord.MatchString(name):
			if !known[name] {
				return nil, fmt.Errorf("--output %s: unknown format %q for %s (want %s)", v, name, view, strings.Join(render.Formats(view), ", "))
			}
			if file == "-" {
				file = ""
			}
			specs = append(specs, Spec{Format: name, File: file})
		case v == "":
			return nil, errors.New("--output: empty value (want FORMAT[=FILE] or a FILE)")
		default:
			files = append(files, v)
		}
	}
	if len(specs) == 0 {
		if len(files) > 1 {
			return nil, fmt.Errorf("--output: %d files given (%s) for one --format report; to write several reports, give each its format: --output json=report.json --output sarif=report.sarif", len(files), strings.Join(files, ", "))
		}
		spec := Spec{Format: format}
		if len(files) == 1 && files[0] != "-" {
			spec.File = files[0]
		}
		if _, err := render.Lookup(view, spec.Format); err != nil {
			return nil, err
		}
		return []Spec{spec}, nil
	}
	if len(files) > 0 {
		return nil, fmt.Errorf("--output %s: a file without a format cannot be combined with --output FORMAT[=FILE]; write it as --output %s=%s", files[0], format, files[0])
	}
	if formatSet {
		return nil, fmt.Errorf("--format %s cannot be combined with --output FORMAT[=FILE]; give each report's format in its --output (e.g. --output %s=FILE)", format, format)
	}
	stdout := ""
	written := map[string]string{}
	for _, s := range specs {
		if s.File == "" {
			if stdout != "" {
				return nil, fmt.Errorf("--output: %s and %s both go to stdout; at most one report can (give the others a file: --output %s=FILE)", stdout, s.Format, s.Format)
			}
			stdout = s.Format
			continue
		}
		key := filepath.Clean(s.File)
		if prev, ok := written[key]; ok {
			return nil, fmt.Errorf("--output: %s is the file of both %s and %s", s.File, prev, s.Format)
		}
		written[key] = s.Format
	}
	return specs, nil
}

// Write renders the report in every format the specs ask for and writes
// each to its file or to stdout. color says whether a format written to
// a file ("" for stdout) may be coloured. Files are rendered straight
// into temporary files that are renamed into place only once every
// report has rendered, and stdout gets its report last: when one fails,
// no file is replaced and nothing is printed (only a failure to rename,
// after the others were renamed, can leave some replaced; each is
// whole).
func Write(view render.View, specs []Spec, r *render.Report, stdout io.Writer, color func(format, file string) bool) error {
	withColor := func(s Spec) *render.Report {
		c := *r
		c.Color = color(s.Format, s.File)
		return &c
	}
	if len(specs) == 1 {
		s := specs[0]
		r.Color = color(s.Format, s.File)
		return writeOne(view, s, r, stdout)
	}
	var toStdout *Spec
	var files []Spec
	for i := range specs {
		if specs[i].File == "" {
			toStdout = &specs[i]
		} else {
			files = append(files, specs[i])
		}
	}
	var out spool
	defer out.Close()
	// write renders files[i:] one inside the other: the first file's
	// temporary file stays open while the next ones render, so that a
	// later failure removes it unrenamed.
	var write func(i int) error
	write = func(i int) error {
		if i == len(files) {
			if toStdout == nil {
				return nil
			}
			return renderTo(&out, view, toStdout.Format, withColor(*toStdout))
		}
		s := files[i]
		return WriteAtomic(s.File, func(w io.Writer) error {
			if err := renderTo(w, view, s.Format, withColor(s)); err != nil {
				return err
			}
			return write(i + 1)
		})
	}
	if err := write(0); err != nil {
		return err
	}
	_, err := out.WriteTo(stdout)
	return err
}

// writeOne renders a report and writes it to its file (atomically:
// rendered into a temporary file that is renamed into place) or to
// stdout, which gets nothing unless the whole report rendered.
func writeOne(view render.View, s Spec, r *render.Report, stdout io.Writer) error {
	fn, err := render.Lookup(view, s.Format)
	if err != nil {
		return err
	}
	if s.File != "" && s.File != "-" {
		return WriteAtomic(s.File, func(w io.Writer) error {
			if err := fn(w, r); err != nil {
				return fmt.Errorf("render %s: %w", s.Format, err)
			}
			return nil
		})
	}
	var out spool
	defer out.Close()
	if err := fn(&out, r); err != nil {
		return fmt.Errorf("render %s: %w", s.Format, err)
	}
	_, err = out.WriteTo(stdout)
	return err
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

// Colorable reports whether text written to w may be coloured: w is a
// terminal, the report goes to no file, and neither --no-color (noColor)
// nor NO_COLOR says otherwise.
func Colorable(w io.Writer, noColor bool, file string) bool {
	if noColor || file != "" || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
