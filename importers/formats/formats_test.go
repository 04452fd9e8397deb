package formats_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// module is the module root, seen from this package's directory.
const module = "../.."

// notInputs are the file names of other tools' files, never inputs.
var notInputs = map[string]bool{"package.json": true, "tsconfig.json": true}

// expected says how many detectors must claim a file of the inputs'
// folders, and why, or skip when the loader never reads it in a walk.
func expected(t *testing.T, rel string, data []byte) (want int, why string, skip bool) {
	name := path.Base(rel)
	switch {
	case strings.HasSuffix(name, ".go"):
		return 0, "", true // the fixtures package and the generator
	case strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".hcl") || strings.HasSuffix(name, ".backup"):
		return 0, "", true // a walk never reads them
	case strings.HasPrefix(rel, "fixtures/realworld/walk/") && !strings.HasPrefix(rel, "fixtures/realworld/walk/k8s/"):
		return 0, "a stray file of a repository-like folder (fixtures/realworld/walk/SOURCES.md)", false
	case strings.HasPrefix(rel, "fixtures/corpus/") && (name == "expect.toml" || strings.HasSuffix(name, ".txt")):
		return 0, "the corpus's expectations and known disagreements (fixtures/corpus)", false
	case strings.HasPrefix(rel, "fixtures/realworld/ci/"):
		return 0, "a GitHub event payload for the Action's scripts", false
	case strings.HasSuffix(name, ".md"):
		return 0, "documentation", false
	case strings.HasSuffix(name, ".svg"):
		return 0, "a picture (fixtures/diagrams, fixtures/realworld/diagrams)", false
	case notInputs[name]:
		return 0, "another tool's file", false
	case strings.HasSuffix(name, ".toml"):
		// a blast.toml is configuration, and an input only when it
		// declares services; the config package says which, not a
		// detector
		cfg, err := config.Parse(name, data)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if cfg.Has("service") {
			return 1, "a TOML file declaring [[service]]", false
		}
		return 0, "configuration without [[service]]", false
	}
	return 1, "an input", false
}

// TestEveryInputHasOneClaimant asks every detector about every file of
// the fixtures (fixtures/**, fixtures/realworld/**) and of the real-world
// inputs beside the module (../shared/realworld/**, when present): an
// input must be claimed by exactly one, so that the detection order
// decides nothing for them, and the stray files of a walked folder, the
// documentation and configuration by none. Broken inputs count as inputs:
// a file that claims a format and is broken must be an error naming it.
func TestEveryInputHasOneClaimant(t *testing.T) {
	imps := formats.Importers()
	roots := []struct{ dir, rel string }{{filepath.Join(module, "fixtures"), "fixtures"}}
	shared := filepath.Join(module, "..", "shared", "realworld")
	if fi, err := os.Stat(shared); err == nil && fi.IsDir() {
		roots = append(roots, struct{ dir, rel string }{shared, "../shared/realworld"})
	} else {
		t.Logf("%s absent: the project's own inputs only", shared)
	}
	counts := map[int]int{}
	for _, root := range roots {
		err := filepath.WalkDir(root.dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == ".e2e" { // expected outputs of the end-to-end cases
					return filepath.SkipDir
				}
				return nil
			}
			r, err := filepath.Rel(root.dir, p)
			if err != nil {
				return err
			}
			rel := path.Join(root.rel, filepath.ToSlash(r))
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			want, why, skip := expected(t, rel, data)
			if skip {
				return nil
			}
			var got []string
			if norm, err := importers.Normalize(data); err == nil {
				for _, imp := range importers.Claimants(norm, imps) {
					got = append(got, imp.Name())
				}
			}
			if len(got) != want {
				t.Errorf("%s (%s): claimed by %d detectors %v, want %d", rel, why, len(got), got, want)
			}
			counts[want]++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// the walk's stray files, documentation and the inputs themselves
	// must all have been seen, or the test checks nothing
	if counts[1] < 40 || counts[0] < 20 {
		t.Errorf("checked %d inputs and %d files that are not; the fixtures hold more", counts[1], counts[0])
	}
}

// TestDetectionOrder holds the list to the order its documentation
// gives: Backstage before Kubernetes (a file may carry both), every
// format once.
func TestDetectionOrder(t *testing.T) {
	var names []string
	for _, imp := range formats.Importers() {
		names = append(names, imp.Name())
	}
	if want := []string{"backstage", "compose", "k8s", "manifest", "tfjson", "tfstate"}; !slices.Equal(names, want) {
		t.Errorf("importers %v, want %v", names, want)
	}
	linkers, err := formats.Linkers(nil)
	if err != nil {
		t.Fatal(err)
	}
	names = nil
	for _, l := range linkers {
		names = append(names, l.Name())
	}
	if want := []string{"crossstate", "backstage", "binding", "k8s", "manifest", "values"}; !slices.Equal(names, want) {
		t.Errorf("linkers %v, want %v", names, want)
	}
}

// TestEveryFormatIsListed reads the packages under importers/ and checks
// that every one declaring an Importer (a Detect method) or a Linker (a
// Link method) is in the list: a format package left out would compile
// and never be read.
func TestEveryFormatIsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, imp := range formats.Importers() {
		listed["Importer "+reflect.TypeOf(imp).PkgPath()] = true
	}
	linkers, err := formats.Linkers(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range linkers {
		listed["Linker "+reflect.TypeOf(l).PkgPath()] = true
	}
	declared := map[string]bool{}
	dirs, err := filepath.Glob(filepath.Join("..", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range file.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 {
					continue
				}
				recv := fn.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				id, ok := recv.(*ast.Ident)
				if !ok {
					continue
				}
				pkg := "github.com/blast-dev/blast/importers/" + filepath.Base(dir)
				switch {
				case id.Name == "Importer" && fn.Name.Name == "Detect":
					declared["Importer "+pkg] = true
				case id.Name == "Linker" && fn.Name.Name == "Link":
					declared["Linker "+pkg] = true
				}
			}
		}
	}
	if len(declared) < 10 {
		t.Fatalf("found only %d importers and linkers under importers/", len(declared))
	}
	for k := range declared {
		if !listed[k] {
			t.Errorf("%s is not in package formats' list", k)
		}
	}
	for k := range listed {
		if !declared[k] {
			t.Errorf("%s is listed but not found under importers/", k)
		}
	}
}
