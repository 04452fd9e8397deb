package manifest_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
	"github.com/blast-dev/blast/importers/manifest"
)

// res is one resource of a test state: type.name in a region, with tags,
// count instances when count > 0.
type res struct {
	addr, region string
	tags         map[string]string
	count        int
}

// state renders a format 4 raw state holding the resources.
func state(rs ...res) string {
	type inst struct {
		IndexKey   any            `json:"index_key,omitempty"`
		Attributes map[string]any `json:"attributes"`
	}
	type resource struct {
		Module    string `json:"module,omitempty"`
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Provider  string `json:"provider"`
		Instances []inst `json:"instances"`
	}
	out := []resource{}
	for _, r := range rs {
		addr, mod := r.addr, ""
		if strings.HasPrefix(addr, "module.") {
			parts := strings.SplitN(addr, ".", 3)
			mod, addr = parts[0]+"."+parts[1], parts[2]
		}
		typ, name, _ := strings.Cut(addr, ".")
		rr := resource{Module: mod, Mode: "managed", Type: typ, Name: name, Provider: `provider["registry.terraform.io/hashicorp/aws"]`}
		n := r.count
		if n == 0 {
			n = 1
		}
		for i := 0; i < n; i++ {
			attrs := map[string]any{"id": fmt.Sprintf("%s-%s-%d", name, r.region, i), "region": r.region}
			if r.tags != nil {
				attrs["tags"] = r.tags
			}
			in := inst{Attributes: attrs}
			if r.count > 0 {
				in.IndexKey = i
			}
			rr.Instances = append(rr.Instances, in)
		}
		out = append(out, rr)
	}
	data, err := json.Marshal(map[string]any{"version": 4, "terraform_version": "1.9.0", "serial": 1, "lineage": "x", "resources": out})
	if err != nil {
		panic(err)
	}
	return string(data)
}

func load(t *testing.T, files map[string]string, opt importers.Options) (*importers.Result, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	var paths []string
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
		paths = append(paths, name)
	}
	sort.Strings(paths)
	opt.FS = fsys
	if opt.Importers == nil {
		opt = formats.Defaults(opt)
	}
	return importers.Load(paths, opt)
}

