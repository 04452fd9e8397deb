package platform

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Cloud is what blast knows of one provider's failure domains: its name
// and the names --down also accepts for it, its regions (as published, with
// the source), how its zone names are formed, and AWS's AZ ID prefixes.
// A cloud without a region list is known by name only: its regions and
// zones are those the inputs hold.
type Cloud struct {
	// Name is the provider domain (aws, gcp, yandex, hcloud).
	Name string `toml:"name"`
	// Aliases are other names accepted for it (google, azurerm, hetzner).
	Aliases []string `toml:"aliases"`
	// Regions lists the provider's regions; empty when blast has no list.
	Regions []string `toml:"regions"`
	// Zones names the rule zone names follow: "letter" (us-east-1a, and
	// us-east-1-bos-1a for a local zone), "dash-letter" (us-central1-c),
	// "dash-digit" (westus2-1), "datacenter" (fsn1-dc14), or "" when the
	// provider has no zones below its regions.
	Zones string `toml:"zones"`
	// ZoneNames, when set, lists the provider's zones exactly: a zone
	// name must be one of them, not only follow the naming rule.
	ZoneNames []string `toml:"zone_names"`
	// ZoneIDs maps AZ ID prefixes (use1 in use1-az1) to regions.
	ZoneIDs map[string]string `toml:"zone_ids"`
	Source  string            `toml:"source"`
}

var zoneRules = map[string]*regexp.Regexp{
	"letter":      regexp.MustCompile(`^([a-z0-9-]*\d)[a-z]$`),
	"dash-letter": regexp.MustCompile(`^([a-z0-9-]+)-[a-z]$`),
	"dash-digit":  regexp.MustCompile(`^([a-z0-9-]+)-\d+$`),
	"datacenter":  regexp.MustCompile(`^([a-z0-9-]+)-dc\d+$`),
}

var azIDRule = regexp.MustCompile(`^([a-z]+\d+)-az\d+$`)

func checkCloud(c Cloud) error {
	if c.Name == "" || c.Source == "" {
		return fmt.Errorf("needs name and source")
	}
	if _, ok := zoneRules[c.Zones]; !ok && c.Zones != "" {
		return fmt.Errorf("%s: unknown zone rule %q (want letter, dash-letter, dash-digit or datacenter)", c.Name, c.Zones)
	}
	for _, r := range c.Regions {
		if r != strings.ToLower(r) || r == "" {
			return fmt.Errorf("%s: region %q is not lower case", c.Name, r)
		}
	}
	return nil
}

// Listed reports whether blast has the provider's region list.
func (c Cloud) Listed() bool { return len(c.Regions) > 0 }

// HasRegion reports whether r is one of the provider's listed regions.
func (c Cloud) HasRegion(r string) bool {
	_, ok := slices.BinarySearch(c.Regions, r)
	return ok
}

// RegionOfZone returns the region a zone name belongs to by the cloud's
// zone naming rule, whether or not the region is listed; false when the
// name is not a zone name of the cloud. AWS AZ IDs (use1-az1) answer
// through their prefix.
func (c Cloud) RegionOfZone(zone string) (string, bool) {
	if m := azIDRule.FindStringSubmatch(zone); m != nil && c.ZoneIDs != nil {
		r, ok := c.ZoneIDs[m[1]]
		return r, ok
	}
	re := zoneRules[c.Zones]
	if re == nil {
		return "", false
	}
	if m := re.FindStringSubmatch(zone); m != nil {
		return m[1], true
	}
	return "", false
}

// IsZoneID reports whether zone is an AZ ID (use1-az1) of the cloud.
func (c Cloud) IsZoneID(zone string) bool {
	m := azIDRule.FindStringSubmatch(zone)
	if m == nil || c.ZoneIDs == nil {
		return false
	}
	_, ok := c.ZoneIDs[m[1]]
	return ok
}

// KnownZone returns the region of a zone whose region is listed: a zone
// blast knows by the cloud's naming rule.
func (c Cloud) KnownZone(zone string) (string, bool) {
	if !c.Listed() {
		return "", false
	}
	if len(c.ZoneNames) > 0 && !slices.Contains(c.ZoneNames, zone) {
		return "", false
	}
	if r, ok := c.RegionOfZone(zone); ok && c.HasRegion(r) {
		return r, true
	}
	if zoneRules[c.Zones] == zoneRules["letter"] {
		// a local zone: us-east-1-bos-1a belongs to us-east-1
		for _, r := range c.Regions {
			if rest, ok := strings.CutPrefix(zone, r); ok && (len(rest) == 1 && rest[0] >= 'a' && rest[0] <= 'z' || localZone.MatchString(rest)) {
				return r, true
			}
		}
	}
	return "", false
}

var localZone = regexp.MustCompile(`^-[a-z]+-\d+[a-z]$`)

// Clouds returns the providers blast knows, sorted by name. It reads the
// embedded knowledge only (blast.toml does not change it).
func Clouds() []Cloud {
	k := embedded()
	out := make([]Cloud, 0, len(k.clouds))
	for _, c := range k.clouds {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupCloud returns the cloud a provider name or alias names.
func LookupCloud(name string) (Cloud, bool) {
	k := embedded()
	name = strings.ToLower(name)
	if c, ok := k.clouds[name]; ok {
		return c, true
	}
	for _, c := range k.clouds {
		if slices.Contains(c.Aliases, name) {
			return c, true
		}
	}
	return Cloud{}, false
}

// IsLocation reports whether name is a multi-region location of cloud in
// the embedded knowledge (gcp:us, gcp:nam4, hcloud:eu-central).
func IsLocation(cloud, name string) bool {
	_, ok := embedded().Location(cloud, name)
	return ok
}

// embedded returns the shared embedded knowledge, read only.
func embedded() *Knowledge {
	Default()
	return defaultK
}
