package analyzer

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/graph"
)

// TestByTeam: three teams' states, network (VPC, subnet), platform (a
// cluster in the subnet) and shop (an app on the cluster, and a table of
// its own). us-east-1a down: each team lists its own failed nodes, and
// the shop's app names the platform's cluster, the first node of another
// team on its chain, not the network's subnet further down; the table
// failed in its own zone and came through no other team.
func TestByTeam(t *testing.T) {
	g := build(t, []tn{
		{id: "net:aws_subnet.a", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1a"},
		{id: "net:aws_nat_gateway.a", typ: "aws_nat_gateway", region: "us-east-1", zone: "us-east-1a"},
		{id: "k8s:aws_instance.node", typ: "aws_instance", region: "us-east-1"},
		{id: "shop:aws_lambda_function.app", typ: "aws_lambda_function"},
		{id: "shop:aws_db_instance.db", typ: "aws_db_instance", region: "us-east-1", zone: "us-east-1a"},
		{id: "loose:aws_sqs_queue.q", typ: "aws_sqs_queue", region: "us-east-1"},
		{id: "shop:data.aws_subnet.a", typ: "aws_subnet", data: true},
	}, []te{
		{from: "net:aws_nat_gateway.a", to: "net:aws_subnet.a", via: "subnet_id"},
		{from: "k8s:aws_instance.node", to: "net:aws_subnet.a", via: "subnet_id"},
		{from: "shop:aws_lambda_function.app", to: "k8s:aws_instance.node", via: "environment.variables"},
		{from: "loose:aws_sqs_queue.q", to: "shop:aws_lambda_function.app", via: "policy"},
	})
	tags := map[string]map[string]string{
		"net:aws_subnet.a":             {"Team": "network"},
		"net:aws_nat_gateway.a":        {"Owner": "network", "Team": "ignored: Owner comes first"},
		"shop:aws_lambda_function.app": {"owner": "shop"},
		"shop:aws_db_instance.db":      {"team": "shop"},
		"shop:data.aws_subnet.a":       {"Owner": "shop"},
	}
	for id, tg := range tags {
		n, _ := g.Node(id)
		n.Tags = graph.TagsOf(tg)
	}
	cluster, _ := g.Node("k8s:aws_instance.node")
	cluster.Source.File = "live/platform/cluster/terraform.tfstate"
	owners := &Owners{Keys: DefaultOwnerKeys, States: []StateOwner{{Path: "live/platform/*", Team: "platform"}}}
	res := run(t, g, "aws:us-east-1a")
	view := ByTeam(g, res, owners)

	var got []string
	for _, ti := range view.Teams {
		for _, n := range ti.Nodes {
			got = append(got, ti.Team+" "+n.ID+" "+n.State.String()+" through="+n.Through+"/"+n.ThroughTeam)
		}
	}
	want := []string{
		"network net:aws_nat_gateway.a failed through=/",
		"network net:aws_subnet.a failed through=/",
		"platform k8s:aws_instance.node failed through=net:aws_subnet.a/network",
		"shop shop:aws_db_instance.db failed through=/",
		"shop shop:aws_lambda_function.app failed through=k8s:aws_instance.node/platform",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("by team:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if view.Unowned != 1 {
		t.Errorf("unowned = %d, want 1 (the queue)", view.Unowned)
	}
	if s := view.Teams[2]; s.Team != "shop" || s.Failed != 2 || s.Degraded != 0 {
		t.Errorf("shop counts = %+v", s)
	}
}

func TestOwnerName(t *testing.T) {
	for ref, want := range map[string]string{
		"team-a":               "team-a",
		"group:team-a":         "team-a",
		"group:default/team-a": "team-a",
		"default/team-a":       "team-a",
		"user:guest":           "user:guest",
		"group:ops/dba":        "ops/dba",
		" ":                    "",
	} {
		if got := OwnerName(ref); got != want {
			t.Errorf("OwnerName(%q) = %q, want %q", ref, got, want)
		}
	}
}

func TestLoadOwners(t *testing.T) {
	o, err := LoadOwners(nil)
	if err != nil || strings.Join(o.Keys, ",") != "Owner,owner,Team,team" {
		t.Fatalf("defaults: %v %v", o, err)
	}
	cfg, err := config.Parse("blast.toml", []byte("[teams]\ntag_keys = [\"squad\"]\n[[teams.state]]\npath = \"net/*\"\nteam = \"network\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	o, err = LoadOwners(cfg)
	if err != nil || strings.Join(o.Keys, ",") != "squad" || len(o.States) != 1 {
		t.Fatalf("configured: %+v %v", o, err)
	}
	n := &graph.Node{ID: "x", Tags: graph.Tags{{Key: "Owner", Value: "a"}, {Key: "squad", Value: "b"}}, Source: graph.Source{File: "net/main.tfstate"}}
	if got := o.Of(n); got != "b" {
		t.Errorf("Of = %q, want b (the configured key)", got)
	}
	n.Tags = nil
	if got := o.Of(n); got != "network" {
		t.Errorf("Of = %q, want network (by state)", got)
	}
	for _, bad := range []string{"[teams]\ntag_key = [\"x\"]\n", "[[teams.state]]\npath = \"a\"\n"} {
		cfg, err := config.Parse("blast.toml", []byte(bad))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := LoadOwners(cfg); err == nil || !strings.Contains(err.Error(), "blast.toml") {
			t.Errorf("%q: err = %v, want one naming the file", bad, err)
		}
	}
}
