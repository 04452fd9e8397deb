package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/blast-dev/blast/analyzer"
)

func init() {
	Register(ViewCheck, "sarif", "SARIF 2.1.0 for code scanning: findings at the .tf line with --config-dir, else at the address", checkSARIF)
}

// Rule IDs of findings that no policy names.
const (
	chkSarifImpactRule = "blast/new-impact"
	chkSarifSPOFRule   = "blast/new-single-point-of-failure"
)

func chkSarifRuleID(f analyzer.Finding) string {
	switch f.Kind {
	case analyzer.FindingViolation:
		return "blast/policy/" + f.Policy
	case analyzer.FindingSPOF:
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
	addRule := func(id, name, desc, level string) {
		rule := run.AddRule(id).WithName(name).WithDescription(desc).WithFullDescription(sarif.NewMultiformatMessageString().WithText(desc))
		rule.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level))
	}
	for _, p := range c.Policies {
		desc := p.Rule
		if p.Description != "" {
			desc = p.Description + " (" + p.Rule + ")"
		}
		addRule("blast/policy/"+p.Name, "policy "+p.Name, desc, p.Level)
	}
	addRule(chkSarifImpactRule, "new impact", "A service (or top-level resource) newly fails, degrades or freezes in a failure scenario.", analyzer.LevelWarning)
	addRule(chkSarifSPOFRule, "new single point of failure", "A resource whose loss alone now fails a service (or top-level resource).", analyzer.LevelWarning)
	for _, f := range c.Findings {
		res := run.CreateResultForRule(chkSarifRuleID(f)).
			WithLevel(f.Level).
			WithMessage(sarif.NewTextMessage(f.Message)).
			WithPartialFingerprints(map[string]string{"blastFindingId/v1": f.ID})
		loc := sarif.NewLocation()
		if f.File != "" {
			region := sarif.NewRegion().WithStartLine(max(f.Line, 1))
			loc.WithPhysicalLocation(sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation(f.File).WithURIBaseID("%SRCROOT%")).
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
		case analyzer.StatusSuppressed:
			res.AddSuppression(sarif.NewSuppression().WithKind("external").WithStatus("accepted").WithJustification(f.Suppression))
		case analyzer.StatusBaseline:
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
