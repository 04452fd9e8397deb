package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

// sarifDoc is the part of a SARIF log that GitHub code scanning needs.
type sarifDoc struct {
	Runs []struct {
		AutomationDetails *struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Tool struct {
			Driver struct {
				Rules []struct {
					ID      string `json:"id"`
					HelpURI string `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

// Without --config-dir every result still points at a file (the input
// that holds the resource, relative to the working directory even when
// given as an absolute path), every rule links to a section of docs/ci.md that
// exists, and the run has a category: what code scanning needs to
// accept the upload. The log validates against the SARIF schema.
func TestSARIFCodeScanning(t *testing.T) {
	root := moduleRoot(t)
	t.Chdir(root)
	schema, err := os.ReadFile("cmd/testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("docs/ci.md")
	if err != nil {
		t.Fatal(err)
	}
	anchors := readmeAnchors(string(readme))
	for _, plan := range []string{"fixtures/pr-zonal/scale-in.json", filepath.Join(root, "fixtures/pr-zonal/scale-in.json")} {
		code, out, stderr := blastRun(t, "", "check", "--format", "sarif", "--today", "2026-01-15", "--fail-on", "none",
			"--config", "fixtures/pr-zonal/blast.toml", plan)
		if code != ExitOK {
			t.Fatalf("exit %d; stderr: %s", code, stderr)
		}
		res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewStringLoader(out))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Errors() {
			t.Errorf("schema: %s", e)
		}
		var doc sarifDoc
		if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Runs) != 1 {
			t.Fatalf("not one SARIF run: %v", err)
		}
		run := doc.Runs[0]
		if run.AutomationDetails == nil || run.AutomationDetails.ID == "" {
			t.Error("the run has no automationDetails.id (category)")
		}
		for _, r := range run.Tool.Driver.Rules {
			anchor, ok := strings.CutPrefix(r.HelpURI, "https://github.com/blast-dev/blast/blob/main/docs/ci.md#")
			if !ok || !anchors[anchor] {
				t.Errorf("rule %s: helpUri %q is not a section of docs/ci.md", r.ID, r.HelpURI)
			}
		}
		if len(run.Results) == 0 {
			t.Fatal("no results to check")
		}
		for i, r := range run.Results {
			if len(r.Locations) == 0 || r.Locations[0].PhysicalLocation == nil {
				t.Errorf("result %d (%s) has no physical location", i, r.RuleID)
				continue
			}
			pl := r.Locations[0].PhysicalLocation
			if pl.ArtifactLocation.URI != "fixtures/pr-zonal/scale-in.json" || pl.Region.StartLine < 1 {
				t.Errorf("result %d (%s) at %q line %d, want the plan, relative, line >= 1", i, r.RuleID, pl.ArtifactLocation.URI, pl.Region.StartLine)
			}
		}
	}
}

// readmeAnchors returns the anchors GitHub gives README headings (not
// the comments of code blocks): lower case, punctuation other than - and
// _ dropped, spaces as -.
func readmeAnchors(readme string) map[string]bool {
	out := map[string]bool{}
	drop := regexp.MustCompile(`[^\p{L}\p{N}\- _]`)
	fenced := false
	for _, line := range strings.Split(readme, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		if fenced || !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.TrimSpace(strings.TrimLeft(line, "#"))
		out[strings.ReplaceAll(drop.ReplaceAllString(strings.ToLower(h), ""), " ", "-")] = true
	}
	return out
}
