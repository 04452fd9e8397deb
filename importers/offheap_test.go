package importers_test

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// TestOffHeapInputsAreNotKept: a large file is read outside the Go heap
// and its memory is released once imported, so no importer may keep a
// slice of its input. Every input is read that way here, and overwritten
// when released: the graphs must be those of an ordinary read, and every
// buffer must have been released.
func TestOffHeapInputsAreNotKept(t *testing.T) {
	var inputs []string
	for _, pattern := range []string{"../fixtures/*/*", "testdata/*"} {
		found, _ := filepath.Glob(pattern)
		inputs = append(inputs, found...)
	}
	own := len(inputs)
	if own < 20 { // the project's own: always there
		t.Fatalf("only %d inputs found in fixtures/ and testdata/", own)
	}
	// the real-world inputs beside the module, when present (CI has them;
	// a plain clone does not)
	wantCompared := 15 // of the project's own, those that import
	if real, _ := filepath.Glob("../../shared/realworld/*/*"); len(real) > 0 {
		inputs = append(inputs, real...)
		wantCompared += 10
	} else {
		t.Log("../../shared/realworld absent: the project's own inputs only")
	}
	compared := 0
	for _, path := range inputs {
		if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		want, err := importers.Load([]string{path}, formats.Defaults(importers.Options{}))
		if err != nil {
			continue // bad inputs have their own tests
		}
		released := 0
		restore := importers.OffHeapForTest(func(b []byte) {
			released++
			for i := range b {
				b[i] = 0xff
			}
		})
		got, err := importers.Load([]string{path}, formats.Defaults(importers.Options{}))
		restore()
		if err != nil {
			t.Errorf("%s: read outside the heap: %v", path, err)
			continue
		}
		runtime.GC()
		if released != 1 {
			t.Errorf("%s: %d releases, want 1", path, released)
		}
		if !reflect.DeepEqual(got.Graph.Nodes(), want.Graph.Nodes()) || !reflect.DeepEqual(got.Graph.Edges(), want.Graph.Edges()) ||
			!reflect.DeepEqual(got.Graph.Warnings(), want.Graph.Warnings()) {
			t.Errorf("%s: the graph changed when its input was overwritten after import", path)
		}
		compared++
	}
	t.Logf("%d inputs compared", compared)
	if compared < wantCompared {
		t.Errorf("only %d inputs compared, want at least %d", compared, wantCompared)
	}
}
