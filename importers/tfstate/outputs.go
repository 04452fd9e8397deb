package tfstate

import (
	"bytes"
	"encoding/json"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/crossstate"
)

// recordOutputs gives the cross-state linker the root outputs of a
// version 4 state, which it matches to the remote state data sources of
// other inputs. Terraform writes "outputs" before "resources" (and so
// does a key-sorted copy), so the reading stops at "resources" and costs
// nothing on a large state; a state that is not so written, or whose
// outputs do not decode, records none.
func recordOutputs(in importers.Input, body []byte) {
	if in.Session == nil {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return
		}
		key, _ := t.(string)
		switch key {
		case "resources", "modules":
			return
		case "outputs":
			var outs map[string]struct {
				Value     any  `json:"value"`
				Sensitive bool `json:"sensitive"`
			}
			if dec.Decode(&outs) != nil {
				return
			}
			for name, o := range outs {
				crossstate.AddOutput(in, name, o.Value, o.Sensitive)
			}
			return
		default:
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return
			}
		}
	}
}
