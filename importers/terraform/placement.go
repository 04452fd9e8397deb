package terraform

import (
	"regexp"
	"sort"
	"strings"

	"github.com/blast-dev/blast/graph"
)

// Placement rule names, recorded on every placed node.
const (
	RuleRegionAttr     = "attribute:region"
	RuleLocationAttr   = "attribute:location"
	RuleARN            = "arn"
	RuleZoneAttr       = "attribute:availability_zone"
	RuleZoneIDAttr     = "attribute:availability_zone_id"
	RuleZonesAttr      = "attribute:zones"
	RuleSelfLink       = "self_link"
	RuleProviderConfig = "provider-config"
	RuleProviderAlias  = "provider-alias"
	RuleSiblings       = "provider-config:siblings"
	RuleInherited      = "inherited"
)

var (
	awsRegionRe = regexp.MustCompile(`^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)`)
	awsZoneRe   = regexp.MustCompile(`^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+(?:-[a-z]+-\d+)?[a-z]$`)
	awsAZIDRe   = regexp.MustCompile(`^([a-z]+\d+)-az\d+$`)
	gcpZoneRe   = regexp.MustCompile(`^([a-z]+-[a-z]+\d+)-[a-z]$`)
	gcpRegionRe = regexp.MustCompile(`^[a-z]+-[a-z]+\d+$`)
	gcpLinkRe   = regexp.MustCompile(`/(zones|regions|locations)/([a-z0-9-]+)(?:/|$)`)
	azureZoneRe = regexp.MustCompile(`^\d$`)
)

// awsAZIDPrefixes maps AWS AZ ID prefixes (use1 in use1-az1) to regions.
var awsAZIDPrefixes = map[string]string{
	"use1": "us-east-1", "use2": "us-east-2", "usw1": "us-west-1", "usw2": "us-west-2",
	"usge1": "us-gov-east-1", "usgw1": "us-gov-west-1",
	"cac1": "ca-central-1", "caw1": "ca-west-1", "mxc1": "mx-central-1",
	"sae1": "sa-east-1",
	"euw1": "eu-west-1", "euw2": "eu-west-2", "euw3": "eu-west-3",
	"euc1": "eu-central-1", "euc2": "eu-central-2", "eun1": "eu-north-1",
	"eus1": "eu-south-1", "eus2": "eu-south-2",
	"aps1": "ap-south-1", "aps2": "ap-south-2",
	"apne1": "ap-northeast-1", "apne2": "ap-northeast-2", "apne3": "ap-northeast-3",
	"apse1": "ap-southeast-1", "apse2": "ap-southeast-2", "apse3": "ap-southeast-3",
	"apse4": "ap-southeast-4", "apse5": "ap-southeast-5", "apse7": "ap-southeast-7",
	"ape1": "ap-east-1", "ape2": "ap-east-2",
	"mes1": "me-south-1", "mec1": "me-central-1", "ilc1": "il-central-1",
	"afs1": "af-south-1",
	"cnn1": "cn-north-1", "cnnw1": "cn-northwest-1",
}

// AWSRegionOfAZID returns the region of an AWS AZ ID such as use1-az1.
func AWSRegionOfAZID(id string) (string, bool) {
	m := awsAZIDRe.FindStringSubmatch(id)
	if m == nil {
		return "", false
	}
	r, ok := awsAZIDPrefixes[m[1]]
	return r, ok
}

// IsAWSAZID reports whether s looks like an AWS AZ ID (use1-az1).
func IsAWSAZID(s string) bool { _, ok := AWSRegionOfAZID(s); return ok }

// AWSRegionOfZone returns the region of an AWS zone name (us-east-1a,
// us-east-1-bos-1a).
func AWSRegionOfZone(zone string) (string, bool) {
	if !awsZoneRe.MatchString(zone) {
		return "", false
	}
	m := awsRegionRe.FindStringSubmatch(zone)
	return m[1], true
}

// IsAWSRegion reports whether s has the shape of an AWS region name.
func IsAWSRegion(s string) bool {
	m := awsRegionRe.FindString(s)
	return m != "" && m == s
}

// IsGCPRegion and IsGCPZone report the shape of GCP location names.
func IsGCPRegion(s string) bool { return gcpRegionRe.MatchString(s) }

// IsGCPZone reports whether s has the shape of a GCP zone name.
func IsGCPZone(s string) bool { return gcpZoneRe.MatchString(s) }

// GCPRegionOfZone returns the region of a GCP zone (us-central1-c).
func GCPRegionOfZone(z string) (string, bool) {
	m := gcpZoneRe.FindStringSubmatch(z)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// AzureLocation normalises an Azure location ("West US 2" → westus2).
func AzureLocation(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, " ", ""))
}

