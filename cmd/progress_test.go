package cmd

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blast-dev/blast/progress"
)

// lockedBuffer is a buffer safe for the progress goroutine and the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// On a terminal a long phase is drawn on one line and erased before the
// run prints anything else; the report on stdout never holds it.
func TestProgressOnTerminal(t *testing.T) {
	defer func(d, tick time.Duration, tty func(io.Writer) bool) {
		progress.Delay, progress.Tick, progress.IsTerminal = d, tick, tty
	}(progress.Delay, progress.Tick, progress.IsTerminal)
	progress.Delay, progress.Tick = 0, time.Millisecond
	var stderr lockedBuffer
	progress.IsTerminal = func(w io.Writer) bool { return w == &stderr }

	g := &globals{stderr: &stderr, progress: &progress.Line{}}
	g.phase("matrix: %d domains", 3)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(stderr.String(), "blast: matrix: 3 domains…") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	g.say("note: something")
	out := stderr.String()
	line := strings.Index(out, "\r\x1b[Kblast: matrix: 3 domains… 0s")
	erase := strings.LastIndex(out, "\r\x1b[K")
	if line < 0 || erase <= line || !strings.HasSuffix(out, "\r\x1b[Kblast: note: something\n") {
		t.Fatalf("progress line not drawn, then erased before the note: %q", out)
	}
	g.progress.End() // a second end is harmless
	if stderr.String() != out {
		t.Errorf("end after end wrote %q", strings.TrimPrefix(stderr.String(), out))
	}

	// a whole run: stderr ends erased, stdout is the report alone
	var stdout bytes.Buffer
	stderr = lockedBuffer{}
	code := Run([]string{"matrix"}, strings.NewReader(""), &stdout, &stderr)
	if code != ExitOK || strings.Contains(stdout.String(), "\x1b") || strings.Contains(stdout.String(), "…") {
		t.Errorf("matrix: exit %d; progress reached stdout: %q", code, stdout.String())
	}
	if s := stderr.String(); strings.LastIndex(s, "…") > strings.LastIndex(s, "\r\x1b[K") {
		t.Errorf("matrix: the progress line was left on stderr: %q", s)
	}
	// --quiet: nothing at all on stderr, not even the demo note
	stderr = lockedBuffer{}
	stdout.Reset()
	if code := Run([]string{"matrix", "--quiet"}, strings.NewReader(""), &stdout, &stderr); code != ExitOK || stderr.String() != "" {
		t.Errorf("matrix --quiet: exit %d, stderr %q", code, stderr.String())
	}
}

// Not on a terminal (a pipe, a CI log, a test's buffer), nothing of the
// progress line is ever written, however long the run.
func TestProgressNotOnTerminal(t *testing.T) {
	defer func(d, tick time.Duration) { progress.Delay, progress.Tick = d, tick }(progress.Delay, progress.Tick)
	progress.Delay, progress.Tick = 0, time.Millisecond
	for _, args := range [][]string{{"matrix"}, {"check", "--fail-on", "none", "--config", "fixtures/pr-zonal/blast.toml", "fixtures/pr-zonal/scale-in.json"}} {
		t.Chdir(moduleRoot(t))
		code, _, stderr := blastRun(t, "", args...)
		if code != ExitOK || strings.Contains(stderr, "\x1b") || strings.Contains(stderr, "…") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// --quiet silences warnings and notes; errors still print.
func TestQuiet(t *testing.T) {
	one := statesWithWarnings(t, 1)
	code, out, stderr := blastRun(t, "", append([]string{"whatif", "--quiet", "--down", "aws:us-east-1a"}, one...)...)
	if code != ExitOK || stderr != "" || out == "" {
		t.Errorf("whatif --quiet: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = blastRun(t, "", "whatif", "--quiet", "--down", "nowhere:at-all", one[0])
	if code != ExitError || !strings.HasPrefix(stderr, "blast: --down: ") {
		t.Errorf("whatif --quiet with a bad domain: exit %d, stderr %q; want the error line", code, stderr)
	}
}
