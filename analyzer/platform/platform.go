// Package platform is blast's embedded knowledge of cloud platforms: for
// each resource type (or pattern of types) its failure scope, the service
// it belongs to, where its control plane is homed, how its redundancy is
// read, which of its dependencies are only needed for changes, the hidden
// platform dependencies seen in real outages, and the historical outages
// themselves. Every entry cites its source. The knowledge is data (TOML
// files per provider) and can be overridden from blast.toml.
package platform

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/blast-dev/blast/glob"
	"github.com/blast-dev/blast/graph"
)

//go:embed data/*.toml
var data embed.FS

//go:embed scenarios/*.toml
var scenarios embed.FS

// Entry is the knowledge about one resource type or type pattern.
type Entry struct {
	// Match is a resource type (aws_lb) or a pattern with * (aws_iam_*).
	Match string `toml:"match"`
	// Scope is zonal, regional, multi-region or global.
	Scope graph.Scope `toml:"scope"`
	// Service is the provider service name used by service scenarios.
	Service string `toml:"service"`
	// ControlPlane is the region that homes the control plane of a global
	// service (IAM, Route 53, CloudFront: us-east-1). Losing it freezes
	// the resource; its data plane keeps serving.
	ControlPlane string `toml:"control_plane"`
	// Placement names the attributes the location is read from, for
	// explanations ("availability_zone", "location", "replica.region_name").
	Placement string `toml:"placement"`
	// Redundancy names the inference rule that reads the type's
	// redundancy from its attributes and edges (see the analyzer's
	// inference step): multi_az, dynamodb_replicas, route53_set, ...
	Redundancy string `toml:"redundancy"`
	// Need is, for types spread over several zonal members (subnets,
	// brokers), how many of them must survive: a number, or "majority".
	// Empty means one.
	Need string `toml:"need"`
	// Source cites the documentation or incident report behind the entry.
	Source string `toml:"source"`
	// Note is a short human remark.
	Note string `toml:"note"`
	// NotInfrastructure marks types that exist only inside Terraform
	// (random_*, null_resource, time_*, tls_*, local_file, ...): they are
	// never placed, failed or frozen, never counted, and never pass a
	// failure on to what depends on them.
	NotInfrastructure bool `toml:"not_infrastructure"`
	// Role is serving or configuration (see Role); empty leaves it to the
	// [[role]] name rules. RoleReason says why, in words.
	Role       Role   `toml:"role"`
	RoleReason string `toml:"role_reason"`

	origin string
}

// Origin says which file the entry came from.
func (e Entry) Origin() string { return e.origin }

// EdgeRule says what kind an edge gets when its ends match: the
// dependency of a resource on a launch template is only needed to launch
// (control); an IAM policy naming a bucket does not need the bucket
// (none: the edge is a reference only and is dropped).
type EdgeRule struct {
	// From and To match the dependent's and the dependency's types
	// (patterns with *); empty matches any type.
	From string `toml:"from"`
	To   string `toml:"to"`
	// FromService and ToService match the services the knowledge gives
	// the ends; empty matches any.
	FromService string `toml:"from_service"`
	ToService   string `toml:"to_service"`
	// ToScope is "global" or "local" (anything but global); empty matches
	// any scope.
	ToScope string `toml:"to_scope"`
	// Via matches the attribute path the reference was read from, as a
	// prefix ("s3_bucket", "lambda_function_association").
	Via string `toml:"via"`
	// Kind is hard, soft, control, or none.
	Kind string `toml:"kind"`
	// Priority is added to the rule's specificity: a rule about what the
	// dependent is (an IAM policy only names things) beats rules about
	// what the dependency is.
	Priority int `toml:"priority"`
	// Hoist gives the dependent the dependency's own dependencies: what a
	// launch template names (the database in its user data, its security
	// groups) is what the instances launched from it need at run time.
	Hoist bool `toml:"hoist"`
	// BestEffort names, for a soft edge to a destination the dependent
	// only ships records to (access logs, flow logs, an audit trail,
	// metrics), what it ships: "access logs". Losing the destination
	// loses the records, never the dependent's own work, and
	// explanations say "best-effort destination".
	BestEffort string `toml:"best_effort"`
	Source     string `toml:"source"`
	Note       string `toml:"note"`

	origin string
}