// ARNRegion returns the region field of an ARN and whether s is an ARN.
func ARNRegion(s string) (string, bool) {
	if !strings.HasPrefix(s, "arn:") {
		return "", false
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 {
		return "", false
	}
	return parts[3], true
}

// Attrs is a view of one instance's top-level attribute values.
type Attrs map[string]any

// String returns a non-empty top-level string attribute.
func (a Attrs) String(key string) string {
	s, _ := a[key].(string)
	return s
}

// Strings returns a top-level list (or set) of strings.
func (a Attrs) Strings(key string) []string {
	switch v := a[key].(type) {
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	case string:
		if v != "" {
			return []string{v}
		}
	}
	return nil
}

// Place resolves the placement of one instance from its own attributes, in
// the order DESIGN.md gives: own region/location attribute, ARN region,
// zone attributes. Provider-level rules are applied by the caller.
func Place(cloud string, a Attrs) graph.Placement {
	p := graph.Placement{Cloud: cloud}
	switch cloud {
	case "aws":
		placeAWS(&p, a)
	case "gcp":
		placeGCP(&p, a)
	case "azure":
		placeAzure(&p, a)
	default:
		if r := a.String("region"); r != "" {
			p.Region, p.Rule = r, RuleRegionAttr
		}
	}
	if !p.Known() {
		p.Unknown = "no region, zone, location or ARN region in its attributes"
		if arn := a.String("arn"); arn != "" {
			if r, ok := ARNRegion(arn); ok && r == "" {
				p.Unknown = "ARN without region (a global service)"
				p.Rule = RuleARN
			}
		}
	}
	return p
}

func placeAWS(p *graph.Placement, a Attrs) {
	if r := a.String("region"); IsAWSRegion(r) {
		p.Region, p.Rule = r, RuleRegionAttr
	}
	if p.Region == "" {
		if r, ok := ARNRegion(a.String("arn")); ok && r != "" {
			p.Region, p.Rule = r, RuleARN
		}
	}
	zone := a.String("availability_zone")
	if zone != "" {
		if r, ok := AWSRegionOfZone(zone); ok {
			p.Zone, p.Rule = zone, RuleZoneAttr
			if p.Region == "" {
				p.Region = r
			}
		} else if r, ok := AWSRegionOfAZID(zone); ok {
			p.ZoneID, p.Rule = zone, RuleZoneAttr
			if p.Region == "" {
				p.Region = r
			}
		}
	}
	if id := a.String("availability_zone_id"); id != "" {
		if r, ok := AWSRegionOfAZID(id); ok {
			p.ZoneID = id
			if p.Zone == "" {
				p.Rule = RuleZoneIDAttr
			}
			if p.Region == "" {
				p.Region = r
			}
		}
	}
	if p.Zone == "" && p.ZoneID == "" {
		var zones []string
		for _, z := range a.Strings("availability_zones") {
			if r, ok := AWSRegionOfZone(z); ok {
				zones = append(zones, z)
				if p.Region == "" {
					p.Region, p.Rule = r, RuleZonesAttr
				}
			}
		}
		p.Zones = dedupe(zones)
	}
}

func placeGCP(p *graph.Placement, a Attrs) {
	setZone := func(z, rule string) bool {
		if r, ok := GCPRegionOfZone(z); ok {
			p.Zone, p.Region, p.Rule = z, r, rule
			return true
		}
		return false
	}
	if z := a.String("zone"); z != "" && setZone(z, "attribute:zone") {
		// zone answers region too
	} else if r := a.String("region"); IsGCPRegion(r) {
		p.Region, p.Rule = r, RuleRegionAttr
	} else if loc := a.String("location"); loc != "" {
		l := strings.ToLower(loc)
		switch {
		case setZone(l, RuleLocationAttr):
		case IsGCPRegion(l):
			p.Region, p.Rule = l, RuleLocationAttr
		default:
			// a multi-region or dual-region location: US, EU, ASIA, NAM4
			p.Region, p.Rule = l, RuleLocationAttr
			p.Scope = graph.ScopeMultiRegion
		}
	} else if link := a.String("self_link"); link != "" {
		if m := gcpLinkRe.FindStringSubmatch(link); m != nil {
			if m[1] == "zones" {
				setZone(m[2], RuleSelfLink)
			} else if IsGCPRegion(m[2]) {
				p.Region, p.Rule = m[2], RuleSelfLink
			}
		}
	}
	var zones []string
	for _, key := range []string{"node_locations", "zones"} {
		for _, z := range a.Strings(key) {
			if _, ok := GCPRegionOfZone(z); ok {
				zones = append(zones, z)
			}
		}
	}
	if len(zones) > 0 {
		all := dedupe(append(zones, p.Zone))
		if len(all) > 1 {
			p.Zones = all
			p.Zone = ""
		}
	}
}

func placeAzure(p *graph.Placement, a Attrs) {
	loc := AzureLocation(a.String("location"))
	if loc == "" {
		return
	}
	p.Region, p.Rule = loc, RuleLocationAttr
	zones := a.Strings("zones")
	if z := a.String("zone"); z != "" {
		zones = append(zones, z)
	}
	if z := a.String("availability_zone"); azureZoneRe.MatchString(z) {
		zones = append(zones, z)
	}
	var names []string
	for _, z := range zones {
		if azureZoneRe.MatchString(z) {
			names = append(names, loc+"-"+z)
		}
	}
	names = dedupe(names)
	switch len(names) {
	case 0:
	case 1:
		p.Zone, p.Rule = names[0], RuleZonesAttr
	default:
		p.Zones, p.Rule = names, RuleZonesAttr
	}
}

// RegionFromAlias returns the region an alias names, when the alias is
// literally a region name of the cloud (a hint: ".India" is not).
func RegionFromAlias(cloud, alias string) (string, bool) {
	a := strings.ToLower(alias)
	switch cloud {
	case "aws":
		if IsAWSRegion(a) {
			return a, true
		}
		if u := strings.ReplaceAll(a, "_", "-"); IsAWSRegion(u) {
			return u, true
		}
	case "gcp":
		if IsGCPRegion(a) {
			return a, true
		}
	}
	return "", false
}

func dedupe(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	set := map[string]bool{}
	for _, s := range in {
		if s != "" {
			set[s] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
