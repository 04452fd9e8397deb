package cmd

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// Progress timing: nothing is shown for a run shorter than progressDelay;
// after that the line is redrawn every progressTick.
var (
	progressDelay = 500 * time.Millisecond
	progressTick  = 250 * time.Millisecond
)

// isTerminal reports whether w is a terminal (tests replace it).
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress is one line on stderr saying what a long run is doing, shown
// only when stderr is a terminal (never in pipes, CI logs or tests) and
// erased before anything else is printed there.
type progress struct {
	mu    sync.Mutex
	w     io.Writer // nil until a phase starts on a terminal
	msg   string
	start time.Time
	shown bool
	stop  chan struct{}
	done  chan struct{}
}

// phase says what the run does now, on the progress line ("loading
// states/", "matrix: 42 domains"). Quiet runs and runs whose stderr is
// not a terminal show nothing.
func (g *globals) phase(format string, args ...any) {
	if g.quiet || g.progress == nil || !isTerminal(g.stderr) {
		return
	}
	g.progress.set(g.stderr, fmt.Sprintf(format, args...))
}

// say prints one line on stderr, "blast: " and the message (a warning:
// or note: line), after erasing the progress line; --quiet silences it.
func (g *globals) say(msg string) {
	if g.quiet {
		return
	}
	g.progress.end()
	fmt.Fprintf(g.stderr, "blast: %s\n", msg)
}

func (p *progress) set(w io.Writer, msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.msg = msg
	if p.w != nil {
		return
	}
	p.w, p.start = w, time.Now()
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go p.run(p.stop, p.done)
}

// run redraws the line until stopped.
func (p *progress) run(stop, done chan struct{}) {
	defer close(done)
	timer := time.NewTimer(progressDelay)
	defer timer.Stop()
	select {
	case <-stop:
		return
	case <-timer.C:
	}
	tick := time.NewTicker(progressTick)
	defer tick.Stop()
	for {
		p.draw()
		select {
		case <-stop:
			return
		case <-tick.C:
		}
	}
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w == nil {
		return
	}
	elapsed := time.Since(p.start).Truncate(time.Second)
	fmt.Fprintf(p.w, "\r\x1b[Kblast: %s… %s", p.msg, elapsed)
	p.shown = true
}

// end stops the progress line and erases it; a later phase starts a new
// one. It is safe on a nil progress and when nothing was shown.
func (p *progress) end() {
	if p == nil {
		return
	}
	p.mu.Lock()
	stop, done := p.stop, p.done
	p.mu.Unlock()
	if stop == nil {
		return
	}
	close(stop)
	<-done
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	p.w, p.shown, p.stop, p.done = nil, false, nil, nil
}