// configured returns the load options of every format with the linkers
// a blast.toml holding text sets up.
func configured(t *testing.T, text string) importers.Options {
	t.Helper()
	cfg, err := config.Parse("blast.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	opt, err := formats.Options(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return opt
}

// edges lists the edges leaving service nodes, with group and via.
func edges(g *graph.Graph) string {
	var b strings.Builder
	for _, e := range g.Edges() {
		if n, _ := g.Node(e.From); n.Kind != graph.KindService {
			continue
		}
		fmt.Fprintf(&b, "%s -> %s %s", e.From, e.To, e.Kind)
		if e.Group != "" {
			fmt.Fprintf(&b, " group=%s", e.Group)
		}
		fmt.Fprintf(&b, " via %s\n", e.Via)
	}
	return b.String()
}

func warnings(g *graph.Graph) string {
	var b strings.Builder
	for _, w := range g.Warnings() {
		b.WriteString(w.String() + "\n")
	}
	return b.String()
}

var shop = state(
	res{addr: "aws_lb.shop", region: "us-east-1"},
	res{addr: "aws_dynamodb_table.orders", region: "us-east-1", tags: map[string]string{"Service": "checkout"}},
	res{addr: "aws_lambda_function.catalog_use1", region: "us-east-1"},
	res{addr: "aws_lambda_function.catalog_euw1", region: "eu-west-1"},
	res{addr: "aws_instance.web", region: "us-east-1", count: 2},
	res{addr: "module.db.aws_db_instance.main", region: "us-east-1", tags: map[string]string{"app": "payments"}},
	res{addr: "module.db.aws_db_parameter_group.main", region: "us-east-1"},
	res{addr: "aws_sqs_queue.mail", region: "us-east-1", tags: map[string]string{"Service": "mailer"}},
)

func TestImportAndLink(t *testing.T) {
	for _, tc := range []struct {
		name     string
		manifest string
		edges    string
		warnings string
	}{
		{
			name: "addresses, services, soft, tags",
			manifest: `
[[service]]
name = "storefront"
tier = "1"
owner = "team-web"
depends_on = ["checkout", "aws_lb.shop", "aws_instance.web"]
soft_depends_on = ["mailer"]

[[service]]
name = "checkout"
depends_on = ["payments"]
`,
			edges: `service:checkout -> service:payments hard via depends_on
service:checkout -> shop:aws_dynamodb_table.orders hard via tag:Service
service:mailer -> shop:aws_sqs_queue.mail hard via tag:Service
service:payments -> shop:module.db.aws_db_instance.main hard via tag:app
service:storefront -> service:checkout hard via depends_on
service:storefront -> service:mailer soft via soft_depends_on
service:storefront -> shop:aws_instance.web[0] hard via depends_on aws_instance.web
service:storefront -> shop:aws_instance.web[1] hard via depends_on aws_instance.web
service:storefront -> shop:aws_lb.shop hard via depends_on
`,
		},
		{
			name: "glob and tag match",
			manifest: `
[[service]]
name = "billing"
depends_on = ["module.db.*", "tag:Service=mail*"]
`,
			edges: `service:billing -> shop:aws_sqs_queue.mail hard via depends_on tag:Service=mail*
service:billing -> shop:module.db.aws_db_instance.main hard via depends_on module.db.*
service:billing -> shop:module.db.aws_db_parameter_group.main hard via depends_on module.db.*
service:checkout -> shop:aws_dynamodb_table.orders hard via tag:Service
service:mailer -> shop:aws_sqs_queue.mail hard via tag:Service
service:payments -> shop:module.db.aws_db_instance.main hard via tag:app
`,
		},
		{
			name: "redundancy groups replace tag edges",
			manifest: `
[[service]]
name = "checkout"

  [[service.redundancy]]
  name = "orders"
  any = ["aws_dynamodb_table.orders", "aws_lambda_function.catalog_euw1"]

  [[service.redundancy]]
  need = 2
  of = ["aws_instance.web", "aws_lb.shop"]
  kind = "soft"
`,
			edges: `service:checkout -> shop:aws_dynamodb_table.orders hard group=orders via redundancy.any
service:checkout -> shop:aws_instance.web[0] soft group=redundancy-2 via redundancy.of aws_instance.web
service:checkout -> shop:aws_instance.web[1] soft group=redundancy-2 via redundancy.of aws_instance.web
service:checkout -> shop:aws_lambda_function.catalog_euw1 hard group=orders via redundancy.any
service:checkout -> shop:aws_lb.shop soft group=redundancy-2 via redundancy.of
service:mailer -> shop:aws_sqs_queue.mail hard via tag:Service
service:payments -> shop:module.db.aws_db_instance.main hard via tag:app
`,
		},
		{
			name: "unresolved references and cycles are warnings",
			manifest: `
[[service]]
name = "a"
depends_on = ["b", "nope", "module.nothing.*", "tag:Team=x"]

[[service]]
name = "b"
depends_on = ["a"]

[[service]]
name = "lonely"

[[service]]
name = "quorum"
  [[service.redundancy]]
  need = 2
  of = ["aws_lb.shop", "gone"]
`,
			edges: `service:a -> service:b hard via depends_on
service:b -> service:a hard via depends_on
service:checkout -> shop:aws_dynamodb_table.orders hard via tag:Service
service:mailer -> shop:aws_sqs_queue.mail hard via tag:Service
service:payments -> shop:module.db.aws_db_instance.main hard via tag:app
service:quorum -> shop:aws_lb.shop hard group=redundancy-1 via redundancy.of
`,
			warnings: `manifest: dependency cycle: service:a -> service:b -> service:a (allowed, not an error)
services.toml: service "a": depends_on "module.nothing.*" matches nothing (not a service, node ID, Terraform address, glob or tag match)
services.toml: service "a": depends_on "nope" matches nothing (not a service, node ID, Terraform address, glob or tag match)
services.toml: service "a": depends_on "tag:Team=x" matches nothing (not a service, node ID, Terraform address, glob or tag match)
services.toml: service "lonely" depends on nothing (no reference resolved and no tag names it): no outage can reach it
services.toml: service "quorum": redundancy "redundancy-1" member "gone" matches nothing (not a service, node ID, Terraform address, glob or tag match)
services.toml: service "quorum": redundancy "redundancy-1" needs 2 but only 1 members resolved: it fails with any of them
`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := load(t, map[string]string{"shop.tfstate": shop, "other.tfstate": state(), "services.toml": tc.manifest}, importers.Options{})
			if err != nil {
				t.Fatal(err)
			}
			g := res.Graph
			if got := edges(g); got != tc.edges {
				t.Errorf("edges:\n%s\nwant:\n%s", got, tc.edges)
			}
			if got := warnings(g); got != tc.warnings {
				t.Errorf("warnings:\n%s\nwant:\n%s", got, tc.warnings)
			}
			for _, n := range g.Nodes() {
				if _, ok := n.Attrs["manifest.pending"]; ok {
					t.Errorf("%s still holds unresolved references after linking", n.ID)
				}
			}
		})
	}
}

