package k8s_test

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// TestRealworldOnlineBoutique reads Google's Online Boutique release
// manifests (../shared/realworld/k8s, skipped when absent).
func TestRealworldOnlineBoutique(t *testing.T) {
	p := realworld(t, "k8s/online-boutique-kubernetes-manifests.yaml")
	res, err := importers.Load([]string{p}, formats.Defaults(importers.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	deps := func(from string) []string {
		var out []string
		for _, e := range g.DependenciesOf("k8s:default/Deployment/" + from) {
			if strings.HasPrefix(e.To, "k8s:default/Service/") {
				out = append(out, strings.TrimPrefix(e.To, "k8s:default/Service/")+" "+e.Kind.String()+" "+e.Via)
			}
		}
		return out
	}
	sameLines(t, "frontend", deps("frontend"), []string{
		"adservice hard env:AD_SERVICE_ADDR",
		"cartservice hard env:CART_SERVICE_ADDR",
		"checkoutservice hard env:CHECKOUT_SERVICE_ADDR",
		"currencyservice hard env:CURRENCY_SERVICE_ADDR",
		"productcatalogservice hard env:PRODUCT_CATALOG_SERVICE_ADDR",
		"recommendationservice hard env:RECOMMENDATION_SERVICE_ADDR",
		"shippingservice hard env:SHIPPING_SERVICE_ADDR",
	})
	sameLines(t, "checkoutservice", deps("checkoutservice"), []string{
		"cartservice hard env:CART_SERVICE_ADDR",
		"currencyservice hard env:CURRENCY_SERVICE_ADDR",
		"emailservice hard env:EMAIL_SERVICE_ADDR",
		"paymentservice hard env:PAYMENT_SERVICE_ADDR",
		"productcatalogservice hard env:PRODUCT_CATALOG_SERVICE_ADDR",
		"shippingservice hard env:SHIPPING_SERVICE_ADDR",
	})
	sameLines(t, "cartservice", deps("cartservice"), []string{"redis-cart hard env:REDIS_ADDR"})
	sameLines(t, "loadgenerator", deps("loadgenerator"), []string{"frontend hard env:FRONTEND_ADDR"})

	// every Service reaches its Deployment by selector; frontend-external too
	for _, svc := range []string{"adservice", "cartservice", "frontend", "frontend-external", "redis-cart"} {
		es := g.DependenciesOf("k8s:default/Service/" + svc)
		if len(es) != 1 || es[0].Via != "selector" || !strings.HasPrefix(es[0].To, "k8s:default/Deployment/") {
			t.Errorf("Service %s: dependencies %+v, want one selector edge to its Deployment", svc, es)
		}
	}

	var nodes, services int
	for _, n := range g.Nodes() {
		nodes++
		if n.Type == "Deployment" {
			services++
		}
	}
	if nodes != 24 || services != 12 {
		t.Errorf("%d nodes with %d Deployments, want 24 with 12 (and 12 Services, frontend-external included; ServiceAccounts skipped)", nodes, services)
	}
	ws := warnings(g)
	if len(ws) != 1 || !strings.Contains(ws[0], "Deployment default/frontend: env SHOPPING_ASSISTANT_SERVICE_ADDR names Service shoppingassistantservice") {
		t.Errorf("warnings %q, want the one unresolved shoppingassistantservice", ws)
	}
}
