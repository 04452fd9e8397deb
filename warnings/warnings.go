// Package warnings holds what a run has to warn about — import warnings
// and the files of walked directories that are not inputs — until the
// command has succeeded, and then prints it on stderr: each warning
// once, however many loads met it (blast check loads twice), the first
// few in full and a count of the rest.
package warnings

import (
	"fmt"
	"io"
	"strings"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

// MaxPrinted is how many warnings are printed before the rest are
// counted and left to blast graph.
const MaxPrinted = 3

// Pending collects a run's warnings; the zero value is ready to use.
type Pending struct {
	seen    map[string]bool
	lines   []string
	skipped map[string]bool // counted once however often they are loaded
}

// Keep records the warnings of one load.
func (p *Pending) Keep(ws []graph.Warning) {
	for _, w := range ws {
		line := w.String()
		if p.seen[line] {
			continue
		}
		if p.seen == nil {
			p.seen = map[string]bool{}
		}
		p.seen[line] = true
		p.lines = append(p.lines, line)
	}
}

// KeepSkipped records the files of one load that are not inputs.
func (p *Pending) KeepSkipped(files []string) {
	for _, f := range files {
		if p.skipped == nil {
			p.skipped = map[string]bool{}
		}
		p.skipped[f] = true
	}
}

// Print writes one line counting the skipped files, then the warnings,
// one line each (terraform prints its warnings too, so that a CI log
// shows them), up to MaxPrinted; what a warning quotes of the inputs is
// shown escaped.
func (p *Pending) Print(w io.Writer) {
	switch n := len(p.skipped); n {
	case 0:
	case 1:
		fmt.Fprintln(w, "blast: skipped 1 file that is not an input; blast graph lists it")
	default:
		fmt.Fprintf(w, "blast: skipped %d files that are not inputs; blast graph lists them\n", n)
	}
	for i, line := range p.lines {
		if i == MaxPrinted {
			fmt.Fprintf(w, "blast: warning: and %d more (blast graph lists them; --strict makes warnings errors)\n", len(p.lines)-i)
			return
		}
		fmt.Fprintf(w, "blast: warning: %s\n", importers.Escape(strings.ReplaceAll(line, "\n", " ")))
	}
}

// Strict is the --strict error of one load: its first import warning,
// else the first file of a walked directory that is not an input, with a
// count of the rest; nil when there is neither.
func Strict(ws []graph.Warning, skipped []importers.Skipped) error {
	if len(ws) > 0 {
		more := ""
		if len(ws) > 1 {
			more = fmt.Sprintf(" (and %d more warnings; blast graph lists them)", len(ws)-1)
		}
		return fmt.Errorf("--strict: %s%s", ws[0], more)
	}
	if len(skipped) > 0 {
		more := ""
		if len(skipped) > 1 {
			more = fmt.Sprintf(" (and %d more files that are not inputs; blast graph lists them)", len(skipped)-1)
		}
		return fmt.Errorf("--strict: %s: %s%s", skipped[0].File, skipped[0].Reason, more)
	}
	return nil
}
