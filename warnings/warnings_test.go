package warnings

import (
	"bytes"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// TestPrint: each warning once however often kept, the skipped files
// counted once, the rest past MaxPrinted counted, control characters
// escaped.
func TestPrint(t *testing.T) {
	var p Pending
	ws := []graph.Warning{{Source: "a.tfstate", Message: "one"}, {Source: "a.tfstate", Message: "two\x1b[2J"}}
	p.Keep(ws)
	p.Keep(ws) // a second load of the same inputs
	p.KeepSkipped([]string{"README.md", "package.json"})
	p.KeepSkipped([]string{"README.md"})
	var b bytes.Buffer
	p.Print(&b)
	want := "blast: skipped 2 files that are not inputs; blast graph lists them\n" +
		"blast: warning: a.tfstate: one\n" +
		"blast: warning: a.tfstate: two\\x1b[2J\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	for i := range MaxPrinted + 2 {
		p.Keep([]graph.Warning{{Source: "b.tfstate", Message: string(rune('a' + i))}})
	}
	b.Reset()
	p.Print(&b)
	if !bytes.Contains(b.Bytes(), []byte("blast: warning: and 4 more (blast graph lists them")) {
		t.Errorf("no count of the rest:\n%s", b.String())
	}
}
