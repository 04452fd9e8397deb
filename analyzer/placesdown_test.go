package analyzer

import (
	"fmt"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// TestPlacesDownBeyondFew: a scenario's regions, zones and regional
// services are found as well when a lookup compares them one by one
// (fewDown or fewer of a kind) as when it hashes a key (more), and a
// place named twice is one place.
func TestPlacesDownBeyondFew(t *testing.T) {
	regions := []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2",
		"eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-southeast-1"}
	if len(regions) <= fewDown+1 {
		t.Fatalf("%d regions do not reach past fewDown (%d)", len(regions), fewDown)
	}
	g := graph.New()
	for _, r := range regions {
		_ = g.AddNode(&graph.Node{ID: "aws_sqs_queue.q_" + r, Kind: graph.KindResource, Type: "aws_sqs_queue",
			Mode: graph.ModeManaged, Service: "sqs", Placement: graph.Placement{Cloud: "aws", Region: r}})
		_ = g.AddNode(&graph.Node{ID: "aws_instance.i_" + r, Kind: graph.KindResource, Type: "aws_instance",
			Mode: graph.ModeManaged, Service: "ec2", Placement: graph.Placement{Cloud: "aws", Region: r, Zone: r + "a"}})
	}
	a := New(g, nil)
	kinds := []struct {
		name   string
		domain func(r string) Domain
		hits   func(r string) []string // the nodes of region r the domain fails
		listed func(d *down) placesDown
	}{
		{"regions", func(r string) Domain { return Domain{Kind: DomainRegion, Cloud: "aws", Region: r} },
			func(r string) []string { return []string{"aws_sqs_queue.q_" + r, "aws_instance.i_" + r} },
			func(d *down) placesDown { return d.regionList }},
		{"zones", func(r string) Domain { return Domain{Kind: DomainZone, Cloud: "aws", Zone: r + "a"} },
			func(r string) []string { return []string{"aws_instance.i_" + r} },
			func(d *down) placesDown { return d.zoneKeys }},
		{"services", func(r string) Domain { return Domain{Kind: DomainService, Cloud: "aws", Region: r, Service: "sqs"} },
			func(r string) []string { return []string{"aws_sqs_queue.q_" + r} },
			func(d *down) placesDown { return d.serviceList }},
	}
	for _, k := range kinds {
		for _, n := range []int{1, fewDown, fewDown + 1, len(regions)} {
			t.Run(fmt.Sprintf("%s %d", k.name, n), func(t *testing.T) {
				var down []Domain
				want := map[string]bool{}
				for _, r := range regions[:n] {
					down = append(down, k.domain(r))
					for _, id := range k.hits(r) {
						want[id] = true
					}
				}
				down = append(down, k.domain(regions[0])) // named twice
				d, _ := a.compile(Scenario{Down: down})
				if got := len(k.listed(d)); got != n {
					t.Errorf("%d places listed for %d named, one of them twice: want %d", got, n+1, n)
				}
				res := a.Run(Scenario{Down: down})
				for _, n := range g.Nodes() {
					im, hit := res.Impact(n.ID)
					switch {
					case want[n.ID] && (!hit || im.State != Failed):
						t.Errorf("%s: %+v (%t), want failed", n.ID, im, hit)
					case !want[n.ID] && hit:
						t.Errorf("%s: %+v, want untouched", n.ID, im)
					}
				}
			})
		}
	}
}
