package terraform

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestAttrsLookup holds Get, index and String to a map's answers on lists
// short enough to be scanned and long enough to be searched by halves.
func TestAttrsLookup(t *testing.T) {
	for n := 0; n <= 3*scanMax; n++ {
		m := map[string]any{}
		for i := range n {
			m[fmt.Sprintf("k%02d", 2*i)] = fmt.Sprintf("v%d", i) // odd keys are missing
		}
		a := AttrsOf(m)
		if !slices.IsSortedFunc(a, func(x, y Attr) int { return strings.Compare(x.Key, y.Key) }) || len(a) != n {
			t.Fatalf("%d attributes: not sorted or not all: %v", n, a)
		}
		for i := range 2*n + 2 {
			k := fmt.Sprintf("k%02d", i)
			want, ok := m[k]
			if got := a.Get(k); got != want {
				t.Errorf("%d attributes: Get(%s) = %v, want %v", n, k, got, want)
			}
			if (a.index(k) >= 0) != ok {
				t.Errorf("%d attributes: index(%s) = %d, held %v", n, k, a.index(k), ok)
			}
			if s, _ := want.(string); a.String(k) != s {
				t.Errorf("%d attributes: String(%s) = %q, want %q", n, k, a.String(k), s)
			}
		}
	}
}

// TestSortAttrs: pairs read out of order come back sorted; of a repeated
// key the last read is kept, as encoding/json keeps an object's last member.
func TestSortAttrs(t *testing.T) {
	got := SortAttrs([]Attr{{"region", "a"}, {"id", "x"}, {"region", "b"}, {"arn", nil}, {"id", "y"}})
	want := Attrs{{"arn", nil}, {"id", "y"}, {"region", "b"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("SortAttrs = %v, want %v", got, want)
	}
	sorted := []Attr{{"a", 1.0}, {"b", 2.0}}
	if got := SortAttrs(sorted); &got[0] != &sorted[0] || len(got) != 2 {
		t.Errorf("sorted pairs are not returned in place: %v", got)
	}
	if got.index("arn") != 0 || got.Get("arn") != nil {
		t.Errorf("a null attribute: index %d, Get %v", got.index("arn"), got.Get("arn"))
	}
}

// TestNestedStrings reads dotted paths through lists of blocks and objects.
func TestNestedStrings(t *testing.T) {
	a := AttrsOf(map[string]any{
		"settings": []any{map[string]any{"location_preference": []any{map[string]any{"zone": "europe-west1-b"}}, "tier": "db"}},
		"cluster":  map[string]any{"zone": ""},
		"zone":     "us-central1-a",
	})
	for path, want := range map[string]string{
		"settings.location_preference.zone": "[europe-west1-b]",
		"settings.tier":                     "[db]",
		"cluster.zone":                      "[]",
		"zone":                              "[us-central1-a]",
		"missing.zone":                      "[]",
	} {
		if got := fmt.Sprint(a.nestedStrings(path)); got != want {
			t.Errorf("nestedStrings(%s) = %s, want %s", path, got, want)
		}
	}
}
