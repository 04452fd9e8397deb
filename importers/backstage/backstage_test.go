package backstage_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/backstage"
	"github.com/blast-dev/blast/importers/formats"
)

func load(t *testing.T, files map[string]string) (*importers.Result, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	var paths []string
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
		paths = append(paths, name)
	}
	sort.Strings(paths)
	return importers.Load(paths, formats.Defaults(importers.Options{FS: fsys}))
}

func edgeLines(g *graph.Graph) string {
	var b strings.Builder
	for _, e := range g.Edges() {
		fmt.Fprintf(&b, "%s -> %s %s", strings.TrimPrefix(e.From, "backstage:"), strings.TrimPrefix(e.To, "backstage:"), e.Kind)
		if e.Group != "" {
			fmt.Fprintf(&b, " group=%s", e.Group)
		}
		fmt.Fprintf(&b, " via %s\n", e.Via)
	}
	return b.String()
}

func warnLines(g *graph.Graph) string {
	var b strings.Builder
	for _, w := range g.Warnings() {
		b.WriteString(w.String() + "\n")
	}
	return b.String()
}

const ordersState = `{"version":4,"terraform_version":"1.9.0","serial":1,"lineage":"x","resources":[
{"mode":"managed","type":"aws_dynamodb_table","name":"orders","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
 "instances":[{"attributes":{"id":"orders","region":"us-east-1"}}]}]}`

func TestCatalog(t *testing.T) {
	data, err := os.ReadFile("testdata/catalog-info.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := load(t, map[string]string{"catalog-info.yaml": string(data), "orders.tfstate": ordersState})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	want := `api:default/payments-api -> component:default/checkout hard group=providers via providesApis
api:default/payments-api -> component:default/payments-eu hard group=providers via providesApis
component:default/checkout -> resource:default/orders-db hard via dependsOn
component:default/storefront -> api:default/payments-api hard via consumesApis
component:default/storefront -> component:default/checkout hard via dependsOn
resource:default/orders-db -> aws_dynamodb_table.orders hard via blast.dev/depends-on
system:default/shop -> component:default/checkout soft via part of system
system:default/shop -> component:default/storefront soft via part of system
`
	if got := edgeLines(g); got != want {
		t.Errorf("edges:\n%s\nwant:\n%s", got, want)
	}
	if w := warnLines(g); w != "" {
		t.Errorf("warnings:\n%s", w)
	}
	n, ok := g.Node("backstage:component:default/storefront")
	if !ok || n.Kind != graph.KindService || n.Type != "backstage-component" || n.Name != "storefront" || n.Source.Line != 10 ||
		fmt.Sprint(n.Labels) != "map[lifecycle:production namespace:default owner:team-web type:website]" || n.Attrs != nil {
		t.Errorf("storefront = %+v", n)
	}
	if n, _ := g.Node("backstage:resource:default/orders-db"); n.Kind != graph.KindResource {
		t.Errorf("orders-db kind = %s, want resource", n.Kind)
	}
	if _, ok := g.Node("backstage:group:default/team-shop"); ok {
		t.Error("groups must be skipped")
	}
	if grp, ok := g.Group("backstage:api:default/payments-api", "providers"); !ok || grp.Need != 1 {
		t.Errorf("providers group = %+v, %v", grp, ok)
	}
}

func TestRefs(t *testing.T) {
	for _, tc := range []struct {
		name, catalog, edges, warnings string
	}{
		{
			name: "kinds and namespaces",
			catalog: `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: A, namespace: shop}
spec:
  dependsOn: ["Resource:db", "component:default/b", "COMPONENT:shop/c", "d", "resource:ghost"]
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: {name: db, namespace: shop}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: b}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: c, namespace: shop}
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: {name: d, namespace: shop}
`,
			edges: `component:shop/a -> component:default/b hard via dependsOn
component:shop/a -> component:shop/c hard via dependsOn
component:shop/a -> resource:shop/d hard via dependsOn
component:shop/a -> resource:shop/db hard via dependsOn
`,
			warnings: `catalog.yaml: backstage:component:shop/a: dependsOn "resource:ghost" names no entity in the inputs
`,
		},
		{
			name: "undeclared API: consumers need any provider; dependencyOf",
			catalog: `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: web}
spec: {consumesApis: [search, missing]}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: search-a}
spec: {providesApis: [search]}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: search-b}
spec: {providesApis: [search]}
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: {name: index}
spec: {dependencyOf: [component:search-a]}
`,
			edges: `component:default/search-a -> resource:default/index hard via dependencyOf
component:default/web -> component:default/search-a hard group=api default/search via consumesApis search
component:default/web -> component:default/search-b hard group=api default/search via consumesApis search
`,
			warnings: `catalog.yaml: backstage:component:default/web: consumesApis "missing" names no API entity and no component provides it
`,
		},
		{
			name: "cycle is a warning",
			catalog: `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: order}
spec: {dependsOn: [component:shipping]}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: shipping}
spec: {dependsOn: [component:order]}
`,
			edges: `component:default/order -> component:default/shipping hard via dependsOn
component:default/shipping -> component:default/order hard via dependsOn
`,
			warnings: `backstage: dependency cycle: backstage:component:default/order -> backstage:component:default/shipping -> backstage:component:default/order (allowed, not an error)
`,
		},
		{
			name: "other documents are skipped",
			catalog: `
apiVersion: backstage.io/v1alpha1
kind: Location
metadata: {name: loc}
spec: {targets: [./a.yaml]}
---
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
---
apiVersion: backstage.io/v1alpha1
kind: Widget
metadata: {name: w}
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: {name: s}
`,
			warnings: `catalog.yaml: line 12: Backstage kind "Widget" is not imported (Component, Resource, API and System are); skipped