// Observed is a hidden platform dependency seen in a real outage: when a
// service is down in a region, the resources it matches are degraded,
// failed or frozen too.
type Observed struct {
	Cloud string `toml:"cloud"`
	// When is the service whose regional outage triggers the effect.
	When string `toml:"when"`
	// Types and Service select the resources touched (either may be
	// empty; both empty touches nothing). Attrs further narrows by
	// allow-listed attribute values (load_balancer_type = "network").
	Types   []string          `toml:"types"`
	Service string            `toml:"service"`
	Attrs   map[string]string `toml:"attrs"`
	// State is "degraded" or "failed" (or empty); Frozen freezes.
	State  string `toml:"state"`
	Frozen bool   `toml:"frozen"`
	// What says in words what stopped working.
	What string `toml:"what"`
	// Event names the historical scenario it was observed in.
	Event  string `toml:"event"`
	Source string `toml:"source"`
}

// Location names a location that stands for several regions: GCP dual-
// and multi-regions, Azure geo-redundant pairs.
type Location struct {
	Cloud string `toml:"cloud"`
	// Name is the location as resources carry it (nam4, eu, us), or for
	// Azure pairs the primary region.
	Name string `toml:"name"`
	// Kind is "dual-region", "multi-region" or "pair".
	Kind string `toml:"kind"`
	// Regions lists the regions; Prefixes matches regions by name prefix
	// for multi-regions whose membership is not published per region.
	Regions  []string `toml:"regions"`
	Prefixes []string `toml:"prefixes"`
	Source   string   `toml:"source"`
}

// Members says that a parent resource is served by any of its member
// resources (a cluster by its instances, a Traffic Manager profile by its
// endpoints): the member's recorded dependency on the parent is turned
// around into a redundancy group of the parent.
type Members struct {
	Parent string `toml:"parent"`
	Child  string `toml:"child"`
	// Need is how many members must survive (default 1).
	Need   int    `toml:"need"`
	Source string `toml:"source"`
	Note   string `toml:"note"`
}

// ScenarioDef is a named outage as stored: historical events and those
// declared in blast.toml. The analyzer turns it into a Scenario.
type ScenarioDef struct {
	Name    string      `toml:"name"`
	Title   string      `toml:"title"`
	Date    string      `toml:"date"`
	Summary string      `toml:"summary"`
	Sources []string    `toml:"sources"`
	Down    []string    `toml:"down"`
	Effects []EffectDef `toml:"effect"`
	// Origin is "built-in" or the blast.toml it was declared in.
	Origin string `toml:"-"`
}

// EffectDef is one effect of a named scenario: resources of a service (or
// of some types) in a region, degraded, failed or frozen.
type EffectDef struct {
	Cloud string `toml:"cloud"`
	// Region is a region name, or "*" for every region and global
	// resources.
	Region  string            `toml:"region"`
	Service string            `toml:"service"`
	Types   []string          `toml:"types"`
	Attrs   map[string]string `toml:"attrs"`
	State   string            `toml:"state"`
	Frozen  bool              `toml:"frozen"`
	// ControlPlanes freezes every global resource whose control plane is
	// homed in Region (the 2021-12-07 event impaired them without taking
	// the region down).
	ControlPlanes bool   `toml:"control_planes"`
	Reason        string `toml:"reason"`
	Source        string `toml:"source"`
}

type file struct {
	Type     []Entry    `toml:"type"`
	Edge     []EdgeRule `toml:"edge"`
	Observed []Observed `toml:"observed"`
	Location []Location `toml:"location"`
	Members  []Members  `toml:"members"`
	Cloud    []Cloud    `toml:"cloud"`
	Store    []Store    `toml:"store"`
	Copy     []Copy     `toml:"copy"`
	Role     []RoleRule `toml:"role"`
}

// Knowledge answers questions about resource types.
type Knowledge struct {
	exact     map[string]Entry
	patterns  []Entry // most specific first
	edges     []EdgeRule
	observed  []Observed
	locations map[string]Location // cloud:name
	members   []Members
	clouds    map[string]Cloud // by name
	lookups   sync.Map         // type → lookupResult, cleared when entries change
	stores    []Store          // stateful store types (stores.toml)
	copies    []Copy           // how their data is copied
	roleRules []RoleRule       // embedded [[role]] rules, most specific first
	userRoles []RoleRule       // blast.toml's [[platform.role]], most specific first
	roleCache sync.Map         // type → RoleAnswer, cleared when entries or rules change
}

type lookupResult struct {
	e  Entry
	ok bool
}

