package k8s_test

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
	"github.com/blast-dev/blast/importers/formats"
)

// load imports inline files through the real loader, every format and
// linker included; the linkers given replace those of the same name.
func load(t *testing.T, files map[string]string, linkers ...importers.Linker) (*graph.Graph, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	var paths []string
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
		paths = append(paths, name)
	}
	sort.Strings(paths)
	opt := formats.Defaults(importers.Options{FS: fsys})
	for i, l := range opt.Linkers {
		for _, with := range linkers {
			if with.Name() == l.Name() {
				opt.Linkers[i] = with
			}
		}
	}
	res, err := importers.Load(paths, opt)
	if err != nil {
		return nil, err
	}
	return res.Graph, nil
}

func mustLoad(t *testing.T, files map[string]string, linkers ...importers.Linker) *graph.Graph {
	t.Helper()
	g, err := load(t, files, linkers...)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return g
}

// edges renders every edge as "from -> to kind [group=g] [inferred] via=v".
func edges(g *graph.Graph) []string {
	var out []string
	for _, e := range g.Edges() {
		s := fmt.Sprintf("%s -> %s %s", e.From, e.To, e.Kind)
		if e.Group != "" {
			s += " group=" + e.Group
		}
		if e.Inferred {
			s += " inferred"
		}
		out = append(out, s+" via="+e.Via)
	}
	return out
}

func warnings(g *graph.Graph) []string {
	var out []string
	for _, w := range g.Warnings() {
		out = append(out, w.String())
	}
	return out
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// realworld returns ../shared/realworld seen from the module root, or
// skips the test when it is absent.
func realworld(t *testing.T, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "realworld", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s absent", p)
	}
	return p
}
