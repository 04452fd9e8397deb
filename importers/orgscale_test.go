package importers_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blast-dev/blast/fixtures/gen/org"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// OrgFullEnv names the environment variable that runs TestOrgCrossStateLinks
// on the full organisation (1,000 states, 1,000,000 instances:
// minutes and gigabytes, not for CI) instead of the short one.
const OrgFullEnv = "BLAST_ORG_FULL"

// writeOrg generates an organisation into a temporary directory.
func writeOrg(tb testing.TB, states, instances int) (string, org.Stats) {
	tb.Helper()
	dir := tb.TempDir()
	st, err := org.Write(dir, org.Options{States: states, Instances: instances, Seed: 1})
	if err != nil {
		tb.Fatal(err)
	}
	return dir, st
}

// loadOrg loads the organisation's directory as the CLI does.
func loadOrg(tb testing.TB, dir string) *importers.Result {
	tb.Helper()
	res, err := importers.Load([]string{dir}, formats.Defaults(importers.Options{}))
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// crossEdges returns the edges whose two ends come from different input
// files.
func crossEdges(g *graph.Graph) []graph.Edge {
	var out []graph.Edge
	for _, e := range g.Edges() {
		from, ok1 := g.Node(e.From)
		to, ok2 := g.Node(e.To)
		if ok1 && ok2 && from.Source.File != "" && to.Source.File != "" && from.Source.File != to.Source.File {
			out = append(out, e)
		}
	}
	return out
}

// TestOrgCrossStateLinks loads a generated organisation and holds the
// edges across its state files to the links the generator made: every
// dependency found (by value, through a data source standing for the
// resource it reads, through a terraform_remote_state output to the
// resource producing it), and no other edge across files but, optionally,
// from a data source to what it reads.
func TestOrgCrossStateLinks(t *testing.T) {
	states, instances := 20, 20000
	if os.Getenv(OrgFullEnv) != "" {
		states, instances = 1000, 1000000
	}
	dir, st := writeOrg(t, states, instances)
	res := loadOrg(t, dir)
	g := res.Graph

	// the generator computes node IDs with the loader's prefix rule: hold
	// it to the prefixes the load gave
	prefix := map[string]string{}
	for _, in := range res.Inputs {
		rel, err := filepath.Rel(dir, in.Name)
		if err != nil {
			t.Fatal(err)
		}
		prefix[filepath.ToSlash(rel)] = in.Prefix
	}
	if len(res.Inputs) != st.States {
		t.Fatalf("loaded %d inputs, generated %d states", len(res.Inputs), st.States)
	}
	if len(res.Skipped) != 1 || filepath.Base(res.Skipped[0].File) != org.LinksFile {
		t.Errorf("skipped %v, want only %s", res.Skipped, org.LinksFile)
	}
	links, err := org.ReadLinks(filepath.Join(dir, org.LinksFile))
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]string]string{}
	reads := map[[2]string]bool{}
	for _, l := range links {
		for _, end := range []struct{ id string }{{l.FromID}, {l.ToID}} {
			if _, ok := g.Node(end.id); !ok {
				t.Fatalf("link %s %s -> %s: no node %s in the loaded graph", l.Kind, l.FromID, l.ToID, end.id)
			}
		}
		if got := org.NodeID(prefix[l.From.File], l.From.Address); got != l.FromID {
			t.Fatalf("generator says %s, the load gives %s the ID %s", l.FromID, l.From.File, got)
		}
		k := [2]string{l.FromID, l.ToID}
		if l.Kind == org.KindReads {
			reads[k] = true
		} else {
			want[k] = l.Kind
		}
	}
	if len(want) == 0 {
		t.Fatal("the generator made no cross-state link")
	}

	cross := crossEdges(g)
	found := map[[2]string]bool{}
	var extra []string
	vias := map[string]int{}
	for _, e := range cross {
		k := [2]string{e.From, e.To}
		if e.Via == "" {
			t.Errorf("edge %s -> %s across states says nothing of how it was found (empty via)", e.From, e.To)
		}
		switch {
		case want[k] != "":
			found[k] = true
			vias[want[k]+" via "+viaHead(e.Via)]++
		case reads[k]:
		default:
			extra = append(extra, fmt.Sprintf("%s -> %s (%s, via %s)", e.From, e.To, e.Kind, e.Via))
		}
	}
	missing := map[string][]string{}
	for k, kind := range want {
		if !found[k] {
			missing[kind] = append(missing[kind], k[0]+" -> "+k[1])
		}
	}
	for _, kind := range []string{org.KindValue, org.KindData, org.KindRemoteState} {
		if m := missing[kind]; len(m) > 0 {
			slices.Sort(m)
			t.Errorf("%d of the generated %s links not found, e.g.\n  %s", len(m), kind, strings.Join(m[:min(5, len(m))], "\n  "))
		}
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		t.Errorf("%d edges across states the generator did not make, e.g.\n  %s", len(extra), strings.Join(extra[:min(10, len(extra))], "\n  "))
	}
	t.Logf("%d states, %d instances: %d links to find (%d value, %d data, %d remote_state), %d found; edges by kind and via: %v",
		st.States, st.Instances, len(want), st.Links[org.KindValue], st.Links[org.KindData], st.Links[org.KindRemoteState], len(found), vias)
}

// viaHead is a via's first word, to tally how edges say they were found.
func viaHead(via string) string {
	if i := strings.IndexAny(via, " :("); i > 0 {
		return via[:i]
	}
	return via
}

// TestOrgImportsEveryInstance holds the generator to its options through
// blast's own import: as many nodes as instances asked for, every state
// read, and every end of a generated link a node.
func TestOrgImportsEveryInstance(t *testing.T) {
	dir, st := writeOrg(t, 7, 3000)
	if st.Instances != 3000 || st.States != 7 {
		t.Fatalf("generated %d instances in %d states, asked 3000 in 7", st.Instances, st.States)
	}
	res := loadOrg(t, dir)
	nodes := 0
	for _, in := range res.Inputs {
		if in.Format != "tfstate" {
			t.Errorf("%s read as %s, want tfstate", in.Name, in.Format)
		}
		nodes += in.Nodes
	}
	if nodes != st.Instances {
		t.Errorf("the load made %d nodes of %d generated instances", nodes, st.Instances)
	}
	if w := res.Graph.Warnings(); len(w) > 0 {
		t.Errorf("warnings on a generated organisation: %v", w[:min(5, len(w))])
	}
}