// Default returns a fresh copy of the embedded knowledge; callers may
// override it without affecting others.
func Default() *Knowledge {
	defaultOnce.Do(func() {
		k, err := load(data)
		if err != nil {
			panic(fmt.Sprintf("platform: embedded knowledge is invalid: %v", err)) // a build defect, caught by tests
		}
		defaultK = k
	})
	return defaultK.clone()
}

var (
	defaultOnce sync.Once
	defaultK    *Knowledge
)

// clone copies the knowledge so that overrides stay local to the copy.
func (k *Knowledge) clone() *Knowledge {
	c := &Knowledge{exact: make(map[string]Entry, len(k.exact)), locations: make(map[string]Location, len(k.locations)),
		patterns: append([]Entry(nil), k.patterns...), edges: append([]EdgeRule(nil), k.edges...),
		observed: append([]Observed(nil), k.observed...), members: append([]Members(nil), k.members...),
		roleRules: append([]RoleRule(nil), k.roleRules...), userRoles: append([]RoleRule(nil), k.userRoles...)}
	for key, e := range k.exact {
		c.exact[key] = e
	}
	for key, l := range k.locations {
		c.locations[key] = l
	}
	c.clouds = k.clouds                     // read only
	c.stores, c.copies = k.stores, k.copies // read only
	return c
}

// File is one knowledge file's content as decoded from its TOML.
type File = file

// DecodedFile is one embedded knowledge file, decoded: its name and
// content.
type DecodedFile struct {
	Name string
	File File
}

// EmbeddedFiles decodes the embedded knowledge files, in name order: for
// a generator that compiles them into a program (blast explore's
// WebAssembly, where decoding TOML costs a large part of opening a page),
// which then hands them to UseDecoded.
func EmbeddedFiles() ([]DecodedFile, error) { return decodeFiles(data) }

// UseDecoded makes files, decoded earlier by EmbeddedFiles from this
// same build's knowledge, the embedded knowledge that Default returns,
// without decoding TOML. It has an effect only before the first Default
// (or Load); it checks the files as decoding them would.
func UseDecoded(files []DecodedFile) error {
	var err error
	defaultOnce.Do(func() {
		if defaultK, err = build(files); err != nil {
			defaultK, _ = load(data) // the embedded TOML, checked by tests
		}
	})
	return err
}

func decodeFiles(fsys fs.FS) ([]DecodedFile, error) {
	names, err := fs.Glob(fsys, "data/*.toml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []DecodedFile
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var f file
		md, err := toml.Decode(string(raw), &f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			return nil, fmt.Errorf("%s: unknown key %s", name, und[0])
		}
		out = append(out, DecodedFile{Name: name, File: f})
	}
	return out, nil
}

func load(fsys fs.FS) (*Knowledge, error) {
	files, err := decodeFiles(fsys)
	if err != nil {
		return nil, err
	}
	return build(files)
}

// build checks decoded knowledge files and makes the knowledge of them.
func build(files []DecodedFile) (*Knowledge, error) {
	k := &Knowledge{exact: map[string]Entry{}, locations: map[string]Location{}, clouds: map[string]Cloud{}}
	for _, df := range files {
		name, f := df.Name, df.File
		base := path.Base(name)
		for i, e := range f.Type {
			e.origin = base
			if err := k.add(e); err != nil {
				return nil, fmt.Errorf("%s: type[%d]: %w", name, i, err)
			}
		}
		for i, r := range f.Edge {
			r.origin = base
			if err := k.addEdge(r); err != nil {
				return nil, fmt.Errorf("%s: edge[%d]: %w", name, i, err)
			}
		}
		for i, o := range f.Observed {
			if err := checkObserved(o); err != nil {
				return nil, fmt.Errorf("%s: observed[%d]: %w", name, i, err)
			}
			k.observed = append(k.observed, o)
		}
		for i, l := range f.Location {
			if l.Cloud == "" || l.Name == "" || (len(l.Regions) == 0 && len(l.Prefixes) == 0) || l.Source == "" {
				return nil, fmt.Errorf("%s: location[%d]: needs cloud, name, regions or prefixes, and source", name, i)
			}
			k.locations[l.Cloud+":"+strings.ToLower(l.Name)] = l
		}
		for i, c := range f.Cloud {
			if err := checkCloud(c); err != nil {
				return nil, fmt.Errorf("%s: cloud[%d]: %w", name, i, err)
			}
			if _, dup := k.clouds[c.Name]; dup {
				return nil, fmt.Errorf("%s: cloud[%d]: %s is declared twice", name, i, c.Name)
			}
			c.Regions = append([]string(nil), c.Regions...)
			sort.Strings(c.Regions)
			k.clouds[c.Name] = c
		}
		for i, st := range f.Store {
			if err := checkStore(st); err != nil {
				return nil, fmt.Errorf("%s: store[%d]: %w", name, i, err)
			}
			k.stores = append(k.stores, st)
		}
		for i, c := range f.Copy {
			if err := checkCopy(c); err != nil {
				return nil, fmt.Errorf("%s: copy[%d]: %w", name, i, err)
			}
			k.copies = append(k.copies, c)
		}
		for i, r := range f.Role {
			r.origin = base
			if r.Source == "" {
				return nil, fmt.Errorf("%s: role[%d]: %s: role rule without source", name, i, r.Match)
			}
			if err := k.addRoleRule(r); err != nil {
				return nil, fmt.Errorf("%s: role[%d]: %w", name, i, err)
			}
		}
		for i, m := range f.Members {
			if m.Parent == "" || m.Child == "" || m.Source == "" {
				return nil, fmt.Errorf("%s: members[%d]: needs parent, child and source", name, i)
			}
			k.members = append(k.members, m)
		}
	}
	return k, nil
}

