package binding

import (
	"github.com/blast-dev/blast/config"
)

// bindingSection is blast.toml's [binding] table.
type bindingSection struct {
	// TagKeys replaces DefaultTagKeys; [] turns tag binding off.
	TagKeys *[]string `toml:"tag_keys"`
}

// Configured returns the tag binding linker as blast.toml's [binding]
// section sets it up (the default one when the section or its tag_keys
// is absent; cfg may be nil). Unknown keys are errors that name the key
// and its line.
func Configured(cfg *config.File) (Linker, error) {
	if cfg == nil || !cfg.Has("binding") {
		return Linker{}, nil
	}
	var b bindingSection
	if err := cfg.Decode("binding", &b); err != nil {
		return Linker{}, err
	}
	if b.TagKeys == nil {
		return Linker{}, nil
	}
	return Linker{Keys: append([]string{}, *b.TagKeys...)}, nil
}
