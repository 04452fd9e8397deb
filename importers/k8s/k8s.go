// Package k8s imports Kubernetes manifests: multi-document YAML or JSON
// (List kinds included), decoded into Kubernetes' own API types.
//
// Workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet,
// ReplicationController, Job, CronJob, Pod) become service nodes;
// Services, Ingresses, ConfigMaps and Secrets become resource nodes. Node
// IDs are k8s:<namespace>/<Kind>/<name>. Edges are resolved by the "k8s"
// linker once every input is in: workload → Service from env values,
// ConfigMap values, args and command; workload → the ConfigMaps and
// Secrets it uses (names only); Service → the workloads its selector
// matches; Ingress → its backend Services; workload → the cluster it runs
// on (a Terraform EKS, GKE or AKS resource).
//
// Custom resources (an apiVersion of a DNS-named API group) are nodes of
// their kind, k8s:<namespace>/<Kind>.<group>/<name>: an Argo Rollout is a
// workload like a Deployment; an Istio VirtualService needs the Services
// it routes to and a DestinationRule its host's Service.
//
// ConfigMap values are read to find references; Secret values are never
// read. Neither, nor any env value, is stored on a node.
package k8s

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	networkingv1beta1 "k8s.io/api/networking/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

// ClusterAnnotation, on a workload or its Namespace, names the Terraform
// resource (address, node ID or cluster name) of the cluster it runs on.
const ClusterAnnotation = "blast.dev/cluster"

// Provider is the provider name of the nodes this importer creates.
const Provider = "kubernetes"

// Importer reads Kubernetes manifests.
type Importer struct{}

// Name implements importers.Importer.
func (Importer) Name() string { return "k8s" }

// maxListDepth bounds nested List kinds.
const maxListDepth = 4

// file is the import of one input.
type file struct {
	in      importers.Input
	g       *graph.Graph
	st      *state
	skipped map[string]int // "Kind (apiVersion)" → documents skipped
}

// Import implements importers.Importer: it adds one node per modelled
// object and records what the linker needs to draw the edges.
func (Importer) Import(in importers.Input, g *graph.Graph) error {
	f := &file{in: in, g: g, st: importers.State(in.Session, newState), skipped: map[string]int{}}
	data := bytes.TrimPrefix(in.Data, []byte("\xef\xbb\xbf"))
	for _, d := range splitDocuments(data) {
		js, err := yaml.YAMLToJSON(d.data)
		if err != nil {
			return errors.New(yamlErr(d, err))
		}
		if err := f.object(js, d, fmt.Sprintf("document %d", d.index), "", "", 0); err != nil {
			return err
		}
	}
	f.warnSkipped()
	return nil
}

