package terraform

import (
	"regexp"
	"strings"

	"github.com/blast-dev/blast/graph"
)

// Locations in identifiers: many resources name themselves by a URL or
// resource name that carries where they live, and some hold no other
// location at all. A GCP self link or id carries zones/<zone> or
// regions/<region>; an IBM Cloud CRN carries its region or zone as its
// sixth field (crn:v1:bluemix:public:is:us-south:...); an Azure resource
// ID under a location carries locations/<location>; an AWS endpoint host
// name carries its region (db.abc.eu-west-1.rds.amazonaws.com). Place
// reads them last, only for a resource its own location attributes did
// not place, and names the attribute in the placement rule.

// idAttrs are the attributes holding identifiers a location is read
// from, by cloud, in the order read; the first that yields one wins.
var idAttrs = map[string][]string{
	"gcp":   {"self_link", "id"},
	"azure": {"id"},
	"ibm":   {"crn", "resource_crn"},
	"aws":   {"endpoint", "dns_name", "address", "domain_name", "hostname", "url"},
}

// identifierAttrs are the top-level attributes read here and by the
// group links that no other rule reads; the importers that stream
// attributes keep them (NeededAttr).
var identifierAttrs = map[string]bool{"crn": true, "resource_crn": true, "instance_group": true, "backend": true}

var (
	azureLocationRe = regexp.MustCompile(`(?i)/locations/([a-z0-9]+)(?:/|$)`)
	// a region label in an AWS host name: <...>.<region>.<...>.amazonaws.com
	awsHostRegionRe = regexp.MustCompile(`(?:^|[./])([a-z]{2}(?:-gov)?-[a-z]+-\d)\.(?:[a-z0-9-]+\.)*amazonaws\.com(?:\.cn)?(?::\d+)?(?:/|$)`)
)

// placeByIdentifier places p from the identifiers a resource holds.
func placeByIdentifier(p *graph.Placement, a Attrs) {
	for _, k := range idAttrs[p.Cloud] {
		v := a.String(k)
		if v == "" {
			continue
		}
		rule := RuleIdentifier + ":" + k
		if p.Cloud == "gcp" && k == "self_link" {
			rule = RuleSelfLink
		}
		var region, zone string
		switch p.Cloud {
		case "gcp":
			region, zone = GCPLinkLocation(v)
		case "azure":
			if m := azureLocationRe.FindStringSubmatch(v); m != nil {
				region = AzureLocation(m[1])
			}
		case "ibm":
			region, zone = CRNLocation(v)
		case "aws":
			if m := awsHostRegionRe.FindStringSubmatch(v); m != nil && IsAWSRegion(m[1]) {
				region = m[1]
			}
		}
		if region == "" {
			continue
		}
		p.Region, p.Zone, p.Rule = region, zone, rule
		return
	}
}

// GCPLinkLocation returns the region and zone a GCP self link or
// resource name carries (".../zones/us-central1-a/instanceGroups/x" →
// us-central1, us-central1-a; ".../regions/europe-west1/..." →
// europe-west1, ""); both empty for global ones.
func GCPLinkLocation(link string) (region, zone string) {
	m := gcpLinkRe.FindStringSubmatch(link)
	if m == nil {
		return "", ""
	}
	loc := m[2]
	if r, ok := GCPRegionOfZone(loc); ok {
		return r, loc
	}
	if IsGCPRegion(loc) {
		return loc, ""
	}
	return "", ""
}

// CRNLocation returns the region and zone an IBM Cloud resource name
// carries in its location field: a region (us-south), a zone
// (us-south-1, whose region is us-south), or neither (global, empty).
// Source: https://cloud.ibm.com/docs/account?topic=account-crn
func CRNLocation(crn string) (region, zone string) {
	parts := strings.SplitN(crn, ":", 7)
	if len(parts) < 7 || parts[0] != "crn" {
		return "", ""
	}
	loc := parts[5]
	if loc == "" || loc == "global" {
		return "", ""
	}
	if m := dashDigitRe.FindStringSubmatch(loc); m != nil {
		return m[1], loc
	}
	return loc, ""
}

// GCPLinkKey returns the part of a GCP resource link that names the
// resource whatever the form (https://www.googleapis.com/compute/v1/,
// .../compute/beta/, or relative): from "projects/" on; "" when it is
// no such link.
func GCPLinkKey(link string) string {
	i := strings.Index(link, "projects/")
	if i < 0 || (i > 0 && link[i-1] != '/') {
		return ""
	}
	return link[i:]
}
