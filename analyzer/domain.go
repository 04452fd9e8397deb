// Package analyzer is the outage core: it injects failures into the
// dependency graph and propagates them: failure domains, scenarios and
// their catalog, the inference of redundancy from the platform knowledge
// (package analyzer/platform), the states a scenario leaves every node
// in, and the chain that explains each impact. The checks built on it
// (matrix, check suite, diff, policies) live in package checks, which
// imports this one, never the reverse.
package analyzer

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/graph"
)

// DomainKind says how large a failure domain is.
type DomainKind string

// Failure domain kinds.
const (
	DomainProvider DomainKind = "provider" // aws
	DomainRegion   DomainKind = "region"   // aws:us-east-1
	DomainZone     DomainKind = "zone"     // aws:us-east-1a or aws:use1-az1
	DomainService  DomainKind = "service"  // aws:us-east-1/dynamodb
	DomainNode     DomainKind = "resource" // one node by ID
)

// Domain is one failure domain.
type Domain struct {
	Kind    DomainKind `json:"kind"`
	Cloud   string     `json:"cloud,omitempty"`
	Region  string     `json:"region,omitempty"`
	Zone    string     `json:"zone,omitempty"`
	ZoneID  string     `json:"zoneId,omitempty"`
	Service string     `json:"service,omitempty"`
	Node    string     `json:"node,omitempty"`
}

// String renders the domain in the form --down accepts.
func (d Domain) String() string {
	switch d.Kind {
	case DomainProvider:
		return d.Cloud
	case DomainRegion:
		return d.Cloud + ":" + d.Region
	case DomainZone:
		if d.Zone != "" {
			return d.Cloud + ":" + d.Zone
		}
		return d.Cloud + ":" + d.ZoneID
	case DomainService:
		return d.Cloud + ":" + d.Region + "/" + d.Service
	case DomainNode:
		return d.Node
	}
	return "?"
}

// MarshalText renders the domain as its --down form in JSON.
func (d Domain) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Describe says in words what the domain is: "region down".
func (d Domain) Describe() string {
	switch d.Kind {
	case DomainProvider:
		return "provider down"
	case DomainRegion:
		return "region down"
	case DomainZone:
		return "zone down"
	case DomainService:
		return "regional service down"
	case DomainNode:
		return "resource down"
	}
	return "down"
}

// clouds maps the provider names of Terraform and of effects in scenario
// definitions to blast's cloud names.
var clouds = map[string]string{"aws": "aws", "gcp": "gcp", "google": "gcp", "azure": "azure", "azurerm": "azure"}

var (
	svcName  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	locShape = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
)

// ErrUnknownLocation matches the error of a domain naming a location of a
// cloud whose regions blast lists that is neither listed nor held by an
// input. Checked without the inputs (a scenario of blast.toml as the file
// loads), such a location may yet be one the inputs hold: a region newer
// than the list.
var ErrUnknownLocation = errors.New("unknown location")

// unknownLocation is the error ErrUnknownLocation matches.
type unknownLocation string

func (e unknownLocation) Error() string { return string(e) }

// Is makes errors.Is(err, ErrUnknownLocation) true.
func (e unknownLocation) Is(target error) bool { return target == ErrUnknownLocation }

// ParseDomain parses one --down value. A domain is accepted when it names
// a provider blast knows, a region or zone of a provider whose region list
// blast has (platform knowledge: real region names and each cloud's zone
// naming rule, not any string shaped like one), or a domain the resources
// of g live in. A region or zone of a provider blast knows only by name is
// accepted when well formed; it is the caller's to warn when no input
// holds it (Analyzer.Absent). A bare location (us-east-1) is resolved
// against every cloud; g may be nil.
func ParseDomain(s string, g *graph.Graph) (Domain, error) {
	return parseDomain(s, g, onceHeld(g))
}

// ParseDomain parses a failure domain as the package's ParseDomain does
// over the analyzer's graph, reading the domains the graph holds once
// for every domain parsed (held).
func (a *Analyzer) ParseDomain(s string) (Domain, error) {
	return parseDomain(s, a.g, a.held)
}

// held returns the domains of the analyzer's graph by lower-case name
// (heldDomains), made once: the domains of a catalog's scenarios had
// each made them anew, a pass over every node each.
func (a *Analyzer) held() map[string]Domain {
	a.heldOnce.Do(func() { a.heldByName = heldDomains(a.g) })
	return a.heldByName
}

