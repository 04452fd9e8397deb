package k8s

import (
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers/endpoints"
	"github.com/blast-dev/blast/importers/terraform"
)

// everyNode is the replica count of a DaemonSet: one pod per node.
const everyNode int32 = -1

// workload is a workload as the linker needs it. Its values are held
// here, outside the node, until the linker has read them.
type workload struct {
	id, kind, ns, name, file string
	labels                   map[string]string // pod template labels
	cluster                  string            // blast.dev/cluster annotation
	values                   []value           // literal env values, args, command
	keyRefs                  []keyRef          // env values taken from ConfigMap keys
	envFrom                  []envFromRef      // whole ConfigMaps as env
	objRefs                  []objRef          // ConfigMaps and Secrets used
	replicas                 int32
	spread                   bool // spread over zones by constraint
}

// value is one configuration value and where it came from.
type value struct {
	via  string // edge Via: "env:KEY", "args", "command"
	key  string // env name or flag name, for address-key checks
	text string
	from string // "ConfigMap x" when the value came from one
}

type keyRef struct{ env, configMap, key string }

type envFromRef struct{ prefix, configMap string }

type objRef struct {
	kind, name, via string
	optional        bool
}

func optional(p *bool) bool { return p != nil && *p }

func (o *obj) workload(t *corev1.PodTemplateSpec, reps int32) error {
	n := o.node(graph.KindService)
	if app := appName(t.Labels, o.meta.Labels); app != "" {
		n.Labels["app"] = app
	}
	w := &workload{kind: o.kind, ns: o.ns, name: o.name, file: o.file.in.Name, labels: t.Labels,
		cluster: strings.TrimSpace(o.meta.Annotations[ClusterAnnotation]), replicas: reps}
	w.readPod(&t.Spec)
	n.Placement, w.spread = placement(&t.Spec, reps)
	ok, err := o.add(n)
	if !ok || err != nil {
		return err
	}
	w.id = n.ID
	o.file.st.workloads = append(o.file.st.workloads, w)
	return nil
}

// appName returns the app.kubernetes.io/name or app label, if any.
func appName(sets ...map[string]string) string {
	for _, key := range []string{"app.kubernetes.io/name", "app"} {
		for _, l := range sets {
			if v := l[key]; v != "" {
				return v
			}
		}
	}
	return ""
}

func (w *workload) ref(kind, name, via string, opt bool) {
	if name != "" {
		w.objRefs = append(w.objRefs, objRef{kind: kind, name: name, via: via, optional: opt})
	}
}

// readPod collects what the pod spec names: env values and args (kept for
// reference matching, never on the node), and the ConfigMaps and Secrets
// it uses. Values under secret-looking keys are not kept.
func (w *workload) readPod(spec *corev1.PodSpec) {
	containers := make([]corev1.Container, 0, len(spec.InitContainers)+len(spec.Containers))
	containers = append(append(containers, spec.InitContainers...), spec.Containers...)
	for _, c := range containers {
		for _, e := range c.Env {
			switch {
			case e.ValueFrom == nil:
				if e.Value != "" && !endpoints.Sensitive(e.Name) {
					w.values = append(w.values, value{via: "env:" + e.Name, key: e.Name, text: e.Value})
				}
			case e.ValueFrom.ConfigMapKeyRef != nil:
				r := e.ValueFrom.ConfigMapKeyRef
				w.ref("ConfigMap", r.Name, "env:"+e.Name, optional(r.Optional))
				if !endpoints.Sensitive(e.Name) && !endpoints.Sensitive(r.Key) {
					w.keyRefs = append(w.keyRefs, keyRef{env: e.Name, configMap: r.Name, key: r.Key})
				}
			case e.ValueFrom.SecretKeyRef != nil:
				r := e.ValueFrom.SecretKeyRef
				w.ref("Secret", r.Name, "env:"+e.Name, optional(r.Optional))
			}
		}
		for _, ef := range c.EnvFrom {
			if r := ef.ConfigMapRef; r != nil {
				w.ref("ConfigMap", r.Name, "envFrom", optional(r.Optional))
				w.envFrom = append(w.envFrom, envFromRef{prefix: ef.Prefix, configMap: r.Name})
			}
			if r := ef.SecretRef; r != nil {
				w.ref("Secret", r.Name, "envFrom", optional(r.Optional))
			}
		}
		w.readArgs("command", c.Command)
		w.readArgs("args", c.Args)
	}
	for _, v := range spec.Volumes {
		via := "volume:" + v.Name
		if s := v.ConfigMap; s != nil {
			w.ref("ConfigMap", s.Name, via, optional(s.Optional))
		}
		if s := v.Secret; s != nil {
			w.ref("Secret", s.SecretName, via, optional(s.Optional))
		}
		if p := v.Projected; p != nil {
			for _, src := range p.Sources {
				if s := src.ConfigMap; s != nil {
					w.ref("ConfigMap", s.Name, via, optional(s.Optional))
				}
				if s := src.Secret; s != nil {
					w.ref("Secret", s.Name, via, optional(s.Optional))
				}
			}
		}
	}
	for _, s := range spec.ImagePullSecrets {
		w.ref("Secret", s.Name, "imagePullSecrets", false)
	}
}

