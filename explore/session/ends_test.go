package session

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// TestModelEndsAsByID: a model made from a graph writes its edges' ends
// from the places it read off the graph (ends), and they are the places
// its edges' IDs name: the binary form and the script's index are the
// same byte for byte without them.
func TestModelEndsAsByID(t *testing.T) {
	g := graph.New()
	ids := []string{"aws_lb.web", "aws_instance.web[0]", "aws_instance.web[1]", "aws_db_instance.db", "aws_iam_role.app"}
	for _, id := range ids {
		p := graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1a"}
		if err := g.AddNode(&graph.Node{ID: id, Kind: graph.KindResource, Mode: graph.ModeManaged, Address: id, Placement: p}); err != nil {
			t.Fatal(err)
		}
	}
	// edges out of node order, so that an end's place differs from its
	// edge's place in the list
	for _, e := range [][2]int{{0, 1}, {0, 2}, {1, 3}, {2, 3}, {1, 4}, {3, 4}} {
		if err := g.AddEdge(graph.Edge{From: ids[e[0]], To: ids[e[1]], Kind: graph.Hard, Via: fmt.Sprint("ref", e[1])}); err != nil {
			t.Fatal(err)
		}
	}
	m := NewModel(analyzer.New(g, nil), "ends", nil, "")
	if len(m.ends) != 2*len(m.Edges) || len(m.Edges) != 6 {
		t.Fatalf("NewModel kept %d ends for %d edges, want 12 for 6", len(m.ends), len(m.Edges))
	}
	withEnds, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	index := m.Index()
	byID := *m
	byID.ends = nil
	without, err := byID.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(withEnds, without) {
		t.Error("the binary model differs with the ends read off the graph and with them found by ID")
	}
	if got := byID.Index(); !reflect.DeepEqual(index, got) {
		t.Errorf("the script's index differs: from the graph %+v, by ID %+v", index, got)
	}
	for k, e := range m.Edges {
		if from, to := m.Nodes[index.From[k]].ID, m.Nodes[index.To[k]].ID; from != e.From || to != e.To {
			t.Errorf("edge %d %s -> %s indexed as %s -> %s", k, e.From, e.To, from, to)
		}
	}
}