// onceHeld returns heldDomains(g), made on the first call only.
func onceHeld(g *graph.Graph) func() map[string]Domain {
	var held map[string]Domain
	var made bool
	return func() map[string]Domain {
		if !made {
			held, made = heldDomains(g), true
		}
		return held
	}
}

// parseDomain is ParseDomain, with held giving the domains g holds.
func parseDomain(s string, g *graph.Graph, heldOf func() map[string]Domain) (Domain, error) {
	raw := s
	s = strings.TrimSpace(s)
	if s == "" {
		return Domain{}, fmt.Errorf("empty failure domain")
	}
	if g != nil {
		if _, ok := g.Node(s); ok {
			return Domain{Kind: DomainNode, Node: s}, nil
		}
	}
	held := heldOf()
	low := strings.ToLower(s)
	if c, ok := platform.LookupCloud(low); ok {
		return Domain{Kind: DomainProvider, Cloud: c.Name}, nil
	}
	if name, rest, hasCloud := strings.Cut(low, ":"); hasCloud {
		c, ok := platform.LookupCloud(name)
		if !ok {
			if d, ok := held[low]; ok {
				return d, nil // a cloud an importer named that the knowledge lacks
			}
			return Domain{}, fmt.Errorf("unknown provider %q in %q (want %s)", name, raw, cloudNames())
		}
		return parseLocation(c, rest, raw, held)
	}
	// a bare location: every cloud that knows it or that an input holds it in
	var found []Domain
	seen := map[string]bool{}
	for _, c := range platform.Clouds() {
		d, err := parseLocation(c, low, raw, held)
		if err != nil || (!c.Listed() && !held[strings.ToLower(d.String())].isSet()) {
			continue // a cloud known by name only takes a bare location the inputs hold
		}
		if !seen[d.String()] {
			seen[d.String()] = true
			found = append(found, d)
		}
	}
	if g != nil && len(found) > 1 {
		present := PresentClouds(g)
		var keep []Domain
		for _, d := range found {
			if present[d.Cloud] {
				keep = append(keep, d)
			}
		}
		if len(keep) > 0 {
			found = keep
		}
	}
	switch len(found) {
	case 0:
		return Domain{}, fmt.Errorf("%q is not a failure domain blast knows or an input holds (want a provider such as aws, a region or zone with its provider such as aws:us-east-1, aws:us-east-1a, aws:use1-az1, a service in a region such as aws:us-east-1/dynamodb, or a resource address)", raw)
	case 1:
		return found[0], nil
	}
	names := make([]string, len(found))
	for i, d := range found {
		names[i] = d.String()
	}
	return Domain{}, fmt.Errorf("%q is ambiguous: say which of %s", raw, strings.Join(names, ", "))
}

func (d Domain) isSet() bool { return d.Kind != "" }

// heldDomains indexes the domains g's resources live in by lower-case
// name; nil without a graph.
func heldDomains(g *graph.Graph) map[string]Domain {
	if g == nil {
		return nil
	}
	out := map[string]Domain{}
	for _, dc := range Domains(g, true) {
		out[strings.ToLower(dc.Name)] = dc.Domain
	}
	return out
}

