package terraform

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blast-dev/blast/graph"
)

// Instance is one resource instance read from a state or plan, before it
// becomes a node. Attribute values are held only while the graph is built.
type Instance struct {
	Address  string // full instance address
	Module   string // module instance path, "" for root
	Mode     string // managed or data
	Type     string
	Name     string
	Key      any
	Provider Provider
	Attrs    Attrs
	// Sensitive lists top-level attribute names that are sensitive; their
	// values are never read.
	Sensitive map[string]bool
	// Deps are the recorded dependencies: configuration addresses.
	Deps []string
	// Plan holds what only a plan says of the instance; nil for the
	// instances of a state (most of them, and the large inputs).
	Plan *PlanInfo
	// Leaves, when not nil, replaces the walk over Attrs that collects the
	// instance's string leaves for dependency resolution: importers that
	// stream attributes (and keep only those NeededAttr names) fill it
	// with Leaves.Add, in the order that walk visits them, keeping at least
	// every leaf equal to some instance's MatchKey value. Left nil, Build
	// fills it (and Held) by that walk when it first needs them, and
	// empties both once dependencies are resolved.
	Leaves *Leaves
	// Held, filled with Leaves, lists once each the attribute paths at
	// which the attributes hold an identity-shaped string leaf
	// (IdentityShaped), whether or not it names an instance of the input,
	// but for the instance's own identity (OwnIdentity): where another
	// instance of the same resource names a dependency by an argument that
	// holds another value here, this one does not use it. Paths only,
	// never values. An instance without siblings (no index key, in no
	// keyed module instance) may leave it nil: nothing reads it.
	Held []string

	config   string
	resolved resolvedDeps
	ids      [len(matchKeys)]string // the values of matchKeys, in their order, once Attrs is dropped
	node     *graph.Node            // its node (placed as Build goes), but for the ID
	ord      int32                  // position in the input
	visit    int8                   // inherit's state: 0 new, 1 visiting, 2 done
}

// PlanInfo is what a plan says of an instance beside its attributes and
// recorded dependencies.
type PlanInfo struct {
	// ProviderRegion is the literal region of the provider configuration,
	// when the plan records one.
	ProviderRegion string
	// Refs are the configuration's references (edges of new resources),
	// resolved as far as the configuration decides them.
	Refs []Ref
}

// refs returns the instance's configuration references (a plan's).
func (in *Instance) refs() []Ref {
	if in.Plan == nil {
		return nil
	}
	return in.Plan.Refs
}

// providerRegion returns the provider configuration's literal region (a
// plan's).
func (in *Instance) providerRegion() string {
	if in.Plan == nil {
		return ""
	}
	return in.Plan.ProviderRegion
}

// Ref is one reference a plan's configuration makes from a resource
// instance to another resource.
type Ref struct {
	// Config is the configuration address referred to.
	Config string
	// Key, when not "", is the index key as IndexKey writes it ([0],
	// ["a"]) of the one instance
	// referred to: a literal index (aws_subnet.public[0]), count.index or
	// each.key paired with the dependent's own key, or an index into a
	// module output that lists a counted resource's instances.
	Key string
	// KeyFrom says where Key came from when not a literal index:
	// "count.index" or "each.key" paired with the dependent's own key.
	KeyFrom string
	// Via names the argument holding the reference ("subnet_id"),
	// "depends_on", or the module that is referred to as a whole.
	Via string
	// Ordering is set for depends_on and a bare module reference: "create
	// after", not a value the dependent needs to serve.
	Ordering bool
}

type edgeInfo struct {
	via      string
	inferred bool
	evidence bool // chosen among several instances by attribute value
	// ordering is set when only depends_on or a bare module reference
	// asks for the dependency: "create after", not "cannot serve without"
	ordering bool
	named    bool // the dependent's attribute values name the instance
}

// reduceEdges turns the transitive reduction on; tests turn it off to
// hold the reduced graph to the unreduced one.
var reduceEdges = true

// Options control how instances become graph nodes.
type Options struct {
	// File is the input's name for node sources and warnings.
	File string
	// ID maps an instance address to a node ID.
	ID func(address string) string
	// Link, when set, is told about every instance (LinkInfo), in input
	// order, once the input's own dependencies are resolved: what a
	// linker across inputs needs of it.
	Link func(LinkInfo)
	// SkipLinkLeaves leaves LinkInfo.Leaves out (not collected): the
	// linker has no other input to match them against.
	SkipLinkLeaves bool
}

// identityKeys are the attributes whose values identify a resource and may
// be matched, indexed for later linking, and shown. Never secrets.
var identityKeys = []string{"id", "arn", "self_link", "name", "bucket", "endpoint", "address",
	"reader_endpoint", "dns_name", "fqdn", "url", "primary_endpoint_address",
	"configuration_endpoint_address", "reader_endpoint_address", "bootstrap_brokers",
	"bootstrap_brokers_tls", "bootstrap_brokers_sasl_iam", "invoke_arn", "qualified_arn",
	"connection_name", "private_ip", "public_ip", "private_dns", "public_dns", "hostname",
	"domain_name", "regional_domain_name", "bucket_domain_name", "bucket_regional_domain_name"}

// identityIndex is the position of each of identityKeys (at most 64).
var identityIndex = func() map[string]int {
	m := make(map[string]int, len(identityKeys))
	for i, k := range identityKeys {
		m[k] = i
	}
	return m
}()