// readArgs keeps the values of a command or args list: "--flag=value"
// and "--flag value" give the value with the flag as its key; other
// elements are kept without a key.
func (w *workload) readArgs(via string, args []string) {
	for i, a := range args {
		key, text := "", a
		if strings.HasPrefix(a, "-") {
			k, v, ok := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if !ok {
				continue // a flag; its value, if any, is the next element
			}
			key, text = k, v
		} else if i > 0 && strings.HasPrefix(args[i-1], "-") && !strings.Contains(args[i-1], "=") {
			key = strings.TrimLeft(args[i-1], "-")
		}
		if text == "" || endpoints.Sensitive(key) {
			continue
		}
		w.values = append(w.values, value{via: via, key: key, text: text})
	}
}

// Node labels that pin pods to a zone or region.
var (
	zoneKeys   = map[string]bool{"topology.kubernetes.io/zone": true, "failure-domain.beta.kubernetes.io/zone": true}
	regionKeys = map[string]bool{"topology.kubernetes.io/region": true, "failure-domain.beta.kubernetes.io/region": true}
)

// placement reads where the pods may run: zones from the node selector
// and the required node affinity (the union of its terms when every term
// names zones, intersected with the selector), a region the same way. It
// also reports whether the pods are spread over zones by a topology
// spread constraint or pod anti-affinity on the zone key (DaemonSets
// always are).
func placement(spec *corev1.PodSpec, reps int32) (graph.Placement, bool) {
	var p graph.Placement
	zones, zrule := constrained(spec, zoneKeys)
	regions, rrule := constrained(spec, regionKeys)
	switch {
	case len(zones) == 1:
		p.Zone, p.Rule = zones[0], zrule
	case len(zones) > 1:
		p.Zones, p.Rule = zones, zrule
	}
	if len(regions) == 1 {
		p.Region = regions[0]
		if p.Rule == "" {
			p.Rule = rrule
		}
	}
	if len(zones) > 0 || p.Region != "" {
		cloud, region := cloudOf(zones, p.Region)
		switch {
		case cloud == "":
			p.Unknown = "zone or region names not recognised as AWS, GCP or Azure ones; the cluster binding may place them"
		case p.Region != "" && region != p.Region:
			p.Unknown = "the zones named are not in the region named"
		default:
			p.Cloud, p.Region = cloud, region
		}
	}
	spread := reps == everyNode
	for _, c := range spec.TopologySpreadConstraints {
		if zoneKeys[c.TopologyKey] && reps > 1 {
			spread = true
		}
	}
	if a := spec.Affinity; a != nil && a.PodAntiAffinity != nil && reps > 1 {
		for _, t := range a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution {
			spread = spread || zoneKeys[t.TopologyKey]
		}
		for _, t := range a.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution {
			spread = spread || zoneKeys[t.PodAffinityTerm.TopologyKey]
		}
	}
	return p, spread
}

// constrained returns the values of a node label that the pod spec
// requires (sorted) and the rule that said so.
func constrained(spec *corev1.PodSpec, keys map[string]bool) ([]string, string) {
	var sel []string
	for k, v := range spec.NodeSelector {
		if keys[k] && v != "" {
			sel = append(sel, v)
		}
	}
	sel = uniqueSorted(sel)
	var aff []string
	if a := spec.Affinity; a != nil && a.NodeAffinity != nil && a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution != nil {
		terms := a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
		all := len(terms) > 0
		for _, t := range terms {
			var vals []string
			for _, e := range t.MatchExpressions {
				if keys[e.Key] && e.Operator == corev1.NodeSelectorOpIn {
					vals = append(vals, e.Values...)
				}
			}
			if len(vals) == 0 {
				all = false // this term allows any zone
				break
			}
			aff = append(aff, vals...)
		}
		if !all {
			aff = nil
		}
		aff = uniqueSorted(aff)
	}
	switch {
	case len(sel) > 0 && len(aff) > 0:
		var both []string
		for _, v := range aff {
			for _, s := range sel {
				if s == v {
					both = append(both, v)
				}
			}
		}
		return both, "k8s:nodeSelector+nodeAffinity"
	case len(sel) > 0:
		return sel, "k8s:nodeSelector"
	case len(aff) > 0:
		return aff, "k8s:nodeAffinity"
	}
	return nil, ""
}

// azureZone matches AKS zone labels (eastus2-1, westeurope-3): an Azure
// region name, which always holds a direction, and a zone number.
var azureZone = regexp.MustCompile(`^([a-z]*(?:east|west|north|south|central)[a-z]*[0-9]?)-([1-3])$`)

// cloudOf recognises the cloud and region of zone names (us-east-1a,
// us-central1-c, eastus2-1) or of a lone region name; "" when the names
// are not recognised or disagree.
func cloudOf(zones []string, region string) (string, string) {
	cloud, reg := "", ""
	for _, z := range zones {
		c, r := "", ""
		if ar, ok := terraform.AWSRegionOfZone(z); ok {
			c, r = "aws", ar
		} else if gr, ok := terraform.GCPRegionOfZone(z); ok {
			c, r = "gcp", gr
		} else if m := azureZone.FindStringSubmatch(z); m != nil {
			c, r = "azure", m[1]
		} else {
			return "", ""
		}
		if cloud != "" && (c != cloud || r != reg) {
			return "", ""
		}
		cloud, reg = c, r
	}
	if len(zones) > 0 {
		return cloud, reg
	}
	switch {
	case terraform.IsAWSRegion(region):
		return "aws", region
	case terraform.IsGCPRegion(region):
		return "gcp", region
	}
	return "", ""
}
