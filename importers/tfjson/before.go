package tfjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/blast-dev/blast/importers"
)

// Before returns a document whose import gives a plan's before side: the
// plan's prior_state with its configuration (for provider regions and
// references), without planned values and changes. A binary plan is
// converted with terraform first. Content that is not a plan is an error.
func Before(in importers.Input) ([]byte, error) {
	body := importers.Trim(in.Data)
	if IsBinaryPlan(body) {
		out, err := showJSON(in)
		if err != nil {
			return nil, err
		}
		body = importers.Trim(out)
	}
	if !IsPlan(body) {
		return nil, errors.New("not a Terraform plan (terraform show -json PLANFILE prints one)")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", importers.JSONError(body, err))
	}
	fv := raw["format_version"]
	if len(fv) == 0 {
		return nil, errors.New("no \"format_version\": not terraform show -json output")
	}
	prior := raw["prior_state"]
	if len(prior) == 0 || bytes.Equal(prior, []byte("null")) {
		// nothing exists yet: the before side is empty
		prior = []byte(`{"format_version":` + string(fv) + `,"values":{"root_module":{}}}`)
	}
	// format_version first: detection looks for it near the start
	var b bytes.Buffer
	b.WriteString(`{"format_version":`)
	b.Write(fv)
	for _, k := range []string{"terraform_version", "variables", "configuration"} {
		if v, ok := raw[k]; ok {
			fmt.Fprintf(&b, ",%q:", k)
			b.Write(v)
		}
	}
	b.WriteString(`,"prior_state":`)
	b.Write(prior)
	b.WriteString("}\n")
	return b.Bytes(), nil
}
