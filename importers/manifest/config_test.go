package manifest_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/importers/manifest"
)

func TestWithConfig(t *testing.T) {
	dir := t.TempDir()
	withServices := filepath.Join(dir, "conf", "blast.toml")
	if err := os.MkdirAll(filepath.Dir(withServices), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(withServices, []byte("[[service]]\nname = \"a\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	without := filepath.Join(dir, "other.toml")
	if err := os.WriteFile(without, []byte("[[scenario]]\nname = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "prod.tfstate")
	for _, tc := range []struct {
		name  string
		cfg   string
		paths []string
		want  []string
	}{
		{"services, not covered", withServices, []string{state}, []string{state, withServices}},
		{"stdin covers nothing", withServices, []string{"-"}, []string{"-", withServices}},
		{"covered by its folder", withServices, []string{filepath.Join(dir, "conf")}, []string{filepath.Join(dir, "conf")}},
		{"covered by a parent folder", withServices, []string{dir + string(filepath.Separator)}, []string{dir + string(filepath.Separator)}},
		{"covered by itself", withServices, []string{withServices}, []string{withServices}},
		{"a sibling folder with a common prefix does not cover it", withServices, []string{filepath.Join(dir, "con")}, []string{filepath.Join(dir, "con"), withServices}},
		{"no services", without, []string{state}, []string{state}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Load(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := manifest.WithConfig(tc.paths, cfg); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("WithConfig = %q, want %q", got, tc.want)
			}
		})
	}
	if got := manifest.WithConfig([]string{state}, config.Empty()); !reflect.DeepEqual(got, []string{state}) {
		t.Errorf("no blast.toml: %q", got)
	}
}