func TestServiceNodes(t *testing.T) {
	res, err := load(t, map[string]string{"shop.tfstate": shop, "services.toml": `
# shop services
[[service]]
name = "storefront"
tier = "1"
criticality = "high"
owner = "team-web"
depends_on = ["aws_lb.shop"]
`}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n, ok := res.Graph.Node("service:storefront")
	if !ok {
		t.Fatal("no service:storefront")
	}
	want := map[string]string{"tier": "1", "criticality": "high", "owner": "team-web"}
	if n.Kind != graph.KindService || n.Name != "storefront" || n.Source.File != "services.toml" || n.Source.Line != 3 || fmt.Sprint(n.Labels) != fmt.Sprint(want) {
		t.Errorf("node = %+v", n)
	}
	var formats []string
	for _, in := range res.Inputs {
		formats = append(formats, in.Name+"="+in.Format)
	}
	if got := strings.Join(formats, " "); got != "services.toml=manifest shop.tfstate=tfstate" {
		t.Errorf("inputs = %s", got)
	}
}

func TestMergedStates(t *testing.T) {
	east := state(res{addr: "aws_vpc.this", region: "us-east-1"})
	west := state(res{addr: "aws_vpc.this", region: "us-west-2"})
	res, err := load(t, map[string]string{"east.tfstate": east, "west.tfstate": west, "services.toml": `
[[service]]
name = "both"
depends_on = ["aws_vpc.this"]

[[service]]
name = "one"
depends_on = ["west:aws_vpc.this"]
`}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	wantEdges := `service:both -> east:aws_vpc.this hard via depends_on
service:both -> west:aws_vpc.this hard via depends_on
service:one -> west:aws_vpc.this hard via depends_on
`
	if got := edges(g); got != wantEdges {
		t.Errorf("edges:\n%s\nwant:\n%s", got, wantEdges)
	}
	wantWarn := `services.toml: service "both": depends_on "aws_vpc.this" matches resources of 2 states (east, west); all are bound: write PREFIX:ADDRESS to pick one
`
	if got := warnings(g); got != wantWarn {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, wantWarn)
	}
}

func TestConfiguredTagKeys(t *testing.T) {
	res, err := load(t, map[string]string{"shop.tfstate": shop, "services.toml": `
[[service]]
name = "checkout"
depends_on = ["aws_lb.shop"]
`}, configured(t, "[binding]\ntag_keys = [\"app\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := `service:checkout -> aws_lb.shop hard via depends_on
service:payments -> module.db.aws_db_instance.main hard via tag:app
`
	if got := edges(res.Graph); got != want {
		t.Errorf("edges:\n%s\nwant:\n%s", got, want)
	}
}

// TestSecondRegionReplica: a service that needs any one of two regional
// copies is degraded, not failed, when one region goes down; one that
// needs a single-region table fails, with the chain down to the resource.
func TestSecondRegionReplica(t *testing.T) {
	res, err := load(t, map[string]string{"shop.tfstate": shop, "services.toml": `
[[service]]
name = "catalog"
  [[service.redundancy]]
  name = "regions"
  any = ["aws_lambda_function.catalog_use1", "aws_lambda_function.catalog_euw1"]

[[service]]
name = "storefront"
depends_on = ["checkout"]
soft_depends_on = ["catalog"]
`}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	dom, err := analyzer.ParseDomain("aws:us-east-1", g)
	if err != nil {
		t.Fatal(err)
	}
	r := analyzer.New(g, nil).Run(analyzer.Scenario{Down: []analyzer.Domain{dom}})
	for id, want := range map[string]string{
		"service:catalog":    "degraded",
		"service:checkout":   "failed",
		"service:storefront": "failed",
		"service:payments":   "failed",
	} {
		st, _ := r.StateOf(id)
		if st.String() != want {
			t.Errorf("%s = %s, want %s", id, st, want)
		}
	}
	im, _ := r.Impact("service:storefront")
	var chain []string
	for _, s := range im.Chain {
		chain = append(chain, s.Node)
	}
	if got := strings.Join(chain, " -> "); got != "service:storefront -> service:checkout -> aws_dynamodb_table.orders" || im.Domain != "aws:us-east-1" {
		t.Errorf("storefront chain = %s (domain %s)", got, im.Domain)
	}
	if im, _ := r.Impact("service:catalog"); strings.Join(im.Left, ",") != "aws_lambda_function.catalog_euw1" {
		t.Errorf("catalog left = %v", im.Left)
	}
	grp, ok := g.Group("service:catalog", "regions")
	if !ok || grp.Need != 1 || grp.Reason != `services.toml line 4: service "catalog" redundancy "regions" (any of its members)` {
		t.Errorf("group = %+v", grp)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, manifest, want string
	}{
		{"unknown key", "[[service]]\nname = \"a\"\n\n[[service]]\nname = \"b\"\ndependz = [\"a\"]\n",
			`manifest: services.toml: line 6: unknown key "dependz" in [[service]] (known: criticality, depends_on, name, owner, redundancy, soft_depends_on, tier)`},
		{"unknown group key", "[[service]]\nname = \"a\"\n  [[service.redundancy]]\n  nedd = 2\n  of = [\"x\"]\n",
			`manifest: services.toml: line 4: unknown key "nedd" in [[service.redundancy]] (known: any, kind, name, need, of)`},
		{"unknown top-level key", "servcies = 1\n[[service]]\nname = \"a\"\n",
			`manifest: services.toml: line 1: unknown key "servcies" (a manifest holds [[service]] tables; blast.toml sections: binding, k8s, platform, policy, scenario, service, suppression, teams)`},
		{"wrong type", "[[service]]\nname = \"a\"\ndepends_on = \"b\"\n",
			`manifest: services.toml: line 3: service.depends_on is a string; want a list of strings`},
		{"syntax", "[[service]]\nname = \"a\n",
			`manifest: services.toml: line 2: `},
		{"no name", "[[service]]\ntier = \"1\"\n",
			`manifest: services.toml: line 1: service without a name`},
		{"bad name", "[[service]]\nname = \"a:b\"\n",
			`manifest: services.toml: line 1: service name "a:b" holds one of : * ?`},
		{"twice", "[[service]]\nname = \"a\"\n[[service]]\nname = \"a\"\n",
			`manifest: services.toml: line 3: service "a" is declared twice (first on line 1)`},
		{"empty ref", "[[service]]\nname = \"a\"\ndepends_on = [\"\"]\n",
			`manifest: services.toml: line 1: service "a": depends_on: empty reference`},
		{"any and of", "[[service]]\nname = \"a\"\n[[service.redundancy]]\nany = [\"x\"]\nof = [\"y\"]\nneed = 1\n",
			`service "a": redundancy "redundancy-1": give either any = [...] or need = K with of = [...], not both`},
		{"need too big", "[[service]]\nname = \"a\"\n[[service.redundancy]]\nof = [\"x\", \"y\"]\nneed = 3\n",
			`service "a": redundancy "redundancy-1": need = 3, want 1 to 2`},
		{"need without of", "[[service]]\nname = \"a\"\n[[service.redundancy]]\nany = [\"x\"]\nneed = 1\n",
			`need goes with of`},
		{"empty group", "[[service]]\nname = \"a\"\n[[service.redundancy]]\nname = \"g\"\n",
			`service "a": redundancy "g" has no members`},
		{"bad kind", "[[service]]\nname = \"a\"\n[[service.redundancy]]\nany = [\"x\"]\nkind = \"control\"\n",
			`kind "control" is not hard or soft`},
		{"group twice", "[[service]]\nname = \"a\"\n[[service.redundancy]]\nname = \"g\"\nany = [\"x\"]\n[[service.redundancy]]\nname = \"g\"\nany = [\"y\"]\n",
			`redundancy "g" is declared twice`},
		{"inline tables", "service = [{ name = \"a\", dependz = [] }]\n",
			`manifest: services.toml: line 1: unknown key "dependz" in [[service]]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, map[string]string{"services.toml": tc.manifest}, importers.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDeclaredInTwoFiles(t *testing.T) {
	_, err := load(t, map[string]string{
		"a/services.toml": "[[service]]\nname = \"x\"\n",
		"b/services.toml": "\n[[service]]\nname = \"x\"\n"}, importers.Options{})
	want := `manifest: b/services.toml: line 2: service "x" is already declared in a/services.toml line 1`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func TestBlastTOMLSectionsIgnored(t *testing.T) {
	_, err := load(t, map[string]string{"blast.toml": `
[binding]
tag_keys = ["team"]

[[scenario]]
name = "east"
down = ["aws:us-east-1"]

[[service]]
name = "x"
`}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDetect(t *testing.T) {
	for in, want := range map[string]bool{
		"[[service]]\nname = \"a\"":           true,
		"# c\n[[ service ]]\nname = \"a\"":    true,
		"service = [{ name = \"a\" }]":        true,
		"[[scenario]]\nname = \"a\"":          false,
		`{"service": []}`:                     false,
		"services:\n  web:\n    image: nginx": false,
	} {
		data := importers.Trim([]byte(in))
		imp, err := importers.Detect(data, formats.Importers())
		got := err == nil && imp.Name() == "manifest"
		if got != want {
			t.Errorf("Detect(%q) manifest = %v, want %v", in, got, want)
		}
	}
}

// TestReferencesKeptInSession imports a manifest outside Load: the
// references wait in the session, never on the nodes, and the linker of
// that session resolves them.
func TestReferencesKeptInSession(t *testing.T) {
	g := graph.New()
	s := importers.NewSession(g)
	in := importers.Input{Name: "services.toml", Session: s,
		Data: []byte("[[service]]\nname = \"a\"\ndepends_on = [\"b\"]\n[[service]]\nname = \"b\"\n")}
	if err := (manifest.Importer{}).Import(in, g); err != nil {
		t.Fatal(err)
	}
	for _, n := range g.Nodes() {
		if len(n.Attrs) != 0 {
			t.Errorf("%s carries attributes %v after import", n.ID, n.Attrs)
		}
	}
	if err := (manifest.Linker{}).Link(importers.NewSession(g)); err != nil {
		t.Fatal(err)
	}
	if deps := g.DependenciesOf("service:a"); len(deps) != 0 {
		t.Errorf("another session's linker drew %v", deps)
	}
	if err := (manifest.Linker{}).Link(s); err != nil {
		t.Fatal(err)
	}
	if deps := g.DependenciesOf("service:a"); len(deps) != 1 || deps[0].To != "service:b" {
		t.Errorf("service:a depends on %v, want service:b", deps)
	}
}
