package k8s

import (
	"bytes"
	"encoding/json"
	"strings"

	"sigs.k8s.io/yaml"
)

// workloadKinds run pods; they become service nodes.
var workloadKinds = map[string]bool{
	"Deployment": true, "StatefulSet": true, "DaemonSet": true, "ReplicaSet": true,
	"ReplicationController": true, "Job": true, "CronJob": true, "Pod": true,
}

// objectKinds become resource nodes.
var objectKinds = map[string]bool{"Service": true, "Ingress": true, "ConfigMap": true, "Secret": true}

// quietKinds are built-in kinds that carry no runtime dependency blast
// models; they are skipped without a warning. Namespace is read for its
// cluster annotation only.
var quietKinds = map[string]bool{
	"Namespace": true, "ServiceAccount": true, "Role": true, "RoleBinding": true, "ClusterRole": true,
	"ClusterRoleBinding": true, "PodDisruptionBudget": true, "HorizontalPodAutoscaler": true,
	"VerticalPodAutoscaler": true, "NetworkPolicy": true, "LimitRange": true, "ResourceQuota": true,
	"PriorityClass": true, "StorageClass": true, "PersistentVolume": true, "PersistentVolumeClaim": true,
	"Endpoints": true, "EndpointSlice": true, "IngressClass": true, "CustomResourceDefinition": true,
	"MutatingWebhookConfiguration": true, "ValidatingWebhookConfiguration": true,
	"ValidatingAdmissionPolicy": true, "ValidatingAdmissionPolicyBinding": true, "APIService": true,
	"PodSecurityPolicy": true, "RuntimeClass": true, "CSIDriver": true, "Lease": true, "Event": true,
	"ControllerRevision": true, "PodTemplate": true, "CertificateSigningRequest": true,
}

// groupOf returns the API group of an apiVersion ("" for the core group).
func groupOf(apiVersion string) string {
	g, _, ok := strings.Cut(apiVersion, "/")
	if !ok {
		return ""
	}
	return g
}

// builtinGroup reports whether an apiVersion belongs to Kubernetes itself
// (core, apps, batch, extensions, policy, autoscaling, *.k8s.io) rather
// than to a custom resource or another tool. Kustomize's build files
// (kustomize.config.k8s.io) are not manifests.
func builtinGroup(apiVersion string) bool {
	if apiVersion == "" || strings.Contains(apiVersion, "backstage.io") {
		return false
	}
	g := groupOf(apiVersion)
	if g == "" {
		return strings.HasPrefix(apiVersion, "v1") // v1, v1beta1 of the core group
	}
	switch g {
	case "apps", "batch", "extensions", "policy", "autoscaling":
		return true
	case "kustomize.config.k8s.io":
		return false
	}
	return strings.HasSuffix(g, ".k8s.io")
}

// known reports whether a document with this apiVersion and kind is a
// Kubernetes object the importer recognises (modelled or quietly skipped).
func known(apiVersion, kind string) bool {
	if customResource(apiVersion, kind) {
		return true // a custom resource: imported as a node of its kind
	}
	if !builtinGroup(apiVersion) {
		return false
	}
	if kind == "List" {
		return true
	}
	k := strings.TrimSuffix(kind, "List")
	return workloadKinds[k] || objectKinds[k] || quietKinds[k]
}

// Detect implements importers.Importer. It recognises YAML or JSON whose
// documents include at least one built-in Kubernetes kind or a custom
// resource (apiVersion of an API group with a DNS name, and kind, at the
// top level). Backstage descriptors (backstage.io/*), compose
// files (no apiVersion), kustomization files, kubeconfig files and
// unrendered Helm templates are not claimed.
func (Importer) Detect(data []byte) bool {
	if len(data) == 0 {
		return false
	}
	if data[0] == '{' {
		return detectJSON(data)
	}
	if data[0] == '[' {
		return false
	}
	claimed := false
	for _, d := range splitDocuments(data) {
		api, kind := topLevel(d.data)
		if known(api, kind) {
			claimed = true
			break
		}
	}
	if !claimed {
		return false
	}
	if bytes.Contains(data, []byte("{{")) {
		// a Helm or other template: claim it only if it is valid YAML
		for _, d := range splitDocuments(data) {
			if _, err := yaml.YAMLToJSON(d.data); err != nil {
				return false
			}
		}
	}
	return true
}

func detectJSON(data []byte) bool {
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	// a state or plan names its Terraform version in its first bytes:
	// refused below too, but without scanning the rest of the head for
	// keys first (every state of a directory is asked)
	if first := head[:min(len(head), 4096)]; bytes.Contains(first, []byte(`"terraform_version"`)) ||
		bytes.Contains(first, []byte(`"format_version"`)) {
		return false
	}
	if !bytes.Contains(head, []byte(`"apiVersion"`)) || !bytes.Contains(head, []byte(`"kind"`)) ||
		bytes.Contains(head, []byte(`"terraform_version"`)) || bytes.Contains(head, []byte(`"format_version"`)) {
		return false
	}
	var h struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if json.Unmarshal(data, &h) != nil {
		return false
	}
	return known(h.APIVersion, h.Kind)
}

// topLevel finds the apiVersion and kind keys of one YAML document by
// scanning its unindented lines, without parsing it.
func topLevel(doc []byte) (apiVersion, kind string) {
	for len(doc) > 0 {
		line := doc
		if i := bytes.IndexByte(doc, '\n'); i >= 0 {
			line, doc = doc[:i], doc[i+1:]
		} else {
			doc = nil
		}
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' || line[0] == '#' {
			continue
		}
		key, val, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		switch strings.Trim(string(key), `"' `) {
		case "apiVersion":
			apiVersion = scalar(val)
		case "kind":
			kind = scalar(val)
		}
		if apiVersion != "" && kind != "" {
			return apiVersion, kind
		}
	}
	return apiVersion, kind
}

// scalar reads a plain or quoted one-line YAML scalar, dropping a
// trailing comment.
func scalar(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.Index(s, " #"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return strings.Trim(s, `"'`)
}
