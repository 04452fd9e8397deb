package terraform

// Backends named by link: a GCP backend service names each backend by the
// self link of an instance group or network endpoint group
// (backend.group). For a managed instance group that link is the
// manager's instance_group, not its own self link, and it may be written
// for another API version (compute/v1, compute/beta) or relative
// (projects/p/zones/z/instanceGroups/n). The usual resolution, which
// compares identities as written, then either misses the group or, with
// several groups recorded, links the backend service to every one of
// them (inferred). A backend service whose only backend is a zonal group
// must fail with that zone, and one spread over zones must only degrade:
// so each backend link is resolved to the group it names, by the link's
// resource path, and that edge is direct (via "backend.group").

// BackendVia is the via of an edge from a backend service to a group it
// names in a backend block.
const BackendVia = "backend.group"

// backendServiceTypes are the types whose backend blocks name groups.
var backendServiceTypes = map[string]bool{"google_compute_backend_service": true,
	"google_compute_region_backend_service": true}

// groupTypes are the types a backend block may name, each with the
// attributes holding the links it is named by.
var groupTypes = map[string][]string{
	"google_compute_instance_group":                {"self_link", "id"},
	"google_compute_instance_group_manager":        {"instance_group"},
	"google_compute_region_instance_group_manager": {"instance_group"},
	"google_compute_network_endpoint_group":        {"self_link", "id"},
	"google_compute_region_network_endpoint_group": {"self_link", "id"},
	"google_compute_global_network_endpoint_group": {"self_link", "id"},
}

// backendLink is one backend service and the group links it names.
type backendLink struct {
	svc    *Instance
	groups []string // GCPLinkKey of each backend.group
}

// backendLinks holds what was read before the attributes were dropped.
type backendLinks struct {
	links   []backendLink
	byGroup map[string]*Instance // GCPLinkKey → the group instance
}

// backendType reports whether the backend rule reads instances of a
// mode and type (addBackend skips every other).
func backendType(mode, t string) bool {
	if mode == "data" {
		return false
	}
	_, isGroup := groupTypes[t]
	return isGroup || backendServiceTypes[t]
}

// addBackend reads a backend service's group links, or the links a group
// is named by, into b (made at the first instance the rule reads) and
// returns b. Build calls it in its first pass, in instance order, for the
// instances backendType says the rule reads.
func addBackend(b *backendLinks, in *Instance) *backendLinks {
	if b == nil {
		b = &backendLinks{byGroup: map[string]*Instance{}}
	}
	for _, k := range groupTypes[in.Type] {
		if key := GCPLinkKey(in.Attrs.String(k)); key != "" {
			b.byGroup[key] = in
		}
	}
	if !backendServiceTypes[in.Type] {
		return b
	}
	var groups []string
	for _, blk := range blocks(in.Attrs.Get("backend")) {
		if key := GCPLinkKey(str(blk["group"])); key != "" {
			groups = append(groups, key)
		}
	}
	if len(groups) > 0 {
		b.links = append(b.links, backendLink{svc: in, groups: dedupe(groups)})
	}
	return b
}

// apply gives each backend service a direct edge to every group it names
// that is in the input, and drops the edges to other groups that
// resolution could only guess (inferred): the backend blocks say which
// groups serve it. Groups named but not in the input are left to linking
// across states.
func (b *backendLinks) apply() {
	if b == nil {
		return
	}
	for _, l := range b.links {
		named := map[*Instance]bool{}
		for _, key := range l.groups {
			if g := b.byGroup[key]; g != nil && g != l.svc {
				named[g] = true
			}
		}
		if len(named) == 0 {
			continue
		}
		l.svc.resolved.filter(func(r *resolvedDep) bool {
			_, isGroup := groupTypes[r.inst.Type]
			return !isGroup || named[r.inst] || !r.inferred
		})
		for g := range named {
			l.svc.resolved.set(g, edgeInfo{via: BackendVia, evidence: true})
		}
	}
}
