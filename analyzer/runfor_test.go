package analyzer_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/tfstate"
)

// TestRunForExplainsAsRun holds RunFor to Run: for every region and zone
// of a synthetic state, the impacts of the nodes asked for have Run's
// state, frozen flag, configuration mark and reason (and no chain), no
// other node has one, and the summaries count every node alike.
func TestRunForExplainsAsRun(t *testing.T) {
	inputs := map[string][]byte{"synthetic": synth.State(600)}
	for _, f := range []string{"web-tier-3az", "lambda-iam", "global-table", "route53-failover", "shop-services/east.tfstate"} {
		path := filepath.Join("..", "fixtures", f)
		if filepath.Ext(path) == "" {
			path = filepath.Join(path, "terraform.tfstate")
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = data
	}
	explained, frozenOnly := 0, 0
	for name, data := range inputs {
		g := graph.New()
		if err := (tfstate.Importer{}).Import(importers.Input{Name: name, Data: data}, g); err != nil {
			t.Fatal(err)
		}
		a := analyzer.New(g, nil)
		var ids []string
		for k, n := range a.Nodes() {
			if k%5 == 0 || len(a.Nodes()) < 100 {
				ids = append(ids, n.ID)
			}
		}
		ids = append(ids, "no such node")
		asked := map[string]bool{}
		for _, id := range ids {
			asked[id] = true
		}
		for _, dc := range analyzer.Domains(g, true) {
			s := analyzer.Scenario{Down: []analyzer.Domain{dc.Domain}}
			all, some := a.Run(s), a.RunFor(s, ids, len(ids))
			if all.Summary != some.Summary || all.Services != some.Services || !reflect.DeepEqual(all.Effects, some.Effects) {
				t.Errorf("%s, %s: summary %+v %+v, RunFor %+v %+v", name, dc.Name, all.Summary, all.Services, some.Summary, some.Services)
			}
			want := 0
			for _, im := range all.Impacts {
				if !asked[im.ID] {
					continue
				}
				want++
				got, ok := some.Impact(im.ID)
				brief := analyzer.Impact{ID: im.ID, State: im.State, Frozen: im.Frozen, Configuration: im.Configuration, Reason: im.Reason}
				if !ok || !reflect.DeepEqual(got, brief) {
					t.Errorf("%s, %s: %s: RunFor gives %+v (%t), Run %+v", name, dc.Name, im.ID, got, ok, im)
				}
				if len(im.Chain) > 1 {
					explained++
				}
				if im.Frozen && im.State == analyzer.Healthy {
					frozenOnly++
				}
			}
			if len(some.Impacts) != want {
				t.Errorf("%s, %s: RunFor has %d impacts, want the %d asked for", name, dc.Name, len(some.Impacts), want)
			}
		}
	}
	if explained == 0 || frozenOnly == 0 {
		t.Fatalf("asked-for impacts explained through a dependency: %d, frozen only: %d; the test must compare both", explained, frozenOnly)
	}
}