func (f *file) warnSkipped() {
	if len(f.skipped) == 0 {
		return
	}
	kinds := make([]string, 0, len(f.skipped))
	total := 0
	for k, n := range f.skipped {
		total += n
		if n > 1 {
			k = fmt.Sprintf("%s x%d", k, n)
		}
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	noun := "documents"
	if total == 1 {
		noun = "document"
	}
	f.g.Warn(f.in.Name, "skipped %d %s of kinds blast does not model: %s", total, noun, strings.Join(kinds, ", "))
}

// apiGroups lists, for every modelled kind, the API groups it is read
// from; the same kind in another group (a Knative Service, say) is not it.
var apiGroups = map[string][]string{
	"Deployment": {"apps", "extensions"}, "StatefulSet": {"apps"}, "DaemonSet": {"apps", "extensions"},
	"ReplicaSet": {"apps", "extensions"}, "ReplicationController": {""}, "Pod": {""},
	"Job": {"batch"}, "CronJob": {"batch"},
	"Service": {""}, "ConfigMap": {""}, "Secret": {""}, "Namespace": {""},
	"Ingress": {"networking.k8s.io", "extensions"},
}

func inGroup(kind, apiVersion string) bool {
	if apiVersion == "" {
		return false
	}
	g := groupOf(apiVersion)
	for _, want := range apiGroups[kind] {
		if g == want {
			return true
		}
	}
	return false
}

// object imports one decoded document or List item.
func (f *file) object(js []byte, d document, where, defAPI, defKind string, depth int) error {
	js = bytes.TrimSpace(js)
	if len(js) == 0 || string(js) == "null" {
		return nil
	}
	if js[0] != '{' {
		return fmt.Errorf("%s (line %d): not a Kubernetes object", where, d.line)
	}
	var h metav1.PartialObjectMetadata
	if err := json.Unmarshal(js, &h); err != nil {
		return fmt.Errorf("%s (line %d): %s", where, d.line, jsonErr(err))
	}
	api, kind := h.APIVersion, h.Kind
	if api == "" {
		api = defAPI
	}
	if kind == "" {
		kind = defKind
	}
	if kind == "" || api == "" {
		f.skipped["documents without apiVersion or kind"]++
		return nil
	}
	if builtinGroup(api) && (kind == "List" || strings.HasSuffix(kind, "List")) {
		return f.list(js, d, where, api, kind, depth)
	}
	custom := !inGroup(kind, api) && customResource(api, kind)
	if !inGroup(kind, api) && !custom {
		if !(builtinGroup(api) && quietKinds[kind]) {
			f.skipped[fmt.Sprintf("%s (%s)", kind, api)]++
		}
		return nil
	}
	for _, o := range h.OwnerReferences {
		if o.Controller != nil && *o.Controller {
			return nil // made by a controller that is itself listed (kubectl get output)
		}
	}
	if kind == "Namespace" {
		if h.Name != "" {
			f.st.namespaces[h.Name] = true
			if c := strings.TrimSpace(h.Annotations[ClusterAnnotation]); c != "" {
				f.st.nsCluster[h.Name] = c
			}
		}
		return nil
	}
	ns := h.Namespace
	if ns == "" {
		ns = "default"
	}
	f.st.namespaces[ns] = true
	name := h.Name
	if name == "" {
		name = h.GenerateName
	}
	if name == "" {
		return fmt.Errorf("%s (line %d, %s): metadata.name is missing", where, d.line, kind)
	}
	o := &obj{file: f, d: d, where: where, api: api, kind: kind, ns: ns, name: name, meta: h.ObjectMeta}
	ctx := fmt.Sprintf("%s (%s %s/%s)", where, kind, ns, name)
	decode := o.decode
	if custom {
		o.idKind = customID(kind, api)
		decode = o.custom
	}
	if err := decode(js); err != nil {
		return fmt.Errorf("%s: %w", ctx, err)
	}
	return nil
}

func (f *file) list(js []byte, d document, where, api, kind string, depth int) error {
	if depth >= maxListDepth {
		return fmt.Errorf("%s (line %d): Lists nested more than %d deep", where, d.line, maxListDepth)
	}
	var l struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(js, &l); err != nil {
		return fmt.Errorf("%s (line %d, %s): %s", where, d.line, kind, jsonErr(err))
	}
	itemKind := ""
	if kind != "List" {
		itemKind = strings.TrimSuffix(kind, "List")
	}
	for i, raw := range l.Items {
		if err := f.object(raw, d, fmt.Sprintf("%s item %d", where, i+1), api, itemKind, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// obj is one object being imported.
type obj struct {
	file     *file
	d        document
	where    string
	api      string
	kind     string
	idKind   string // the kind in its node ID, when not kind (custom resources)
	ns, name string
	meta     metav1.ObjectMeta
}

// id returns the node ID of an object of this input.
func (o *obj) id() string {
	k := o.kind
	if o.idKind != "" {
		k = o.idKind
	}
	return o.file.in.NodeID(nodeID(o.ns, k, o.name))
}

// nodeID is k8s:<namespace>/<Kind>/<name>.
func nodeID(ns, kind, name string) string { return "k8s:" + ns + "/" + kind + "/" + name }

// decode reads the object into its API type and adds its node.
func (o *obj) decode(js []byte) error {
	un := func(v any) error {
		if err := json.Unmarshal(js, v); err != nil {
			return fmt.Errorf("%s", jsonErr(err))
		}
		return nil
	}
	switch o.kind {
	case "Deployment":
		var x appsv1.Deployment // apps/v1beta1, v1beta2 and extensions/v1beta1 share these fields
		if err := un(&x); err != nil {
			return err
		}
		return o.workload(&x.Spec.Template, replicas(x.Spec.Replicas))
	case "StatefulSet":
		var x appsv1.StatefulSet
		if err := un(&x); err != nil {
			return err
		}
		return o.workload(&x.Spec.Template, replicas(x.Spec.Replicas))
	case "DaemonSet":
		var x appsv1.DaemonSet
		if err := un(&x); err != nil {
			return err
		}
		return o.workload(&x.Spec.Template, everyNode)
	case "ReplicaSet":
		var x appsv1.ReplicaSet
		if err := un(&x); err != nil {
			return err
		}
		return o.workload(&x.Spec.Template, replicas(x.Spec.Replicas))
	case "ReplicationController":
		var x corev1.ReplicationController
		if err := un(&x); err != nil {
			return err
		}
		if x.Spec.Template == nil {
			return fmt.Errorf("spec.template is missing")
		}
		return o.workload(x.Spec.Template, replicas(x.Spec.Replicas))
	case "Job":
		var x batchv1.Job
		if err := un(&x); err != nil {
			return err
		}
		return o.workload(&x.Spec.Template, replicas(x.Spec.Parallelism))
	case "CronJob":
		var x batchv1.CronJob // batch/v1beta1 shares these fields
		if err := un(&x); err != nil {
			return err
		}
		return o.workload(&x.Spec.JobTemplate.Spec.Template, replicas(x.Spec.JobTemplate.Spec.Parallelism))
	case "Pod":
		var x corev1.Pod
		if err := un(&x); err != nil {
			return err
		}
		return o.workload(&corev1.PodTemplateSpec{ObjectMeta: x.ObjectMeta, Spec: x.Spec}, 1)
	case "Service":
		var x corev1.Service
		if err := un(&x); err != nil {
			return err
		}
		return o.service(&x)
	case "Ingress":
		if strings.HasSuffix(o.api, "/v1beta1") {
			var x networkingv1beta1.Ingress // extensions/v1beta1 has the same shape
			if err := un(&x); err != nil {
				return err
			}
			return o.ingress(ingressV1beta1(&x))
		}
		var x networkingv1.Ingress
		if err := un(&x); err != nil {
			return err
		}
		return o.ingress(ingressV1(&x))
	case "ConfigMap":
		var x corev1.ConfigMap
		if err := un(&x); err != nil {
			return err
		}
		return o.configMap(&x)
	case "Secret":
		// only the metadata is decoded: a Secret's values are never read
		return o.secret()
	}
	return nil
}

func replicas(p *int32) int32 {
	if p == nil {
		return 1
	}
	return *p
}

// add adds the object's node; an object defined twice keeps its first
// definition and warns.
func (o *obj) add(n *graph.Node) (bool, error) {
	f := o.file
	if first, dup := f.st.first[n.ID]; dup {
		f.g.Warn(f.in.Name, "%s %s/%s is defined again (%s); keeping the first (%s)", o.kind, o.ns, o.name, o.where, first)
		return false, nil
	}
	if _, exists := f.g.Node(n.ID); exists {
		f.g.Warn(f.in.Name, "%s %s/%s: node %s exists already; keeping the first", o.kind, o.ns, o.name, n.ID)
		return false, nil
	}
	if err := f.g.AddNode(n); err != nil {
		return false, err
	}
	f.st.first[n.ID] = fmt.Sprintf("%s %s", f.in.Name, o.where)
	return true, nil
}

// node returns the common fields of the object's node.
func (o *obj) node(kind graph.Kind) *graph.Node {
	return &graph.Node{
		ID:       o.id(),
		Kind:     kind,
		Type:     o.kind,
		Name:     o.name,
		Provider: Provider,
		Source:   graph.Source{File: o.file.in.Name, Address: o.where, Line: o.d.line},
		Labels:   o.labels(),
	}
}

// labels are a node's labels: namespace, kind, and the API group of a
// custom resource.
func (o *obj) labels() map[string]string {
	l := map[string]string{"namespace": o.ns, "kind": o.kind}
	if o.idKind != "" {
		l["apiGroup"] = groupOf(o.api)
	}
	return l
}

// unplaced says why a Kubernetes object has no location of its own.
const unplaced = "Kubernetes object: fails through its edges, not by location"

// service is a Service as the linker needs it.
type service struct {
	id, ns, name, file string
	selector           map[string]string
	externalName       string
}

func (o *obj) service(x *corev1.Service) error {
	n := o.node(graph.KindResource)
	n.Placement.Unknown = unplaced
	if t := string(x.Spec.Type); t != "" {
		n.Labels["serviceType"] = t
	}
	ok, err := o.add(n)
	if !ok || err != nil {
		return err
	}
	o.file.st.services[o.ns+"/"+o.name] = &service{id: n.ID, ns: o.ns, name: o.name, file: o.file.in.Name,
		selector: x.Spec.Selector, externalName: x.Spec.ExternalName}
	return nil
}

// ingress is an Ingress as the linker needs it.
type ingress struct {
	id, ns, name, file string
	backends           []string // Service names, sorted, unique
	tls                []string // Secret names, sorted, unique
}

func ingressV1(x *networkingv1.Ingress) *ingress {
	in := &ingress{}
	if b := x.Spec.DefaultBackend; b != nil && b.Service != nil {
		in.backends = append(in.backends, b.Service.Name)
	}
	for _, r := range x.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		for _, p := range r.HTTP.Paths {
			if p.Backend.Service != nil {
				in.backends = append(in.backends, p.Backend.Service.Name)
			}
		}
	}
	for _, t := range x.Spec.TLS {
		in.tls = append(in.tls, t.SecretName)
	}
	return in
}

func ingressV1beta1(x *networkingv1beta1.Ingress) *ingress {
	in := &ingress{}
	if b := x.Spec.Backend; b != nil {
		in.backends = append(in.backends, b.ServiceName)
	}
	for _, r := range x.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		for _, p := range r.HTTP.Paths {
			in.backends = append(in.backends, p.Backend.ServiceName)
		}
	}
	for _, t := range x.Spec.TLS {
		in.tls = append(in.tls, t.SecretName)
	}
	return in
}

func (o *obj) ingress(in *ingress) error {
	n := o.node(graph.KindResource)
	n.Placement.Unknown = unplaced
	ok, err := o.add(n)
	if !ok || err != nil {
		return err
	}
	in.id, in.ns, in.name, in.file = n.ID, o.ns, o.name, o.file.in.Name
	in.backends, in.tls = uniqueSorted(in.backends), uniqueSorted(in.tls)
	o.file.st.ingresses = append(o.file.st.ingresses, in)
	return nil
}

func (o *obj) configMap(x *corev1.ConfigMap) error {
	n := o.node(graph.KindResource)
	n.Placement.Unknown = unplaced
	ok, err := o.add(n)
	if !ok || err != nil {
		return err
	}
	o.file.st.configMaps[o.ns+"/"+o.name] = x.Data
	return nil
}

func (o *obj) secret() error {
	n := o.node(graph.KindResource)
	n.Placement.Unknown = unplaced
	_, err := o.add(n)
	return err
}

// uniqueSorted returns the non-empty strings of in, sorted, each once
// (never nil).
func uniqueSorted(in []string) []string {
	out := slices.DeleteFunc(append([]string{}, in...), func(s string) bool { return s == "" })
	slices.Sort(out)
	return slices.Compact(out)
}
