package analyzer

import "github.com/blast-dev/blast/graph"

// SavedInference is the part of an inference step's conclusions that
// the graph does not hold (edges, groups and placements it wrote into
// the graph already): scope overrides, zone spreads and standby regions,
// with the list of inferences. It carries no attribute value, so a graph
// saved with it can be analysed again without its attributes (Compile).
type SavedInference struct {
	List    []Inference            `json:"list,omitempty"`
	Scope   map[string]graph.Scope `json:"scope,omitempty"`
	Spread  map[string]string      `json:"spread,omitempty"`
	Standby map[string][]string    `json:"standby,omitempty"`
}

// SavedInference returns the analyzer's inference conclusions for
// saving beside its graph.
func (a *Analyzer) SavedInference() SavedInference {
	return SavedInference{List: a.inf.List, Scope: a.inf.scope, Spread: a.inf.spread, Standby: a.inf.standby}
}

// RestoreInferred turns saved conclusions back into the Inferred that
// Compile takes.
func RestoreInferred(s SavedInference) *Inferred {
	inf := &Inferred{List: s.List, scope: s.Scope, spread: s.Spread, standby: s.Standby}
	if inf.scope == nil {
		inf.scope = map[string]graph.Scope{}
	}
	if inf.spread == nil {
		inf.spread = map[string]string{}
	}
	if inf.standby == nil {
		inf.standby = map[string][]string{}
	}
	return inf
}
