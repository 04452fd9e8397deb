package terraform

import (
	"cmp"
	"slices"
	"strings"
)

// Attr is one top-level attribute of an instance: its name and its value
// as encoding/json decodes a value into any (string, float64, bool, nil,
// []any, map[string]any).
type Attr struct {
	Key   string
	Value any
}

// Attrs is a view of one instance's top-level attribute values: pairs
// sorted by key, each key once (SortAttrs, AttrsOf make them so). Once an
// importer keeps only what NeededAttr names, an instance holds a handful,
// so a lookup is a short scan, and an instance costs no map.
type Attrs []Attr

// scanMax is the length up to which a lookup scans the pairs; longer
// lists (an importer that keeps every attribute) are searched by halves.
const scanMax = 8

// AttrsOf returns the attributes of a map, sorted by key: for importers
// that decode attributes as a map, and for tests.
func AttrsOf(m map[string]any) Attrs {
	a := make(Attrs, 0, len(m))
	for k, v := range m {
		a = append(a, Attr{k, v})
	}
	slices.SortFunc(a, func(x, y Attr) int { return strings.Compare(x.Key, y.Key) })
	return a
}

// SortAttrs sorts pairs by key in place, keeping the last of pairs with
// the same key (as encoding/json keeps an object's last member of a
// repeated name), and returns them as Attrs. Pairs read in key order (as
// Terraform writes them) are only checked.
func SortAttrs(pairs []Attr) Attrs {
	sorted := true
	for i := 1; i < len(pairs); i++ {
		if pairs[i-1].Key >= pairs[i].Key {
			sorted = false
			break
		}
	}
	if sorted {
		return pairs
	}
	// stable: of equal keys, the last read stays last
	slices.SortStableFunc(pairs, func(x, y Attr) int { return cmp.Compare(x.Key, y.Key) })
	out := pairs[:0]
	for i, p := range pairs {
		if i+1 < len(pairs) && pairs[i+1].Key == p.Key {
			continue
		}
		out = append(out, p)
	}
	clear(pairs[len(out):])
	return out
}

// index returns the position of key's pair, or -1.
func (a Attrs) index(key string) int {
	if len(a) <= scanMax {
		for i := range a {
			if a[i].Key == key {
				return i
			}
		}
		return -1
	}
	if i, ok := slices.BinarySearchFunc(a, key, func(p Attr, k string) int { return strings.Compare(p.Key, k) }); ok {
		return i
	}
	return -1
}

// Get returns the value of a top-level attribute, nil when there is none.
func (a Attrs) Get(key string) any {
	if i := a.index(key); i >= 0 {
		return a[i].Value
	}
	return nil
}

// String returns a non-empty top-level string attribute.
func (a Attrs) String(key string) string {
	s, _ := a.Get(key).(string)
	return s
}

// Strings returns a top-level list (or set) of strings.
func (a Attrs) Strings(key string) []string {
	switch v := a.Get(key).(type) {
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	case string:
		if v != "" {
			return []string{v}
		}
	}
	return nil
}

// nestedStrings returns the non-empty strings at a dotted path through
// blocks (lists of objects, or objects).
func (a Attrs) nestedStrings(path string) []string {
	var out []string
	var walk func(v any, parts []string)
	walk = func(v any, parts []string) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, parts)
			}
		case map[string]any:
			if len(parts) > 0 {
				walk(x[parts[0]], parts[1:])
			}
		case string:
			if len(parts) == 0 && x != "" {
				out = append(out, x)
			}
		}
	}
	parts := strings.Split(path, ".")
	walk(a.Get(parts[0]), parts[1:])
	return out
}