// matchKeys are the identity attributes used to resolve a dependency to
// the instance a dependent refers to.
var matchKeys = [...]string{"id", "arn", "self_link", "name"}

// MatchKeys returns the top-level attributes whose string values are
// matched against dependents' leaves when dependencies are resolved.
func MatchKeys() []string { return append([]string(nil), matchKeys[:]...) }

// IsMatchKey reports whether a top-level attribute's string value is
// matched against dependents' leaves when dependencies are resolved.
func IsMatchKey(key string) bool {
	for _, k := range matchKeys {
		if k == key {
			return true
		}
	}
	return false
}

// placementAttrs and tagAttrs are the other top-level attributes Build
// reads (Place, ServiceOf, tags).
var placementAttrs = []string{"region", "arn", "availability_zone", "availability_zone_id",
	"availability_zones", "zone", "location", "self_link", "node_locations", "zones",
	"zone_id", "region_id", "datacenter", "availability_domain", "network_zone",
	"external_ipv4_address", "allocation_policy"}

var tagAttrs = []string{"tags_all", "tags", "labels"}

// NeededAttr reports whether Build reads the value of a top-level
// attribute (placement, service, kept attributes, tags, identities).
// Importers may drop every other value (their string leaves still go to
// Instance.Leaves). Keep it in step with every read of Attrs here.
func NeededAttr(key string) bool {
	if keptAttrs[key] || keptPaths[key] != nil || keptScalars[key] || IsMatchKey(key) || egressAttrs[key] || identifierAttrs[key] || remoteStateAttrs[key] {
		return true
	}
	for _, list := range [][]string{identityKeys, placementAttrs, tagAttrs} {
		for _, k := range list {
			if k == key {
				return true
			}
		}
	}
	return false
}

// ownIdentity holds the top-level attribute paths that name the dependent
// itself rather than something it references.
var ownIdentity = map[string]bool{"id": true, "arn": true, "self_link": true, "name": true}

// keptAttrs are the few attribute values the analyzer reads to infer
// scope and redundancy. They hold no secrets; nested values are flattened
// to "key.sub" with list items joined by commas.
var keptAttrs = map[string]bool{
	"multi_az": true, "automatic_failover_enabled": true, "multi_az_enabled": true,
	"num_cache_clusters": true, "num_cache_nodes": true, "replicas_per_node_group": true,
	"engine": true, "engine_mode": true, "replica": true, "replication_configuration": true,
	"account_replication_type": true, "account_tier": true, "availability_type": true,
	"location": true, "location_type": true, "storage_class": true, "locations": true,
	"failover_routing_policy": true, "latency_routing_policy": true,
	"weighted_routing_policy": true, "geolocation_routing_policy": true,
	"health_check_id": true, "set_identifier": true, "alias": true, "type": true,
	"load_balancer_type": true, "internal": true, "min_size": true, "max_size": true,
	"desired_capacity": true, "vpc_zone_identifier": true, "subnets": true, "subnet_ids": true,
	"vpc_config": true, "network_configuration": true, "geo_location": true,
	"zone_redundant": true, "zones": true, "node_locations": true, "global_cluster_identifier": true,
	"replication_source_identifier": true, "replicate_source_db": true, "cluster_identifier": true,
	"availability_zones": true, "preferred_cache_cluster_azs": true, "scaling_config": true,
	"distribution_policy_zones": true, "region": true, "stream_enabled": true,
	"billing_mode": true, "kind": true, "failover_policy": true, "geo_redundant_backup_enabled": true,
	"high_availability": true, "sku_name": true, "deployment_mode": true, "target_type": true,
	"cross_zone_load_balancing": true, "enable_cross_zone_load_balancing": true, "dimension": true,
	"replication_group_id": true, "engine_version": false,
	// redundancy inference (analyzer/infer.go)
	"fqdn": true, "zone_id": true, "availability_zone_name": true, "tier": true,
	"location_id": true, "alternative_location_id": true, "replica_zones": true,
	"geoproximity_routing_policy": true, "cidr_routing_policy": true,
	"multivalue_answer_routing_policy": true,
	// data-loss exposure (analyzer/data.go): backup flags and retention
	// periods, replica links, storage redundancy
	"backup_retention_period": true, "point_in_time_recovery": true, "snapshot_retention_limit": true,
	"global_replication_group_id": true, "storage_account_type": true, "storage_locations": true,
}

// keptPaths are nested attribute paths kept the same way, for blocks too
// large or too loose to keep whole (a Cloud SQL instance's settings); the
// top-level name maps to the paths below it that are kept.
var keptPaths = map[string][]string{
	"settings": {"settings.availability_type", "settings.location_preference.zone",
		"settings.backup_configuration.enabled", "settings.backup_configuration.location"},
	// an AWS Backup plan's copy actions (their destination vaults' ARNs)
	"rule": {"rule.copy_action.destination_vault_arn"},
	// an EFS replication configuration's destination region
	"destination":       {"destination.region"},
	"cluster":           {"cluster.zone"},
	"default_node_pool": {"default_node_pool.zones"},
}

// keptScalars are top-level attributes kept only when their value is a
// plain string (a Spanner instance's config name; elsewhere "config" may
// be a large block).
var keptScalars = map[string]bool{"config": true}

