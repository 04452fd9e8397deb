package manifest

import (
	"path/filepath"
	"strings"

	"github.com/blast-dev/blast/config"
)

// WithConfig returns the input paths with blast.toml added when it
// declares services ([[service]]) and no path already covers it (the file
// itself, or a directory it lies in, which the loader walks). Stdin ("-")
// covers nothing.
func WithConfig(paths []string, cfg *config.File) []string {
	if cfg == nil || cfg.Path == "" || !cfg.Has("service") {
		return paths
	}
	abs, err := filepath.Abs(cfg.Path)
	if err != nil {
		return paths
	}
	for _, p := range paths {
		if p == "-" {
			continue
		}
		ap, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if ap == abs || strings.HasPrefix(abs, strings.TrimSuffix(ap, string(filepath.Separator))+string(filepath.Separator)) {
			return paths
		}
	}
	return append(append([]string(nil), paths...), cfg.Path)
}
