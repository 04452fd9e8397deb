package compose_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/compose"
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
		fmt.Fprintf(&b, "%s -> %s %s via %s\n", e.From, e.To, e.Kind, e.Via)
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

func TestShop(t *testing.T) {
	data, err := os.ReadFile("testdata/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := load(t, map[string]string{"compose.yaml": string(data)})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	want := `compose:shop/api -> compose:shop/db hard via env:DATABASE_URL
compose:shop/api -> compose:shop/redis hard via env:CACHE_HOST
compose:shop/web -> compose:shop/api hard via env:API_URL
compose:shop/worker -> compose:shop/api hard via network_mode
`
	if got := edgeLines(g); got != want {
		t.Errorf("edges:\n%s\nwant:\n%s", got, want)
	}
	if w := warnLines(g); w != "" {
		t.Errorf("warnings:\n%s", w)
	}
	n, ok := g.Node("compose:shop/api")
	if !ok || n.Kind != graph.KindService || n.Type != "compose-service" || n.Name != "api" || n.Source.Line != 11 ||
		fmt.Sprint(n.Labels) != "map[project:shop]" {
		t.Errorf("api = %+v", n)
	}
	// environment values are never kept
	for _, n := range g.Nodes() {
		if len(n.Attrs) > 0 || len(n.Identities) > 0 || len(n.Tags) > 0 {
			t.Errorf("%s keeps values: %v %v %v", n.ID, n.Attrs, n.Identities, n.Tags)
		}
	}
	if out := fmt.Sprintf("%+v", g.Nodes()) + g.String(); strings.Contains(out, "very-secret") || strings.Contains(out, "8080/v1") {
		t.Error("an environment value leaked into the graph")
	}
}

func TestEdges(t *testing.T) {
	for _, tc := range []struct {
		name, file, edges, warnings string
	}{
		{
			name: "no project name, links, volumes_from, cycles",
			file: `
services:
  a:
    image: x
    links: ["b:bee", c]
    volumes_from: ["c:ro", "container:foreign"]
  b:
    image: x
    environment: {A_HOST: a}
  c:
    image: x
`,
			edges: `compose:a -> compose:b hard via links
compose:a -> compose:c hard via links
compose:b -> compose:a hard via env:A_HOST
`,
			warnings: `compose.yml: dependency cycle: compose:a -> compose:b -> compose:a (allowed, not an error)
`,
		},
		{
			name: "dangling references are warnings",
			file: `
services:
  a:
    image: x
    depends_on: [ghost]
    network_mode: "service:nobody"
`,
			warnings: `compose.yml: service "a": depends_on names service "ghost", which the file does not define
compose.yml: service "a": network_mode names service "nobody", which the file does not define
`,
		},
		{
			name: "no environment given: defaults are taken, the unset named once",
			file: `
services:
  a:
    image: x
    environment:
      - CACHE_URL=redis://${CACHE_HOST:-cache}:6379
      - HOME_HOST=${HOME}
      - REQUIRED=${MUST:?set it}
    env_file: [/etc/passwd]
  cache:
    image: redis
`,
			edges: `compose:a -> compose:cache hard via env:CACHE_URL
`,
			warnings: `compose.yml: variables not set, taken as empty: HOME, MUST (set them in the environment, in .env beside the file, or with --env-file)
`,
		},
		{
			name: "extends in the same file is followed, from another file not",
			file: `
services:
  base:
    image: x
    depends_on: [db]
  a:
    extends: {service: base}
  b:
    extends: {file: /etc/other.yml, service: z}
  db:
    image: postgres
`,
			edges: `compose:a -> compose:db hard via depends_on
compose:base -> compose:db hard via depends_on
`,
			warnings: `compose.yml: services b extend services of other files, which blast does not read: they keep only what this file says
`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := load(t, map[string]string{"compose.yml": tc.file})
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

func TestReferences(t *testing.T) {
	hosts := map[string]string{"db": "db", "pg": "db", "redis": "redis", "api": "api", "worker": "worker"}
	for _, tc := range []struct {
		key, value string
		want       []string
	}{
		{"DATABASE_URL", "postgres://u:p@pg:5432/x", []string{"db"}},
		{"ANYTHING", "postgres://db/x", []string{"db"}},
		{"REDIS_HOST", "redis", []string{"redis"}},
		{"REDIS", "redis:6379", []string{"redis"}},
		{"MODE", "worker", nil}, // a bare word under a key that is not an address
		{"IMAGE", "redis:alpine", nil},
		{"BACKENDS", "api:80,redis:6379", []string{"api", "redis"}},
		{"DSN", "host=db port=5432 dbname=x", []string{"db"}},
		{"MONGO_URL", "mongodb://db:27017,pg:27017/x?replicaSet=rs", []string{"db"}},
		{"JAVA_OPTS", "-Dcache.url=http://redis:6379 -Xmx1g", []string{"redis"}},
		{"DB_PASSWORD", "db:5432", nil}, // secrets are not read
		{"API_TOKEN", "http://api:1", nil},
		{"API_HOST", "API", []string{"api"}},
		{"UPSTREAM", "unknown:80", nil},
	} {
		if got := compose.References(tc.key, tc.value, hosts); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("References(%q, %q) = %q, want %q", tc.key, tc.value, got, tc.want)
		}
	}
}

// TestCloudEndpoints: an environment value naming a cloud endpoint of an
// imported state links the service to that resource (the endpoints
// linker); secret values are not offered.
func TestCloudEndpoints(t *testing.T) {
	state := `{"version":4,"terraform_version":"1.9.0","serial":1,"lineage":"x","resources":[
{"mode":"managed","type":"aws_db_instance","name":"orders","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
 "instances":[{"attributes":{"id":"db-1","region":"us-east-1","address":"orders.c9akciq32.us-east-1.rds.amazonaws.com","endpoint":"orders.c9akciq32.us-east-1.rds.amazonaws.com:5432"}}]},
{"mode":"managed","type":"aws_sqs_queue","name":"jobs","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
 "instances":[{"attributes":{"id":"https://sqs.us-east-1.amazonaws.com/123456789012/jobs","name":"jobs","region":"us-east-1","url":"https://sqs.us-east-1.amazonaws.com/123456789012/jobs"}}]}]}`
	res, err := load(t, map[string]string{"shop.tfstate": state, "compose.yaml": `
services:
  api:
    image: x
    environment:
      DATABASE_URL: postgres://api@orders.c9akciq32.us-east-1.rds.amazonaws.com:5432/orders
      QUEUE_SECRET: https://sqs.us-east-1.amazonaws.com/123456789012/jobs
`})
	if err != nil {
		t.Fatal(err)
	}
	if got := edgeLines(res.Graph); got != "compose:api -> aws_db_instance.orders hard via env:DATABASE_URL\n" {
		t.Errorf("edges:\n%s", got)
	}
}

func TestOverrideFilesMerge(t *testing.T) {
	res, err := load(t, map[string]string{
		"compose.yaml":          "services:\n  web:\n    image: x\n  db:\n    image: y\n",
		"compose.override.yaml": "services:\n  web:\n    depends_on: [db]\n  db: {}\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := edgeLines(res.Graph); got != "compose:web -> compose:db hard via depends_on\n" {
		t.Errorf("edges:\n%s", got)
	}
	if res.Graph.Len() != 2 {
		t.Errorf("%d nodes, want 2", res.Graph.Len())
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"syntax", "services:\n  a: [\n", "compose: compose.yml: "},
		{"no services", "services: {}\n", "compose: compose.yml: no services"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, map[string]string{"compose.yml": tc.file})
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "nonexistent") {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	for in, want := range map[string]bool{
		"services:\n  web:\n    image: nginx":             true,
		"version: '3.8'\nservices:  # apps\n  web: {}":    true,
		"name: x\nservices: {web: {image: nginx}}":        true,
		"apiVersion: v1\nkind: List\nservices:\n  a: 1":   false,
		"jobs:\n  build:\n    services:\n      redis: {}": false,
		`{"services": {"web": {}}}`:                       false,
		"[[service]]\nname = \"services:\"":               false,
	} {
		if got := (compose.Importer{}).Detect([]byte(in)); got != want {
			t.Errorf("Detect(%q) = %v, want %v", in, got, want)
		}
	}
}

func realworld(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "realworld", name))
	if err != nil {
		t.Skipf("realworld input absent: %v", err)
	}
	return string(data)
}

func TestRealworldVotingApp(t *testing.T) {
	data := realworld(t, "compose/example-voting-app-docker-compose.yml")
	res, err := load(t, map[string]string{"docker-compose.yml": data})
	if err != nil {
		t.Fatal(err)
	}
	want := `compose:result -> compose:db hard via depends_on
compose:seed -> compose:vote hard via depends_on
compose:vote -> compose:redis hard via depends_on
compose:worker -> compose:db hard via depends_on
compose:worker -> compose:redis hard via depends_on
`
	if got := edgeLines(res.Graph); got != want {
		t.Errorf("edges:\n%s\nwant:\n%s", got, want)
	}
	if w := warnLines(res.Graph); w != "" {
		t.Errorf("warnings:\n%s", w)
	}
}
