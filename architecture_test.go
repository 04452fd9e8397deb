package blast_test

import (
	"bytes"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// module is the module path: imports under it are the project's own.
const module = "github.com/blast-dev/blast"

// ownImports returns, for every package of the module (its directory
// relative to the module root, slash-separated), the packages of the
// module its non-test files import, as go build sees them on this
// platform.
func ownImports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			if _, none := err.(*build.NoGoError); none {
				return nil
			}
			return err
		}
		var own []string
		for _, imp := range pkg.Imports {
			if rel, ok := strings.CutPrefix(imp, module+"/"); ok {
				own = append(own, rel)
			}
		}
		out[filepath.ToSlash(path)] = own
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// deps returns every package of the module pkg depends on, directly or
// not (what go list -deps lists of ours, without pkg itself).
func deps(imports map[string][]string, pkg string) []string {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(p string) {
		for _, d := range imports[p] {
			if !seen[d] {
				seen[d] = true
				walk(d)
			}
		}
	}
	walk(pkg)
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}

// under reports whether pkg is root or a package below it.
func under(pkg, root string) bool { return pkg == root || strings.HasPrefix(pkg, root+"/") }

// rule is one import rule of ARCHITECTURE.md: no package matching from
// depends (transitively, when deep) on a package matching to.
type rule struct {
	what     string
	from, to func(string) bool
	deep     bool
}

// violations returns the broken rules, one line each.
func violations(imports map[string][]string, rules []rule) []string {
	var out []string
	pkgs := make([]string, 0, len(imports))
	for p := range imports {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	for _, r := range rules {
		for _, p := range pkgs {
			if !r.from(p) {
				continue
			}
			ds := imports[p]
			if r.deep {
				ds = deps(imports, p)
			}
			for _, d := range ds {
				if r.to(d) {
					out = append(out, r.what+": "+p+" imports "+d)
				}
			}
		}
	}
	return out
}

func is(roots ...string) func(string) bool {
	return func(p string) bool {
		for _, r := range roots {
			if under(p, r) {
				return true
			}
		}
		return false
	}
}

func anyPackage(string) bool { return true }

// importer reports whether p is a specific importer package (under
// importers/, other than the list of formats).
func importer(p string) bool {
	return strings.HasPrefix(p, "importers/") && p != "importers/formats"
}

// rules are the import rules ARCHITECTURE.md documents.
var rules = []rule{
	{"graph imports nothing of ours", is("graph"), anyPackage, false},
	{"analyzer never depends on checks, render, importers or cmd", is("analyzer"), is("checks", "render", "importers", "cmd"), true},
	{"checks never depends on render, importers or cmd", is("checks"), is("render", "importers", "cmd"), true},
	{"render depends on no importer", is("render"), is("importers", "cmd"), true},
	{"importers never depend on the analysis, render or cmd", is("importers"), is("analyzer", "checks", "render", "cmd"), true},
	{"only cmd, and output on its behalf, import render", func(p string) bool { return !is("cmd", "output", "render")(p) }, is("render"), false},
	{"output writes what render drew, and reaches no importer, analysis or cmd", is("output"), func(p string) bool { return importer(p) || is("analyzer", "checks", "cmd", "importers")(p) }, false},
	{"only load imports the list of formats", func(p string) bool { return !is("load", "importers/formats")(p) }, is("importers/formats"), false},
	{"cmd and load import no specific importer", func(p string) bool { return p == "cmd" || p == "load" }, importer, false},
	{"nothing imports cmd but its main", func(p string) bool { return p != "cmd/blast" }, func(p string) bool { return p == "cmd" }, false},
	{"explore never depends on render, importers or cmd", is("explore"), is("render", "importers", "cmd", "output"), true},
	{"the packages cmd calls on its way to the domain never depend on render or cmd", is("load", "planside", "tfconfig", "bytesize", "config", "glob", "parallel", "memlimit", "progress", "buildinfo", "warnings"), is("render", "cmd", "checks", "output"), true},
}

// TestImportRules holds the packages to the dependency rules of
// ARCHITECTURE.md.
func TestImportRules(t *testing.T) {
	imports := ownImports(t)
	for _, p := range []string{"graph", "analyzer", "checks", "render", "importers", "importers/formats", "load", "cmd", "cmd/blast"} {
		if _, ok := imports[p]; !ok {
			t.Fatalf("package %s not found: run the test from the module root", p)
		}
	}
	for _, v := range violations(imports, rules) {
		t.Error(v)
	}
	// cmd is where render and the load meet; the load is where the
	// formats and the analysis meet
	if !slices.Contains(imports["cmd"], "render") || !slices.Contains(imports["cmd"], "load") {
		t.Errorf("cmd imports %v: it should wire render and load", imports["cmd"])
	}
	if !slices.Contains(imports["load"], "importers/formats") || !slices.Contains(imports["load"], "analyzer") {
		t.Errorf("load imports %v: it should wire importers/formats and analyzer", imports["load"])
	}
}

// The rules catch what they are about, directly and through another
// package.
func TestImportRulesCatch(t *testing.T) {
	bad := map[string][]string{
		"graph":             {"glob"},
		"analyzer":          {"graph", "analyzer/platform"},
		"analyzer/platform": {"checks"},
		"checks":            {"analyzer"},
		"render":            {"analyzer", "importers/terraform"},
		"importers/tfjson":  {"importers/terraform"},
		"tfconfig":          {"importers/terraform", "render"},
		"cmd":               {"render", "load", "importers/tfjson"},
		"load":              {"importers/formats", "analyzer", "checks"},
		"cmd/blast":         {"cmd"},
	}
	got := violations(bad, rules)
	for _, want := range []string{
		"graph imports nothing of ours: graph imports glob",
		"analyzer never depends on checks, render, importers or cmd: analyzer imports checks",
		"render depends on no importer: render imports importers/terraform",
		"only cmd, and output on its behalf, import render: tfconfig imports render",
		"cmd and load import no specific importer: cmd imports importers/tfjson",
		"the packages cmd calls on its way to the domain never depend on render or cmd: load imports checks",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("missed %q; got %q", want, got)
		}
	}
	if len(got) != 9 {
		t.Errorf("%d violations, want 9: %q", len(got), got)
	}
}

