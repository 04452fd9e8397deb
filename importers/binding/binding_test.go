package binding

import (
	"reflect"
	"strings"
	"testing"

	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

func TestParseRef(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Ref
		err  string
	}{
		{in: "checkout", want: Ref{Raw: "checkout"}},
		{in: "module.db.*", want: Ref{Raw: "module.db.*", Glob: true}},
		{in: "tag:Service=checkout", want: Ref{Raw: "tag:Service=checkout", Tag: true, Key: "Service", Value: "checkout"}},
		{in: "tag:app.kubernetes.io/name=cart", want: Ref{Raw: "tag:app.kubernetes.io/name=cart", Tag: true, Key: "app.kubernetes.io/name", Value: "cart"}},
		{in: "tag:team", want: Ref{Raw: "tag:team", Tag: true, Key: "team", Value: "*"}},
		{in: "tag:Service=check*", want: Ref{Raw: "tag:Service=check*", Tag: true, Key: "Service", Value: "check*"}},
		{in: "", err: "empty reference"},
		{in: " x", err: "surrounding spaces"},
		{in: "tag:=x", err: "names no tag key"},
		{in: "tag:Service=", err: "empty tag value"},
	} {
		got, err := ParseRef(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseRef(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseRef(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

// testGraph holds two merged states (prefixes east and west) that both hold
// aws_vpc.this, a counted instance, a module, a data source, tags, a
// declared service and a compose service.
func testGraph(t *testing.T) *graph.Graph {
	t.Helper()
	g := graph.New()
	add := func(n *graph.Node) {
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	res := func(prefix, addr string, tags map[string]string) *graph.Node {
		return &graph.Node{ID: prefix + ":" + addr, Kind: graph.KindResource, Type: strings.Split(addr, ".")[0],
			Name: "x", Address: addr, Mode: graph.ModeManaged, Tags: graph.TagsOf(tags)}
	}
	add(res("east", "aws_vpc.this", nil))
	add(res("west", "aws_vpc.this", nil))
	add(res("east", "aws_instance.web[0]", map[string]string{"Service": "web"}))
	add(res("east", "aws_instance.web[1]", map[string]string{"Service": "web", "app": "other"}))
	add(res("east", "module.db.aws_db_instance.main", map[string]string{"app": "orders"}))
	add(res("east", `module.db["x"].aws_db_subnet_group.this`, nil))
	d := res("east", "data.aws_iam_policy_document.p", map[string]string{"Service": "web"})
	d.Mode = graph.ModeData
	add(d)
	add(&graph.Node{ID: "service:checkout", Kind: graph.KindService, Type: "service", Name: "checkout"})
	add(&graph.Node{ID: "compose:redis", Kind: graph.KindService, Type: "compose-service", Name: "redis"})
	return g
}

func TestResolve(t *testing.T) {
	g := testGraph(t)
	x := NewIndex(g)
	for _, tc := range []struct {
		ref    string
		ids    []string
		rule   string
		inputs []string
	}{
		{ref: "checkout", ids: []string{"service:checkout"}, rule: "service"},
		{ref: "service:checkout", ids: []string{"service:checkout"}, rule: "id"},
		{ref: "redis", ids: []string{"compose:redis"}, rule: "name"},
		{ref: "compose:redis", ids: []string{"compose:redis"}, rule: "id"},
		{ref: "aws_vpc.this", ids: []string{"east:aws_vpc.this", "west:aws_vpc.this"}, rule: "address", inputs: []string{"east", "west"}},
		{ref: "west:aws_vpc.this", ids: []string{"west:aws_vpc.this"}, rule: "id"},
		{ref: "aws_instance.web", ids: []string{"east:aws_instance.web[0]", "east:aws_instance.web[1]"}, rule: "resource"},
		{ref: "east:aws_instance.web", ids: []string{"east:aws_instance.web[0]", "east:aws_instance.web[1]"}, rule: "resource"},
		{ref: "module.db.aws_db_subnet_group.this", ids: []string{`east:module.db["x"].aws_db_subnet_group.this`}, rule: "resource"},
		{ref: "module.db*", ids: []string{"east:module.db.aws_db_instance.main", `east:module.db["x"].aws_db_subnet_group.this`}, rule: "glob"},
		{ref: "west:*", ids: []string{"west:aws_vpc.this"}, rule: "glob"},
		{ref: "tag:Service=web", ids: []string{"east:aws_instance.web[0]", "east:aws_instance.web[1]"}, rule: "tag"},
		{ref: "tag:app", ids: []string{"east:aws_instance.web[1]", "east:module.db.aws_db_instance.main"}, rule: "tag"},
		{ref: "tag:app=ord*", ids: []string{"east:module.db.aws_db_instance.main"}, rule: "tag"},
		{ref: "data.aws_iam_policy_document.p", ids: []string{"east:data.aws_iam_policy_document.p"}, rule: "address"},
		{ref: "nothing"},
		{ref: "tag:Service=nothing"},
		{ref: "x"}, // Terraform names never match as service names
	} {
		r, err := ParseRef(tc.ref)
		if err != nil {
			t.Fatal(err)
		}
		m := x.Resolve(r)
		if !reflect.DeepEqual(m.IDs, tc.ids) || m.Rule != tc.rule || !reflect.DeepEqual(m.Inputs, tc.inputs) {
			t.Errorf("Resolve(%q) = %+v, want ids %v rule %q inputs %v", tc.ref, m, tc.ids, tc.rule, tc.inputs)
		}
	}
}

func TestTagLinker(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []string
		want string // edges from service nodes, one per line
	}{
		{name: "default keys", keys: nil, want: `
service:orders -> east:module.db.aws_db_instance.main hard via tag:app
service:web -> east:aws_instance.web[0] hard via tag:Service
service:web -> east:aws_instance.web[1] hard via tag:Service`},
		{name: "app first", keys: []string{"app", "Service"}, want: `
service:orders -> east:module.db.aws_db_instance.main hard via tag:app
service:other -> east:aws_instance.web[1] hard via tag:app
service:web -> east:aws_instance.web[0] hard via tag:Service`},
		{name: "off", keys: []string{}, want: ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := testGraph(t)
			if err := (Linker{Keys: tc.keys}).Link(importers.NewSession(g)); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range g.Edges() {
				got = append(got, e.From+" -> "+e.To+" "+e.Kind.String()+" via "+e.Via)
			}
			if s := strings.Join(got, "\n"); s != strings.TrimSpace(tc.want) {
				t.Errorf("edges:\n%s\nwant:\n%s", s, strings.TrimSpace(tc.want))
			}
			if n, ok := g.Node("service:web"); ok && (n.Kind != graph.KindService || n.Source.Address != "aws_instance.web[0]") {
				t.Errorf("service:web = %+v, want a service found on aws_instance.web[0]", n)
			}
		})
	}
}

func TestCycles(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edges string // "a>b c>d ..."
		want  []string
	}{
		{name: "none", edges: "a>b b>c", want: nil},
		{name: "two", edges: "a>b b>a", want: []string{"a -> b"}},
		{name: "shortest through smallest", edges: "b>c c>d d>b c>b", want: []string{"b -> c"}},
		{name: "two components", edges: "a>b b>a x>y y>z z>x", want: []string{"a -> b", "x -> y -> z"}},
		{name: "outside ignored", edges: "a>out out>a", want: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := graph.New()
			ids := map[string]bool{}
			for _, e := range strings.Fields(tc.edges) {
				from, to, _ := strings.Cut(e, ">")
				for _, id := range []string{from, to} {
					if !ids[id] {
						ids[id] = true
						if err := g.AddNode(&graph.Node{ID: id, Kind: graph.KindService}); err != nil {
							t.Fatal(err)
						}
					}
				}
				if err := g.AddEdge(graph.Edge{From: from, To: to}); err != nil {
					t.Fatal(err)
				}
			}
			var set []string
			for id := range ids {
				if id != "out" {
					set = append(set, id)
				}
			}
			var got []string
			for _, c := range Cycles(g, set) {
				got = append(got, strings.Join(c, " -> "))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Cycles = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestValidName(t *testing.T) {
	for name, ok := range map[string]bool{"checkout": true, "My Service": true, "team/api": true,
		"": false, " x": false, "a:b": false, "a*": false, "a\tb": false} {
		if err := ValidName(name); (err == nil) != ok {
			t.Errorf("ValidName(%q) = %v, want ok=%v", name, err, ok)
		}
	}
}

func TestConfigured(t *testing.T) {
	for _, tc := range []struct {
		name, toml string
		keys       []string // nil: the default keys
		off        bool     // binding turned off
		err        string
	}{
		{name: "absent", toml: "[[scenario]]\nname = \"x\"\n"},
		{name: "section without keys", toml: "[binding]\n"},
		{name: "keys", toml: "[binding]\ntag_keys = [\"team-service\", \"Service\"]\n", keys: []string{"team-service", "Service"}},
		{name: "off", toml: "[binding]\ntag_keys = []\n", off: true},
		{name: "unknown key", toml: "[binding]\ntagkeys = [\"x\"]\n", err: `config: blast.toml: line 2: unknown key "binding.tagkeys"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Parse("blast.toml", []byte(tc.toml))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Configured(cfg)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Errorf("error = %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case got.Name() != "binding":
				t.Errorf("linker = %s, want binding", got.Name())
			case tc.off:
				if got.Keys == nil || len(got.Keys) != 0 {
					t.Errorf("linker = %+v, want binding turned off", got)
				}
			case !reflect.DeepEqual(got.Keys, tc.keys):
				t.Errorf("linker keys = %#v, want %#v", got.Keys, tc.keys)
			}
		})
	}
}