catalog.yaml: line 8: document 3 (apiVersion "v1", kind "ConfigMap") is not a Backstage entity; skipped
`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := load(t, map[string]string{"catalog.yaml": tc.catalog})
			if err != nil {
				t.Fatal(err)
			}
			if got := edgeLines(res.Graph); got != tc.edges {
				t.Errorf("edges:\n%s\nwant:\n%s", got, tc.edges)
			}
			if got := warnLines(res.Graph); got != tc.warnings {
				t.Errorf("warnings:\n%s\nwant:\n%s", got, tc.warnings)
			}
		})
	}
}

func TestSplitCatalog(t *testing.T) {
	res, err := load(t, map[string]string{
		"a/catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {dependsOn: [resource:b]}\n",
		"b/catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: b}\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := edgeLines(res.Graph); got != "component:default/a -> resource:default/b hard via dependsOn\n" {
		t.Errorf("edges:\n%s", got)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ name, catalog, want string }{
		{"no name", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {}\n",
			"backstage: catalog.yaml: line 1: Component without metadata.name"},
		{"bad dependsOn", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: x}\nspec:\n  dependsOn: component:y\n",
			`backstage: catalog.yaml: line 1: Component "x": line 5: cannot unmarshal !!str`},
		{"twice", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: x}\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: X}\n",
			"backstage: catalog.yaml: line 5: backstage:component:default/x is declared twice (also in catalog.yaml line 1)"},
		{"syntax", "apiVersion: backstage.io/v1alpha1\nkind: [\n",
			"backstage: catalog.yaml: document 1: "},
		{"not a mapping", "apiVersion: backstage.io/v1alpha1\n---\n- a\n",
			"backstage: catalog.yaml: line 3: document 2 is not a mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, map[string]string{"catalog.yaml": tc.catalog})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	for in, want := range map[string]bool{
		"apiVersion: backstage.io/v1alpha1\nkind: Component":        true,
		"# c\n---\napiVersion: 'backstage.io/v1beta1'\nkind: API":   true,
		`{"apiVersion": "backstage.io/v1alpha1", "kind": "System"}`: true,
		"apiVersion: apps/v1\nkind: Deployment":                     false,
		"apiVersion: backstage.io/v2\nkind: Component":              false,
	} {
		if got := (backstage.Importer{}).Detect([]byte(in)); got != want {
			t.Errorf("Detect(%q) = %v, want %v", in, got, want)
		}
	}
}

// realworld returns a file of ../shared/realworld, skipping the test when
// the folder is absent (a plain clone).
func realworld(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "realworld", name)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("realworld input absent: %v", err)
	}
	return string(data)
}

func TestRealworldSpringCloudTap(t *testing.T) {
	data := realworld(t, "backstage/spring-cloud-tap-catalog.yaml")
	res, err := load(t, map[string]string{"spring-cloud-tap-catalog.yaml": data})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	var deps []string
	for _, e := range g.Edges() {
		if e.Via == "dependsOn" {
			deps = append(deps, strings.TrimPrefix(e.From, "backstage:")+" -> "+strings.TrimPrefix(e.To, "backstage:"))
		}
	}
	if len(deps) != 22 {
		t.Errorf("%d dependsOn edges, want 22:\n%s", len(deps), strings.Join(deps, "\n"))
	}
	for _, want := range []string{
		"component:default/frontend -> component:default/gateway",
		"component:default/order-service -> resource:default/rmq-1",
		"component:default/order-service -> component:default/shipping-service",
		"component:default/shipping-service -> component:default/order-service",
	} {
		found := false
		for _, d := range deps {
			found = found || d == want
		}
		if !found {
			t.Errorf("missing edge %s", want)
		}
	}
	var cycles []string
	for _, w := range g.Warnings() {
		if strings.Contains(w.Message, "cycle") {
			cycles = append(cycles, w.Message)
		} else {
			t.Errorf("unexpected warning: %s", w)
		}
	}
	want := "dependency cycle: backstage:component:default/order-service -> backstage:component:default/shipping-service -> backstage:component:default/order-service (allowed, not an error)"
	if len(cycles) != 1 || cycles[0] != want {
		t.Errorf("cycles = %q, want [%q]", cycles, want)
	}
	// 5 components, 6 resources, 1 system; location, groups and user skipped
	var kinds []string
	for _, n := range g.Nodes() {
		kinds = append(kinds, strings.SplitN(strings.TrimPrefix(n.ID, "backstage:"), ":", 2)[0])
	}
	if got := strings.Join(kinds, ","); got != "component,component,component,component,component,resource,resource,resource,resource,resource,resource,system" {
		t.Errorf("kinds = %s", got)
	}
}

// TestReferencesKeptInSession imports a catalog outside Load: entity
// references wait in the session, never on the nodes, and the linker of
// that session resolves them.
func TestReferencesKeptInSession(t *testing.T) {
	g := graph.New()
	s := importers.NewSession(g)
	in := importers.Input{Name: "catalog-info.yaml", Session: s, Data: []byte(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: web}
spec: {dependsOn: ["component:db"]}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: db}
`)}
	if err := (backstage.Importer{}).Import(in, g); err != nil {
		t.Fatal(err)
	}
	for _, n := range g.Nodes() {
		if len(n.Attrs) != 0 {
			t.Errorf("%s carries attributes %v after import", n.ID, n.Attrs)
		}
	}
	if err := (backstage.Linker{}).Link(s); err != nil {
		t.Fatal(err)
	}
	deps := g.DependenciesOf("backstage:component:default/web")
	if len(deps) != 1 || deps[0].To != "backstage:component:default/db" {
		t.Errorf("web depends on %v, want the db component", deps)
	}
}