func cloudNames() string {
	var names []string
	for _, c := range platform.Clouds() {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

func parseLocation(c platform.Cloud, loc, raw string, held map[string]Domain) (Domain, error) {
	loc, svc, hasSvc := strings.Cut(loc, "/")
	if hasSvc && !svcName.MatchString(svc) {
		return Domain{}, fmt.Errorf("%q: bad service name %q", raw, svc)
	}
	if loc == "" {
		return Domain{}, fmt.Errorf("%q names no region or zone of %s", raw, c.Name)
	}
	d, ok := held[c.Name+":"+loc]
	if ok && d.Kind != DomainRegion && d.Kind != DomainZone {
		ok = false
	}
	if !ok {
		d = Domain{Cloud: c.Name}
		switch {
		case c.HasRegion(loc) || platform.IsLocation(c.Name, loc):
			d.Kind, d.Region = DomainRegion, loc
		case c.IsZoneID(loc):
			d.Kind, d.ZoneID = DomainZone, loc
			d.Region, _ = c.RegionOfZone(loc)
		case c.Listed():
			r, known := c.KnownZone(loc)
			if !known {
				return Domain{}, unknownLocation(fmt.Sprintf("%q: %s is not a region or zone of %s, and no input holds it", raw, loc, c.Name))
			}
			d.Kind, d.Zone, d.Region = DomainZone, loc, r
		case !locShape.MatchString(loc):
			return Domain{}, fmt.Errorf("%q: %q is not a region or zone name", raw, loc)
		default:
			// a provider blast knows by name only: the shape decides
			if r, isZone := c.RegionOfZone(loc); isZone {
				d.Kind, d.Zone, d.Region = DomainZone, loc, r
			} else {
				d.Kind, d.Region = DomainRegion, loc
			}
		}
	}
	if hasSvc {
		if d.Kind != DomainRegion {
			return Domain{}, fmt.Errorf("%q: a service outage needs a region, as in %s:us-east-1/%s", raw, c.Name, svc)
		}
		d.Kind, d.Service = DomainService, svc
	}
	return d, nil
}

// PresentClouds returns the clouds any node of g is placed in.
func PresentClouds(g *graph.Graph) map[string]bool {
	out := map[string]bool{}
	for _, n := range g.Nodes() {
		if n.Placement.Cloud != "" {
			out[n.Placement.Cloud] = true
		}
	}
	return out
}

// DomainCount is a failure domain present in a graph with the number of
// resources it holds.
type DomainCount struct {
	Domain    Domain `json:"-"`
	Name      string `json:"domain"`
	Kind      string `json:"kind"`
	Resources int    `json:"resources"`
}

// Domains lists the providers, regions and zones present in g, with the
// number of failure-target resources each holds, sorted by name.
// Regional services are included when services is true.
func Domains(g *graph.Graph, services bool) []DomainCount {
	nodes := g.Nodes()
	return countDomains(nodes, services, func(int) bool { return true }, func(i int) string { return nodes[i].Service }, nil)
}

// Domains lists the failure domains present, as the package function
// does, but lists global resources (IAM, Route 53, CloudFront: their
// data planes are everywhere) only under their provider, names regional
// services as the platform knowledge does, and counts in each domain the
// resources that taking it down hits directly, as whatif does (see
// CountHits).
func (a *Analyzer) Domains(services bool) []DomainCount {
	doms := a.Placed(services)
	a.CountHits(doms)
	return doms
}

// DomainChoices lists the domains --down takes, regional services
// included, for shell completion: each name, a tab, its kind and how
// many resources it holds.
func (a *Analyzer) DomainChoices() []string {
	var out []string
	for _, dc := range a.Domains(true) {
		out = append(out, fmt.Sprintf("%s\t%s, %d resources", dc.Name, dc.Kind, dc.Resources))
	}
	return out
}

// Placed lists the same domains as Domains, counting in each the
// resources whose placement names it, however it was found (inherited
// from a dependency included): where things are, for the graph's view.
func (a *Analyzer) Placed(services bool) []DomainCount {
	return countDomains(a.nodes, services,
		func(i int) bool { return a.scope[i] != scopeGlobal },
		func(i int) string { return a.svcAt(i) }, // as Knowledge.ServiceOf
		func(i int) []string { return a.standbyAt(i) })
}

// CountHits sets each domain's Resources to the number of resources that
// a scenario taking that domain down alone fails or degrades directly
// (not through a dependency, nor through an observed platform dependency
// of a service): the same notion of "in this domain" whatif uses. A
// resource placed through a dependency is not counted; a zone-redundant
// regional resource counts in each zone of its region; a resource whose
// zone is unknown until apply counts in every zone it may be in.
// Each resource is tried against the domains of its cloud and regions
// only, never against every domain. A domain's count is kept: asked
// again (the explore page lists its domains beside the matrix's), it is
// not counted again.
func (a *Analyzer) CountHits(doms []DomainCount) {
	var todo []DomainCount
	var at []int // where each of todo is in doms
	a.hits.Lock()
	for k := range doms {
		if c, ok := a.hits.count[doms[k].Domain]; ok {
			doms[k].Resources = c
			continue
		}
		todo, at = append(todo, doms[k]), append(at, k)
	}
	a.hits.Unlock()
	if len(todo) == 0 {
		return
	}
	a.countHits(todo)
	a.hits.Lock()
	defer a.hits.Unlock()
	if a.hits.count == nil {
		a.hits.count = map[Domain]int{}
	}
	for j, k := range at {
		doms[k].Resources = todo[j].Resources
		a.hits.count[todo[j].Domain] = todo[j].Resources
	}
}

// countHits counts what CountHits says of each domain, every one anew.
func (a *Analyzer) countHits(doms []DomainCount) {
	compiled := make([]*down, len(doms))
	byCloud := map[string][]int{}  // providers, and zones of no known region
	byRegion := map[string][]int{} // cloud:region → regions, zones, services
	allOf := map[string][]int{}    // cloud → every domain
	for k := range doms {
		d := doms[k].Domain
		compiled[k], _ = a.compile(Scenario{Down: []Domain{d}})
		compiled[k].effects = nil
		compiled[k].quiet = true // states alone are counted
		doms[k].Resources = 0
		region := d.Region
		if d.Kind == DomainZone {
			region = a.zoneRegion(d)
		}
		allOf[d.Cloud] = append(allOf[d.Cloud], k)
		if d.Kind == DomainProvider || region == "" {
			byCloud[d.Cloud] = append(byCloud[d.Cloud], k)
			continue
		}
		byRegion[d.Cloud+":"+region] = append(byRegion[d.Cloud+":"+region], k)
	}
	var cand []int
	for i, n := range a.nodes {
		p := n.Placement
		if !n.Target() || p.Cloud == "" {
			continue
		}
		cand = cand[:0]
		if a.scope[i] == scopeMultiRegion || a.unknown[int32(i)]&unknownRegion != 0 {
			cand = append(cand, allOf[p.Cloud]...)
		} else {
			cand = append(cand, byCloud[p.Cloud]...)
			for _, r := range p.AllRegions() {
				cand = append(cand, byRegion[p.Cloud+":"+r]...)
			}
			for _, r := range a.standbyAt(i) {
				cand = append(cand, byRegion[p.Cloud+":"+r]...)
			}
		}
		for _, k := range cand {
			if s := a.own(i, compiled[k]); s.level > Healthy {
				doms[k].Resources++
			}
		}
	}
}

// countDomains counts the domains the nodes' placements name; copies,
// when not nil, gives the regions holding a node's standby copy (served
// only after a failover), which count as its regions too.
func countDomains(nodes []*graph.Node, services bool, located func(i int) bool, service func(i int) string, copies func(i int) []string) []DomainCount {
	// counted by name (two domains may share one: a zone read with and
	// without its region), each domain named once when first seen, not
	// once per node (an allocation per node and domain); nodes in a row
	// mostly share their domains, so each kind of domain remembers the
	// last it counted and skips the maps for a repeat
	counts := map[string]*DomainCount{}
	named := map[Domain]*DomainCount{}
	var last [4]struct {
		d Domain
		c *DomainCount
	}
	add := func(slot int, d Domain) {
		l := &last[slot]
		if l.c == nil || l.d != d {
			c := named[d]
			if c == nil {
				k := d.String()
				if c = counts[k]; c == nil {
					c = &DomainCount{Domain: d, Name: k, Kind: string(d.Kind)}
					counts[k] = c
				}
				named[d] = c
			}
			l.d, l.c = d, c
		}
		l.c.Resources++
	}
	for i, n := range nodes {
		p := &n.Placement
		if !n.Target() || p.Cloud == "" {
			continue
		}
		add(0, Domain{Kind: DomainProvider, Cloud: p.Cloud})
		if !located(i) {
			continue
		}
		svc := service(i)
		region := func(r string) {
			add(1, Domain{Kind: DomainRegion, Cloud: p.Cloud, Region: r})
			if services && svc != "" {
				add(2, Domain{Kind: DomainService, Cloud: p.Cloud, Region: r, Service: svc})
			}
		}
		if len(p.Regions) == 0 { // AllRegions without its list
			if p.Region != "" {
				region(p.Region)
			}
		} else {
			for _, r := range p.AllRegions() {
				region(r)
			}
		}
		if copies != nil {
			for _, r := range copies(i) {
				region(r)
			}
		}
		if len(p.Zones) == 0 { // AllZones without its list
			if p.Zone != "" {
				add(3, Domain{Kind: DomainZone, Cloud: p.Cloud, Zone: p.Zone, Region: p.Region})
			}
		} else {
			for _, z := range p.AllZones() {
				add(3, Domain{Kind: DomainZone, Cloud: p.Cloud, Zone: z, Region: p.Region})
			}
		}
		if p.ZoneID != "" {
			add(3, Domain{Kind: DomainZone, Cloud: p.Cloud, ZoneID: p.ZoneID, Region: p.Region})
		}
	}
	out := make([]DomainCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
