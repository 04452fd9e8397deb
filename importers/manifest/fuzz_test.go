package manifest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/binding"
	"github.com/blast-dev/blast/importers/manifest"
)

// FuzzImport feeds arbitrary content to the manifest importer and its
// linkers: errors are fine, panics are not.
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.toml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("[[service]]\nname = \"a\"\ndepends_on = [\"b\", \"tag:x\", \"*\"]\n[[service]]\nname = \"b\"\ndepends_on = [\"a\"]\n"))
	f.Add([]byte("service = [{ name = \"a\", redundancy = [{ need = 1, of = [\"a\"] }] }]\n"))
	f.Add([]byte("[[service]]\nname = \"x\"\n[[service.redundancy]]\nany = [\"?\"]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := graph.New()
		if err := g.AddNode(&graph.Node{ID: "aws_lb.shop", Kind: graph.KindResource, Address: "aws_lb.shop", Tags: graph.Tags{{Key: "Service", Value: "checkout"}}}); err != nil {
			t.Fatal(err)
		}
		s := importers.NewSession(g)
		if err := (manifest.Importer{}).Import(importers.Input{Name: "fuzz.toml", Data: data, Session: s}, g); err != nil {
			return
		}
		if err := (binding.Linker{}).Link(s); err != nil {
			t.Fatalf("binding linker: %v", err)
		}
		if err := (manifest.Linker{}).Link(s); err != nil {
			t.Fatalf("manifest linker: %v", err)
		}
	})
}
