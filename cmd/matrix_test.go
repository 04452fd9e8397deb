package cmd

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runMatrixCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestMatrixCommand runs blast matrix on the demo system: a JSON matrix
// whose rows and cells agree, whose ranking is ordered, and an SVG file.
func TestMatrixCommand(t *testing.T) {
	code, out, errOut := runMatrixCLI(t, "matrix", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		SchemaVersion int `json:"schemaVersion"`
		Rows          string
		Columns       []struct{ Domain, Kind string }
		Matrix        []struct {
			ID    string
			Cells []struct{ State string }
		}
		Ranking []struct {
			Domain string
			Radius int
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("matrix json: %v", err)
	}
	if doc.SchemaVersion != 1 || len(doc.Columns) == 0 || len(doc.Matrix) == 0 {
		t.Fatalf("empty matrix: %s", out)
	}
	for _, c := range doc.Columns {
		if c.Kind != "region" && c.Kind != "zone" {
			t.Errorf("column %s of kind %s without --services", c.Domain, c.Kind)
		}
	}
	for _, r := range doc.Matrix {
		if len(r.Cells) != len(doc.Columns) {
			t.Errorf("row %s has %d cells for %d columns", r.ID, len(r.Cells), len(doc.Columns))
		}
	}
	for i := 1; i < len(doc.Ranking); i++ {
		if doc.Ranking[i].Radius > doc.Ranking[i-1].Radius {
			t.Errorf("ranking not ordered at %s", doc.Ranking[i].Domain)
		}
	}

	svg := filepath.Join(t.TempDir(), "matrix.svg")
	if code, _, errOut := runMatrixCLI(t, "matrix", "--format", "svg", "--chart", "heatmap", "-o", svg); code != ExitOK {
		t.Fatalf("svg: exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(svg)
	if err != nil || !bytes.Contains(b, []byte("<svg")) || bytes.Contains(b, []byte("Blast radius by failure domain")) {
		t.Errorf("matrix --chart heatmap -o wrote %d bytes (%v)", len(b), err)
	}

	code, _, errOut = runMatrixCLI(t, "matrix", "--chart", "pie")
	if code != ExitError || !strings.Contains(errOut, `--chart: unknown chart "pie"`) {
		t.Errorf("bad --chart: exit %d, %q", code, errOut)
	}
}

// TestWhatifDiagramFlags: the view flags reach the renderers and bad
// values are one-line errors.
func TestWhatifDiagramFlags(t *testing.T) {
	png1 := filepath.Join(t.TempDir(), "out.png")
	code, _, errOut := runMatrixCLI(t, "whatif", "--down", "aws:us-east-1", "--format", "png", "-o", png1)
	if code != ExitOK {
		t.Fatalf("png: exit %d: %s", code, errOut)
	}
	f, err := os.Open(png1)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("whatif -o out.png does not decode: %v", err)
	}

	code, out, errOut := runMatrixCLI(t, "whatif", "--down", "aws:us-east-1", "--format", "dot", "--view", "services")
	if code != ExitOK || !strings.Contains(out, "view: services") {
		t.Errorf("--view services: exit %d, %s", code, errOut)
	}
	code, out, _ = runMatrixCLI(t, "whatif", "--down", "aws:us-east-1", "--format", "mermaid", "--collapse", "locations")
	if code != ExitOK || !strings.Contains(out, "flowchart LR") || !strings.Contains(out, "collapsed by locations") {
		t.Errorf("--collapse locations: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{{"--view", "everything"}, {"--collapse", "tight"}, {"--focus", "no.such.node"}} {
		args := append([]string{"whatif", "--down", "aws:us-east-1", "--format", "dot"}, bad...)
		code, _, errOut := runMatrixCLI(t, args...)
		if code != ExitError || strings.Count(strings.TrimSpace(errOut), "\n") > 1 {
			t.Errorf("%v: exit %d, stderr %q", bad, code, errOut)
		}
	}
}
