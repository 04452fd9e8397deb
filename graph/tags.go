package graph

import (
	"slices"
	"strings"
)

// Tag is one resource tag: a key and its value.
type Tag struct {
	Key   string
	Value string
}

// Tags are a node's resource tags, sorted by key, each key once. A node
// has a few, and as a list they take a tenth of what a map of them took
// (a large state's tags were 13 MB as maps).
type Tags []Tag

// TagsOf returns the tags of m, sorted by key; nil when m is empty.
func TagsOf(m map[string]string) Tags {
	if len(m) == 0 {
		return nil
	}
	t := make(Tags, 0, len(m))
	for k, v := range m {
		t = append(t, Tag{k, v})
	}
	slices.SortFunc(t, compareTag)
	return t
}

// SortTags returns tags listed in any order sorted by key, keeping the
// last one listed of each key (as a map filled in that order would: a
// state lists tags_all, then tags, then labels). It sorts t in place and
// returns t itself when no key repeats, else a list of its own, no
// larger than it needs.
func SortTags(t Tags) Tags {
	if len(t) == 0 {
		return nil
	}
	slices.SortStableFunc(t, compareTag)
	keys := 0
	for i := range t {
		if i+1 == len(t) || t[i+1].Key != t[i].Key {
			keys++
		}
	}
	if keys == len(t) {
		return t
	}
	out := make(Tags, 0, keys)
	for i, x := range t {
		if i+1 < len(t) && t[i+1].Key == x.Key {
			continue // a later one of the key follows
		}
		out = append(out, x)
	}
	return out
}

func compareTag(a, b Tag) int { return strings.Compare(a.Key, b.Key) }

// Get returns the value of a key and whether the tags hold it.
func (t Tags) Get(key string) (string, bool) {
	i, ok := slices.BinarySearchFunc(t, key, func(x Tag, k string) int { return strings.Compare(x.Key, k) })
	if !ok {
		return "", false
	}
	return t[i].Value, true
}

// Value returns the value of a key, "" when the tags do not hold it.
func (t Tags) Value(key string) string {
	v, _ := t.Get(key)
	return v
}
