package terraform

import (
	"strings"

	"github.com/blast-dev/blast/graph"
)

// Things inside a cluster: kubernetes_*, helm_release, kubectl_manifest
// and the like are served by the cluster their provider points at. In a
// state, Terraform records the provider's references only when the
// resource itself names the cluster or one of its data sources; and a data
// source passes no failure on (the analyzer never propagates through data
// nodes), so a namespace whose only recorded dependency is
// data.aws_eks_cluster.this stayed healthy when the cluster failed. Each
// such resource gets a hard edge to its cluster and, when nothing placed
// it, the cluster's placement.

// RuleCluster is the placement rule of a resource placed where the
// cluster it runs in lives: "cluster:" + the cluster's address, " via "
// + how it was linked, ", " + the cluster's own rule.
const RuleCluster = "cluster"

// ClusterVia begins the via of every edge from an in-cluster resource to
// its cluster.
const ClusterVia = "runs in cluster"

// clusterTypes are the managed Kubernetes clusters (as resources or data
// sources) in-cluster resources run in.
var clusterTypes = map[string]bool{"aws_eks_cluster": true, "google_container_cluster": true,
	"azurerm_kubernetes_cluster": true, "digitalocean_kubernetes_cluster": true,
	"linode_lke_cluster": true, "oci_containerengine_cluster": true, "scaleway_k8s_cluster": true}

// clusterAuthTypes are data sources that name a cluster for a provider's
// credentials only.
var clusterAuthTypes = map[string]bool{"aws_eks_cluster_auth": true}

// inCluster reports whether a resource type runs inside a Kubernetes
// cluster (its provider talks to the cluster's API).
func inCluster(typ string) bool {
	for _, p := range []string{"kubernetes_", "helm_", "kubectl_", "kustomization_"} {
		if strings.HasPrefix(typ, p) {
			return true
		}
	}
	return false
}

// clusterLink is one in-cluster resource and the cluster it runs in.
type clusterLink struct {
	from, cluster *Instance
	via           string
	inferred      bool
}

// clusterNameKeys are the positions in matchKeys of name, id, arn and
// self_link: the order a cluster is looked up by.
var clusterNameKeys = []int{3, 0, 1, 2}

// linkClusters finds the cluster each in-cluster managed resource runs in,
// after dependencies are resolved and reduced: a cluster among its
// dependencies; else a cluster data source (or an authentication data
// source) among them, resolved to the managed cluster it names or records;
// else, when the input holds exactly one cluster, that one (inferred). It
// places the resources their own attributes did not place, and returns the
// links for Build to turn into edges.
func linkClusters(insts []*Instance) []clusterLink {
	var clusters, ins []*Instance
	byName := map[string]*Instance{}
	for _, in := range insts {
		switch {
		case in.Mode != "data" && clusterTypes[in.Type]:
			clusters = append(clusters, in)
			for _, k := range clusterNameKeys {
				if v := in.ident(k); v != "" {
					byName[v] = in
				}
			}
		case in.Mode != "data" && inCluster(in.Type):
			ins = append(ins, in)
		}
	}
	if len(ins) == 0 || len(clusters) == 0 {
		return nil
	}
	// the managed cluster a data source stands for
	ofData := func(d *Instance) *Instance {
		for _, k := range clusterNameKeys {
			if c := byName[d.ident(k)]; c != nil && d.ident(k) != "" {
				return c
			}
		}
		for _, r := range d.resolved.list {
			if dd := r.inst; dd.Mode != "data" && clusterTypes[dd.Type] {
				return dd
			}
		}
		return nil
	}
	var out []clusterLink
	for _, in := range ins {
		var link clusterLink
		for _, d := range sortedDeps(in) {
			switch {
			case d.Mode != "data" && clusterTypes[d.Type]:
				e, _ := in.resolved.get(d)
				via := e.via
				if graph.RecordedOnly(via) {
					via = graph.ViaRecorded // the rule says the rest
				}
				link = clusterLink{from: in, cluster: d, via: ClusterVia + " (" + via + ")"}
			case d.Mode == "data" && (clusterTypes[d.Type] || clusterAuthTypes[d.Type]) && link.cluster == nil:
				if c := ofData(d); c != nil {
					link = clusterLink{from: in, cluster: c, via: ClusterVia + " (through " + d.Address + ")"}
				}
			}
		}
		if link.cluster == nil && len(clusters) == 1 {
			link = clusterLink{from: in, cluster: clusters[0], via: ClusterVia + " (the only cluster in the input)", inferred: true}
		}
		if link.cluster == nil {
			continue
		}
		out = append(out, link)
		p, cp := &in.node.Placement, link.cluster.node.Placement
		if (!p.Known() || strings.HasPrefix(p.Rule, RuleInherited)) && cp.Known() {
			rule := RuleCluster + ":" + link.cluster.Address + " via " + link.via + ", " + cp.Rule
			*p = cp
			p.Rule = rule
		}
	}
	return out
}

// clusterEdges turns the links into hard edges; ids are the node IDs by
// instance order.
func clusterEdges(links []clusterLink, ids []string) []graph.Edge {
	out := make([]graph.Edge, 0, len(links))
	for _, l := range links {
		out = append(out, graph.Edge{From: ids[l.from.ord], To: ids[l.cluster.ord], Kind: graph.Hard, Via: l.via, Inferred: l.inferred})
	}
	return out
}