func checkObserved(o Observed) error {
	if o.Cloud == "" || o.When == "" || o.Source == "" || o.What == "" {
		return fmt.Errorf("needs cloud, when, what and source")
	}
	if len(o.Types) == 0 && o.Service == "" {
		return fmt.Errorf("%s: needs types or service", o.When)
	}
	switch o.State {
	case "", "degraded", "failed":
	default:
		return fmt.Errorf("%s: unknown state %q (want degraded or failed)", o.When, o.State)
	}
	if o.State == "" && !o.Frozen {
		return fmt.Errorf("%s: neither a state nor frozen: it would do nothing", o.When)
	}
	return nil
}

func (k *Knowledge) add(e Entry) error {
	k.lookups.Clear()
	k.roleCache.Clear()
	if e.Match == "" {
		return fmt.Errorf("entry without match")
	}
	switch e.Scope {
	case graph.ScopeZonal, graph.ScopeRegional, graph.ScopeMultiRegion, graph.ScopeGlobal, graph.ScopeUnknown:
	default:
		return fmt.Errorf("%s: unknown scope %q (want zonal, regional, multi-region or global)", e.Match, e.Scope)
	}
	if e.Source == "" && e.origin != "blast.toml" {
		return fmt.Errorf("%s: entry without source", e.Match)
	}
	if e.NotInfrastructure && e.Scope != "" && e.Scope != graph.ScopeUnknown {
		return fmt.Errorf("%s: not infrastructure, yet scope %q (it is placed nowhere)", e.Match, e.Scope)
	}
	if err := checkRole(e.Role); err != nil {
		return fmt.Errorf("%s: %w", e.Match, err)
	}
	if e.Role != "" && e.RoleReason == "" && e.origin != "blast.toml" {
		return fmt.Errorf("%s: role %s without role_reason", e.Match, e.Role)
	}
	if e.Need != "" && e.Need != "majority" {
		if n, err := parsePositive(e.Need); err != nil || n < 1 {
			return fmt.Errorf("%s: need %q is not a positive number or \"majority\"", e.Match, e.Need)
		}
	}
	if !strings.Contains(e.Match, "*") {
		if old, ok := k.exact[e.Match]; ok {
			e = merge(old, e)
		}
		k.exact[e.Match] = e
		return nil
	}
	for i, p := range k.patterns {
		if p.Match == e.Match {
			k.patterns[i] = merge(p, e)
			return nil
		}
	}
	k.patterns = append(k.patterns, e)
	sort.SliceStable(k.patterns, func(i, j int) bool {
		a, b := k.patterns[i].Match, k.patterns[j].Match
		if pa, pb := literalParts(a), literalParts(b); pa != pb {
			return pa > pb
		}
		if la, lb := literalLen(a), literalLen(b); la != lb {
			return la > lb
		}
		return a < b
	})
	return nil
}

// literalParts counts the fixed parts of a pattern: google_*_iam_* has
// two and is more specific than google_storage_*, which has one.
func literalParts(p string) int {
	// counted without splitting: the comparators of every sort call it,
	// and allocating there made building the knowledge slow
	n, in := 0, false
	for i := 0; i < len(p); i++ {
		lit := p[i] != '*'
		if lit && !in {
			n++
		}
		in = lit
	}
	return n
}

