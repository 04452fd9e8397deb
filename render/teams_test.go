package render_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/render"
)

// teamsReport is the shop graph with owners: the instances and subnets
// read from a network team's state, the load balancer tagged for the web
// team, the checkout service owned (catalog label) by the shop team.
func teamsReport(t *testing.T, cluster string) *render.Report {
	t.Helper()
	r := report(t, "aws:us-east-1a", render.DiagramOptions{View: "impact", Collapse: "none", Cluster: cluster})
	for _, n := range r.Graph.Nodes() {
		n.Tags = nil // the fixture's secret Owner tag stays out of this test
		switch {
		case strings.Contains(n.ID, "aws_subnet"), strings.Contains(n.ID, "aws_instance.app"):
			n.Source.File = "live/network/terraform.tfstate.d/prod/terraform.tfstate"
			n.Labels = map[string]string{"workspace": "prod"}
		case n.ID == "aws_lb.web":
			n.Tags = graph.Tags{{Key: "Team", Value: "web"}}
		case n.ID == "svc.checkout":
			n.Labels = map[string]string{"owner": "group:default/shop"}
		}
	}
	r.Owners = &analyzer.Owners{Keys: analyzer.DefaultOwnerKeys, States: []analyzer.StateOwner{{Path: "live/network/*", Team: "network"}}}
	v := analyzer.ByTeam(r.Graph, r.Result, r.Owners)
	r.Teams = &v
	return r
}

// TestTeamsView: whatif --by team in text, json and html lists each
// team's impacted nodes and the other team's node each came through.
func TestTeamsView(t *testing.T) {
	r := teamsReport(t, "")
	text := string(renderTo(t, render.ViewImpact, "text", r))
	for _, want := range []string{
		"By team",
		"network  2 failed, 0 degraded",
		"web  0 failed, 1 degraded",
		"through network: aws_instance.app[0]",
		"shop  0 failed, 1 degraded",
		"through web: aws_lb.web",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "\nResources\n") {
		t.Errorf("text by team still lists resources by location:\n%s", text)
	}
	var doc struct {
		ByTeam struct {
			Teams []struct {
				Team  string
				Nodes []struct{ ID, State, Through, ThroughTeam string }
			}
		} `json:"byTeam"`
	}
	if err := json.Unmarshal(renderTo(t, render.ViewImpact, "json", r), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.ByTeam.Teams) != 3 || doc.ByTeam.Teams[2].Team != "web" || doc.ByTeam.Teams[2].Nodes[0].Through != "aws_instance.app[0]" || doc.ByTeam.Teams[2].Nodes[0].ThroughTeam != "network" || doc.ByTeam.Teams[2].Nodes[0].State != "degraded" {
		t.Errorf("json byTeam = %+v", doc.ByTeam)
	}
	html := string(renderTo(t, render.ViewImpact, "html", r))
	if !strings.Contains(html, `<section id="teams">`) || !strings.Contains(html, "<td>web</td>") || !strings.Contains(html, "network: aws_instance.app[0]") {
		t.Errorf("html lacks the team section")
	}
	r.Teams = nil
	if j := string(renderTo(t, render.ViewImpact, "json", r)); strings.Contains(j, "byTeam") {
		t.Errorf("json without --by team has byTeam")
	}
}

// TestClusterByStateAndTeam: --cluster state boxes nodes by their input
// file and workspace, --cluster team by owner; nodes without either are
// drawn outside every box, and the domain too.
func TestClusterByStateAndTeam(t *testing.T) {
	dot := string(renderTo(t, render.ViewImpact, "dot", teamsReport(t, "state")))
	if !strings.Contains(dot, `<td>live/network/terraform.tfstate.d/prod/terraform.tfstate (workspace prod)</td>`) {
		t.Errorf("no state cluster:\n%s", dot)
	}
	if strings.Contains(dot, "cluster_aws") {
		t.Errorf("clustered by state, still boxes by location:\n%s", dot)
	}
	dot = string(renderTo(t, render.ViewImpact, "dot", teamsReport(t, "team")))
	for _, want := range []string{`<td>team network</td>`, `<td>team web</td>`, `<td>team shop</td>`} {
		if !strings.Contains(dot, want) {
			t.Errorf("no %s cluster:\n%s", want, dot)
		}
	}
	if err := (render.DiagramOptions{Cluster: "zone"}).Validate(); err == nil || !strings.Contains(err.Error(), "location, state, team") {
		t.Errorf("Validate(cluster zone) = %v", err)
	}
}
