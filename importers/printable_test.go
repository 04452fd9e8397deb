package importers

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// TestCheckPrintableFirstInOrder: in a graph large enough to be checked
// on every core, the error names the first bad node in ID order, on one
// core and on several.
func TestCheckPrintableFirstInOrder(t *testing.T) {
	g := graph.New()
	for i := 0; i < 20000; i++ {
		n := &graph.Node{ID: fmt.Sprintf("aws_vpc.v%05d", i), Kind: graph.KindResource, Type: "aws_vpc", Source: graph.Source{File: "s.tfstate"}}
		switch i {
		case 17000:
			n.Name = "late\x1b[31m"
		case 9000:
			n.Name = "first\x07"
		}
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	prev := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(prev)
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		err := checkPrintable(g, nil)
		if err == nil || !strings.Contains(err.Error(), `name "first\a"`) {
			t.Errorf("%d cores: %v, want the error of aws_vpc.v09000", procs, err)
		}
	}
}

// TestUnprintableLikeRunes: the byte scan answers as a scan of every
// rune does, on strings of ASCII, controls, bidirectional marks, other
// runes and invalid UTF-8 in any mix.
func TestUnprintableLikeRunes(t *testing.T) {
	pieces := []string{"a", "Z", " ", "~", "\x00", "\n", "\x1f", "\x7f", "\u0080", "\u009f", "\u00a0", "é",
		"\u202a", "\u202e", "\u202f", "\u2066", "\u2069", "\u206a", "☃", "\xff", "\xc2", "\xe2\x80", "𝄞"}
	byRunes := func(s string) bool {
		for _, r := range s {
			if UnprintableRune(r) {
				return true
			}
		}
		return false
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for k := range 40000 {
		var b strings.Builder
		for range rnd.IntN(6) {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
			if k%2 == 1 { // and runs of ASCII, which are read eight bytes at a time
				b.WriteString("module.cell_vpc-0a1b2c3d"[:rnd.IntN(25)])
			}
		}
		s := b.String()
		if got, want := Unprintable(s), byRunes(s); got != want {
			t.Fatalf("Unprintable(%q) = %v, want %v", s, got, want)
		}
	}
}