// literalLen is the length of a pattern without its stars.
func literalLen(p string) int { return len(p) - strings.Count(p, "*") }

func parsePositive(s string) (int, error) {
	n := 0
	if s == "" {
		return 0, fmt.Errorf("empty")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("not a number")
		}
		n = n*10 + int(c-'0')
		if n > 1<<20 {
			return 0, fmt.Errorf("too large")
		}
	}
	return n, nil
}

func (k *Knowledge) addEdge(r EdgeRule) error {
	switch r.Kind {
	case "hard", "soft", "control", "none":
	default:
		return fmt.Errorf("unknown kind %q (want hard, soft, control or none)", r.Kind)
	}
	switch r.ToScope {
	case "", "global", "local":
	default:
		return fmt.Errorf("unknown to_scope %q (want global or local)", r.ToScope)
	}
	if r.BestEffort != "" && r.Kind != "soft" {
		return fmt.Errorf("best_effort %q on a %s edge (a best-effort destination is soft)", r.BestEffort, r.Kind)
	}
	if r.From == "" && r.To == "" && r.FromService == "" && r.ToService == "" && r.Via == "" {
		return fmt.Errorf("edge rule matches every edge: give from, to, a service or via")
	}
	if r.Source == "" && r.origin != "blast.toml" {
		return fmt.Errorf("edge rule %s -> %s without source", r.From, r.To)
	}
	k.edges = append(k.edges, r)
	sort.SliceStable(k.edges, func(i, j int) bool { return specificity(k.edges[i]) > specificity(k.edges[j]) })
	return nil
}

// specificity orders edge rules: the rule naming more (and longer) parts
// wins; rules from blast.toml beat embedded ones of equal weight.
func specificity(r EdgeRule) int {
	s := 0
	for _, p := range []string{r.From, r.To} {
		switch {
		case p == "":
		case strings.Contains(p, "*"):
			s += 10 + len(strings.ReplaceAll(p, "*", ""))
		default:
			s += 200
		}
	}
	if r.FromService != "" {
		s += 5
	}
	if r.ToService != "" {
		s += 5
	}
	if r.ToScope != "" {
		s += 3
	}
	if r.Via != "" {
		s += 300
	}
	s += r.Priority
	s *= 2
	if r.origin == "blast.toml" {
		s++
	}
	return s
}

// merge lays an override over an entry: set fields win.
func merge(old, over Entry) Entry {
	if over.Scope != "" {
		old.Scope = over.Scope
	}
	if over.Service != "" {
		old.Service = over.Service
	}
	if over.ControlPlane != "" {
		old.ControlPlane = over.ControlPlane
	}
	if over.Placement != "" {
		old.Placement = over.Placement
	}
	if over.Redundancy != "" {
		old.Redundancy = over.Redundancy
	}
	if over.Need != "" {
		old.Need = over.Need
	}
	if over.Source != "" {
		old.Source = over.Source
	}
	if over.Note != "" {
		old.Note = over.Note
	}
	if over.NotInfrastructure {
		old.NotInfrastructure = true
	}
	if over.Role != "" {
		old.Role, old.RoleReason = over.Role, over.RoleReason
	}
	old.origin = over.origin
	return old
}

// Override adds or replaces entries, as blast.toml's [[platform.override]].
// A control_plane of "none" clears an embedded control-plane home.
func (k *Knowledge) Override(entries []Entry) error {
	for i, e := range entries {
		e.origin = "blast.toml"
		if err := k.add(e); err != nil {
			return fmt.Errorf("platform.override[%d]: %w", i, err)
		}
	}
	return nil
}

// OverrideEdges adds edge rules, as blast.toml's [[platform.edge]]; they
// win over embedded rules that match as specifically.
func (k *Knowledge) OverrideEdges(rules []EdgeRule) error {
	for i, r := range rules {
		r.origin = "blast.toml"
		if err := k.addEdge(r); err != nil {
			return fmt.Errorf("platform.edge[%d]: %w", i, err)
		}
	}
	return nil
}

