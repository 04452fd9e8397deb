package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer/platform"
)

// TestRolesByRuleReviewed runs graph over every corpus and real-world
// input, and holds the types whose role a name pattern decides (not an
// entry naming them) to the list reviewed by eye in
// analyzer/platform/data/ROLES.md: a new such type, or a changed role or
// rule, fails until its row is reviewed.
func TestRolesByRuleReviewed(t *testing.T) {
	root := moduleRoot(t)
	shared := filepath.Join(root, "..", "shared", "realworld")
	_, err := os.Stat(shared)
	haveShared := err == nil
	var files []string
	for _, dir := range []string{filepath.Join(root, "fixtures", "corpus"), filepath.Join(root, "fixtures", "realworld"), shared} {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() || strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".txt") || name == "expect.toml" || strings.HasPrefix(name, ".") {
				return nil
			}
			files = append(files, p)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	types := make([][]string, len(files))
	parallelEach(len(files), func(i int) {
		out, _, code := runBlast("graph", "--format", "json", "--quiet", files[i])
		if code != 0 {
			return
		}
		var doc struct {
			Nodes []struct {
				Kind string `json:"kind"`
				Type string `json:"type"`
				Mode string `json:"mode"`
			} `json:"nodes"`
		}
		if json.Unmarshal([]byte(out), &doc) != nil {
			return
		}
		for _, n := range doc.Nodes {
			if n.Kind == "resource" && n.Mode != "data" {
				types[i] = append(types[i], n.Type)
			}
		}
	})
	k := platform.Default()
	found := map[string]string{} // type → "role | rule"
	for _, ts := range types {
		for _, typ := range ts {
			a := k.RoleOf(typ)
			rule, ok := strings.CutPrefix(a.Rule, "rule ")
			if !ok {
				continue
			}
			pattern, _, _ := strings.Cut(rule, " in ")
			if strings.Contains(pattern, "*") {
				found[typ] = string(a.Role) + " | " + pattern
			}
		}
	}
	if len(found) == 0 {
		t.Fatal("no type decided by a name rule: the corpus is missing or the rules are gone")
	}
	raw, err := os.ReadFile(filepath.Join(root, "analyzer", "platform", "data", "ROLES.md"))
	if err != nil {
		t.Fatal(err)
	}
	reviewed := map[string]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		typ := strings.Trim(strings.TrimSpace(cells[1]), "`")
		reviewed[typ] = strings.TrimSpace(cells[2]) + " | " + strings.Trim(strings.TrimSpace(cells[3]), "`")
	}
	var missing []string
	for typ, got := range found {
		want, ok := reviewed[typ]
		switch {
		case !ok:
			missing = append(missing, "| `"+typ+"` | "+strings.ReplaceAll(got, " | ", " | `")+"` | (review) |")
		case want != got:
			t.Errorf("%s: reviewed as %q, now %q: review it again", typ, want, got)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("not reviewed (add the row to analyzer/platform/data/ROLES.md after reading it): %s", m)
	}
	if haveShared {
		for typ := range reviewed {
			if _, ok := found[typ]; !ok {
				t.Errorf("%s: reviewed, but no input holds it (or a name entry decides it now): drop its row", typ)
			}
		}
	}
	t.Logf("%d inputs, %d types decided by a name rule", len(files), len(found))
}