// Build turns instances into nodes and edges of g: placement (own
// attributes, then provider configuration, then inheritance through
// dependencies), dependency resolution to instances, and transitive
// reduction. It returns the number of recorded dependencies that named no
// resource in the input.
func Build(insts []*Instance, g *graph.Graph, opt Options) error {
	if len(insts) > maxInstances {
		return fmt.Errorf("%d resource instances in one state; blast reads at most %d", len(insts), maxInstances)
	}
	byConfig := map[string][]*Instance{}
	// every address once: a set written once an instance, a duplicate
	// told by the set not growing (a lookup before each write was a
	// second probe of a table of a million addresses at that size)
	addrs := make(map[string]struct{}, len(insts))
	run := 0 // the current run of one configuration's instances starts here
	var (
		routes   *egress                        // the egress rule's routes, read before the attributes are dropped
		backends *backendLinks                  // the backend rule's group links, the same
		remote   map[*Instance]Attrs            // terraform_remote_state attributes, for opt.Link
		recorded = map[string]map[string]bool{} // configuration address → its recorded dependencies
		// the last instance's mode and type, and whether the egress and
		// backend rules read that type (asked once a run of one type)
		mode, typ           string
		egressed, backended bool
		modRuns             int // runs of one configuration in one module instance, not the root's (the resolver's index)
	)
	// one pass over the instances for everything read of them in order
	// before their attributes go: each pass of its own was a cache miss
	// an instance at a million
	for i, in := range insts {
		in.ord = int32(i)
		addrs[in.Address] = struct{}{}
		if len(addrs) != i+1 {
			return fmt.Errorf("duplicate resource instance %s", in.Address)
		}
		if i > 0 && sameConfig(in.Address, insts[i-1].config) {
			in.config = insts[i-1].config // a resource's instances, one after another
		} else {
			in.config = ConfigAddress(in.Address)
			if i > 0 { // the run before ends: its instances join their configuration's list at once
				addRun(byConfig, insts[run:i])
			}
			run = i
		}
		if in.Module != "" && (i == 0 || !sameRun(insts[i-1], in)) {
			modRuns++
		}
		if i == 0 || in.Type != typ || in.Mode != mode {
			mode, typ = in.Mode, in.Type
			egressed, backended = egressType(mode, typ), backendType(mode, typ)
		}
		if egressed {
			routes = addEgress(routes, in)
		}
		if backended {
			backends = addBackend(backends, in)
		}
		if opt.Link != nil && in.Type == RemoteStateType {
			if remote == nil {
				remote = map[*Instance]Attrs{}
			}
			// a copy: importers may carve attributes from blocks that
			// should not outlive Build; not nil, even with none
			remote[in] = append(Attrs{}, in.Attrs...)
		}
		if i > 0 && in.config == insts[i-1].config && sameList(in.Deps, insts[i-1].Deps) {
			continue // the instances of a resource share one list (importers intern them)
		}
		m := recorded[in.config]
		if m == nil {
			m = map[string]bool{}
			recorded[in.config] = m
		}
		for _, d := range in.Deps {
			m[ConfigAddress(d)] = true
		}
	}
	if len(insts) > 0 {
		addRun(byConfig, insts[run:])
	}
	var kept keptMaps
	// the nodes in one allocation: they live as long as the graph
	nodes := make([]graph.Node, len(insts))
	built := eachInstance(insts, func(in *Instance, sc *scratch) {
		cloud := Cloud(in.Provider.Type)
		if cloud == "" {
			cloud = CloudOfType(in.Type)
		}
		// what the node keeps of the attributes; from here on only the
		// identities and leaves dependencies are resolved with are read,
		// so the rest can go (a large state's attributes are most of it)
		// field by field into the zeroed node, not a whole Node copied in:
		// that copy passed every pointer slot of its 392 bytes, the empty
		// ones too, through the collector's write barrier while it marks
		n := &nodes[in.ord]
		in.node = n
		n.Placement = Place(cloud, in.Attrs)
		sc.noteRegion(in)
		n.Kind, n.Type, n.Name = graph.KindResource, in.Type, in.Name
		n.Mode = graph.ModeManaged
		if in.Mode == "data" {
			n.Mode = graph.ModeData
		}
		n.Provider, n.Address = in.Provider.Source, in.Address
		n.Service = sc.serviceOf(in.Type, in.Attrs.String("arn"))
		n.Source.File, n.Source.Address = opt.File, in.Address
		n.Attrs = keep(in, sc, &kept)
		n.Tags = tags(in)
		n.Identities = sc.keepStrings(identities(in, sc.idents[:0]))
		if len(in.Deps)+len(in.refs()) > 0 || opt.Link != nil {
			in.collect()
		}
		in.ids = matchValues(in.Attrs)
		for _, v := range in.ids {
			if len(v) >= 3 {
				sc.values++ // the value index's entries, counted while the instance is at hand
			}
		}
		in.Attrs = nil
	})
	values := 0
	for _, sc := range built {
		values += sc.values
	}
	placeByProvider(insts, built)
	x := newResolver(insts, byConfig, recorded, partialRecords(byConfig), values, modRuns)
	scratches := eachInstance(insts, func(in *Instance, sc *scratch) {
		resolve(in, x, sc)
	})
	narrowSiblings(byConfig, x)
	backends.apply() // before reduction: a named group is a direct edge
	// every node's ID, made once: the linker is told it too
	ids := make([]string, len(insts))
	var linkBlock []Leaf // the linker's leaves, carved from blocks
	for i, in := range insts {
		ids[i] = opt.ID(in.Address)
		if opt.Link != nil {
			li := LinkInfo{ID: ids[i], Address: in.Address, Mode: in.Mode, Type: in.Type, Attrs: remote[in]}
			if !opt.SkipLinkLeaves {
				in.collect()
				li.Leaves = linkLeaves(in.Leaves, &linkBlock)
			}
			opt.Link(li)
		}
		in.Leaves, in.Held = nil, nil
	}
	missing := map[string]bool{}
	for _, sc := range scratches {
		for m := range sc.missing {
			missing[m] = true
		}
	}
	if reduceEdges {
		reduce(insts)
	}
	inherit(insts)
	clusters := linkClusters(insts) // places what runs in a cluster too
	if len(missing) > 0 {
		names := make([]string, 0, len(missing))
		for m := range missing {
			names = append(names, m)
		}
		sort.Strings(names)
		more := ""
		if len(names) > 5 {
			more = fmt.Sprintf(" and %d more", len(names)-5)
			names = names[:5]
		}
		g.Warn(opt.File, "%d recorded dependencies name resources that are not in the input (count = 0, or removed): %s%s",
			len(missing), strings.Join(names, ", "), more)
	}
	// every instance's sorted dependencies, slices of one allocation
	deps := make([][]*Instance, len(insts))
	total := 0
	for _, in := range insts {
		total += in.resolved.len()
	}
	all := make([]*Instance, total)
	for i, in := range insts {
		n := in.resolved.len()
		deps[i], all = all[:0:n], all[n:]
	}
	eachInstance(insts, func(in *Instance, _ *scratch) {
		// the resolved list itself in the same order, which the edges
		// below read beside the dependencies (no lookup per edge)
		in.resolved.sortByAddress()
		for _, r := range in.resolved.list {
			deps[in.ord] = append(deps[in.ord], r.inst)
		}
	})
	// each node's vertex, so that its edges name their ends by it, not by
	// IDs the graph would look up again
	verts := make([]graph.Vertex, len(insts))
	g.Grow(len(insts))
	for i, in := range insts {
		n := in.node
		n.ID = ids[i]
		v, err := g.AddNodeVertex(n)
		if err != nil {
			return err
		}
		verts[i] = v
	}
	routeEdges := routes.edges(insts, deps, ids)
	// the edges go to the graph a batch at a time, through one buffer: a
	// list of every edge was a hundred megabytes at a million instances,
	// written once to be copied into the graph's lists (a dependent's
	// edges are all in one batch, so its list is still sized once)
	batch := make([]graph.Edge, 0, min(total, edgeBatch)) // a small input's edges, at their number
	for i, in := range insts {
		for _, r := range in.resolved.list {
			kind := graph.Hard
			if r.ordering {
				kind = graph.Soft // create after, not needed to serve
			}
			batch = append(batch, g.EdgeBetween(verts[i], verts[r.inst.ord], graph.Edge{Kind: kind, Inferred: r.inferred, Via: r.via}))
		}
		in.resolved = resolvedDeps{}
		if len(batch) >= edgeBatch || i == len(insts)-1 {
			if err := g.AddEdges(batch); err != nil {
				return err
			}
			clear(batch)
			batch = batch[:0]
		}
	}
	if err := g.AddEdges(routeEdges); err != nil {
		return err
	}
	return g.AddEdges(clusterEdges(clusters, ids))
}

