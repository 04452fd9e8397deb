package binding

import (
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/importers"
)

// bindingSection is blast.toml's [binding] table.
type bindingSection struct {
	// TagKeys replaces DefaultTagKeys; [] turns tag binding off.
	TagKeys *[]string `toml:"tag_keys"`
}

// Configured returns the linkers blast.toml's [binding] section sets up
// (none when it is absent), for importers.Options.Linkers. Unknown keys
// are errors that name the key and its line.
func Configured(cfg *config.File) ([]importers.Linker, error) {
	if cfg == nil || !cfg.Has("binding") {
		return nil, nil
	}
	var b bindingSection
	if err := cfg.Decode("binding", &b); err != nil {
		return nil, err
	}
	if b.TagKeys == nil {
		return nil, nil
	}
	keys := append([]string{}, *b.TagKeys...)
	return []importers.Linker{Linker{Keys: keys}}, nil
}
