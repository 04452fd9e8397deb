package k8s

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/endpoints"
	"github.com/blast-dev/blast/importers/terraform"
)

// clusterTypes are the Terraform resource types of managed Kubernetes
// clusters that workloads can be bound to.
var clusterTypes = map[string]bool{
	"aws_eks_cluster": true, "google_container_cluster": true, "azurerm_kubernetes_cluster": true,
}

// Linker draws the edges of the Kubernetes inputs once every input is
// imported, so that references across files resolve. It is named "k8s"
// and runs before the "values" linker, to which it hands the workloads'
// configuration values. The zero Linker has no Cluster; Configured
// returns the one blast.toml's [k8s] section sets up.
type Linker struct {
	// Cluster names the cluster that workloads run on when neither they
	// nor their Namespace carry the blast.dev/cluster annotation: a
	// Terraform address (module.eks.aws_eks_cluster.this), a node ID
	// (prod:aws_eks_cluster.main) or the cluster's name.
	Cluster string
}

// Name implements importers.Linker.
func (Linker) Name() string { return "k8s" }

// section is blast.toml's [k8s] table.
type section struct {
	Cluster string `toml:"cluster"`
}

// Configured returns the linker as blast.toml's [k8s] section sets it up
// (the zero Linker when the section is absent; cfg may be nil). Unknown
// keys are errors that name the key and its line.
func Configured(cfg *config.File) (Linker, error) {
	if cfg == nil || !cfg.Has("k8s") {
		return Linker{}, nil
	}
	var s section
	if err := cfg.Decode("k8s", &s); err != nil {
		return Linker{}, err
	}
	return Linker{Cluster: strings.TrimSpace(s.Cluster)}, nil
}

type linker struct {
	cluster  string // the configured default cluster
	sess     *importers.Session
	g        *graph.Graph
	st       *state
	selected map[string]map[string]bool // workload ID → Service IDs selecting it
	err      error
}

// Link implements importers.Linker.
func (lk Linker) Link(s *importers.Session) error {
	st := importers.Take[state](s)
	if st == nil {
		return nil
	}
	g := s.Graph
	sort.Slice(st.workloads, func(i, j int) bool { return st.workloads[i].id < st.workloads[j].id })
	sort.Slice(st.ingresses, func(i, j int) bool { return st.ingresses[i].id < st.ingresses[j].id })
	l := &linker{cluster: strings.TrimSpace(lk.Cluster), sess: s, g: g, st: st, selected: map[string]map[string]bool{}}
	l.selectors()
	for _, w := range st.workloads {
		l.references(w)
		l.objects(w)
	}
	l.ingresses()
	sort.Slice(st.routes, func(i, j int) bool { return st.routes[i].id < st.routes[j].id })
	l.routes()
	for _, k := range slices.Sorted(maps.Keys(st.services)) {
		if s := st.services[k]; s.externalName != "" {
			endpoints.Offer(l.sess, s.id, "externalName", s.externalName)
		}
	}
	l.clusters()
	return l.err
}

func (l *linker) edge(e graph.Edge) {
	if err := l.g.AddEdge(e); err != nil && l.err == nil {
		l.err = err
	}
}

func (w *workload) label() string { return w.kind + " " + w.ns + "/" + w.name }

