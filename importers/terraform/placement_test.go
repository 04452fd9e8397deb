package terraform

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// TestPlaceOtherClouds: providers beyond AWS, Google Cloud and Azure are
// placed from their own region, zone and location attributes.
func TestPlaceOtherClouds(t *testing.T) {
	cases := []struct {
		provider string
		attrs    Attrs
		region   string
		zone     string
		zones    []string
		scope    graph.Scope
	}{
		{"yandex", AttrsOf(map[string]any{"zone": "ru-central1-a"}), "ru-central1", "ru-central1-a", nil, ""},
		{"yandex", AttrsOf(map[string]any{"external_ipv4_address": []any{map[string]any{"zone_id": "ru-central1-b"}}}), "ru-central1", "ru-central1-b", nil, ""},
		{"yandex", AttrsOf(map[string]any{"allocation_policy": []any{map[string]any{"location": []any{
			map[string]any{"zone_id": "ru-central1-b"}, map[string]any{"zone_id": "ru-central1-a"}}}}}), "ru-central1", "", []string{"ru-central1-a", "ru-central1-b"}, ""},
		{"digitalocean", AttrsOf(map[string]any{"region": "nyc3"}), "nyc3", "", nil, ""},
		{"hcloud", AttrsOf(map[string]any{"location": "fsn1", "datacenter": "fsn1-dc14"}), "fsn1", "fsn1-dc14", nil, ""},
		{"hcloud", AttrsOf(map[string]any{"datacenter": "hel1-dc2"}), "hel1", "hel1-dc2", nil, ""},
		{"hcloud", AttrsOf(map[string]any{"network_zone": "eu-central"}), "eu-central", "", nil, graph.ScopeMultiRegion},
		{"oci", AttrsOf(map[string]any{"availability_domain": "Uocm:PHX-AD-1", "region": "us-phoenix-1"}), "us-phoenix-1", "phx-ad-1", nil, ""},
		{"alicloud", AttrsOf(map[string]any{"zone_id": "cn-hangzhou-b"}), "cn-hangzhou", "cn-hangzhou-b", nil, ""},
		{"alicloud", AttrsOf(map[string]any{"availability_zone": "cn-beijing-a"}), "cn-beijing", "cn-beijing-a", nil, ""},
		{"openstack", AttrsOf(map[string]any{"region": "RegionOne", "availability_zone": "nova"}), "RegionOne", "nova", nil, ""},
		{"ibm", AttrsOf(map[string]any{"zone": "us-south-1"}), "us-south", "us-south-1", nil, ""},
		{"linode", AttrsOf(map[string]any{"region": "us-east"}), "us-east", "", nil, ""},
		{"vultr", AttrsOf(map[string]any{"region": "ewr"}), "ewr", "", nil, ""},
		{"scaleway", AttrsOf(map[string]any{"zone": "fr-par-1"}), "fr-par", "fr-par-1", nil, ""},
		{"exoscale", AttrsOf(map[string]any{"zone": "ch-gva-2"}), "ch-gva-2", "", nil, ""},
	}
	for _, c := range cases {
		cloud := Cloud(c.provider)
		if cloud == "" {
			t.Fatalf("%s: no cloud", c.provider)
		}
		p := Place(cloud, c.attrs)
		if p.Cloud != cloud || p.Region != c.region || p.Zone != c.zone || strings.Join(p.Zones, ",") != strings.Join(c.zones, ",") || p.Scope != c.scope {
			t.Errorf("%s %v: got %+v, want region %q zone %q zones %v scope %q", c.provider, c.attrs, p, c.region, c.zone, c.zones, c.scope)
		}
		if p.Rule == "" || p.Unknown != "" {
			t.Errorf("%s %v: rule %q, unknown %q", c.provider, c.attrs, p.Rule, p.Unknown)
		}
		if CloudOfType(c.provider+"_thing") != cloud {
			t.Errorf("%s: CloudOfType does not name %s", c.provider, cloud)
		}
	}
}

// TestUnplacedNamesWhatItHas: a resource is said to have no location only
// when it has no location attribute; otherwise the attributes are named,
// never their values.
func TestUnplacedNamesWhatItHas(t *testing.T) {
	if p := Place("yandex", AttrsOf(map[string]any{"name": "net"})); !strings.HasPrefix(p.Unknown, "no region, zone") {
		t.Errorf("no location attribute: %q", p.Unknown)
	}
	p := Place("aws", AttrsOf(map[string]any{"region": "us-east-1\n::error::x"}))
	if p.Known() || strings.Contains(p.Unknown, "no region") || !strings.Contains(p.Unknown, "region") || strings.Contains(p.Unknown, "error") {
		t.Errorf("a region that is none: %+v", p)
	}
	p = Place("", AttrsOf(map[string]any{"zone": "example.com"}))
	if p.Known() || !strings.Contains(p.Unknown, "not one blast places") || strings.Contains(p.Unknown, "example.com") {
		t.Errorf("an unknown provider's zone: %+v", p)
	}
}

// TestPlainAWSRegionAgreesWithExpressions holds the shortcut for the
// usual region and zone shapes to the expressions' answers, on names of
// every shape near them (-gov, -iso, local zones, digits, upper case).
func TestPlainAWSRegionAgreesWithExpressions(t *testing.T) {
	isRegion := func(s string) bool { m := awsRegionRe.FindString(s); return m != "" && m == s }
	ofZone := func(z string) (string, bool) {
		if !awsZoneRe.MatchString(z) {
			return "", false
		}
		return awsRegionRe.FindStringSubmatch(z)[1], true
	}
	parts := []string{"us", "u", "gov", "iso", "isob", "east", "12", "a", "-", "A"}
	seen := 0
	var walk func(s string, depth int)
	walk = func(s string, depth int) {
		for _, tail := range []string{"", "a", "b1", "-"} {
			v := s + tail
			seen++
			if got, want := IsAWSRegion(v), isRegion(v); got != want {
				t.Errorf("IsAWSRegion(%q) = %v, the expression says %v", v, got, want)
			}
			gr, gok := AWSRegionOfZone(v)
			wr, wok := ofZone(v)
			if gr != wr || gok != wok {
				t.Errorf("AWSRegionOfZone(%q) = %q %v, the expressions say %q %v", v, gr, gok, wr, wok)
			}
		}
		if depth == 0 {
			return
		}
		for _, p := range parts {
			walk(s+p, depth-1)
			walk(s+p+"-", depth-1)
		}
	}
	walk("", 4)
	if seen < 100000 {
		t.Fatalf("only %d names tried", seen)
	}
	// the shortcut answers the usual names itself
	for _, v := range []string{"us-east-1", "eu-west-2", "ap-southeast-12"} {
		if !plainAWSRegion(v) {
			t.Errorf("plainAWSRegion(%q) = false", v)
		}
	}
}
