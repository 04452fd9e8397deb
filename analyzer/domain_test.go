package analyzer

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/graph"
)

// TestParseDomainKnowsRegions: a region or zone is accepted when it is a
// real one of a provider whose list blast has, never for its shape alone.
func TestParseDomainKnowsRegions(t *testing.T) {
	ok := map[string]string{
		"aws:us-east-1-bos-1a":   "zone aws:us-east-1-bos-1a",
		"aws:eusc-de-east-1":     "region aws:eusc-de-east-1",
		"gcp:nam4":               "region gcp:nam4",
		"digitalocean:nyc3":      "region digitalocean:nyc3",
		"do:nyc3":                "region digitalocean:nyc3",
		"nyc3":                   "region digitalocean:nyc3",
		"hetzner:fsn1":           "region hcloud:fsn1",
		"hcloud:fsn1-dc14":       "zone hcloud:fsn1-dc14",
		"yandex:ru-central1-a":   "zone yandex:ru-central1-a",
		"yandex":                 "provider yandex",
		"openstack:regionone":    "region openstack:regionone", // a provider known by name: well formed is enough
		"alicloud:cn-hangzhou-b": "zone alicloud:cn-hangzhou-b",
		"ibm:us-south-1":         "zone ibm:us-south-1",
	}
	for in, want := range ok {
		d, err := ParseDomain(in, nil)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := string(d.Kind) + " " + d.String(); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
	bad := map[string]string{
		"aws:us-east-9":        "us-east-9 is not a region or zone of aws",
		"aws:us-east-9a":       "not a region or zone of aws",
		"azure:foo":            "foo is not a region or zone of azure",
		"gcp:us-central9-a":    "not a region or zone of gcp",
		"foo":                  "is not a failure domain",
		"us-east-9":            "is not a failure domain",
		"nova":                 "is not a failure domain", // bare, of a provider known by name only, held by no input
		"yandex:ru-central1-q": "not a region or zone of yandex",
		"hcloud:fsn9":          "not a region or zone of hcloud",
		"mars:olympus-1":       "unknown provider",
		"openstack:a b":        "is not a region or zone name",
	}
	for in, want := range bad {
		if d, err := ParseDomain(in, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, %v; want an error saying %q", in, d, err, want)
		}
	}
}

// TestParseDomainHeldByInputs: a domain an input holds is accepted even
// when blast does not know it, with the kind the input gives it.
func TestParseDomainHeldByInputs(t *testing.T) {
	g := graph.New()
	for _, n := range []*graph.Node{
		{ID: "a", Type: "aws_instance", Placement: graph.Placement{Cloud: "aws", Region: "us-east-9", Zone: "us-east-9a"}},
		{ID: "b", Type: "openstack_compute_instance_v2", Placement: graph.Placement{Cloud: "openstack", Region: "RegionOne", Zone: "nova"}},
	} {
		n.Kind, n.Mode = graph.KindResource, graph.ModeManaged
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	cases := map[string]string{
		"aws:us-east-9":       "region aws:us-east-9",
		"aws:us-east-9a":      "zone aws:us-east-9a",
		"openstack:regionone": "region openstack:RegionOne",
		"nova":                "zone openstack:nova",
		"openstack:nova":      "zone openstack:nova",
	}
	for in, want := range cases {
		d, err := ParseDomain(in, g)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := string(d.Kind) + " " + d.String(); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
	if _, err := ParseDomain("aws:us-east-8", g); err == nil {
		t.Error("aws:us-east-8: accepted, but blast does not know it and no input holds it")
	}
}

// TestAnalyzerParsesAsPackage: the analyzer's ParseDomain and
// ScenarioFromDef, which read the domains the graph holds once, parse
// every form as the package's functions do over the same graph: held
// only (a provider the knowledge lacks, a zone name several regions
// share), bare, node IDs and errors alike.
func TestAnalyzerParsesAsPackage(t *testing.T) {
	g, ids := novaGraph()
	for _, n := range []*graph.Node{
		{ID: "aws_instance.a", Type: "aws_instance", Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1a"}},
		{ID: "acme_box.b", Type: "acme_box", Placement: graph.Placement{Cloud: "acme", Region: "north-1", Zone: "north-1b"}},
	} {
		n.Kind, n.Mode, n.Address = graph.KindResource, graph.ModeManaged, n.ID
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	a := New(g, nil)
	inputs := []string{"aws", "aws:us-east-1", "us-east-1", "us-east-1a", "aws:us-east-1/dynamodb", "acme:north-1",
		"acme:north-1b", "north-1", "openstack:nova", "nova", "openstack:RegionTwo", ids[0], "aws_instance.a",
		"", "mars", "aws:mars", "acme:south-9", "foo:bar", "aws:us-east-1a/dynamodb"}
	for _, in := range inputs {
		want, wantErr := ParseDomain(in, g)
		got, err := a.ParseDomain(in)
		if got != want || fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Errorf("%q: analyzer %+v, %v; package %+v, %v", in, got, err, want, wantErr)
		}
	}
	var good []string
	for _, in := range inputs {
		if _, err := ParseDomain(in, g); err == nil {
			good = append(good, in)
		}
	}
	if len(good) < 10 {
		t.Fatalf("%d inputs parse (%q): the scenarios prove little", len(good), good)
	}
	for _, down := range [][]string{good, append(good, "aws:mars")} {
		def := platform.ScenarioDef{Name: "mixed", Down: down}
		want, wantErr := ScenarioFromDef(def, g)
		got, err := a.ScenarioFromDef(def)
		if !reflect.DeepEqual(got, want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Errorf("scenario %q: analyzer %+v, %v; package %+v, %v", down, got, err, want, wantErr)
		}
	}
}
