package checks

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// shop builds a small system: service checkout needs any one of the web
// instances named (each in its zone of us-east-1), and a database in
// zone a.
func shop(t *testing.T, zones ...string) *graph.Graph {
	t.Helper()
	g := graph.New()
	add := func(n *graph.Node) {
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	add(&graph.Node{ID: "service:checkout", Kind: graph.KindService, Type: "service", Name: "checkout", Labels: map[string]string{"tier": "critical"}})
	add(&graph.Node{ID: "aws_db_instance.main", Kind: graph.KindResource, Type: "aws_db_instance", Address: "aws_db_instance.main",
		Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1a", Rule: "attribute:availability_zone"}})
	for _, z := range zones {
		id := "aws_instance.web_" + z
		add(&graph.Node{ID: id, Kind: graph.KindResource, Type: "aws_instance", Address: id,
			Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1" + z, Rule: "attribute:availability_zone"}})
		if err := g.AddEdge(graph.Edge{From: "service:checkout", To: id, Kind: graph.Hard, Group: "web"}); err != nil {
			t.Fatal(err)
		}
	}
	g.SetGroup("service:checkout", graph.Group{Name: "web", Need: 1})
	return g
}

func check(t *testing.T, base, head *graph.Graph, opt EvalOptions) *Check {
	t.Helper()
	suite := Suite(nil, base, head)
	c := Compare(suite, RunSuite(analyzer.New(base, nil), suite), RunSuite(analyzer.New(head, nil), suite))
	if opt.Today == "" {
		opt.Today = "2026-01-15"
	}
	if err := c.Evaluate(opt); err != nil {
		t.Fatal(err)
	}
	return c
}

var surviveZone = Policy{Name: "critical-survives-a-zone", Tiers: []string{"critical"}, Survive: []string{AnyZone}}

func TestSuite(t *testing.T) {
	a := shop(t, "a", "b")
	b := shop(t, "c")
	if err := b.AddNode(&graph.Node{ID: "x", Kind: graph.KindResource, Type: "aws_instance",
		Placement: graph.Placement{Cloud: "aws", Region: "eu-west-1", ZoneID: "euw1-az2"}}); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range Suite([]analyzer.Scenario{{Name: "east-out"}}, a, b) {
		names = append(names, s.Kind+" "+s.Name)
	}
	want := []string{"region aws:eu-west-1", "zone aws:euw1-az2", "region aws:us-east-1",
		"zone aws:us-east-1a", "zone aws:us-east-1b", "zone aws:us-east-1c", "named east-out"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("suite %v, want %v", names, want)
	}
}

func TestCheckSurvivePolicy(t *testing.T) {
	three, one := shop(t, "a", "b", "c"), shop(t, "a")

	c := check(t, three, one, EvalOptions{Policies: []Policy{surviveZone}})
	if c.Verdict.Status != "violated" || !c.Verdict.Fail {
		t.Fatalf("verdict %+v", c.Verdict)
	}
	var ids []string
	for _, f := range c.Findings {
		ids = append(ids, f.ID)
	}
	wantIDs := []string{"policy/critical-survives-a-zone/service:checkout/aws:us-east-1a",
		"impact/service:checkout/aws:us-east-1a", "spof/aws_instance.web_a"}
	if !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("findings %v, want %v", ids, wantIDs)
	}
	if f := c.Findings[0]; !f.New || f.Resource != "aws_instance.web_b" || !strings.Contains(f.Message, "behind it: aws_instance.web_b removed") {
		t.Errorf("violation %+v: want it new, pointing at a removed instance", f)
	}
	if got := c.Policies[0]; got.Status != "violated" || got.Before != 0 || got.After != 1 {
		t.Errorf("policy result %+v", got)
	}
	if len(c.Trends) != 1 || c.Trends[0].Trend != "worse" || c.Trends[0].After.Failed != 2 {
		t.Errorf("trends %+v: want checkout worse, failing in the region and zone a", c.Trends)
	}

	// the reverse: fixed, better, nothing fails the check
	c = check(t, one, three, EvalOptions{Policies: []Policy{surviveZone}, FailOn: FailOnNewImpact})
	if c.Verdict.Status != "better" || c.Verdict.Fail || c.Policies[0].Status != "fixed" {
		t.Errorf("reverse: verdict %+v, policy %+v", c.Verdict, c.Policies[0])
	}
	if !strings.HasPrefix(c.Verdict.Summary, "blast radius shrank: service:checkout now fails in 1 scenario (was 2)") {
		t.Errorf("reverse summary %q", c.Verdict.Summary)
	}
	if len(c.Findings) != 0 {
		t.Errorf("reverse findings %+v: degrading in zones b and c is not a new impact when checkout fares better overall", c.Findings)
	}

	// nothing changes
	c = check(t, three, shop(t, "a", "b", "c"), EvalOptions{Policies: []Policy{surviveZone}, FailOn: FailOnNewImpact})
	if c.Verdict.Status != "unchanged" || c.Verdict.Summary != "no change in blast radius" || c.Verdict.Fail {
		t.Errorf("unchanged: %+v", c.Verdict)
	}
}

func TestCheckLimitPolicy(t *testing.T) {
	g := shop(t, "a")
	if err := g.AddNode(&graph.Node{ID: "service:search", Kind: graph.KindService, Type: "service", Name: "search"}); err != nil {
		t.Fatal(err)
	}
	if err := g.AddEdge(graph.Edge{From: "service:search", To: "aws_db_instance.main", Kind: graph.Hard}); err != nil {
		t.Fatal(err)
	}
	one := 1
	c := check(t, shop(t, "a"), g, EvalOptions{Policies: []Policy{{Name: "one-service", MaxServicesDown: &one, In: []string{AnyZone}}}})
	if len(c.Findings) == 0 || c.Findings[0].ID != "policy/one-service/services/aws:us-east-1a" {
		t.Fatalf("findings %+v", c.Findings)
	}
	if !strings.Contains(c.Findings[0].Message, "aws:us-east-1a takes down 2 services (policy \"one-service\" allows 1): service:checkout, service:search") {
		t.Errorf("message %q", c.Findings[0].Message)
	}
}

func TestCheckSuppressionsAndBaseline(t *testing.T) {
	three, one := shop(t, "a", "b", "c"), shop(t, "a")
	sup := []Suppression{{Policy: "critical-*", Node: "service:checkout", Reason: "sale freeze", Expires: "2026-03-31"},
		{Kind: FindingSPOF, Reason: "accepted", Expires: "2026-01-01"}}
	c := check(t, three, one, EvalOptions{Policies: []Policy{surviveZone}, Suppressions: sup})
	if c.Verdict.Fail || c.Verdict.Suppressed != 1 {
		t.Errorf("active suppression: verdict %+v", c.Verdict)
	}
	if c.Suppressions[0].Status != "active" || c.Suppressions[0].Matched != 1 || c.Suppressions[1].Status != "expired" {
		t.Errorf("suppressions %+v", c.Suppressions)
	}
	for _, f := range c.Findings {
		if f.Kind == FindingSPOF && (f.Status != StatusOpen || !strings.Contains(f.Expired, "expired 2026-01-01")) {
			t.Errorf("the expired suppression suppressed %+v", f)
		}
	}
	c = check(t, three, one, EvalOptions{Policies: []Policy{surviveZone}, Suppressions: sup, Today: "2026-04-01"})
	if !c.Verdict.Fail {
		t.Errorf("expired suppression still suppresses: %+v", c.Verdict)
	}
	base := map[string]bool{"policy/critical-survives-a-zone/service:checkout/aws:us-east-1a": true, "impact/service:checkout/aws:us-east-1a": true, "spof/aws_instance.web_a": true}
	c = check(t, three, one, EvalOptions{Policies: []Policy{surviveZone}, Baseline: base, FailOn: FailOnNewImpact})
	if c.Verdict.Fail || c.Verdict.InBaseline != 3 {
		t.Errorf("baseline: %+v", c.Verdict)
	}
}

func TestPolicyValidation(t *testing.T) {
	suite := Suite([]analyzer.Scenario{{Name: "east-out"}}, shop(t, "a"))
	zero := 0
	for _, tc := range []struct {
		p    Policy
		want string
	}{
		{Policy{Tiers: []string{"x"}, Survive: []string{AnyZone}}, "no name"},
		{Policy{Name: "p", Survive: []string{AnyZone}}, "say what must survive"},
		{Policy{Name: "p", Tiers: []string{"x"}}, "says nothing to check"},
		{Policy{Name: "p", Tiers: []string{"x"}, Survive: []string{AnyZone}, MaxServicesDown: &zero}, "not several"},
		{Policy{Name: "p", Tiers: []string{"x"}, Survive: []string{"west-out"}}, `unknown scenario "west-out"`},
		{Policy{Name: "p", Tiers: []string{"x"}, Survive: []string{AnyZone}, Worst: "failed"}, `worst "failed"`},
		{Policy{Name: "p", Tiers: []string{"x"}, Survive: []string{AnyZone}, Level: "fatal"}, `level "fatal"`},
		{Policy{Name: "p", MaxServicesDown: &zero, In: []string{"aws:us-east-1/dynamodb"}}, "checks run single regions and zones"},
		{Policy{Name: "p", NoDataAtRisk: true, Survive: []string{AnyZone}, Tiers: []string{"x"}}, "not several"},
		{Policy{Name: "p", NoDataAtRisk: true, NoSharedFate: true}, "not several"},
		{Policy{Name: "p", NoDataAtRisk: true, Tiers: []string{"x"}}, "selects stores by resources only"},
		{Policy{Name: "p", NoDataAtRisk: true, Worst: "healthy"}, "selects stores by resources only"},
		{Policy{Name: "p", NoDataAtRisk: true, In: []string{"west-out"}}, `unknown scenario "west-out"`},
	} {
		_, err := compilePolicies([]Policy{tc.p}, suite)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err %v, want %q", tc.p, err, tc.want)
		}
	}
	for _, ok := range []Policy{
		{Name: "a", Tiers: []string{"x"}, Survive: []string{"east-out", "aws:eu-west-1", AnyRegion}},
		{Name: "b", MaxServicesDown: &zero},
		{Name: "d", NoDataAtRisk: true, Resources: []string{"aws_db_instance.*"}, In: []string{AnyRegion, AnyZone}},
	} {
		if _, err := compilePolicies([]Policy{ok}, suite); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
}

// A node whose zone is unknown until apply is taken down with every zone
// of its region (the worst case), and not with other regions' zones; the
// suite's result is the analyzer's own, so whatif agrees with it.
func TestWorstCaseUnknownZone(t *testing.T) {
	g := shop(t, "b", "c")
	n, _ := g.Node("aws_db_instance.main")
	n.Placement.Zone = ""
	n.Labels = map[string]string{LabelUnknownUntilApply: "zone"}
	other := &graph.Node{ID: "aws_instance.west", Kind: graph.KindResource, Type: "aws_instance", Address: "aws_instance.west",
		Placement: graph.Placement{Cloud: "aws", Region: "us-west-2", Zone: "us-west-2a", Rule: "attribute:availability_zone"}}
	if err := g.AddNode(other); err != nil {
		t.Fatal(err)
	}
	a := analyzer.New(g, nil)
	suite := Suite(nil, g)
	o := RunSuite(a, suite)
	zones := 0
	for i, s := range suite {
		inRegion := strings.HasPrefix(s.Name, "aws:us-east-1")
		want := inRegion && s.Kind == SuiteZone
		if want {
			zones++
		}
		if got := slices.Equal(o.Assumed[i], []string{"aws_db_instance.main"}); got != want {
			t.Errorf("%s: assumed %v", s.Name, o.Assumed[i])
		}
		st, _ := o.Results[i].StateOf("aws_db_instance.main")
		if whatif, _ := a.Run(s.Scenario).StateOf("aws_db_instance.main"); whatif != st || (inRegion && st != analyzer.Failed) {
			t.Errorf("%s: suite says %s, whatif %s", s.Name, st, whatif)
		}
	}
	if zones != 2 {
		t.Errorf("%d zone scenarios in us-east-1, want 2", zones)
	}
}
