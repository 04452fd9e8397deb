package graph

import (
	"fmt"
	"testing"
)

// TestSortTags: tags listed from several maps come out sorted by key,
// each key once with the value listed last, as a map filled in that
// order would hold them; Get and Value find keys by search.
func TestSortTags(t *testing.T) {
	listed := Tags{{"Name", "all"}, {"Team", "net"}, {"Env", "prod"}, {"Name", "own"}, {"app", "x"}, {"Env", "dev"}}
	got := SortTags(listed)
	if s := fmt.Sprint(got); s != "[{Env dev} {Name own} {Team net} {app x}]" {
		t.Errorf("sorted: %s", s)
	}
	if len(got) != cap(got) {
		t.Errorf("a list with repeated keys keeps room for %d, holds %d", cap(got), len(got))
	}
	for _, c := range []struct {
		key, want string
		ok        bool
	}{{"Env", "dev", true}, {"Name", "own", true}, {"app", "x", true}, {"Team", "net", true}, {"team", "", false}, {"", "", false}, {"zz", "", false}} {
		if v, ok := got.Get(c.key); v != c.want || ok != c.ok {
			t.Errorf("Get(%q) = %q, %v; want %q, %v", c.key, v, ok, c.want, c.ok)
		}
		if v := got.Value(c.key); v != c.want {
			t.Errorf("Value(%q) = %q", c.key, v)
		}
	}
	if SortTags(nil) != nil || TagsOf(nil) != nil || TagsOf(map[string]string{}) != nil {
		t.Error("no tags should be nil")
	}
	if s := fmt.Sprint(TagsOf(map[string]string{"b": "2", "a": "1", "c": "3"})); s != "[{a 1} {b 2} {c 3}]" {
		t.Errorf("TagsOf: %s", s)
	}
	if v, ok := Tags(nil).Get("a"); v != "" || ok {
		t.Error("nil tags hold a key")
	}
}
