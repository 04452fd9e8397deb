package analyzer_test

import (
	"reflect"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/tfstate"
)

// TestRunForExplainsAsRun holds RunFor to Run: for every region and zone
// of a synthetic state, the impacts of the nodes asked for are Run's,
// chains included, no other node has one, and the summaries count every
// node alike.
func TestRunForExplainsAsRun(t *testing.T) {
	g := graph.New()
	if err := (tfstate.Importer{}).Import(importers.Input{Name: "org.tfstate", Data: synth.State(600)}, g); err != nil {
		t.Fatal(err)
	}
	a := analyzer.New(g, nil)
	var ids []string
	for k, n := range a.Nodes() {
		if k%5 == 0 {
			ids = append(ids, n.ID)
		}
	}
	ids = append(ids, "no such node")
	asked := map[string]bool{}
	for _, id := range ids {
		asked[id] = true
	}
	explained := 0
	for _, dc := range analyzer.Domains(g, false) {
		s := analyzer.Scenario{Down: []analyzer.Domain{dc.Domain}}
		all, some := a.Run(s), a.RunFor(s, ids)
		if all.Summary != some.Summary || all.Services != some.Services {
			t.Errorf("%s: summary %+v %+v, RunFor %+v %+v", dc.Name, all.Summary, all.Services, some.Summary, some.Services)
		}
		want := 0
		for _, im := range all.Impacts {
			if !asked[im.ID] {
				continue
			}
			want++
			got, ok := some.Impact(im.ID)
			if !ok || !reflect.DeepEqual(got, im) {
				t.Errorf("%s: %s: RunFor gives %+v (%t), Run %+v", dc.Name, im.ID, got, ok, im)
			}
			if len(im.Chain) > 1 {
				explained++
			}
		}
		if len(some.Impacts) != want {
			t.Errorf("%s: RunFor has %d impacts, want the %d asked for", dc.Name, len(some.Impacts), want)
		}
	}
	if explained == 0 {
		t.Fatal("no impact asked for was explained through a dependency: the test compares nothing")
	}
}
