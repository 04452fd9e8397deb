package tfstate

import (
	"encoding/json"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/crossstate"
)

// recordOutputs gives the cross-state linker the root outputs of a
// version 4 state, which it matches to the remote state data sources of
// other inputs. Terraform writes "outputs" before "resources" (and so
// does a key-sorted copy), so the reading stops at "resources" and costs
// nothing on a large state; a state that is not so written, or whose
// outputs do not decode, records none. The body is valid JSON (a reader
// took it): the keys before the outputs are skipped, not decoded (a
// decoder's tokens cost more than the rest of a small state's outputs).
func recordOutputs(in importers.Input, body []byte) {
	if in.Session == nil {
		return
	}
	importers.EachTopLevelValue(body, func(key string, value []byte) bool {
		switch key {
		case "resources", "modules":
			return false
		case "outputs":
			var outs map[string]struct {
				Value     any  `json:"value"`
				Sensitive bool `json:"sensitive"`
			}
			if json.Unmarshal(value, &outs) != nil {
				return false
			}
			for name, o := range outs {
				crossstate.AddOutput(in, name, o.Value, o.Sensitive)
			}
			return false
		}
		return true
	})
}
