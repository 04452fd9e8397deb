package compose_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/compose"
)

// FuzzImport feeds arbitrary content to the compose importer: errors are
// fine, panics are not.
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("services:\n  a:\n    links: [':']\n    volumes_from: ['']\n    network_mode: 'service:'\n    environment: ['X_URL=://@:/', 'Y_HOST']\n"))
	f.Add([]byte("services:\n  a:\n    extends: {file: x, service: a}\n  b: &b {image: x}\n  c: *b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := graph.New()
		_ = (compose.Importer{}).Import(importers.Input{Name: "fuzz.yaml", Data: data}, g)
	})
}
