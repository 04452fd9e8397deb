package analyzer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// withoutEdges copies g's nodes, placements and labels, and no edge: a
// scenario over the copy fails or degrades exactly what it hits directly.
func withoutEdges(t *testing.T, g *graph.Graph) *graph.Graph {
	t.Helper()
	c := graph.New()
	for _, n := range g.Nodes() {
		cp := *n
		if err := c.AddNode(&cp); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// directHits counts the resources a scenario taking d down alone fails or
// degrades in the edge-free copy of a's graph (regions and zones trigger
// no observed platform dependency).
func directHits(a *Analyzer, d Domain) int {
	res := a.Run(Scenario{Down: []Domain{d}})
	n := 0
	for _, im := range res.Impacts {
		if im.State > Healthy {
			n++
		}
	}
	return n
}

// Domains counts in each domain what whatif takes down there: on every
// file of the real-world corpus, each region's and zone's count is the
// number of resources a scenario of that domain alone fails or degrades
// when no dependency carries the failure.
func TestDomainsCountWhatWhatifTakesDown(t *testing.T) {
	root := filepath.Join("..", "fixtures", "corpus")
	if _, err := os.Stat(root); err != nil {
		t.Skip("no corpus in this checkout")
	}
	files, _ := filepath.Glob(filepath.Join(root, "*", "*"))
	checked := 0
	for _, f := range files {
		switch filepath.Base(f) {
		case "expect.toml", "SOURCES.md":
			continue
		}
		res, err := importers.Load([]string{f}, formats.Defaults(importers.Options{}))
		if err != nil {
			continue // the corpus test reports files that do not load
		}
		a := New(res.Graph, nil)
		bare := New(withoutEdges(t, res.Graph), nil)
		for _, dc := range a.Domains(false) {
			if dc.Domain.Kind == DomainProvider {
				continue
			}
			checked++
			if want := directHits(bare, dc.Domain); dc.Resources != want {
				t.Errorf("%s: domains counts %d in %s, whatif takes down %d there", f, dc.Resources, dc.Name, want)
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d domains checked", checked)
	}
}
