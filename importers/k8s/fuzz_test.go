package k8s_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
	"github.com/blast-dev/blast/importers/k8s"
)

// FuzzImport feeds arbitrary content to detection, import and the
// linkers; none of them may panic.
func FuzzImport(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range seeds {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			continue // testdata/fuzz: the corpus of crashers kept as regression cases
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("apiVersion: v1\nkind: List\nitems: [{kind: ServiceList, items: [{}]}]\n"))
	f.Add([]byte("---\n...\n--- !!map\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		imp := k8s.Importer{}
		imp.Detect(importers.Trim(data))
		g := graph.New()
		s := importers.NewSession(g)
		if err := imp.Import(importers.Input{Path: "f.yaml", Name: "f.yaml", Data: data, Session: s}, g); err != nil {
			return
		}
		linkers, _ := formats.Linkers(nil)
		for _, l := range linkers {
			if err := l.Link(s); err != nil {
				t.Fatalf("%s: %v", l.Name(), err)
			}
		}
	})
}

// TestTestdata loads every seed file through the loader: each is detected
// as Kubernetes and imports without error.
func TestTestdata(t *testing.T) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*"))
	if len(seeds) == 0 {
		t.Fatal("no testdata")
	}
	for _, p := range seeds {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			continue
		}
		res, err := importers.Load([]string{p}, formats.Defaults(importers.Options{}))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if res.Inputs[0].Format != "k8s" || res.Inputs[0].Nodes == 0 {
			t.Errorf("%s: %+v", p, res.Inputs)
		}
	}
}
