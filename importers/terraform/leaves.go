package terraform

import (
	"fmt"
	"slices"
	"strings"
)

// Leaf is one string leaf of an instance's attributes that may name
// another instance, with the attribute path it was first met at.
type Leaf struct{ Value, Path string }

// Leaves are an instance's string leaves for dependency resolution, each
// value once (Add's rule says at which path). A list, not a map: most
// instances hold a few, which a map would allocate and hash for; a long
// list gets an index by value when first looked up in.
type Leaves struct {
	list []Leaf
	idx  map[string]int32 // position by value, for long lists
}

// leavesIndexAbove is the length beyond which lookups go through an index.
const leavesIndexAbove = 16

// LeavesOf returns leaves holding list, which must hold each value once
// (as Add leaves it); the leaves keep list.
func LeavesOf(list []Leaf) Leaves { return Leaves{list: list} }

// Add records one string leaf met at an attribute path
// ("vpc_config.subnet_ids"): the first path a value is met at wins,
// except that a value that is also the instance's own identity (an
// instance profile whose id equals its role's name) is better explained
// by an attribute that references.
func (l *Leaves) Add(value, path string) {
	if i := l.find(value); i >= 0 {
		if ownIdentity[l.list[i].Path] && !ownIdentity[path] {
			l.list[i].Path = path
		}
		return
	}
	l.list = append(l.list, Leaf{value, path})
	if l.idx != nil {
		l.idx[value] = int32(len(l.list) - 1)
	}
}

// Reset empties the leaves for reuse, keeping their room.
func (l *Leaves) Reset() {
	l.list = l.list[:0]
	l.idx = nil
}

// List returns the leaves in the order they were added, for reading.
func (l *Leaves) List() []Leaf {
	if l == nil {
		return nil
	}
	return l.list
}

// Len returns the number of leaves.
func (l *Leaves) Len() int {
	if l == nil {
		return 0
	}
	return len(l.list)
}

// Path returns the path a value was met at, and whether it was.
func (l *Leaves) Path(value string) (string, bool) {
	if i := l.find(value); i >= 0 {
		return l.list[i].Path, true
	}
	return "", false
}

func (l *Leaves) find(value string) int {
	return position(l.list, &l.idx, leavesIndexAbove, value, func(lf *Leaf) string { return lf.Value })
}

// String lists the leaves as value:path, sorted by value (for tests and
// messages; never printed from a state).
func (l *Leaves) String() string {
	if l == nil {
		return "<nil>"
	}
	parts := make([]string, len(l.list))
	for i, lf := range l.list {
		parts[i] = fmt.Sprintf("%s:%s", lf.Value, lf.Path)
	}
	slices.Sort(parts)
	return "leaves[" + strings.Join(parts, " ") + "]"
}