// selectors draws Service → workload edges from label selectors. A
// Service whose selector matches several workloads needs any one of them.
func (l *linker) selectors() {
	// workloads by namespace and pod label, so that a selector is checked
	// only against the workloads carrying one of its labels
	byLabel := map[string][]*workload{}
	for _, w := range l.st.workloads {
		for k, v := range w.labels {
			key := w.ns + "\x00" + k + "=" + v
			byLabel[key] = append(byLabel[key], w)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(l.st.services)) {
		s := l.st.services[k]
		if len(s.selector) == 0 {
			continue // endpoints managed elsewhere, or ExternalName
		}
		var hits []*workload
		first := slices.Sorted(maps.Keys(s.selector))[0]
		for _, w := range byLabel[s.ns+"\x00"+first+"="+s.selector[first]] {
			if matches(s.selector, w.labels) {
				hits = append(hits, w)
			}
		}
		group := ""
		switch len(hits) {
		case 0:
			l.g.Warn(s.file, "Service %s/%s: its selector %s matches no workload in the inputs", s.ns, s.name, selectorString(s.selector))
			continue
		case 1:
		default:
			group = "selector"
			l.g.SetGroup(s.id, graph.Group{Name: group, Need: 1,
				Reason: fmt.Sprintf("its selector matches %d workloads; any one of them serves", len(hits))})
		}
		for _, w := range hits {
			l.edge(graph.Edge{From: s.id, To: w.id, Kind: graph.Hard, Group: group, Via: "selector"})
			if l.selected[w.id] == nil {
				l.selected[w.id] = map[string]bool{}
			}
			l.selected[w.id][s.id] = true
		}
	}
}

func matches(selector, labels map[string]string) bool {
	for k, v := range selector {
		if lv, ok := labels[k]; !ok || lv != v {
			return false
		}
	}
	return true
}

func selectorString(sel map[string]string) string {
	parts := make([]string, 0, len(sel))
	for _, k := range slices.Sorted(maps.Keys(sel)) {
		parts = append(parts, k+"="+sel[k])
	}
	return strings.Join(parts, ",")
}

// values returns every configuration value of a workload: literal env
// values, args and command, and the values its ConfigMap key references
// and envFrom ConfigMaps give it (read now, never stored).
func (l *linker) values(w *workload) []value {
	out := append([]value(nil), w.values...)
	for _, r := range w.keyRefs {
		if v := l.st.configMaps[w.ns+"/"+r.configMap][r.key]; v != "" {
			out = append(out, value{via: "env:" + r.env, key: r.env, text: v, from: "ConfigMap " + r.configMap})
		}
	}
	for _, r := range w.envFrom {
		data := l.st.configMaps[w.ns+"/"+r.configMap]
		for _, k := range slices.Sorted(maps.Keys(data)) {
			env := r.prefix + k
			if data[k] == "" || endpoints.Sensitive(env) {
				continue
			}
			out = append(out, value{via: "env:" + env, key: env, text: data[k], from: "ConfigMap " + r.configMap})
		}
	}
	return out
}

// references draws workload → Service edges from the workload's values,
// warns about clear references to Services the inputs do not define, and
// offers every value to the endpoint matcher.
func (l *linker) references(w *workload) {
	warned := map[string]bool{}
	for _, v := range l.values(w) {
		endpoints.Offer(l.sess, w.id, v.via, v.text)
		for _, r := range serviceRefs(v.key, v.text) {
			ns := r.ns
			if ns == "" {
				ns = w.ns
			}
			if r.qualified && !l.st.namespaces[ns] {
				continue
			}
			s := l.st.services[ns+"/"+r.name]
			if s == nil {
				if !r.clear {
					continue
				}
				name := r.name
				if ns != w.ns {
					name = r.name + "." + ns
				}
				k := v.via + "\x00" + name
				if warned[k] {
					continue
				}
				warned[k] = true
				where := strings.Replace(v.via, ":", " ", 1)
				if v.from != "" {
					where += " (from " + v.from + ")"
				}
				l.g.Warn(w.file, "%s: %s names Service %s, which the inputs do not define", w.label(), where, name)
				continue
			}
			if l.selected[w.id][s.id] {
				continue // the workload's own Service (its name in its own config)
			}
			l.edge(graph.Edge{From: w.id, To: s.id, Kind: graph.Hard, Via: v.via})
		}
	}
}

// objects draws workload → ConfigMap and Secret edges: hard, or soft when
// the reference is optional.
func (l *linker) objects(w *workload) {
	var missing []string
	seen := map[string]bool{}
	for _, r := range w.objRefs {
		id := nodeID(w.ns, r.kind, r.name)
		if _, ok := l.st.first[id]; ok {
			kind := graph.Hard
			if r.optional {
				kind = graph.Soft
			}
			l.edge(graph.Edge{From: w.id, To: id, Kind: kind, Via: r.via})
			continue
		}
		if k := r.kind + " " + r.name; !r.optional && !seen[k] {
			seen[k] = true
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		l.g.Warn(w.file, "%s uses %s, which the inputs do not define", w.label(), strings.Join(missing, ", "))
	}
}

// ingresses draws Ingress → Service edges. An Ingress routing to several
// Services is degraded by losing some and failed by losing all of them,
// which a group needing one of them expresses.
func (l *linker) ingresses() {
	for _, in := range l.st.ingresses {
		var ids, missing []string
		for _, b := range in.backends {
			if s := l.st.services[in.ns+"/"+b]; s != nil {
				ids = append(ids, s.id)
			} else {
				missing = append(missing, b)
			}
		}
		l.routeTo(in.id, ids, "backends", "backend")
		for _, sec := range in.tls {
			if id := nodeID(in.ns, "Secret", sec); l.st.first[id] != "" {
				l.edge(graph.Edge{From: in.id, To: id, Kind: graph.Hard, Via: "tls"})
			}
		}
		if len(missing) > 0 {
			l.g.Warn(in.file, "Ingress %s/%s: backend Service %s, which the inputs do not define", in.ns, in.name, strings.Join(missing, ", "))
		}
	}
}

// clusters binds every workload to the cluster it runs on, with a hard
// edge: the blast.dev/cluster annotation of the workload, else of its
// Namespace, else the configured Cluster, else the only cluster resource
// of the inputs (an inferred edge).
func (l *linker) clusters() {
	var only []*graph.Node
	for _, n := range l.g.Nodes() {
		if clusterTypes[n.Type] && n.Mode != graph.ModeData && n.Kind == graph.KindResource {
			only = append(only, n)
		}
	}
	notFound := map[string][]string{}
	ambiguous := map[string][]string{}
	var unbound []string
	found := map[string][]string{}
	for _, w := range l.st.workloads {
		ref, via := w.cluster, "annotation "+ClusterAnnotation
		if ref == "" {
			ref, via = l.st.nsCluster[w.ns], "namespace annotation "+ClusterAnnotation
		}
		if ref == "" {
			ref, via = l.cluster, "blast.toml [k8s] cluster"
		}
		if ref != "" {
			ids, ok := found[ref]
			if !ok {
				ids = findCluster(l.g, ref)
				found[ref] = ids
			}
			switch len(ids) {
			case 1:
				l.bind(w, ids[0], via, false)
			case 0:
				notFound[ref] = append(notFound[ref], w.label())
			default:
				ambiguous[ref] = ids
			}
			continue
		}
		switch len(only) {
		case 1:
			l.bind(w, only[0].ID, "only cluster in the inputs", true)
		case 0:
		default:
			unbound = append(unbound, w.label())
		}
	}
	for _, ref := range slices.Sorted(maps.Keys(notFound)) {
		l.g.Warn("k8s", "cluster %q is not among the inputs (want a Terraform address, node ID or cluster name); %s not bound to a cluster: %s",
			ref, count(len(notFound[ref]), "workload is", "workloads are"), strings.Join(notFound[ref], ", "))
	}
	for _, ref := range slices.Sorted(maps.Keys(ambiguous)) {
		l.g.Warn("k8s", "cluster %q names %d resources (%s); name one by its node ID", ref, len(ambiguous[ref]), strings.Join(ambiguous[ref], ", "))
	}
	if len(unbound) > 0 {
		ids := make([]string, len(only))
		for i, n := range only {
			ids[i] = n.ID
		}
		l.g.Warn("k8s", "%s not bound to a cluster: the inputs hold %d clusters (%s); name one with the %s annotation or [k8s] cluster in blast.toml",
			count(len(unbound), "workload is", "workloads are"), len(only), strings.Join(ids, ", "), ClusterAnnotation)
	}
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// findCluster resolves a cluster reference to node IDs: a node ID, else
// a Terraform instance address, else a configuration address (without
// instance keys) or a cluster name, among the cluster resources.
func findCluster(g *graph.Graph, ref string) []string {
	if _, ok := g.Node(ref); ok {
		return []string{ref}
	}
	var byAddr, byConfig, byName []string
	for _, n := range g.Nodes() {
		if n.Kind != graph.KindResource || n.Mode == graph.ModeData {
			continue
		}
		if n.Address == ref {
			byAddr = append(byAddr, n.ID)
			continue
		}
		if !clusterTypes[n.Type] {
			continue
		}
		if n.Address != "" && terraform.ConfigAddress(n.Address) == ref {
			byConfig = append(byConfig, n.ID)
			continue
		}
		for _, id := range n.Identities {
			if id == ref {
				byName = append(byName, n.ID)
				break
			}
		}
	}
	for _, ids := range [][]string{byAddr, byConfig, byName} {
		if len(ids) > 0 {
			return ids
		}
	}
	return nil
}

// bind adds the workload → cluster edge and completes the workload's
// placement from the cluster's: zones whose names were not recognised get
// the cluster's cloud and region; a workload spread over zones by
// constraint lives in every zone of the cluster, when those are known.
func (l *linker) bind(w *workload, clusterID, via string, inferred bool) {
	l.edge(graph.Edge{From: w.id, To: clusterID, Kind: graph.Hard, Inferred: inferred, Via: via})
	n, _ := l.g.Node(w.id)
	c, _ := l.g.Node(clusterID)
	if n == nil || c == nil || c.Placement.Cloud == "" {
		return
	}
	p, cp := &n.Placement, c.Placement
	zones := cp.AllZones()
	switch {
	case p.Cloud == "" && (p.Zone != "" || len(p.Zones) > 0):
		p.Cloud, p.Region, p.Unknown = cp.Cloud, cp.Region, ""
		p.Rule += " (cloud and region of " + c.Label() + " via " + via + ")"
	case p.Cloud == "" && p.Region == "" && w.spread && len(zones) > 1:
		p.Cloud, p.Region, p.Zones = cp.Cloud, cp.Region, zones
		p.Rule = "k8s:spread over the zones of " + c.Label() + " via " + via
	case p.Cloud != "" && (p.Cloud != cp.Cloud || cp.Region != "" && p.Region != cp.Region):
		l.g.Warn(w.file, "%s is placed in %s %s but its cluster %s is in %s %s", w.label(), p.Cloud, p.Region, c.Label(), cp.Cloud, cp.Region)
	}
}

// routeTo adds the hard edges of a router (an Ingress, a VirtualService)
// to the Services it routes to, via the attribute named; with more than
// one, they are a group that needs any one of them.
func (l *linker) routeTo(from string, ids []string, group, via string) {
	if len(ids) < 2 {
		group = ""
	} else {
		l.g.SetGroup(from, graph.Group{Name: group, Need: 1,
			Reason: fmt.Sprintf("it routes to %d Services: losing some degrades it, losing all fails it", len(ids))})
	}
	for _, id := range ids {
		l.edge(graph.Edge{From: from, To: id, Kind: graph.Hard, Group: group, Via: via})
	}
}
