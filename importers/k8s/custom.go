package k8s

import (
	"encoding/json"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/blast-dev/blast/graph"
)

// customResource reports whether a document is a custom resource: its
// apiVersion names an API group with a DNS name (istio's
// networking.istio.io, argoproj.io, cert-manager.io, and *.k8s.io groups
// such as gateway.networking.k8s.io) and its kind is none of the
// built-in kinds blast reads or skips. The tools whose files carry an
// apiVersion and kind without being cluster objects (Backstage catalogs,
// kustomizations) are not.
func customResource(apiVersion, kind string) bool {
	g := groupOf(apiVersion)
	if kind == "" || !strings.Contains(g, ".") || strings.HasSuffix(g, "backstage.io") || g == "kustomize.config.k8s.io" {
		return false
	}
	if builtinGroup(apiVersion) {
		k := strings.TrimSuffix(kind, "List")
		return !(kind == "List" || workloadKinds[k] || objectKinds[k] || quietKinds[k])
	}
	return true
}

// customID is the kind part of a custom resource's node ID, Kind.group
// (as kubectl names a resource of a group), so that a custom kind never
// takes the ID of a built-in one: a Knative Service is
// k8s:<ns>/Service.serving.knative.dev/<name>.
func customID(kind, apiVersion string) string { return kind + "." + groupOf(apiVersion) }

// route is an Istio VirtualService or DestinationRule as the linker
// needs it: the hosts it applies to and the hosts it sends traffic to.
type route struct {
	id, kind, ns, name, file string
	hosts                    []string // spec.hosts, or a DestinationRule's spec.host
	destinations             []string // route destinations, sorted, unique
}

func (r *route) label() string { return r.kind + " " + r.ns + "/" + r.name }

// custom imports a custom resource: an Argo Rollout as the workload it
// is, Istio's VirtualService and DestinationRule with the hosts they
// name, any other kind as a node of its kind.
func (o *obj) custom(js []byte) error {
	g := groupOf(o.api)
	switch {
	case g == "argoproj.io" && o.kind == "Rollout":
		var x struct {
			Spec struct {
				Replicas *int32                 `json:"replicas"`
				Template corev1.PodTemplateSpec `json:"template"`
			} `json:"spec"`
		}
		if err := json.Unmarshal(js, &x); err != nil {
			return fmt.Errorf("%s", jsonErr(err))
		}
		return o.workload(&x.Spec.Template, replicas(x.Spec.Replicas))
	case g == "networking.istio.io" && o.kind == "VirtualService":
		var x struct {
			Spec struct {
				Hosts []string `json:"hosts"`
				HTTP  []struct {
					Route []struct {
						Destination struct {
							Host string `json:"host"`
						} `json:"destination"`
					} `json:"route"`
				} `json:"http"`
				TCP []struct {
					Route []struct {
						Destination struct {
							Host string `json:"host"`
						} `json:"destination"`
					} `json:"route"`
				} `json:"tcp"`
				TLS []struct {
					Route []struct {
						Destination struct {
							Host string `json:"host"`
						} `json:"destination"`
					} `json:"route"`
				} `json:"tls"`
			} `json:"spec"`
		}
		if err := json.Unmarshal(js, &x); err != nil {
			return fmt.Errorf("%s", jsonErr(err))
		}
		r := &route{hosts: uniqueSorted(x.Spec.Hosts)}
		for _, h := range x.Spec.HTTP {
			for _, d := range h.Route {
				r.destinations = append(r.destinations, d.Destination.Host)
			}
		}
		for _, h := range x.Spec.TCP {
			for _, d := range h.Route {
				r.destinations = append(r.destinations, d.Destination.Host)
			}
		}
		for _, h := range x.Spec.TLS {
			for _, d := range h.Route {
				r.destinations = append(r.destinations, d.Destination.Host)
			}
		}
		r.destinations = uniqueSorted(r.destinations)
		return o.route(r)
	case g == "networking.istio.io" && o.kind == "DestinationRule":
		var x struct {
			Spec struct {
				Host string `json:"host"`
			} `json:"spec"`
		}
		if err := json.Unmarshal(js, &x); err != nil {
			return fmt.Errorf("%s", jsonErr(err))
		}
		return o.route(&route{hosts: uniqueSorted([]string{x.Spec.Host})})
	}
	n := o.node(graph.KindResource)
	n.Placement.Unknown = unplaced
	_, err := o.add(n)
	return err
}

func (o *obj) route(r *route) error {
	n := o.node(graph.KindResource)
	n.Placement.Unknown = unplaced
	ok, err := o.add(n)
	if !ok || err != nil {
		return err
	}
	r.id, r.kind, r.ns, r.name, r.file = n.ID, o.kind, o.ns, o.name, o.file.in.Name
	o.file.st.routes = append(o.file.st.routes, r)
	return nil
}

// hostService resolves a host as Istio does within a mesh: a short name
// in the namespace of the object naming it, name.namespace, or
// name.namespace.svc[.cluster domain]. Wildcards, and names of other
// forms (hosts outside the cluster), resolve to nothing; local says
// whether the host had a cluster form, so that one missing is worth a
// warning.
func (l *linker) hostService(ns, host string) (s *service, local bool) {
	host = strings.TrimSuffix(strings.TrimSpace(host), ".")
	if host == "" || strings.Contains(host, "*") {
		return nil, false
	}
	parts := strings.Split(host, ".")
	switch {
	case len(parts) == 1:
		return l.st.services[ns+"/"+host], true
	case len(parts) == 2:
		if !l.st.namespaces[parts[1]] {
			return nil, false // more likely a domain (example.com) than a namespace
		}
		return l.st.services[parts[1]+"/"+parts[0]], true
	case parts[2] == "svc":
		return l.st.services[parts[1]+"/"+parts[0]], true
	}
	return nil, false
}

// routes draws the edges of Istio's routing objects: a VirtualService
// needs the Services it routes to (any one of them when there are
// several: losing some degrades it), and is soft on the Services whose
// traffic it configures; a DestinationRule needs its host's Service.
func (l *linker) routes() {
	for _, r := range l.st.routes {
		var ids, missing []string
		seen := map[string]bool{}
		for _, h := range r.destinations {
			s, local := l.hostService(r.ns, h)
			switch {
			case s != nil && !seen[s.id]:
				seen[s.id] = true
				ids = append(ids, s.id)
			case s == nil && local:
				missing = append(missing, h)
			}
		}
		l.routeTo(r.id, ids, "destinations", "route")
		for _, h := range r.hosts {
			s, local := l.hostService(r.ns, h)
			switch {
			case s != nil && !seen[s.id]:
				seen[s.id] = true
				kind := graph.Soft // a VirtualService configures its hosts' traffic
				if r.kind == "DestinationRule" {
					kind = graph.Hard
				}
				l.edge(graph.Edge{From: r.id, To: s.id, Kind: kind, Via: "host"})
			case s == nil && local:
				missing = append(missing, h)
			}
		}
		if len(missing) > 0 {
			l.g.Warn(r.file, "%s: host %s names a Service the inputs do not define", r.label(), strings.Join(uniqueSorted(missing), ", "))
		}
	}
}