// cmdLimit is the most lines cmd's non-test Go files may hold together
// (ARCHITECTURE.md: cmd is flags, the load, one domain call and one
// render call; logic goes to the package that owns it).
const cmdLimit = 1400

// goLines counts the lines of the Go files directly in dir, its tests
// (*_test.go) left out, as `cat dir/*.go | wc -l` would without them.
func goLines(t *testing.T, dir string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n += bytes.Count(data, []byte("\n"))
	}
	return n
}

// TestCmdStaysThin holds cmd under cmdLimit non-test lines.
func TestCmdStaysThin(t *testing.T) {
	n := goLines(t, "cmd")
	if n == 0 {
		t.Fatal("no Go files in cmd: run the test from the module root")
	}
	if n > cmdLimit {
		t.Errorf("cmd holds %d non-test Go lines, more than %d: move logic (not help text) into the package that owns it (ARCHITECTURE.md)", n, cmdLimit)
	}
}

// goLines counts what the rule is about: lines of non-test Go files in
// the directory itself, not below it.
func TestGoLinesCounts(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"a.go":        "package a\n\nfunc A() {}\n",
		"b.go":        "package a\n",
		"a_test.go":   "package a\n\n\n\n",
		"notes.md":    "one\ntwo\n",
		"sub/c.go":    "package c\n",
		"sub/c2.go":   "package c\n",
		"sub/c_go.go": "package c\n",
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if n := goLines(t, dir); n != 4 {
		t.Errorf("goLines = %d, want 4 (a.go 3, b.go 1)", n)
	}
}
