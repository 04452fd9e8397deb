package importers

import (
	"fmt"
	"strings"
	"sync"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/parallel"
)

// Unprintable reports whether s holds a character that has no place in
// a name and that reports would pass on to a terminal or a CI log: a
// control character (a new line would start a line of its own, which a
// CI runner may take for a command, such as GitHub's ::error::; an
// escape would drive the terminal) or a bidirectional override (which
// makes text read otherwise than it is).
func Unprintable(s string) bool {
	// names are mostly ASCII: eight bytes at a time while none is a
	// control or outside ASCII, then bytes one by one, runes decoded only
	// from the first byte that is not ASCII on
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if suspect(x) {
			break
		}
	}
	for ; i < len(s); i++ {
		b := s[i]
		if b < 0x20 || b == 0x7f {
			return true
		}
		if b >= 0x80 {
			for _, r := range s[i:] {
				if UnprintableRune(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// suspect reports whether any of the eight bytes of x is below 0x20,
// 0x7f or 0x80 and over (never false when one is; the bytes are then
// looked at one by one).
func suspect(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	del := x ^ 0x7f*ones
	return (x-0x20*ones)&^x&highs|(del-ones)&^del&highs|x&highs != 0
}

// UnprintableRune reports whether r is such a character: C0 and C1
// controls, DEL, and the bidirectional embeddings, overrides and
// isolates.
func UnprintableRune(r rune) bool {
	return r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// Escape returns s with every character UnprintableRune names shown as
// an escape (\x1b, \u202e) instead of reaching a terminal or a CI log.
func Escape(s string) string {
	if !Unprintable(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !UnprintableRune(r):
			b.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

// checkPrintable refuses a graph in which any text blast prints comes
// from the inputs with an unprintable character: file names, node IDs,
// addresses, names, types, placements, labels, edge and group names, and
// warnings. Importers read names as they are; this is the one place that
// keeps them out of reports.
func checkPrintable(g *graph.Graph, inputs []Loaded) error {
	for _, in := range inputs {
		if Unprintable(in.Name) {
			return fmt.Errorf("%q: the file name holds a control character", in.Name)
		}
	}
	// every node is looked at, on every core for a large graph; the error
	// is the first node's in ID order, however the work was split
	nodes := g.Nodes()
	var mu sync.Mutex
	first, firstErr := len(nodes), error(nil)
	parallel.Blocks(len(nodes), 4096, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if err := printableNode(g, nodes[i]); err != nil {
				mu.Lock()
				if i < first {
					first, firstErr = i, err
				}
				mu.Unlock()
				return
			}
		}
	})
	if firstErr != nil {
		return firstErr
	}
	for _, w := range g.Warnings() {
		if Unprintable(w.Message) {
			return fmt.Errorf("%s: %q: a name holds a control character, which blast does not print", w.Source, w.Message)
		}
	}
	return nil
}

// printableNode returns an error naming the first of a node's names,
// locations, labels, groups and references that holds a control character.
func printableNode(g *graph.Graph, n *graph.Node) error {
	bad := func(file, what, v string) error {
		return fmt.Errorf("%s: %s %q holds a control character, which blast does not print", file, what, v)
	}
	p := n.Placement
	for _, f := range [][2]string{{"node ID", n.ID}, {"type", n.Type}, {"name", n.Name}, {"address", n.Address},
		{"provider", n.Provider}, {"service", n.Service}, {"cloud", p.Cloud}, {"region", p.Region}, {"zone", p.Zone},
		{"zone ID", p.ZoneID}, {"source address", n.Source.Address}} {
		if Unprintable(f[1]) {
			return bad(n.Source.File, f[0], f[1])
		}
	}
	for _, list := range [][]string{p.Zones, p.Regions} {
		for _, v := range list {
			if Unprintable(v) {
				return bad(n.Source.File, "location", v)
			}
		}
	}
	for k, v := range n.Labels {
		if Unprintable(k) || Unprintable(v) {
			return bad(n.Source.File, "label", k+"="+v)
		}
	}
	for _, grp := range g.Groups(n.ID) {
		if Unprintable(grp.Name) || Unprintable(grp.Reason) {
			return bad(n.Source.File, "redundancy group", grp.Name)
		}
	}
	deps := g.DepsOf(n.ID) // read in place: no copy of every node's edges
	for j := range deps.Len() {
		if via := deps.Via(j); Unprintable(via) || Unprintable(deps.Group(j)) {
			return bad(n.Source.File, "reference", via)
		}
	}
	return nil
}
