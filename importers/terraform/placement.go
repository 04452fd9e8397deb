package terraform

import (
	"regexp"
	"slices"
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
	RuleIdentifier     = "identifier" // "identifier:<attribute>": a location read from an identifier
	RuleProviderConfig = "provider-config"
	RuleProviderAlias  = "provider-alias"
	RuleSiblings       = "provider-config:siblings"
	RuleInherited      = "inherited"
)

// otherCloud says where a provider beyond AWS, Google Cloud and Azure
// keeps a resource's location: the top-level attributes holding its
// region, its zone and a location spanning several regions, and how a
// zone name gives its region.
type otherCloud struct {
	name   string   // the cloud's domain name
	prefix string   // its resource type prefix
	region []string // attributes holding a region, the first set wins
	zone   []string // attributes holding a zone
	multi  []string // attributes holding a location over several regions
	// nested are paths to zones inside blocks (a.b.c), read when no zone
	// attribute is set; several zones spread the resource over them
	nested []string
	// zoneRegion derives the region from a zone name ("" when it cannot)
	zoneRegion func(string) string
}

var (
	dashLetterRe = regexp.MustCompile(`^([a-z0-9-]+)-[a-z]$`)     // ru-central1-a, cn-hangzhou-b
	dashDigitRe  = regexp.MustCompile(`^([a-z0-9-]+)-\d+$`)       // us-south-1, fr-par-1
	datacenterRe = regexp.MustCompile(`^([a-z0-9-]+)-dc\d+$`)     // fsn1-dc14
	ociADRe      = regexp.MustCompile(`^(?:[A-Za-z0-9]+:)?(.+)$`) // Uocm:PHX-AD-1
)

func submatch(re *regexp.Regexp) func(string) string {
	return func(z string) string {
		if m := re.FindStringSubmatch(z); m != nil {
			return m[1]
		}
		return ""
	}
}

// otherClouds maps Terraform provider types to where their resources'
// locations are read. Sources: each provider's Terraform registry
// documentation of its resources' region, zone and location arguments.
var otherClouds = map[string]otherCloud{
	"yandex": {name: "yandex", prefix: "yandex_", zone: []string{"zone", "zone_id", "availability_zone"}, zoneRegion: submatch(dashLetterRe),
		nested: []string{"external_ipv4_address.zone_id", "allocation_policy.location.zone_id"}},
	"digitalocean": {name: "digitalocean", prefix: "digitalocean_", region: []string{"region"}},
	"hcloud":       {name: "hcloud", prefix: "hcloud_", region: []string{"location"}, zone: []string{"datacenter"}, multi: []string{"network_zone"}, zoneRegion: submatch(datacenterRe)},
	"oci":          {name: "oci", prefix: "oci_", region: []string{"region"}, zone: []string{"availability_domain"}},
	"alicloud":     {name: "alicloud", prefix: "alicloud_", region: []string{"region", "region_id"}, zone: []string{"zone_id", "availability_zone"}, zoneRegion: submatch(dashLetterRe)},
	"openstack":    {name: "openstack", prefix: "openstack_", region: []string{"region"}, zone: []string{"availability_zone"}},
	"ibm":          {name: "ibm", prefix: "ibm_", region: []string{"region", "location"}, zone: []string{"zone"}, zoneRegion: submatch(dashDigitRe)},
	"linode":       {name: "linode", prefix: "linode_", region: []string{"region"}},
	"vultr":        {name: "vultr", prefix: "vultr_", region: []string{"region"}},
	"scaleway":     {name: "scaleway", prefix: "scaleway_", region: []string{"region"}, zone: []string{"zone"}, zoneRegion: submatch(dashDigitRe)},
	"exoscale":     {name: "exoscale", prefix: "exoscale_", region: []string{"zone"}}, // an Exoscale zone is a whole location
}

// OtherCloud returns the cloud a provider type beyond AWS, Google Cloud
// and Azure manages ("" when blast does not place its resources).
func OtherCloud(providerType string) string { return otherClouds[providerType].name }

// otherCloudOfType returns the cloud a resource type prefix names.
func otherCloudOfType(typ string) string {
	for _, c := range otherClouds {
		if strings.HasPrefix(typ, c.prefix) {
			return c.name
		}
	}
	return ""
}

// otherByName indexes otherClouds by cloud name.
var otherByName = func() map[string]otherCloud {
	out := map[string]otherCloud{}
	for _, c := range otherClouds {
		out[c.name] = c
	}
	return out
}()