// Lookup returns the entry for a type: an exact entry, else the most
// specific matching pattern (the one with the most fixed parts, then the
// longest).
func (k *Knowledge) Lookup(typ string) (Entry, bool) {
	if e, ok := k.exact[typ]; ok {
		return e, true
	}
	if r, ok := k.lookups.Load(typ); ok {
		lr := r.(lookupResult)
		return lr.e, lr.ok
	}
	lr := lookupResult{}
	for _, p := range k.patterns {
		if glob.Star(p.Match, typ) {
			lr = lookupResult{e: p, ok: true}
			break
		}
	}
	k.lookups.Store(typ, lr)
	return lr.e, lr.ok
}

// Entries returns every entry, sorted by match.
func (k *Knowledge) Entries() []Entry {
	out := make([]Entry, 0, len(k.exact)+len(k.patterns))
	for _, e := range k.exact {
		out = append(out, e)
	}
	out = append(out, k.patterns...)
	sort.Slice(out, func(i, j int) bool { return out[i].Match < out[j].Match })
	return out
}

// EdgeRules returns the edge rules, most specific first.
func (k *Knowledge) EdgeRules() []EdgeRule { return append([]EdgeRule(nil), k.edges...) }

// ObservedFor returns the observed platform dependencies triggered by a
// service outage of one cloud, in file order.
func (k *Knowledge) ObservedFor(cloud, service string) []Observed {
	var out []Observed
	for _, o := range k.observed {
		if o.Cloud == cloud && o.When == service {
			out = append(out, o)
		}
	}
	return out
}

// AllObserved returns every observed platform dependency.
func (k *Knowledge) AllObserved() []Observed { return append([]Observed(nil), k.observed...) }

// MembersRules returns the parent/member rules.
func (k *Knowledge) MembersRules() []Members { return append([]Members(nil), k.members...) }

// Location returns the definition of a location name that stands for
// several regions.
func (k *Knowledge) Location(cloud, name string) (Location, bool) {
	l, ok := k.locations[cloud+":"+strings.ToLower(name)]
	return l, ok
}

// Coverage counts, per provider prefix (aws, google, azurerm, azuread),
// the exact types and the patterns the knowledge names; the types that are
// not infrastructure count under "not-infrastructure".
type Coverage struct {
	Provider string `json:"provider"`
	Types    int    `json:"types"`
	Patterns int    `json:"patterns"`
	Edges    int    `json:"edgeRules"`
	Observed int    `json:"observed"`
}

// Coverage returns what the knowledge covers per provider, sorted.
func (k *Knowledge) Coverage() []Coverage {
	by := map[string]*Coverage{}
	get := func(p string) *Coverage {
		c := by[p]
		if c == nil {
			c = &Coverage{Provider: p}
			by[p] = c
		}
		return c
	}
	prefix := func(match string) string {
		p, _, _ := strings.Cut(match, "_")
		if p == "" || strings.Contains(p, "*") {
			return "any"
		}
		return p
	}
	// types that are not infrastructure (random_*, null_resource, tls_*)
	// come from many small providers: one row counts them
	provider := func(e Entry) string {
		if e.NotInfrastructure {
			return "not-infrastructure"
		}
		return prefix(e.Match)
	}
	for _, e := range k.exact {
		get(provider(e)).Types++
	}
	for _, e := range k.patterns {
		get(provider(e)).Patterns++
	}
	for _, r := range k.edges {
		m := r.From
		if m == "" {
			m = r.To
		}
		p := prefix(m)
		if p == "any" && r.origin != "" {
			// a rule by service or scope only: count it for its file's provider
			p = map[string]string{"aws.toml": "aws", "gcp.toml": "google", "azure.toml": "azurerm"}[r.origin]
			if p == "" {
				p = r.origin
			}
		}
		get(p).Edges++
	}
	for _, o := range k.observed {
		get(map[string]string{"aws": "aws", "gcp": "google", "azure": "azurerm"}[o.Cloud]).Observed++
	}
	out := make([]Coverage, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Provider < out[j].Provider })
	return out
}

// Scope returns the failure scope of a node and the rule that decided it:
// the knowledge entry for its type, else the fallback read from its
// placement (zone → zonal, region → regional, ARN without region → global).
// A type known as zonal whose zone is unknown counts as regional.
func (k *Knowledge) Scope(n *graph.Node) (graph.Scope, string) {
	s, r := k.scope(n)
	return s, r.String()
}

// ScopeOnly returns the failure scope Scope returns, without the rule:
// no string is made, for callers that scope every node of a large graph.
func (k *Knowledge) ScopeOnly(n *graph.Node) graph.Scope {
	s, _ := k.scope(n)
	return s
}

