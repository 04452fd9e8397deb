package backstage_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/backstage"
)

// FuzzImport feeds arbitrary content to the Backstage importer and its
// linker: errors are fine, panics are not.
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {dependsOn: [a, 'component:', ':', '/'], consumesApis: [x], providesApis: [x]}\n"))
	f.Add([]byte("apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: x, namespace: n, annotations: {blast.dev/depends-on: 'tag:, *, '}}\n---\n- 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := graph.New()
		s := importers.NewSession(g)
		if err := (backstage.Importer{}).Import(importers.Input{Name: "fuzz.yaml", Data: data, Session: s}, g); err != nil {
			return
		}
		if err := (backstage.Linker{}).Link(s); err != nil {
			t.Fatalf("linker: %v", err)
		}
	})
}
