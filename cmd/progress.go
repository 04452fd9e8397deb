package cmd

import (
	"fmt"

	"github.com/blast-dev/blast/progress"
)

// phase says what the run does now, on the progress line ("loading
// states/", "matrix: 42 domains"). Quiet runs and runs whose stderr is
// not a terminal show nothing.
func (g *globals) phase(format string, args ...any) {
	if g.quiet || g.progress == nil || !progress.IsTerminal(g.stderr) {
		return
	}
	g.progress.Set(g.stderr, fmt.Sprintf(format, args...))
}

// say prints one line on stderr, "blast: " and the message (a warning:
// or note: line), after erasing the progress line; --quiet silences it.
func (g *globals) say(msg string) {
	if g.quiet {
		return
	}
	g.progress.End()
	fmt.Fprintf(g.stderr, "blast: %s\n", msg)
}
