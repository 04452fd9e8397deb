package checks

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Report is the JSON report of blast check (--format json) without its
// list of inputs, which render adds: the schema version and the check,
// whose fields sit at the top level beside it. A later run reads one
// back as its baseline (ParseBaseline).
type Report struct {
	SchemaVersion int `json:"schemaVersion"`
	*Check
}

// Baseline holds the IDs of the findings a previous report holds: they
// are left out of a run that is given it (EvalOptions.Baseline).
type Baseline map[string]bool

// baselineDoc is the part of a Report that ParseBaseline reads: the
// schema version and the findings' IDs and statuses, with pointers that
// tell a missing key from an empty one. The rest of the check is not
// read back (states are written as names only).
type baselineDoc struct {
	SchemaVersion *int `json:"schemaVersion"`
	Findings      *[]struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"findings"`
}

// ErrNotReport says that a document given as a baseline is not a blast
// check JSON report.
var ErrNotReport = errors.New("not a blast check JSON report (write one with --format json)")

// ParseBaseline reads the baseline of a previous report (UTF-8 JSON, as
// Report marshals): the IDs of its open findings and of those already in
// its own baseline. Suppressed findings are left out, so that they come
// back when their suppression ends. Anything but a report is
// ErrNotReport.
func ParseBaseline(data []byte) (Baseline, error) {
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	var doc baselineDoc
	if err := json.Unmarshal(data, &doc); err != nil || doc.SchemaVersion == nil || doc.Findings == nil {
		return nil, ErrNotReport
	}
	out := Baseline{}
	for _, f := range *doc.Findings {
		if f.ID != "" && f.Status != StatusSuppressed {
			out[f.ID] = true
		}
	}
	return out, nil
}
