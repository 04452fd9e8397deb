package cmd

// The real-world corpus: files from public repositories and other tools'
// test suites under fixtures/corpus/<area>/, each area with an expect.toml
// written from reading the files (what a zone or region outage must fail,
// degrade and spare). TestCorpusExpectations holds blast to those answers;
// TestCorpusCommandsAgree holds whatif, matrix and check to each other.
//
// Disagreements known today are listed in fixtures/corpus/known-failures.txt
// and fixtures/corpus/known-disagreements.txt. Without -update-corpus a test
// fails on a disagreement missing from its list and on a listed line that
// now agrees, so the lists only shrink as blast is fixed. With
// -update-corpus the lists are rewritten from this run.

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/BurntSushi/toml"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite fixtures/corpus/known-failures.txt and known-disagreements.txt from this run")

// corpusCase is one [[case]] of an area's expect.toml.
type corpusCase struct {
	File    string   `toml:"file"`
	Down    []string `toml:"down"`
	Fail    []string `toml:"fail"`
	Degrade []string `toml:"degrade"`
	Spare   []string `toml:"spare"`
	// Affect lists configuration objects (security groups, policies,
	// attachments) the scenario must report as affected: state
	// "affected", apart from what fails. Fail, degrade and spare say what
	// propagation gives a node, configuration or not.
	Affect []string `toml:"affect"`
	Class  []int    `toml:"class"`
	Why    string   `toml:"why"`
	Known  string   `toml:"known"`
	// Placed and Edge are what graph must say of where a node was placed
	// from and how an edge was found (class 11, words that mislead).
	Placed []corpusPlaced `toml:"placed"`
	Edge   []corpusEdge   `toml:"edge"`

	area string
}

// corpusPlaced says where a node lives and which resource its location
// was read from: Zone (or Region) as placed, From the address of the
// dependency it was inherited from, Via the attribute referencing it.
type corpusPlaced struct {
	Node   string `toml:"node"`
	Region string `toml:"region"`
	Zone   string `toml:"zone"`
	From   string `toml:"from"`
	Via    string `toml:"via"`
}

// corpusEdge says how the edge from one node to another was found.
type corpusEdge struct {
	From string `toml:"from"`
	To   string `toml:"to"`
	Via  string `toml:"via"`
}

// corpusGraph is what graph --format json says of one file: each node's
// placement and each edge's via, by ID and by address.
type corpusGraph struct {
	placed map[string]corpusPlaced // node → region, zone and rule (in From)
	via    map[[2]string]string
	err    string
}

