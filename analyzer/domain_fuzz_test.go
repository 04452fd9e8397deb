package analyzer

import (
	"strings"
	"testing"
)

// FuzzParseDomain checks that any --down value either parses into a
// domain whose printed form parses back to itself, or is an error; never a
// panic.
func FuzzParseDomain(f *testing.F) {
	for _, s := range []string{"aws", "aws:us-east-1", "aws:us-east-1a", "aws:use1-az1", "aws:us-east-1/dynamodb",
		"gcp:europe-west9", "gcp:us-central1-c", "gcp:us", "azure:westus2", "azure:westus2-1", "us-east-1", "eu-west-1b",
		"", ":", "aws:", "aws:/x", "AWS:US-EAST-1", "aws:us-gov-west-1", "aws:us-east-1-bos-1a", "a:b:c/d/e", "digitalocean:nyc3", "hcloud:fsn1-dc14", "openstack:RegionOne", "yandex:ru-central1-a", "nyc3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDomain(s, nil)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("empty error for %q", s)
			}
			return
		}
		again, err := ParseDomain(d.String(), nil)
		if err != nil {
			t.Fatalf("%q parsed to %q, which does not parse: %v", s, d.String(), err)
		}
		if again.String() != d.String() {
			t.Fatalf("%q: round trip %q → %q", s, d.String(), again.String())
		}
		if strings.ContainsAny(d.String(), " \n") {
			t.Fatalf("%q: domain %q holds white space", s, d.String())
		}
	})
}

func TestParseDomainForms(t *testing.T) {
	cases := map[string]string{
		"aws":                    "provider aws",
		"aws:us-east-1":          "region aws:us-east-1",
		"AWS:US-EAST-1A":         "zone aws:us-east-1a",
		"aws:use1-az1":           "zone aws:use1-az1",
		"aws:us-east-1/dynamodb": "service aws:us-east-1/dynamodb",
		"gcp:europe-west9":       "region gcp:europe-west9",
		"gcp:us-central1-c":      "zone gcp:us-central1-c",
		"azure:westus2":          "region azure:westus2",
		"azure:westus2-1":        "zone azure:westus2-1",
		"us-east-1":              "region aws:us-east-1",
		"europe-west9":           "region gcp:europe-west9",
	}
	for in, want := range cases {
		d, err := ParseDomain(in, nil)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := string(d.Kind) + " " + d.String(); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
	for _, bad := range []string{"", "foo:bar", "aws:mars", "aws:us-east-1a/dynamodb", "aws:us-east-1/Dyn amo"} {
		if _, err := ParseDomain(bad, nil); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}
