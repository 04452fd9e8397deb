package render

import (
	"io"

	"github.com/blast-dev/blast/checks"
)

func init() {
	Register(ViewCheck, "json", "machine-readable: verdict, findings with stable ids (a --baseline), changes, scenarios", checkJSON)
}

type checkDoc struct {
	SchemaVersion int `json:"schemaVersion"`
	*checks.Check
	Inputs []Input `json:"inputs"`
}

func checkJSON(w io.Writer, r *Report) error {
	c, err := checkOf(r)
	if err != nil {
		return err
	}
	doc := checkDoc{SchemaVersion: SchemaVersion, Check: c, Inputs: r.Inputs}
	if doc.Inputs == nil {
		doc.Inputs = []Input{}
	}
	return writeJSON(w, doc)
}
