package compose_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// realworld is the folder of real compose files (see its SOURCES.md).
const ownRealworld = "../../fixtures/realworld/compose"

func hasEdge(g *graph.Graph, from, to, via string) bool {
	for _, e := range g.Edges() {
		if e.From == from && e.To == to && (via == "" || e.Via == via) {
			return true
		}
	}
	return false
}

func TestRealworldAuthentik(t *testing.T) {
	file := filepath.Join(ownRealworld, "authentik-docker-compose.yml")
	for _, tc := range []struct {
		name     string
		env      map[string]string
		warnings string
	}{
		{"nothing set: the required PG_PASS is named", nil,
			file + ": variables not set, taken as empty: PG_PASS (set them in the environment, in .env beside the file, or with --env-file)\n"},
		{"PG_PASS set", map[string]string{"PG_PASS": "x"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := importers.Load([]string{file}, formats.Defaults(importers.Options{Environ: environ(tc.env)}))
			if err != nil {
				t.Fatal(err)
			}
			g := res.Graph
			if got := warnLines(g); got != tc.warnings {
				t.Errorf("warnings:\n%s\nwant:\n%s", got, tc.warnings)
			}
			want := `compose:server -> compose:postgresql hard via env:AUTHENTIK_POSTGRESQL__HOST
compose:server -> compose:redis hard via env:AUTHENTIK_REDIS__HOST
compose:worker -> compose:postgresql hard via env:AUTHENTIK_POSTGRESQL__HOST
compose:worker -> compose:redis hard via env:AUTHENTIK_REDIS__HOST
`
			if got := edgeLines(g); got != want {
				t.Errorf("edges:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestRealworldSentry(t *testing.T) {
	dir := filepath.Join(ownRealworld, "sentry-self-hosted")
	data, err := os.ReadFile(filepath.Join(dir, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	// the services defined, read from the text: two-space keys under services:
	var want []string
	in := false
	for _, l := range strings.Split(string(data), "\n") {
		switch {
		case l == "services:":
			in = true
		case in && len(l) > 0 && l[0] != ' ' && l[0] != '#':
			in = false
		case in && strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   ") && strings.HasSuffix(l, ":") && !strings.HasPrefix(l, "  #"):
			want = append(want, strings.TrimSuffix(strings.TrimSpace(l), ":"))
		}
	}
	if len(want) < 40 {
		t.Fatalf("found %d services in the text", len(want))
	}
	alone := t.TempDir()
	if err := os.WriteFile(filepath.Join(alone, "docker-compose.yml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, file, prefix string }{
		{"with its .env", filepath.Join(dir, "docker-compose.yml"), "compose:sentry-self-hosted/"},
		{"the file alone", filepath.Join(alone, "docker-compose.yml"), "compose:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := importers.Load([]string{tc.file}, formats.Defaults(importers.Options{Environ: environ(nil)}))
			if err != nil {
				t.Fatal(err)
			}
			g := res.Graph
			if w := warnLines(g); w != "" {
				t.Errorf("warnings:\n%s", w)
			}
			if g.Len() != len(want) {
				t.Errorf("%d nodes, want %d", g.Len(), len(want))
			}
			for _, s := range want {
				if _, ok := g.Node(tc.prefix + s); !ok {
					t.Errorf("no node %s%s", tc.prefix, s)
				}
			}
			p := tc.prefix
			for _, e := range [][3]string{
				{"web", "snuba-api", "env:SNUBA"},
				{"snuba-api", "clickhouse", "env:CLICKHOUSE_HOST"},
				{"web", "pgbouncer", "depends_on"},
				{"web", "kafka", "depends_on"},
			} {
				if !hasEdge(g, p+e[0], p+e[1], e[2]) {
					t.Errorf("no edge %s -> %s via %s", p+e[0], p+e[1], e[2])
				}
			}
		})
	}
}
