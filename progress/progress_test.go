package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a buffer safe for the drawing goroutine and the test.
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

// fast makes the line draw at once and often, for the test's duration.
func fast(t *testing.T) {
	d, tick := Delay, Tick
	t.Cleanup(func() { Delay, Tick = d, tick })
	Delay, Tick = 0, time.Millisecond
}

// waitFor waits until w holds s, or fails.
func waitFor(t *testing.T, w *lockedBuffer, s string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(w.String(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("never drawn %q: %q", s, w.String())
		}
		time.Sleep(time.Millisecond)
	}
}

// A line is drawn with its message and the time elapsed, redrawn with a
// new message, and erased by End; a second End writes nothing.
func TestLineDrawnAndErased(t *testing.T) {
	fast(t)
	var w lockedBuffer
	var p Line
	p.Set(&w, "loading states/")
	waitFor(t, &w, "\r\x1b[Kblast: loading states/… 0s")
	p.Set(&w, "matrix: 3 domains")
	waitFor(t, &w, "\r\x1b[Kblast: matrix: 3 domains… 0s")
	p.End()
	out := w.String()
	if !strings.HasSuffix(out, "\r\x1b[K") {
		t.Fatalf("not erased at the end: %q", out)
	}
	p.End()
	if w.String() != out {
		t.Errorf("End after End wrote %q", strings.TrimPrefix(w.String(), out))
	}
	// a later phase starts a new line
	p.Set(&w, "again")
	waitFor(t, &w, "blast: again…")
	p.End()
}

// A run that ends before Delay shows nothing at all, and End on a nil or
// unused Line is harmless.
func TestLineShortRunShowsNothing(t *testing.T) {
	defer func(d time.Duration) { Delay = d }(Delay)
	Delay = time.Hour
	var w lockedBuffer
	var p Line
	p.Set(&w, "loading")
	p.End()
	if w.String() != "" {
		t.Errorf("a short run wrote %q", w.String())
	}
	var unused Line
	unused.End()
	var none *Line
	none.End()
}

// A buffer is not a terminal.
func TestIsTerminalBuffer(t *testing.T) {
	if IsTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is taken for a terminal")
	}
}
