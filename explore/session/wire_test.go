package session

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// The compact form gives back the model it was written from.
func TestWireRoundTrip(t *testing.T) {
	m := &Model{Version: ModelVersion, Title: "t", Config: "[platform]\n",
		Nodes: []*graph.Node{
			{ID: "a.tfstate:aws_lb.web", Kind: graph.KindResource, Type: "aws_lb", Name: "web", Mode: graph.ModeManaged, Provider: "registry.terraform.io/hashicorp/aws",
				Address: "aws_lb.web", Service: "elasticloadbalancing", Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Zones: []string{"us-east-1a", "us-east-1b"}, Rule: "arn"},
				Source: graph.Source{File: "a.tfstate", Address: "aws_lb.web"}},
			{ID: "aws_instance.app[0]", Kind: graph.KindResource, Type: "aws_instance", Mode: graph.ModeManaged, Provider: "registry.terraform.io/hashicorp/aws",
				Address: "aws_instance.app[0]", Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1a", ZoneID: "use1-az1"},
				Source: graph.Source{File: "a.tfstate", Address: "module.x.aws_instance.app[0]", Line: 3}, Labels: map[string]string{"tier": "web"}},
			{ID: "service:checkout", Kind: graph.KindService, Type: "service", Name: "checkout", Source: graph.Source{File: "services.toml", Line: 7}},
			{ID: "data.aws_ami.x", Kind: graph.KindResource, Type: "aws_ami", Mode: graph.ModeData, Address: "data.aws_ami.x"},
		},
		Edges: []graph.Edge{
			{From: "a.tfstate:aws_lb.web", To: "aws_instance.app[0]", Kind: graph.Hard, Group: "targets", Via: "subnets"},
			{From: "service:checkout", To: "a.tfstate:aws_lb.web", Kind: graph.Soft, Via: "tag:Service", Inferred: true},
			{From: "aws_instance.app[0]", To: "data.aws_ami.x", Kind: graph.Control},
		},
		Groups: map[string][]graph.Group{"a.tfstate:aws_lb.web": {{Name: "targets", Need: 1, Reason: "spread"}}},
		Inference: analyzer.SavedInference{
			List:  []analyzer.Inference{{Node: "a.tfstate:aws_lb.web", Rule: "spread", Detail: "needs 1 of 2", Source: "https://docs"}},
			Scope: map[string]graph.Scope{"aws_instance.app[0]": graph.ScopeRegional}, Spread: map[string]string{"a.tfstate:aws_lb.web": "why"},
			Standby: map[string][]string{"x": {"eu-west-1"}}},
		Attrs: map[string]map[string]string{"a.tfstate:aws_lb.web": {"load_balancer_type": "network"}},
		Stores: []analyzer.SavedStore{{StoreCopies: analyzer.StoreCopies{ID: "aws_instance.app[0]", Type: "aws_db_instance", What: "database", Where: "aws:us-east-1",
			Copies: []analyzer.DataCopy{{Kind: "backup", Name: "automated backups", Where: "aws:us-west-2", From: "x", Window: "up to 5 min", Source: "https://docs"}}},
			Primary: analyzer.SavedPlace{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1a"},
			Places:  []analyzer.SavedPlace{{Cloud: "aws", OtherZones: true, AnyRegion: true, Node: "x", Regions: []analyzer.SavedRegion{{Name: "EU", Prefix: []string{"eu-"}}, {Name: "us-west-2"}}}}}},
	}
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got Model
	if err := got.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	again, err := got.MarshalBinary()
	if err != nil || string(again) != string(data) {
		t.Errorf("written again, the bytes differ (%v)", err)
	}
	if !reflect.DeepEqual(&got, m) {
		g, _ := json.MarshalIndent(got.Nodes, "", " ")
		w, _ := json.MarshalIndent(m.Nodes, "", " ")
		t.Errorf("round trip differs:\n%s\nwant\n%s\n%+v\n%+v", g, w, got.Edges, m.Edges)
	}
	// any cut, and any byte changed, is an error or a model, never a panic
	for n := range len(data) {
		var m Model
		if err := m.UnmarshalBinary(data[:n]); err == nil {
			t.Errorf("cut at %d of %d: no error", n, len(data))
		}
	}
	for i := range data {
		bad := append([]byte(nil), data...)
		bad[i] ^= 0xff
		var m Model
		_ = m.UnmarshalBinary(bad)
	}
	var other Model
	if err := other.UnmarshalBinary([]byte(`{"version":1}`)); err == nil || !strings.Contains(err.Error(), "not blast's model") {
		t.Errorf("JSON read as a model: %v", err)
	}
}
