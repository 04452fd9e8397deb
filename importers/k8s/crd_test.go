package k8s_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// TestRealCustomResources imports real Istio, Argo Rollouts and
// cert-manager manifests (fixtures/realworld/k8s-crd, see its SOURCES.md)
// together: every custom resource is a node of its kind, Rollouts are
// workloads their Services select, and Istio's routing objects are linked
// to the Services their hosts name.
func TestRealCustomResources(t *testing.T) {
	dir := filepath.Join("..", "..", "fixtures", "realworld", "k8s-crd")
	res, err := importers.Load([]string{dir}, formats.Defaults(importers.Options{}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	g := res.Graph
	if len(res.Inputs) != 7 {
		t.Errorf("%d inputs imported, want the 7 manifests; skipped: %v", len(res.Inputs), res.Skipped)
	}
	for _, s := range res.Skipped {
		if filepath.Base(s.File) != "SOURCES.md" {
			t.Errorf("%s skipped: %s", s.File, s.Reason)
		}
	}
	types := map[string]string{
		"k8s:default/Gateway.networking.istio.io/bookinfo-gateway":                    "Gateway",
		"k8s:istio-system/Certificate.certmanager.k8s.io/istio-ingressgateway-certs":  "Certificate",
		"k8s:istio-system/ClusterIssuer.certmanager.k8s.io/letsencrypt-staging":       "ClusterIssuer",
		"k8s:default/VirtualService.networking.istio.io/bookinfo":                     "VirtualService",
		"k8s:default/DestinationRule.networking.istio.io/istio-subset-split-destrule": "DestinationRule",
		"k8s:default/Rollout.argoproj.io/rollout-bluegreen":                           "Rollout",
	}
	for id, typ := range types {
		n, ok := g.Node(id)
		if !ok {
			t.Errorf("no node %s", id)
			continue
		}
		if n.Type != typ || n.Labels["apiGroup"] == "" {
			t.Errorf("%s: type %q, labels %v", id, n.Type, n.Labels)
		}
	}
	if n, ok := g.Node("k8s:default/Rollout.argoproj.io/rollout-bluegreen"); !ok || n.Kind != "service" {
		t.Errorf("the Rollout is not a workload (service node): %+v", n)
	}
	got := map[string]bool{}
	for _, e := range edges(g) {
		got[e] = true
	}
	for _, want := range []string{
		// Rollouts are selected like Deployments
		"k8s:default/Service/rollout-bluegreen-active -> k8s:default/Rollout.argoproj.io/rollout-bluegreen hard via=selector",
		"k8s:default/Service/rollout-bluegreen-preview -> k8s:default/Rollout.argoproj.io/rollout-bluegreen hard via=selector",
		"k8s:default/Service/istio-subset-split -> k8s:default/Rollout.argoproj.io/istio-subset-split hard via=selector",
		// VirtualServices need the Services they route to
		"k8s:default/VirtualService.networking.istio.io/bookinfo -> k8s:default/Service/productpage hard via=route",
		"k8s:default/VirtualService.networking.istio.io/reviews -> k8s:default/Service/reviews hard via=route",
		"k8s:default/VirtualService.networking.istio.io/istio-subset-split-vsvc -> k8s:default/Service/istio-subset-split hard via=route",
		// DestinationRules their host's Service
		"k8s:default/DestinationRule.networking.istio.io/ratings -> k8s:default/Service/ratings hard via=host",
		"k8s:default/DestinationRule.networking.istio.io/istio-subset-split-destrule -> k8s:default/Service/istio-subset-split hard via=host",
	} {
		if !got[want] {
			t.Errorf("missing edge %s", want)
		}
	}
	n := 0
	for e := range got {
		if strings.Contains(e, "VirtualService") || strings.Contains(e, "DestinationRule") {
			n++
		}
	}
	if n != 11 { // 6 VirtualServices and 5 DestinationRules, one Service each
		t.Errorf("%d edges from routing objects, want 11", n)
	}
	if ws := warnings(g); len(ws) > 0 {
		t.Errorf("warnings: %v", ws)
	}
}

// TestIstioHostForms: a host is a Service by short name (in the object's
// namespace), name.namespace or name.namespace.svc.<domain>; a host in a
// namespace the inputs do not mention, a wildcard or an outside name is
// not; a cluster host naming no Service is warned about.
func TestIstioHostForms(t *testing.T) {
	g := mustLoad(t, map[string]string{
		"svc.yaml": svc("shop", "cart", "") + "---\n" + svc("pay", "billing", "") + "---\n" + svc("pay", "ledger", ""),
		"vs.yaml": `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: front, namespace: shop}
spec:
  hosts: ["shop.example.com", "cart"]
  gateways: [mesh]
  http:
  - route:
    - destination: {host: billing.pay}
      weight: 50
    - destination: {host: ledger.pay.svc.cluster.local}
      weight: 50
  tcp:
  - route:
    - destination: {host: www.google.com}
  tls:
  - route:
    - destination: {host: gone}
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec: {host: cart.shop.svc.cluster.local}
`,
	})
	sameLines(t, "edges", edges(g), []string{
		"k8s:shop/DestinationRule.networking.istio.io/cart -> k8s:shop/Service/cart hard via=host",
		"k8s:shop/VirtualService.networking.istio.io/front -> k8s:pay/Service/billing hard group=destinations via=route",
		"k8s:shop/VirtualService.networking.istio.io/front -> k8s:pay/Service/ledger hard group=destinations via=route",
		"k8s:shop/VirtualService.networking.istio.io/front -> k8s:shop/Service/cart soft via=host",
	})
	sameLines(t, "warnings", warnings(g), []string{
		"vs.yaml: VirtualService shop/front: host gone names a Service the inputs do not define",
	})
}
