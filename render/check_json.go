package render

import (
	"io"

	"github.com/blast-dev/blast/checks"
)

func init() {
	Register(ViewCheck, "json", "machine-readable: verdict, findings with stable ids (a --baseline), changes, scenarios", checkJSON)
}

// checkDoc is checks.Report (the document a --baseline reads back) with
// the inputs of the run.
type checkDoc struct {
	checks.Report
	Inputs []Input `json:"inputs"`
}

func checkJSON(w io.Writer, r *Report) error {
	c, err := checkOf(r)
	if err != nil {
		return err
	}
	doc := checkDoc{Report: checks.Report{SchemaVersion: SchemaVersion, Check: c}, Inputs: r.Inputs}
	if doc.Inputs == nil {
		doc.Inputs = []Input{}
	}
	return writeJSON(w, doc)
}