// sameList reports whether two lists are one slice (same start and
// length): what an importer interns is shared this way.
func sameList(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// addRun appends a run of one configuration's instances to its list in
// byConfig: one lookup a run, not one an instance.
func addRun(byConfig map[string][]*Instance, run []*Instance) {
	cfg := run[0].config
	byConfig[cfg] = append(byConfig[cfg], run...)
}

// edgeBatch is about how many edges Build hands the graph at a time.
const edgeBatch = 4096

// partialRecords returns, for each configuration whose instances do not
// all record the same dependencies (instances applied at different
// times), the dependencies only some of them record: a dependency reached
// through such a configuration may not be reached through the instance a
// dependent needs. Usually there are none: Terraform writes one list for
// every instance of a resource.
func partialRecords(byConfig map[string][]*Instance) map[string]map[string]bool {
	var out map[string]map[string]bool
	for cfg, group := range byConfig {
		same := true
		for _, in := range group[1:] {
			if !slices.Equal(in.Deps, group[0].Deps) {
				same = false
				break
			}
		}
		if same {
			continue
		}
		count := map[string]int{}
		for _, in := range group {
			seen := map[string]bool{}
			for _, d := range in.Deps {
				if c := ConfigAddress(d); !seen[c] {
					seen[c] = true
					count[c]++
				}
			}
		}
		for d, n := range count {
			if n < len(group) {
				if out == nil {
					out = map[string]map[string]bool{}
				}
				if out[cfg] == nil {
					out[cfg] = map[string]bool{}
				}
				out[cfg][d] = true
			}
		}
	}
	return out
}

// providerKey names a provider configuration: its module, source and
// alias.
type providerKey struct{ module, source, alias string }

// regionsSeen is the regions each provider configuration's placed
// instances are in, as one worker of Build's first parallel pass saw
// them (noteRegion).
type regionsSeen struct {
	by map[providerKey]map[string]bool
	// instances of one provider configuration and region come in runs:
	// the last configuration's set and region are kept, not three strings
	// hashed and two maps asked for each instance
	last   providerKey
	set    map[string]bool
	region string
}

// noteRegion records the region in's own attributes placed it in (if
// one, and not a multi-region placement) under its provider
// configuration, for placeByProvider's sibling rule.
func (sc *scratch) noteRegion(in *Instance) {
	p := &in.node.Placement
	if p.Region == "" || p.Scope == graph.ScopeMultiRegion {
		return
	}
	r := &sc.regions
	if k := (providerKey{in.Provider.Module, in.Provider.Source, in.Provider.Alias}); r.set == nil || k != r.last {
		if r.by == nil {
			r.by = map[providerKey]map[string]bool{}
		}
		if r.set = r.by[k]; r.set == nil {
			r.set = map[string]bool{}
			r.by[k] = r.set
		}
		r.last, r.region = k, ""
	}
	if p.Region != r.region {
		r.set[p.Region] = true
		r.region = p.Region
	}
}

// placeByProvider applies the provider-level rules to instances their own
// attributes did not place: the provider configuration's literal region
// (plans), then the one region every placed sibling of the same provider
// configuration agrees on (the regions the workers saw, noteRegion), then
// an alias that is a region name.
func placeByProvider(insts []*Instance, seen []*scratch) {
	regions := map[providerKey]map[string]bool{}
	for _, sc := range seen {
		for k, set := range sc.regions.by {
			if regions[k] == nil {
				regions[k] = set
				continue
			}
			for r := range set {
				regions[k][r] = true
			}
		}
	}
	for _, in := range insts {
		p := &in.node.Placement
		if p.Known() || p.Cloud != "aws" {
			continue
		}
		if p.Rule == RuleARN { // ARN without region: a global service
			continue
		}
		k := providerKey{in.Provider.Module, in.Provider.Source, in.Provider.Alias}
		switch {
		case in.providerRegion() != "":
			p.Region, p.Rule, p.Unknown = in.providerRegion(), RuleProviderConfig, ""
		case len(regions[k]) == 1:
			for r := range regions[k] {
				p.Region, p.Rule, p.Unknown = r, RuleSiblings, ""
			}
		default:
			if r, ok := RegionFromAlias(p.Cloud, in.Provider.Alias); ok {
				p.Region, p.Rule, p.Unknown = r, RuleProviderAlias, ""
			}
		}
	}
}

// resolve maps each recorded dependency (a configuration address) to the
// instances the dependent refers to. A recorded dependency that another
// recorded dependency (present in the input) records too, and that the
// dependent's attributes do not name, is only transitive: it is reached
// through that other dependency, so it gets no edge of its own (a worker
// whose queue is named in its attributes does not also need every other
// queue's dead-letter queue).
func resolve(in *Instance, x *resolver, sc *scratch) {
	in.resolved = resolvedDeps{}
	refs := in.refs()
	if len(in.Deps)+len(refs) > 0 {
		in.resolved.list = sc.resolvedRoom()
	}
	own := sc.ownDeps(in.Deps)
	// the configuration's references say more than recorded dependencies
	// (which instance, whether a value or an ordering): a recorded
	// dependency they cover is theirs to resolve
	// (values first: a resource the dependent takes a value from is not
	// also an ordering, for its other instances either, as for
	// count = length(aws_subnet.private) beside
	// subnet_id = aws_subnet.private[count.index].id)
	var covered map[string]bool
	if len(refs) > 0 {
		covered = make(map[string]bool, len(refs))
	}
	for _, ordering := range []bool{false, true} {
		for _, r := range refs {
			if r.Ordering != ordering || (ordering && covered[r.Config]) {
				continue
			}
			if !ordering {
				covered[r.Config] = true
			}
			resolveRef(in, r, x, sc)
		}
	}
	for _, r := range refs {
		covered[r.Config] = true
	}
	for _, dep := range in.Deps {
		dep = ConfigAddress(dep)
		if covered[dep] {
			continue
		}
		cands, indexed := x.candidates(dep)
		if len(cands) == 0 {
			sc.missing[dep] = true
			continue
		}
		choices := pickNamed(in, dep, cands, indexed, x, sc)
		if reduceEdges && (choices == nil || !choices[0].evidence) && x.isImplied(in, dep, own, sc) {
			continue
		}
		if choices == nil {
			choices = pickRest(in, dep, cands, indexed, x, sc)
		}
		in.take(choices)
	}
}

// narrowSiblings narrows the dependencies of the instances of one
// resource (count, for_each), which Terraform records once for all of
// them: a dependency that another instance's attribute values name and
// this one's do not is that other instance's, and goes when this one's
// values decide against it: the argument the other names it by holds
// the value of another instance here (an attachment whose policy_arn names
// another policy of the input), or they name another resource of the same type (the attachment
// for backend_c names backend_c, not backend_a). When nothing decides, the
// edge stays, marked inferred, and says so. Run while the leaves are held.
func narrowSiblings(byConfig map[string][]*Instance, x *resolver) {
	for _, group := range byConfig {
		if len(group) < 2 || !undecided(group) {
			continue
		}
		var byOther map[*Instance][]string // named by some instance of the group → at these paths
		for _, in := range group {
			for _, r := range in.resolved.list {
				d, e := r.inst, r.edgeInfo
				if e.named && !slices.Contains(byOther[d], e.via) {
					if byOther == nil {
						byOther = map[*Instance][]string{}
					}
					byOther[d] = append(byOther[d], e.via)
				}
			}
		}
		if byOther == nil {
			continue
		}
		var types, paths []string
		for _, in := range group {
			types, paths = types[:0], paths[:0]
			for _, r := range in.resolved.list {
				if d := r.inst; r.named && !slices.Contains(types, d.Type) {
					types = append(types, d.Type)
				}
			}
			held := false
			in.resolved.filter(func(r *resolvedDep) bool {
				d, e := r.inst, &r.edgeInfo
				if e.named || e.ordering || byOther[d] == nil {
					return true
				}
				if !held {
					held = true
					in.collect()
					// values that name some instance (leaves keeps no
					// others), and the paths that hold one that names
					// something outside the input (an AWS-managed policy)
					for _, lf := range in.Leaves.List() {
						if _, ok := x.byValue.get(lf.Value); ok && !slices.Contains(paths, lf.Path) {
							paths = append(paths, lf.Path)
						}
					}
				}
				decided := slices.Contains(types, d.Type)
				for _, p := range byOther[d] {
					decided = decided || slices.Contains(paths, p) || slices.Contains(in.Held, p)
				}
				if decided {
					return false
				}
				e.inferred = true
				e.via = graph.ViaRecorded + ", undecided: another instance of " + in.config + " names it, this one's values neither name it nor another " + d.Type
				return true
			})
		}
	}
}

// undecided reports whether an instance of the group has a dependency
// that narrowSiblings may take away: one its values do not name, not an
// ordering. Most groups have none (every instance names what it needs),
// and need no index of what the others name.
func undecided(group []*Instance) bool {
	for _, in := range group {
		for i := range in.resolved.list {
			if e := &in.resolved.list[i].edgeInfo; !e.named && !e.ordering {
				return true
			}
		}
	}
	return false
}

// take records the chosen instances as dependencies; of two ways to one
// instance the stronger stays: a value over an ordering, a direct
// reference over an inferred one.
func (in *Instance) take(choices []choice) {
	for _, c := range choices {
		if c.inst == in {
			continue
		}
		old, ok := in.resolved.get(c.inst)
		if !ok || (old.ordering && !c.ordering) ||
			(old.ordering == c.ordering && ((old.inferred && !c.inferred) || (c.evidence && !old.evidence))) {
			in.resolved.set(c.inst, edgeInfo{via: c.via, inferred: c.inferred, evidence: c.evidence, ordering: c.ordering, named: c.named})
		}
	}
}

// resolveRef maps one configuration reference to instances: the one its
// key names (in the dependent's module instance when the resource is in
// several), else as a recorded dependency is resolved. An ordering
// reference reaches every instance of what it names, as Terraform orders
// after all of them.
func resolveRef(in *Instance, r Ref, x *resolver, sc *scratch) {
	cands, indexed := x.candidates(r.Config)
	if len(cands) == 0 {
		return
	}
	if r.Ordering {
		via := "ordering only (" + r.Via + ")"
		out := make([]choice, len(cands))
		for i, c := range cands {
			out[i] = choice{inst: c, via: via, ordering: true}
		}
		in.take(out)
		return
	}
	// the attribute values, where the plan knows them, say best; then the
	// key the configuration gives
	choices := pickNamed(in, r.Config, cands, indexed, x, sc)
	if choices == nil && r.Key != "" {
		if c := x.keyed(in, r.Config, r.Key, cands, indexed); c != nil {
			via := r.Via
			if r.KeyFrom != "" {
				via += " (" + r.KeyFrom + ")"
			}
			choices = []choice{{inst: c, via: via, evidence: true}}
		}
	}
	if choices == nil {
		choices = pickRest(in, r.Config, cands, indexed, x, sc)
	}
	for i := range choices {
		switch v := choices[i].via; {
		case v == "" || v == viaUnnamed:
			choices[i].via = r.Via
		case strings.HasPrefix(v, graph.ViaRecorded+", "):
			choices[i].via = r.Via + " (" + strings.TrimPrefix(v, graph.ViaRecorded+", ") + ")"
		}
	}
	in.take(choices)
}

// viaUnnamed is the via of a recorded dependency on a resource with one
// instance that no attribute value of the dependent names (a policy
// document inlined as JSON, an account ID data source).
const viaUnnamed = graph.ViaRecorded + ", no attribute names it by id, ARN or name"

type choice struct {
	inst     *Instance
	via      string
	inferred bool
	// evidence is set when the dependent's attribute values name the
	// instance among several of one resource: a direct reference
	evidence bool
	ordering bool
	named    bool
}

// pickNamed and pickRest choose among the instances of one dependency:
// the one, or those whose identity the dependent's attributes name
// (pickNamed; nil when there are several and none is named); else those
// in the dependent's own module instance; else the one with the same
// index key; else all of them, marked inferred (pickRest). The resolver's
// indexes find them without visiting every candidate.
func pickNamed(in *Instance, dep string, cands []*Instance, indexed bool, x *resolver, sc *scratch) []choice {
	if len(cands) == 1 {
		via := refVia(in, cands[0])
		named := via != ""
		if !named {
			via = viaUnnamed
		}
		// one candidate, as most dependencies have: the caller only reads
		// the choice, so it goes in the goroutine's own slot
		sc.one[0] = choice{inst: cands[0], via: via, named: named}
		return sc.one[:]
	}
	// the caller only reads the choices: they go in the goroutine's own
	// list, reused
	matched := sc.choices[:0]
	for _, c := range x.named(in, dep, cands, indexed, sc) {
		matched = append(matched, choice{inst: c, via: refVia(in, c), evidence: true, named: true})
	}
	sc.choices = matched
	if len(matched) == 0 {
		return nil
	}
	// every instance named (a load balancer's subnets) is as direct as
	// one instance named
	return matched
}

// pickRest's answers, as pickNamed's, go in the goroutine's own slot or
// list: the caller reads them, and may rewrite their via, before the next
// pick.
func pickRest(in *Instance, dep string, cands []*Instance, indexed bool, x *resolver, sc *scratch) []choice {
	same := x.sameModule(in, dep, cands, indexed)
	if len(same) > 0 && len(same) < len(cands) {
		cands, indexed = same, false
		if len(cands) == 1 {
			sc.one[0] = choice{inst: cands[0], via: graph.ViaRecorded + ", the one instance in its own module instance: no attribute names it by id, ARN or name"}
			return sc.one[:]
		}
	}
	if in.Key != nil {
		if c := x.sameIndexKey(in, dep, cands, indexed); c != nil {
			sc.one[0] = choice{inst: c, via: graph.ViaRecorded + ", paired by the same index key: no attribute names it by id, ARN or name", inferred: true}
			return sc.one[:]
		}
	}
	out := sc.choices[:0]
	for _, c := range cands {
		out = append(out, choice{inst: c, via: graph.ViaRecorded + ", every instance: no attribute names one by id, ARN or name", inferred: true})
	}
	sc.choices = out
	return out
}

// refVia returns the attribute path of the dependent that names one of the
// dependency's identities, or "".
func refVia(in, dep *Instance) string {
	in.collect()
	for i, k := range matchKeys {
		v := dep.ids[i]
		if len(v) < 3 {
			continue
		}
		if path, ok := in.Leaves.Path(v); ok && path != k {
			return path
		}
	}
	return ""
}

// LeafLen reports whether a string leaf of this length may name another
// instance (and is collected).
func LeafLen(n int) bool { return n >= 3 && n <= 2048 }

// IdentityShaped reports whether a string leaf may be an identity (an
// id, ARN, name or self link, of the input or not): of a length LeafLen
// admits, with no white space, quotes, braces or angle brackets (a JSON
// document, a script, free text are not).
func IdentityShaped[T string | []byte](v T) bool {
	if !LeafLen(len(v)) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if notInIdentity[v[i]] {
			return false
		}
	}
	return true
}