// locationAttrs are the attributes any provider may hold a location in;
// a resource holding one is never said to have none.
var locationAttrs = []string{"region", "zone", "location", "availability_zone", "availability_zone_id", "zone_id",
	"datacenter", "availability_domain", "network_zone"}

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
	if n := len(zone); n > 0 && 'a' <= zone[n-1] && zone[n-1] <= 'z' && plainAWSRegion(zone[:n-1]) {
		return zone[:n-1], true // the usual shape, without the expressions' cost
	}
	if !awsZoneRe.MatchString(zone) {
		return "", false
	}
	m := awsRegionRe.FindStringSubmatch(zone)
	return m[1], true
}

// IsAWSRegion reports whether s has the shape of an AWS region name.
func IsAWSRegion(s string) bool {
	if plainAWSRegion(s) {
		return true // the usual shape, without the expression's cost
	}
	m := awsRegionRe.FindString(s)
	return m != "" && m == s
}

// plainAWSRegion reports whether s is two lower-case letters, a dash,
// lower-case letters, a dash and digits (us-east-1): the shape of nearly
// every region name, which awsRegionRe matches whole (its optional -gov
// or -iso part needs a fourth part to match in). Placement asks about
// every instance's region and zone.
func plainAWSRegion(s string) bool {
	if len(s) < 6 || !lowerAt(s, 0) || !lowerAt(s, 1) || s[2] != '-' {
		return false
	}
	i := 3
	for i < len(s) && lowerAt(s, i) {
		i++
	}
	if i == 3 || i+1 >= len(s) || s[i] != '-' {
		return false
	}
	i++
	for j := i; j < len(s); j++ {
		if s[j] < '0' || s[j] > '9' {
			return false
		}
	}
	return true
}

func lowerAt(s string, i int) bool { return 'a' <= s[i] && s[i] <= 'z' }

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
		if c, ok := otherByName[cloud]; ok {
			placeOther(&p, c, a)
		}
	}
	if !p.Known() {
		placeByIdentifier(&p, a)
	}
	if !p.Known() {
		p.Unknown = unplaced(cloud, a)
		if arn := a.String("arn"); arn != "" {
			if r, ok := ARNRegion(arn); ok && r == "" {
				p.Unknown = "ARN without region (a global service)"
				p.Rule = RuleARN
			}
		}
	}
	return p
}

// unplaced says why a resource has no placement: no location attribute at
// all, or ones blast does not read as a location of its cloud (named, not
// quoted: a value that is no location may be anything).
func unplaced(cloud string, a Attrs) string {
	var held []string
	for _, k := range locationAttrs {
		if a.String(k) != "" {
			held = append(held, k)
		}
	}
	switch {
	case len(held) == 0:
		return "no region, zone, location or ARN region in its attributes"
	case cloud == "":
		return "its provider is not one blast places resources of (it has " + strings.Join(held, ", ") + ")"
	}
	return "its " + strings.Join(held, ", ") + " " + pluralIs(len(held)) + " not a region or zone of " + cloud
}

func pluralIs(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// placeOther reads the location of a resource of a provider beyond AWS,
// Google Cloud and Azure: its region attribute, else a location over
// several regions; its zone attribute, and the region the zone implies.
func placeOther(p *graph.Placement, c otherCloud, a Attrs) {
	for _, k := range c.region {
		if r := a.String(k); r != "" {
			p.Region, p.Rule = r, "attribute:"+k
			break
		}
	}
	for _, k := range c.zone {
		z := a.String(k)
		if z == "" {
			continue
		}
		if c.name == "oci" {
			// availability domains carry a tenancy prefix: Uocm:PHX-AD-1
			z = strings.ToLower(ociADRe.FindStringSubmatch(z)[1])
		}
		p.Zone, p.Rule = z, "attribute:"+k
		if p.Region == "" && c.zoneRegion != nil {
			p.Region = c.zoneRegion(z)
		}
		break
	}
	if p.Zone == "" {
		var zones []string
		rule := ""
		for _, path := range c.nested {
			if found := a.nestedStrings(path); len(found) > 0 {
				zones = append(zones, found...)
				if rule == "" {
					rule = "attribute:" + path
				}
			}
		}
		switch zones = dedupe(zones); len(zones) {
		case 0:
		case 1:
			p.Zone, p.Rule = zones[0], rule
		default:
			p.Zones, p.Rule = zones, rule
		}
		if p.Region == "" && c.zoneRegion != nil && len(zones) > 0 {
			p.Region = c.zoneRegion(zones[0])
		}
	}
	if p.Region == "" && p.Zone == "" && len(p.Zones) == 0 {
		for _, k := range c.multi {
			if l := a.String(k); l != "" {
				p.Region, p.Rule, p.Scope = l, "attribute:"+k, graph.ScopeMultiRegion
				break
			}
		}
	}
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

// dedupe returns the non-empty strings of in, sorted, each once (nil
// for no input).
func dedupe(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	out := slices.DeleteFunc(slices.Clone(in), func(s string) bool { return s == "" })
	slices.Sort(out)
	return slices.Compact(out)
}
