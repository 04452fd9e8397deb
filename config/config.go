// Package config reads blast.toml: platform knowledge overrides, named
// scenarios, services, bindings, policies and suppressions. Each consumer
// decodes its own section; keys nobody decoded are errors that name the
// key and its line.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// DefaultName is the file read from the working directory when --config
// is not given.
const DefaultName = "blast.toml"

// Sections are the top-level keys blast.toml may hold.
var Sections = map[string]string{
	"platform":    "platform knowledge overrides ([[platform.override]])",
	"scenario":    "named scenarios ([[scenario]])",
	"service":     "services ([[service]])",
	"binding":     "how resources bind to services ([binding])",
	"k8s":         "Kubernetes settings ([k8s])",
	"policy":      "policies ([[policy]])",
	"suppression": "suppressed findings ([[suppression]])",
	"teams":       "who owns what ([teams] tag_keys, [[teams.state]])",
}

// File is a parsed blast.toml.
type File struct {
	// Path is the file's name, for messages.
	Path string
	src  string
	md   toml.MetaData
	raw  map[string]toml.Primitive
}

// Empty returns a File with no content, used when there is no blast.toml.
func Empty() *File { return &File{raw: map[string]toml.Primitive{}} }

// Load reads the file at path. When path is "" it reads ./blast.toml if
// present and returns an empty File otherwise.
func Load(path string) (*File, error) {
	explicit := path != ""
	if !explicit {
		path = DefaultName
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			return Empty(), nil
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("config: %s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse reads blast.toml content.
func Parse(path string, data []byte) (*File, error) {
	f := &File{Path: path, src: string(data), raw: map[string]toml.Primitive{}}
	md, err := toml.Decode(string(data), &f.raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("config: %s: line %d: %s", path, pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("config: %s: %w", path, err)
	}
	f.md = md
	for _, k := range slices.Sorted(maps.Keys(f.raw)) {
		if _, ok := Sections[k]; !ok {
			return nil, fmt.Errorf("config: %s: line %d: unknown section %q (known: %s)", path, f.line(k), k, strings.Join(slices.Sorted(maps.Keys(Sections)), ", "))
		}
	}
	return f, nil
}

// Has reports whether the file holds a section.
func (f *File) Has(section string) bool { _, ok := f.raw[section]; return ok }

// Decode decodes one section into v. Keys of the section that v does not
// know are errors naming the key and its line.
func (f *File) Decode(section string, v any) error {
	if found, err := f.decode(section, v); !found || err != nil {
		return err
	}
	for _, k := range f.md.Undecoded() {
		if len(k) > 0 && k[0] == section {
			return fmt.Errorf("config: %s: line %d: unknown key %q", f.Path, f.line(k[len(k)-1]), k.String())
		}
	}
	return nil
}

// Value returns one section as plain values (tables as maps, arrays as
// slices, strings, numbers, booleans, dates), every key of it, nil when
// the file lacks it: for a caller that passes a section on as written
// (blast explore's page carries [platform] and [[scenario]]). It checks
// no key: Decode into the section's own type does that.
func (f *File) Value(section string) (any, error) {
	var v any
	_, err := f.decode(section, &v)
	return v, err
}

// decode decodes one section into v, checking no key, and reports
// whether the file holds it.
func (f *File) decode(section string, v any) (bool, error) {
	if _, ok := Sections[section]; !ok {
		return false, fmt.Errorf("config: unknown section %q", section)
	}
	prim, ok := f.raw[section]
	if !ok {
		return false, nil
	}
	if err := f.md.PrimitiveDecode(prim, v); err != nil {
		return true, fmt.Errorf("config: %s: [%s]: %w", f.Path, section, err)
	}
	return true, nil
}

// line finds the line a key (or table header) is written on; 0 if unseen.
func (f *File) line(key string) int {
	re := regexp.MustCompile(`(?m)^[ \t]*(\[\[?[ \t]*([\w.-]+\.)?` + regexp.QuoteMeta(key) + `\s*\]\]?|"?` + regexp.QuoteMeta(key) + `"?\s*=)`)
	loc := re.FindStringIndex(f.src)
	if loc == nil {
		return 0
	}
	return strings.Count(f.src[:loc[0]], "\n") + 1
}
