package crossstate_test

import (
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/crossstate"
	"github.com/blast-dev/blast/importers/terraform"
)

// An input feeds the linker its instances' identity leaves only when the
// load has another input to match them against (or the count is not
// known); a load of one still records its remote-state data sources.
func TestLinkOptionsLeavesOnlyWhenThereIsAnotherInput(t *testing.T) {
	for _, c := range []struct {
		name   string
		inputs int
		skip   bool
	}{{"one input", 1, true}, {"two inputs", 2, false}, {"count unknown", 0, false}} {
		s := importers.NewSession(graph.New())
		s.Inputs = c.inputs
		opt := crossstate.LinkOptions(importers.Input{Name: "a.tfstate", Session: s}, terraform.Options{File: "a.tfstate"})
		if opt.Link == nil || opt.SkipLinkLeaves != c.skip || opt.File != "a.tfstate" {
			t.Errorf("%s: Link set %v, SkipLinkLeaves %v (want %v), File %q", c.name, opt.Link != nil, opt.SkipLinkLeaves, c.skip, opt.File)
		}
	}
	if opt := crossstate.LinkOptions(importers.Input{Name: "a.tfstate"}, terraform.Options{}); opt.Link != nil || opt.SkipLinkLeaves {
		t.Errorf("outside a load: Link set %v, SkipLinkLeaves %v", opt.Link != nil, opt.SkipLinkLeaves)
	}
}