// notInIdentity holds the bytes no identity-shaped value has: one load a
// byte, not a switch's comparisons (IdentityShaped reads every leaf of
// an instance that may have siblings).
var notInIdentity = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '"': true,
	'{': true, '}': true, '<': true, '>': true}

// OwnIdentity reports whether an attribute path names the dependent
// itself (its id, arn, self_link or name) rather than something it
// references.
func OwnIdentity(path string) bool { return ownIdentity[path] }

// addHeld adds a path to held once (a list's leaves come one after
// another at one path).
func addHeld(held []string, path string) []string {
	if n := len(held); n > 0 && held[n-1] == path || slices.Contains(held, path) {
		return held
	}
	return append(held, path)
}

// collect fills the dependent's leaves and held paths once: from what
// the importer streamed, or by walking its attributes.
func (in *Instance) collect() {
	if in.Leaves != nil {
		return
	}
	in.Leaves, in.Held = leaves(in)
}

// leaves collects the dependent's string leaves with the attribute path of
// their first occurrence, and the paths holding an identity-shaped leaf
// (Instance.Held), skipping sensitive attributes.
func leaves(in *Instance) (*Leaves, []string) {
	out := &Leaves{}
	var held []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case string:
			if LeafLen(len(x)) {
				out.Add(x, path)
				if IdentityShaped(x) && !ownIdentity[path] {
					held = addHeld(held, path)
				}
			}
		case []any:
			for _, e := range x {
				walk(path, e)
			}
		case map[string]any:
			// sized once: this runs for every attribute map of every instance
			keys := slices.AppendSeq(make([]string, 0, len(x)), maps.Keys(x))
			slices.Sort(keys)
			for _, k := range keys {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, x[k])
			}
		}
	}
	for _, a := range in.Attrs { // in key order
		if in.Sensitive[a.Key] {
			continue
		}
		walk(a.Key, a.Value)
	}
	return out, held
}