// scopeRule is the rule that decided a scope, in parts: a word, and the
// entry's match and a note when an entry decided.
type scopeRule struct {
	word, match, note string
	entry             bool
}

// String writes the rule as Scope reports it: "placement",
// "knowledge:aws_db_instance (no replica recorded)", "placement:zone
// (aws_instance deployed in one zone)".
func (r scopeRule) String() string {
	switch {
	case !r.entry:
		return r.word
	case r.word == "placement:zone":
		return r.word + " (" + r.match + r.note + ")"
	}
	return r.word + ":" + r.match + r.note
}

func (k *Knowledge) scope(n *graph.Node) (graph.Scope, scopeRule) {
	p := n.Placement
	if len(p.Zones) > 1 || len(p.Regions) > 0 || p.Scope == graph.ScopeMultiRegion {
		// spread over several zones or regions: the analyzer counts them
		if len(p.Regions) > 0 || p.Scope == graph.ScopeMultiRegion {
			return graph.ScopeMultiRegion, scopeRule{word: "placement"}
		}
		return graph.ScopeZonal, scopeRule{word: "placement"}
	}
	e, ok := k.Lookup(n.Type)
	if ok && e.NotInfrastructure {
		return graph.ScopeUnknown, scopeRule{"knowledge", e.Match, " (not infrastructure)", true}
	}
	if ok && e.Scope != "" {
		if e.origin == "blast.toml" && (p.Region != "" || e.Scope == graph.ScopeGlobal) {
			// the user's word is taken literally
			return e.Scope, scopeRule{"override", e.Match, "", true}
		}
		switch {
		case e.Scope == graph.ScopeZonal && p.Zone == "" && p.ZoneID == "":
			if p.Region != "" {
				return graph.ScopeRegional, scopeRule{"knowledge", e.Match, " (zone unknown)", true}
			}
			return graph.ScopeUnknown, scopeRule{"knowledge", e.Match, " (location unknown)", true}
		case e.Scope == graph.ScopeRegional && p.Zone != "" && !strings.HasPrefix(p.Rule, "inherited"):
			return graph.ScopeZonal, scopeRule{"placement:zone", e.Match, " deployed in one zone", true}
		case e.Scope == graph.ScopeRegional && p.Region == "":
			return graph.ScopeUnknown, scopeRule{"knowledge", e.Match, " (region unknown)", true}
		case e.Scope == graph.ScopeMultiRegion && p.Region == "":
			return graph.ScopeUnknown, scopeRule{"knowledge", e.Match, " (region unknown)", true}
		case e.Scope == graph.ScopeMultiRegion:
			// a type that can span regions but whose replicas are not
			// recorded lives in its one region
			return graph.ScopeRegional, scopeRule{"knowledge", e.Match, " (no replica recorded)", true}
		}
		return e.Scope, scopeRule{"knowledge", e.Match, "", true}
	}
	switch {
	case p.Zone != "" || p.ZoneID != "":
		return graph.ScopeZonal, scopeRule{word: "fallback:zone"}
	case p.Region != "":
		return graph.ScopeRegional, scopeRule{word: "fallback:region"}
	case strings.HasPrefix(p.Unknown, "ARN without region"):
		return graph.ScopeGlobal, scopeRule{word: "fallback:arn"}
	}
	return graph.ScopeUnknown, scopeRule{word: "fallback:unknown"}
}

// NotInfrastructure reports whether a type exists only inside Terraform
// (random_*, null_resource, tls_*, ...) and stands for nothing that runs.
func (k *Knowledge) NotInfrastructure(typ string) bool {
	e, ok := k.Lookup(typ)
	return ok && e.NotInfrastructure
}

// ServiceOf returns the service of a node: the knowledge entry's service,
// else what the importer derived.
func (k *Knowledge) ServiceOf(n *graph.Node) string {
	if e, ok := k.Lookup(n.Type); ok && e.Service != "" {
		return e.Service
	}
	return n.Service
}

// ControlPlaneHome returns the region homing the node's control plane,
// for global services.
func (k *Knowledge) ControlPlaneHome(n *graph.Node) (string, Entry, bool) {
	e, ok := k.Lookup(n.Type)
	if !ok || e.ControlPlane == "" || e.ControlPlane == "none" {
		return "", Entry{}, false
	}
	return e.ControlPlane, e, true
}