func corpusGraphOf(file string) corpusGraph {
	out, errOut, code := runBlast("graph", "--format", "json", file)
	if code != 0 {
		return corpusGraph{err: fmt.Sprintf("exit %d: %s", code, firstLine(errOut))}
	}
	var doc struct {
		Nodes []struct {
			ID        string `json:"id"`
			Address   string `json:"address"`
			Placement struct {
				Region string `json:"region"`
				Zone   string `json:"zone"`
				Rule   string `json:"rule"`
			} `json:"placement"`
		} `json:"nodes"`
		Edges []struct {
			From string `json:"from"`
			To   string `json:"to"`
			Via  string `json:"via"`
		} `json:"edges"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		return corpusGraph{err: "graph json: " + err.Error()}
	}
	g := corpusGraph{placed: map[string]corpusPlaced{}, via: map[[2]string]string{}}
	addr := map[string]string{}
	for _, n := range doc.Nodes {
		p := corpusPlaced{Region: n.Placement.Region, Zone: n.Placement.Zone, From: n.Placement.Rule}
		g.placed[n.ID] = p
		if n.Address != "" {
			addr[n.ID] = n.Address
			if _, taken := g.placed[n.Address]; !taken {
				g.placed[n.Address] = p
			}
		}
	}
	for _, e := range doc.Edges {
		g.via[[2]string{e.From, e.To}] = e.Via
		if a, b := addr[e.From], addr[e.To]; a != "" && b != "" {
			g.via[[2]string{a, b}] = e.Via
		}
	}
	return g
}

// wordsDisagreements compares a case's placed and edge expectations with
// graph's answer, as known-failures lines' node | want | got.
func wordsDisagreements(c corpusCase, g corpusGraph) (lines [][3]string, n int) {
	for _, p := range c.Placed {
		n++
		want := fmt.Sprintf("placed %s %s from %s via %s", p.Region, p.Zone, p.From, p.Via)
		if g.err != "" {
			lines = append(lines, [3]string{p.Node, want, "error: " + g.err})
			continue
		}
		got, ok := g.placed[p.Node]
		if !ok {
			lines = append(lines, [3]string{p.Node, want, "absent"})
			continue
		}
		prefix := "inherited:" + p.From + " via " + p.Via + ", "
		if got.Zone != p.Zone || (p.Region != "" && got.Region != p.Region) || !strings.HasPrefix(got.From, prefix) {
			lines = append(lines, [3]string{p.Node, want, fmt.Sprintf("placed %s %s by %s", got.Region, got.Zone, got.From)})
		}
	}
	for _, e := range c.Edge {
		n++
		want := "edge to " + e.To + " via " + e.Via
		switch got, ok := g.via[[2]string{e.From, e.To}]; {
		case g.err != "":
			lines = append(lines, [3]string{e.From, want, "error: " + g.err})
		case !ok:
			lines = append(lines, [3]string{e.From, want, "no edge"})
		case got != e.Via:
			lines = append(lines, [3]string{e.From, want, "via " + got})
		}
	}
	return lines, n
}

// corpusDir returns fixtures/corpus; it is part of the repository, so a
// checkout without it fails rather than skips.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(moduleRoot(t), "fixtures", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("corpus not present (%s): %v", dir, err)
	}
	return dir
}

// corpusCases reads every fixtures/corpus/*/expect.toml. It fails the test
// on a case naming a file that is not there, and on a corpus file that no
// case names (every file must at least be imported).
func corpusCases(t *testing.T, root string) ([]corpusCase, []string) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(root, "*", "expect.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no expect.toml under %s", root)
	}
	var cases []corpusCase
	var files []string
	for _, p := range paths {
		area := filepath.Base(filepath.Dir(p))
		var doc struct {
			Case []corpusCase `toml:"case"`
		}
		md, err := toml.DecodeFile(p, &doc)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if un := md.Undecoded(); len(un) > 0 {
			t.Fatalf("%s: unknown keys %v", p, un)
		}
		named := map[string]bool{}
		for i, c := range doc.Case {
			if c.File == "" {
				t.Fatalf("%s: case %d names no file", p, i+1)
			}
			if _, err := os.Stat(filepath.Join(root, area, c.File)); err != nil {
				t.Fatalf("%s: case %d: %v", p, i+1, err)
			}
			if len(c.Down) > 0 && strings.TrimSpace(c.Why) == "" {
				t.Errorf("%s: case %d (%s %v) says no why", p, i+1, c.File, c.Down)
			}
			c.area = area
			named[c.File] = true
			cases = append(cases, c)
		}
		entries, err := os.ReadDir(filepath.Dir(p))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() == "expect.toml" || e.Name() == "SOURCES.md" || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			if !named[e.Name()] {
				t.Errorf("%s/%s: no case in expect.toml names it", area, e.Name())
			}
			files = append(files, filepath.Join(area, e.Name()))
		}
	}
	sort.Strings(files)
	return cases, files
}

// corpusNode is one node of blast's whatif JSON.
type corpusNode struct {
	ID         string `json:"id"`
	Address    string `json:"address"`
	State      string `json:"state"`
	Propagated string `json:"propagated"`
	Frozen     bool   `json:"frozen"`
}

// corpusImpact is what one whatif run said: node states by ID and by
// address, the failed count, or the error that stopped it.
type corpusImpact struct {
	states map[string]corpusNode
	failed int
	err    string
}

// state returns a node's state ("absent" when blast has no such node).
func (im corpusImpact) state(node string) string {
	if im.err != "" {
		return "error: " + im.err
	}
	n, ok := im.states[node]
	if !ok {
		return "absent"
	}
	if n.State == "affected" {
		return n.Propagated // what propagation gave the configuration object
	}
	return n.State
}

// reported returns the state whatif reports for a node: "affected" for a
// configuration object propagation failed, degraded or froze.
func (im corpusImpact) reported(node string) string {
	if n, ok := im.states[node]; ok && im.err == "" {
		return n.State
	}
	return im.state(node)
}

// corpusWhatif runs whatif --format json over one file with the domains
// down; with none, it runs graph, which only imports.
func corpusWhatif(file string, down []string) corpusImpact {
	if len(down) == 0 {
		out, errOut, code := runBlast("graph", "--format", "json", file)
		if code != 0 {
			return corpusImpact{err: firstLine(errOut)}
		}
		var doc struct {
			Nodes []json.RawMessage `json:"nodes"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			return corpusImpact{err: "graph json: " + err.Error()}
		}
		return corpusImpact{}
	}
	args := []string{"whatif", "--format", "json"}
	for _, d := range down {
		args = append(args, "--down", d)
	}
	out, errOut, code := runBlast(append(args, file)...)
	if code != 0 {
		return corpusImpact{err: fmt.Sprintf("exit %d: %s", code, firstLine(errOut))}
	}
	var doc struct {
		Summary struct {
			Failed int `json:"failed"`
		} `json:"summary"`
		Nodes []corpusNode `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		return corpusImpact{err: "whatif json: " + err.Error()}
	}
	im := corpusImpact{states: map[string]corpusNode{}, failed: doc.Summary.Failed}
	for _, n := range doc.Nodes {
		im.states[n.ID] = n
		if n.Address != "" {
			if _, taken := im.states[n.Address]; !taken {
				im.states[n.Address] = n
			}
		}
	}
	return im
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// parallelEach runs f(i) for i in [0,n) on a few goroutines.
func parallelEach(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), 4)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// knownList reads a known-*.txt list: one line per disagreement, "#"
// comments and blank lines ignored.
func knownList(t *testing.T, path string) map[string]bool {
	t.Helper()
	known := map[string]bool{}
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return known
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			known[line] = true
		}
	}
	return known
}

// holdToKnown compares this run's disagreements with the list at path:
// new ones and listed ones that now agree fail the test; -update-corpus
// rewrites the list instead.
func holdToKnown(t *testing.T, path, header string, got []string) {
	t.Helper()
	sort.Strings(got)
	got = compactStrings(got)
	if *updateCorpus {
		body := header + strings.Join(got, "\n")
		if len(got) > 0 {
			body += "\n"
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d lines)", path, len(got))
		return
	}
	known := knownList(t, path)
	seen := map[string]bool{}
	for _, line := range got {
		seen[line] = true
		if !known[line] {
			t.Errorf("new disagreement (not in %s): %s", filepath.Base(path), line)
		}
	}
	var fixed []string
	for line := range known {
		if !seen[line] {
			fixed = append(fixed, line)
		}
	}
	sort.Strings(fixed)
	for _, line := range fixed {
		t.Errorf("now agrees, remove it from %s (go test ./cmd/ -run TestCorpus -update-corpus): %s", filepath.Base(path), line)
	}
}

func compactStrings(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func downLabel(down []string) string {
	if len(down) == 0 {
		return "-"
	}
	return strings.Join(down, ",")
}

// TestCorpusExpectations runs every case of every area's expect.toml and
// checks each listed node's state against what the case says.
func TestCorpusExpectations(t *testing.T) {
	root := corpusDir(t)
	cases, files := corpusCases(t, root)

	// One whatif per file and scenario, however many cases share it.
	type run struct {
		file string
		down []string
	}
	index := map[string]int{}
	var runs []run
	for _, c := range cases {
		key := c.area + "/" + c.File + "|" + strings.Join(c.Down, ",")
		if _, ok := index[key]; !ok {
			index[key] = len(runs)
			runs = append(runs, run{filepath.Join(root, c.area, c.File), c.Down})
		}
	}
	impacts := make([]corpusImpact, len(runs))
	parallelEach(len(runs), func(i int) { impacts[i] = corpusWhatif(runs[i].file, runs[i].down) })
	// one graph per file whose cases say where nodes were placed from or
	// how edges were found
	graphIndex := map[string]int{}
	var graphFiles []string
	for _, c := range cases {
		key := c.area + "/" + c.File
		if _, ok := graphIndex[key]; !ok && len(c.Placed)+len(c.Edge) > 0 {
			graphIndex[key] = len(graphFiles)
			graphFiles = append(graphFiles, filepath.Join(root, c.area, c.File))
		}
	}
	graphs := make([]corpusGraph, len(graphFiles))
	parallelEach(len(graphFiles), func(i int) { graphs[i] = corpusGraphOf(graphFiles[i]) })

	var lines []string
	expectations := 0
	byClass := map[string]int{}
	for _, c := range cases {
		im := impacts[index[c.area+"/"+c.File+"|"+strings.Join(c.Down, ",")]]
		where := c.area + "/" + c.File + " | " + downLabel(c.Down)
		classes := []string{"none"}
		if len(c.Class) > 0 {
			classes = nil
			for _, k := range c.Class {
				classes = append(classes, fmt.Sprintf("%2d", k))
			}
		}
		disagree := func(node, want, got string) {
			lines = append(lines, fmt.Sprintf("%s | %s | %s | %s", where, node, want, got))
			for _, k := range classes {
				byClass[k]++
			}
		}
		if i, ok := graphIndex[c.area+"/"+c.File]; ok && len(c.Placed)+len(c.Edge) > 0 {
			words, n := wordsDisagreements(c, graphs[i])
			expectations += n
			for _, w := range words {
				lines = append(lines, fmt.Sprintf("%s | - | %s | %s | %s", c.area+"/"+c.File, w[0], w[1], w[2]))
				for _, k := range classes {
					byClass[k]++
				}
			}
		}
		if len(c.Down) == 0 || im.err != "" {
			expectations++ // the file imports (and the scenario runs)
		}
		if im.err != "" {
			disagree("(run)", "ok", "error: "+im.err)
			continue
		}
		for _, want := range []struct {
			state string
			nodes []string
		}{{"failed", c.Fail}, {"degraded", c.Degrade}, {"healthy", c.Spare}} {
			for _, node := range want.nodes {
				expectations++
				if got := im.state(node); got != want.state {
					disagree(node, want.state, got)
				}
			}
		}
		for _, node := range c.Affect {
			expectations++
			if got := im.reported(node); got != "affected" {
				disagree(node, "affected", got)
			}
		}
	}
	t.Logf("corpus: %d files, %d cases, %d runs, %d expectations, %d disagreements", len(files), len(cases), len(runs), expectations, len(compactStrings(sortedCopy(lines))))
	var keys []string
	for k := range byClass {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("  disagreements in cases of issue-15 class %s: %d", strings.TrimSpace(k), byClass[k])
	}
	holdToKnown(t, filepath.Join(root, "known-failures.txt"),
		"# area/file | down | node | want | got — disagreements between fixtures/corpus/*/expect.toml and blast today.\n"+
			"# Generated by go test ./cmd/ -run TestCorpusExpectations -update-corpus; it may only shrink.\n", lines)
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// TestCorpusCommandsAgree checks, for every corpus file, that matrix and
// whatif agree on every single-domain column (the failed count, and each
// row's state), and that check's after side agrees with whatif on a plan's
// failed count in every scenario it runs.
func TestCorpusCommandsAgree(t *testing.T) {
	root := corpusDir(t)
	_, files := corpusCases(t, root)

	results := make([][]string, len(files))
	checked := make([]int, len(files))
	parallelEach(len(files), func(i int) {
		results[i], checked[i] = corpusAgreement(filepath.Join(root, files[i]), files[i])
	})
	var lines []string
	comparisons := 0
	for i := range files {
		lines = append(lines, results[i]...)
		comparisons += checked[i]
	}
	t.Logf("corpus: %d files, %d comparisons of whatif with matrix and check, %d disagreements", len(files), comparisons, len(lines))
	holdToKnown(t, filepath.Join(root, "known-disagreements.txt"),
		"# area/file | domain | command: node or count | whatif | other — where whatif, matrix and check disagree today.\n"+
			"# Generated by go test ./cmd/ -run TestCorpusCommandsAgree -update-corpus; it may only shrink.\n", lines)
}

// corpusAgreement compares matrix (and check, for plans) with whatif over
// one file. It returns the disagreements and how many comparisons it made.
func corpusAgreement(path, name string) ([]string, int) {
	var lines []string
	out, errOut, code := runBlast("matrix", "--format", "json", path)
	if code != 0 {
		return []string{fmt.Sprintf("%s | - | matrix | ok | exit %d: %s", name, code, firstLine(errOut))}, 1
	}
	var mx struct {
		Columns []struct {
			Domain  string `json:"domain"`
			Summary struct {
				Failed int `json:"failed"`
			} `json:"summary"`
		} `json:"columns"`
		Matrix []struct {
			ID    string `json:"id"`
			Cells []struct {
				State string `json:"state"`
			} `json:"cells"`
		} `json:"matrix"`
	}
	if err := json.Unmarshal([]byte(out), &mx); err != nil {
		return []string{fmt.Sprintf("%s | - | matrix | json | %v", name, err)}, 1
	}
	n := 0
	whatif := map[string]corpusImpact{}
	for ci, col := range mx.Columns {
		im := corpusWhatif(path, []string{col.Domain})
		whatif[col.Domain] = im
		n++
		if im.err != "" {
			lines = append(lines, fmt.Sprintf("%s | %s | whatif | ok | %s", name, col.Domain, im.err))
			continue
		}
		if im.failed != col.Summary.Failed {
			lines = append(lines, fmt.Sprintf("%s | %s | matrix: failed count | %d | %d", name, col.Domain, im.failed, col.Summary.Failed))
		}
		for _, row := range mx.Matrix {
			if ci >= len(row.Cells) {
				continue
			}
			n++
			if got, want := row.Cells[ci].State, im.state(row.ID); got != want {
				lines = append(lines, fmt.Sprintf("%s | %s | matrix: %s | %s | %s", name, col.Domain, row.ID, want, got))
			}
		}
	}
	if !isPlan(path) {
		return lines, n
	}
	out, errOut, code = runBlast("check", "--format", "json", "--fail-on", "none", path)
	n++
	if code != 0 {
		return append(lines, fmt.Sprintf("%s | - | check | ok | exit %d: %s", name, code, firstLine(errOut))), n
	}
	var ck struct {
		Scenarios []struct {
			Name  string `json:"name"`
			After struct {
				Failed int `json:"failed"`
			} `json:"after"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal([]byte(out), &ck); err != nil {
		return append(lines, fmt.Sprintf("%s | - | check | json | %v", name, err)), n
	}
	for _, sc := range ck.Scenarios {
		im, ok := whatif[sc.Name]
		if !ok {
			im = corpusWhatif(path, []string{sc.Name})
		}
		n++
		if im.err != "" {
			lines = append(lines, fmt.Sprintf("%s | %s | whatif | ok | %s", name, sc.Name, im.err))
			continue
		}
		if im.failed != sc.After.Failed {
			lines = append(lines, fmt.Sprintf("%s | %s | check: failed count (after) | %d | %d", name, sc.Name, im.failed, sc.After.Failed))
		}
	}
	return lines, n
}

// isPlan tells a Terraform plan (show -json with resource_changes or
// planned_values) from every other input, without blast's importers.
func isPlan(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var doc map[string]json.RawMessage
	if json.Unmarshal(data, &doc) != nil {
		return false
	}
	_, planned := doc["planned_values"]
	_, changes := doc["resource_changes"]
	return planned || changes
}