func moduleMembers(mod string, byConfig map[string][]*Instance) []*Instance {
	var out []*Instance
	for cfg, insts := range byConfig {
		if strings.HasPrefix(cfg, mod+".") {
			out = append(out, insts...)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// matchValues returns the string values of the attributes that identify
// an instance to its dependents (matchKeys), in matchKeys' order: all
// that is read of the attributes once the node has what it keeps.
func matchValues(a Attrs) (ids [len(matchKeys)]string) {
	for i, k := range matchKeys {
		ids[i] = a.String(k)
	}
	return ids
}

// ident returns the value of the match key at position k of matchKeys.
func (in *Instance) ident(k int) string { return in.ids[k] }

// keep returns the attribute values the node keeps (keptAttrs,
// keptScalars, keptPaths), flattened. Nodes that keep the same values
// share one map (most keep only their region): shared holds the maps
// handed out, by their sorted pairs.
func keep(in *Instance, sc *scratch, shared *keptMaps) map[string]string {
	pairs := sc.kept[:0]
	for _, a := range in.Attrs {
		k, v := a.Key, a.Value
		kind := keptKinds[k] // one lookup: most attributes are not kept
		if kind == 0 || in.Sensitive[k] {
			continue
		}
		switch kind {
		case keptWhole:
			pairs = flatten(pairs, k, v)
		case keptScalar:
			if s, ok := v.(string); ok && s != "" {
				pairs = add(pairs, k, s)
			}
		case keptPath:
			for _, path := range keptPaths[k] {
				pairs = dig(pairs, path, strings.Split(path, ".")[1:], v)
			}
		}
	}
	sc.kept = pairs
	if len(pairs) == 0 {
		return nil
	}
	return shared.get(pairs, sc)
}

// How keep keeps a top-level attribute: keptAttrs, keptScalars, keptPaths.
const (
	keptWhole = 1 + iota
	keptScalar
	keptPath
)

// keptKinds says how each kept top-level attribute is kept (in that
// order of precedence).
var keptKinds = func() map[string]uint8 {
	m := map[string]uint8{}
	for k := range keptPaths {
		m[k] = keptPath
	}
	for k, ok := range keptScalars {
		if ok {
			m[k] = keptScalar
		}
	}
	for k, ok := range keptAttrs {
		if ok {
			m[k] = keptWhole
		}
	}
	return m
}()

// keptPair is one kept attribute value, flattened.
type keptPair struct{ key, value string }

// keptMaps shares the maps of kept attribute values among the nodes of
// one Build, keyed by their pairs in key order (each length-prefixed, so
// no two lists of pairs have the same key). Nothing changes a node's
// Attrs once it is built.
type keptMaps struct {
	mu sync.Mutex
	m  map[string]map[string]string
}

// get returns the shared map holding pairs.
func (s *keptMaps) get(pairs []keptPair, sc *scratch) map[string]string {
	slices.SortFunc(pairs, func(a, b keptPair) int { return strings.Compare(a.key, b.key) })
	key := sc.keptKey[:0]
	for _, p := range pairs {
		key = binary.AppendUvarint(key, uint64(len(p.key)))
		key = append(key, p.key...)
		key = binary.AppendUvarint(key, uint64(len(p.value)))
		key = append(key, p.value...)
	}
	sc.keptKey = key
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.m[string(key)]; ok {
		return m
	}
	m := make(map[string]string, len(pairs))
	for _, p := range pairs {
		m[p.key] = p.value
	}
	if s.m == nil {
		s.m = map[string]map[string]string{}
	}
	s.m[string(key)] = m
	return m
}

// dig flattens the values found under a nested path (through lists of
// blocks) into pairs under the path's name.
func dig(pairs []keptPair, path string, rest []string, v any) []keptPair {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			pairs = dig(pairs, path, rest, e)
		}
	case map[string]any:
		if len(rest) > 0 {
			pairs = dig(pairs, path, rest[1:], x[rest[0]])
		}
	default:
		if len(rest) == 0 {
			pairs = flatten(pairs, path, v)
		}
	}
	return pairs
}

func flatten(pairs []keptPair, key string, v any) []keptPair {
	switch x := v.(type) {
	case nil:
	case string:
		if x != "" {
			pairs = add(pairs, key, x)
		}
	case bool:
		pairs = add(pairs, key, fmt.Sprint(x))
	case float64:
		pairs = add(pairs, key, fmt.Sprint(x))
	case []any:
		for _, e := range x {
			pairs = flatten(pairs, key, e)
		}
	case map[string]any:
		// sized once: this runs for every attribute map of every instance
		keys := slices.AppendSeq(make([]string, 0, len(x)), maps.Keys(x))
		slices.Sort(keys)
		for _, k := range keys {
			pairs = flatten(pairs, key+"."+k, x[k])
		}
	}
	return pairs
}

// add appends a value to the key's pair, after a comma, or a new pair.
func add(pairs []keptPair, key, v string) []keptPair {
	for i := range pairs {
		if pairs[i].key == key {
			pairs[i].value += "," + v
			return pairs
		}
	}
	return append(pairs, keptPair{key, v})
}

// tags lists the instance's tags and labels (tags_all, tags, labels:
// a later one wins a key), sorted by key; nil when it has none.
func tags(in *Instance) graph.Tags {
	var maps [3]map[string]any // one per tagAttrs
	n := 0
	for j, key := range tagAttrs {
		if m, ok := in.Attrs.Get(key).(map[string]any); ok && !in.Sensitive[key] {
			maps[j], n = m, n+len(m)
		}
	}
	if n == 0 {
		return nil // most instances have no tag
	}
	out := make(graph.Tags, 0, n)
	for _, m := range maps {
		for k, v := range m {
			if s, ok := v.(string); ok {
				out = append(out, graph.Tag{Key: k, Value: s})
			}
		}
	}
	return graph.SortTags(out)
}

// identities returns the values of the instance's identityKeys. A bucket
// attribute is its identity only when it is the instance's own name (a
// bucket, whose id is its name, or its versioning, policy, ACL, the same
// id) or the id is not known yet (a plan): an object's bucket, whose id
// is the object's key, names the bucket it is in, and holding it would
// make every object of every state a second owner of the bucket's name.
func identities(in *Instance, out []string) []string {
	id := in.Attrs.String("id")
	// which identity keys the instance has: found from its attributes
	// when it has fewer than there are keys (as most do)
	have := ^uint64(0)
	if len(in.Attrs) < len(identityKeys) {
		have = 0
		for _, a := range in.Attrs {
			if i, ok := identityIndex[a.Key]; ok {
				have |= 1 << i
			}
		}
	}
	for i, k := range identityKeys {
		if have&(1<<i) == 0 || in.Sensitive[k] {
			continue
		}
		s := in.Attrs.String(k)
		if s == "" || s == "REDACTED" || k == "bucket" && id != "" && id != s {
			continue
		}
		out = append(out, s)
	}
	return out
}
