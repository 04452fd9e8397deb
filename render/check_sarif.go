package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/blast-dev/blast/checks"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

func init() {
	Register(ViewCheck, "sarif", "SARIF 2.1.0 for code scanning: findings at the .tf line with --config-dir, else in the input file that holds the resource", checkSARIF)
}

// SARIFCategory is the run's automationDetails.id: GitHub code scanning
// keeps the results of each category apart, so that blast's upload
// neither replaces nor is replaced by another tool's.
const SARIFCategory = "blast/check/"

// Rule help links: the sections of docs/ci.md that explain each kind of rule.
const (
	chkSarifHelpBase   = "https://github.com/blast-dev/blast/blob/main/docs/ci.md"
	chkSarifPolicyHelp = chkSarifHelpBase + "#policies"
	chkSarifImpactHelp = chkSarifHelpBase + "#exit-codes-and---fail-on"
)

// Rule IDs of findings that no policy names.
const (
	chkSarifImpactRule = "blast/new-impact"
	chkSarifSPOFRule   = "blast/new-single-point-of-failure"
)

func chkSarifRuleID(f checks.Finding) string {
	switch f.Kind {
	case checks.FindingViolation:
		return "blast/policy/" + f.Policy
	case checks.FindingSPOF:
		return chkSarifSPOFRule
	}
	return chkSarifImpactRule
}

func checkSARIF(w io.Writer, r *Report) error {
	c, err := checkOf(r)
	if err != nil {
		return err
	}
	rep := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("blast", "https://github.com/blast-dev/blast")
	run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(SARIFCategory))
	addRule := func(id, name, desc, level, help string) {
		rule := run.AddRule(id).WithName(name).WithDescription(desc).WithFullDescription(sarif.NewMultiformatMessageString().WithText(desc))
		rule.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level)).WithHelpURI(help)
	}
	fallback := chkSarifInputFile(r.Inputs)
	for _, p := range c.Policies {
		desc := p.Rule
		if p.Description != "" {
			desc = p.Description + " (" + p.Rule + ")"
		}
		addRule("blast/policy/"+p.Name, "policy "+p.Name, desc, p.Level, chkSarifPolicyHelp)
	}
	addRule(chkSarifImpactRule, "new impact", "A service (or top-level resource) newly fails, degrades or freezes in a failure scenario.", checks.LevelWarning, chkSarifImpactHelp)
	addRule(chkSarifSPOFRule, "new single point of failure", "A resource whose loss alone now fails a service (or top-level resource).", checks.LevelWarning, chkSarifImpactHelp)
	for _, f := range c.Findings {
		res := run.CreateResultForRule(chkSarifRuleID(f)).
			WithLevel(f.Level).
			WithMessage(sarif.NewTextMessage(f.Message)).
			WithPartialFingerprints(map[string]string{"blastFindingId/v1": f.ID})
		loc := sarif.NewLocation()
		file, line := f.File, f.Line
		if file == "" && f.Source != nil && chkSarifIsFile(f.Source.File) {
			file, line = chkSarifRel(f.Source.File), f.Source.Line
		}
		if file == "" {
			file = fallback
		}
		if file != "" {
			region := sarif.NewRegion().WithStartLine(max(line, 1))
			loc.WithPhysicalLocation(sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation(chkSarifURI(file)).WithURIBaseID("%SRCROOT%")).
				WithRegion(region))
		}
		name := f.Address
		if name == "" {
			name = f.Resource
		}
		if name == "" {
			name = f.Node
		}
		if name != "" {
			loc.AddLogicalLocation(sarif.NewLogicalLocation().WithFullyQualifiedName(name).WithKind("resource"))
		}
		res.AddLocation(loc)
		pb := sarif.NewPropertyBag()
		pb.Add("kind", f.Kind)
		pb.Add("new", f.New)
		if f.Scenario != "" {
			pb.Add("scenario", f.Scenario)
		}
		if f.Node != "" {
			pb.Add("node", f.Node)
		}
		res.WithProperties(pb)
		switch f.Status {
		case checks.StatusSuppressed:
			res.AddSuppression(sarif.NewSuppression().WithKind("external").WithStatus("accepted").WithJustification(f.Suppression))
		case checks.StatusBaseline:
			res.WithBaselineState("unchanged")
		default:
			if f.New {
				res.WithBaselineState("new")
			} else {
				res.WithBaselineState("unchanged")
			}
		}
	}
	rep.AddRun(run)
	var buf bytes.Buffer
	if err := rep.PrettyWrite(&buf); err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	// re-indent without HTML escaping, for readable messages
	var v any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	return writeJSON(w, v)
}

// chkSarifIsFile reports whether an input name is a file (not stdin).
func chkSarifIsFile(name string) bool {
	return name != "" && name != "-" && name != "stdin"
}

// chkSarifInputFile is where a finding that names no file points: the
// plan (the first Terraform input), else the first input file.
func chkSarifInputFile(inputs []Input) string {
	first := ""
	for _, in := range inputs {
		if !chkSarifIsFile(in.File) {
			continue
		}
		if in.Format == "tfjson" || in.Format == "tfstate" {
			return chkSarifRel(in.File)
		}
		if first == "" {
			first = chkSarifRel(in.File)
		}
	}
	return first
}

// chkSarifRel makes an input path relative to the working directory when
// it lies below it (code scanning resolves URIs against the checkout),
// with forward slashes.
func chkSarifRel(name string) string {
	if filepath.IsAbs(name) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, name); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				name = rel
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(name))
}

// chkSarifURI turns a slash-separated path into a URI reference: spaces
// and other reserved characters escaped, "./" ahead of a first segment
// that would read as a scheme.
func chkSarifURI(path string) string {
	return (&url.URL{Path: path}).String()
}
