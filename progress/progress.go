// Package progress draws one line on a terminal saying what a long run is
// doing ("loading states/… 3s"), redrawn as time passes and erased before
// anything else is printed there. Nothing is drawn for a short run, and
// never where the writer is not a terminal (pipes, CI logs, tests).
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// Timing: nothing is shown for a run shorter than Delay; after that the
// line is redrawn every Tick. Tests shorten them.
var (
	Delay = 500 * time.Millisecond
	Tick  = 250 * time.Millisecond
)

// IsTerminal reports whether w is a terminal (tests replace it).
var IsTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Line is the progress line of one run. The zero value is ready to use;
// its methods are safe for concurrent use.
type Line struct {
	mu    sync.Mutex
	w     io.Writer // nil until a phase starts
	msg   string
	start time.Time
	shown bool
	stop  chan struct{}
	done  chan struct{}
}

// Set says what the run does now, on w: the first call starts the line
// (drawn after Delay), later ones change its message. The caller decides
// whether w is a terminal (IsTerminal).
func (p *Line) Set(w io.Writer, msg string) {
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
func (p *Line) run(stop, done chan struct{}) {
	defer close(done)
	timer := time.NewTimer(Delay)
	defer timer.Stop()
	select {
	case <-stop:
		return
	case <-timer.C:
	}
	tick := time.NewTicker(Tick)
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

func (p *Line) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w == nil {
		return
	}
	elapsed := time.Since(p.start).Truncate(time.Second)
	fmt.Fprintf(p.w, "\r\x1b[Kblast: %s… %s", p.msg, elapsed)
	p.shown = true
}

// End stops the progress line and erases it; a later Set starts a new
// one. It is safe on a nil Line and when nothing was shown.
func (p *Line) End() {
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
