package cmd

// Every edge says how it was found and every derived placement where it
// was read, on every real input: the corpus and ../shared/realworld.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// wordsDoc is what graph --format json says of nodes and edges.
type wordsDoc struct {
	Nodes []struct {
		ID        string          `json:"id"`
		Address   string          `json:"address"`
		Placement graph.Placement `json:"placement"`
	} `json:"nodes"`
	Edges []graph.Edge `json:"edges"`
}

// genericVia reports a via that does not say where an edge came from: none
// at all, the bare name of the recorded list, or a recorded dependency
// that does not say how its instance was chosen.
func genericVia(via string) bool {
	v := strings.TrimSpace(via)
	bare := strings.TrimRight(v, ")")
	return v == "" || v == "dependencies" || v == graph.ViaRecorded || strings.HasSuffix(bare, " dependencies") ||
		strings.HasSuffix(bare, " "+graph.ViaRecorded)
}

// derivedRules are the placement rules that read a location from another
// resource; each must name that resource and how it was reached.
var derivedRules = []string{"inherited:", "cluster:"}

// checkWords returns what is wrong with the words of one input's graph.
func checkWords(path string) []string {
	out, errOut, code := runBlast("graph", "--format", "json", path)
	if code != 0 {
		return nil // inputs that do not load are the other tests' concern
	}
	_ = errOut
	var doc wordsDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		return []string{"graph json: " + err.Error()}
	}
	var bad []string
	addresses := map[string]bool{}
	for _, n := range doc.Nodes {
		addresses[n.Address] = true
		addresses[n.ID] = true
	}
	for _, e := range doc.Edges {
		if genericVia(e.Via) {
			bad = append(bad, "edge "+e.From+" -> "+e.To+": via "+strconvQuote(e.Via))
		}
	}
	for _, n := range doc.Nodes {
		rule := n.Placement.Rule
		for _, prefix := range derivedRules {
			rest, ok := strings.CutPrefix(rule, prefix)
			if !ok {
				continue
			}
			from, how, found := strings.Cut(rest, " via ")
			switch {
			case !found || strings.TrimSpace(how) == "":
				bad = append(bad, "node "+n.ID+": rule "+strconvQuote(rule)+" does not say how "+from+" was reached")
			case !addresses[from]:
				bad = append(bad, "node "+n.ID+": rule "+strconvQuote(rule)+" names "+from+", which is no node of the input")
			}
			if _, last, _ := cutLast(rest, ", "); last == "" || last == "unknown" || strings.HasPrefix(last, "inherited:") || strings.HasPrefix(last, "cluster:") {
				bad = append(bad, "node "+n.ID+": rule "+strconvQuote(rule)+" does not end at the attribute the location was read from")
			}
		}
	}
	return bad
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// TestEveryEdgeSaysHowItWasFound runs graph over every corpus file and
// every file of ../shared/realworld: no edge may have an empty or generic
// via, and every placement read from another resource names it (a node of
// the input), how it was reached, and the rule it was placed by.
func TestEveryEdgeSaysHowItWasFound(t *testing.T) {
	root := moduleRoot(t)
	var files []string
	for _, dir := range []string{filepath.Join(root, "fixtures", "corpus"), filepath.Join(root, "..", "shared", "realworld")} {
		if _, err := os.Stat(dir); err != nil {
			t.Logf("skipping %s: %v", dir, err)
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
	if len(files) == 0 {
		t.Skip("no corpus or real-world inputs")
	}
	sort.Strings(files)
	results := make([][]string, len(files))
	parallelEach(len(files), func(i int) { results[i] = checkWords(files[i]) })
	n := 0
	for i, bad := range results {
		for _, b := range bad {
			n++
			if n <= 40 {
				t.Errorf("%s: %s", strings.TrimPrefix(files[i], root+string(filepath.Separator)), b)
			}
		}
	}
	if n > 40 {
		t.Errorf("... and %d more", n-40)
	}
	t.Logf("%d inputs checked", len(files))
}

// TestGenericVia holds the test's own judge to examples.
func TestGenericVia(t *testing.T) {
	for via, generic := range map[string]bool{
		"": true, "dependencies": true, graph.ViaRecorded: true,
		"launch_template.id → " + graph.ViaRecorded:    true,
		"egress (default route of rt, r dependencies)": true,
		"subnet_id": false, "ordering only (depends_on)": false,
		graph.ViaRecorded + ", no attribute names it by id, ARN or name": false,
		"env:CART_ADDR": false, "redundancy.any aws_instance.web": false,
	} {
		if got := genericVia(via); got != generic {
			t.Errorf("genericVia(%q) = %v, want %v", via, got, generic)
		}
	}
}
