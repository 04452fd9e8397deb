package analyzer

import (
	"slices"

	"github.com/blast-dev/blast/graph"
)

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

// SavedRegion is a region match in saved form: a region's name, or a
// location's name with the region prefixes it stands for.
type SavedRegion struct {
	Name   string   `json:"name"`
	Prefix []string `json:"prefix,omitempty"`
}

// SavedPlace is where a store's primary or copy lives, in saved form.
type SavedPlace struct {
	Cloud      string        `json:"cloud,omitempty"`
	Region     string        `json:"region,omitempty"`
	Zone       string        `json:"zone,omitempty"`
	OtherZones bool          `json:"otherZones,omitempty"`
	Regions    []SavedRegion `json:"regions,omitempty"`
	AnyRegion  bool          `json:"anyRegion,omitempty"`
	Node       string        `json:"node,omitempty"`
}

// SavedStore is one stateful store with its copies and the places the
// scenario test needs, read when the graph still had its attributes, so
// that an analyzer compiled without them (Compile) reports the same data
// exposure. It holds identities, names and locations only.
type SavedStore struct {
	StoreCopies
	Primary SavedPlace `json:"primary"`
	// Places has one entry per copy, in the order of Copies.
	Places []SavedPlace `json:"places"`
}

// SavedStores returns the graph's stores (Stores) in saved form.
func (a *Analyzer) SavedStores() []SavedStore {
	stores := a.Stores()
	out := make([]SavedStore, len(stores))
	for i, s := range stores {
		out[i] = SavedStore{StoreCopies: s, Primary: s.primary.saved(), Places: make([]SavedPlace, len(s.Copies))}
		out[i].Copies = slices.Clone(s.Copies)
		for k, c := range s.Copies {
			out[i].Places[k] = c.loc.saved()
			out[i].Copies[k].loc = place{} // saved in Places
		}
	}
	return out
}

// RestoreStores gives an analyzer compiled without attributes the stores
// read by SavedStores; call it before any use of Stores or DataExposure.
func (a *Analyzer) RestoreStores(saved []SavedStore) {
	a.storesOnce.Do(func() {
		a.stores = make([]StoreCopies, len(saved))
		for i, s := range saved {
			st := s.StoreCopies
			st.primary = s.Primary.place()
			st.Copies = slices.Clone(s.Copies)
			if st.Copies == nil {
				st.Copies = []DataCopy{}
			}
			for k := range st.Copies {
				if k < len(s.Places) {
					st.Copies[k].loc = s.Places[k].place()
				}
			}
			a.stores[i] = st
		}
	})
}

func (p place) saved() SavedPlace {
	out := SavedPlace{Cloud: p.cloud, Region: p.region, Zone: p.zone, OtherZones: p.otherZones, AnyRegion: p.anyRegion, Node: p.node}
	for _, r := range p.regions {
		out.Regions = append(out.Regions, SavedRegion{Name: r.name, Prefix: r.prefix})
	}
	return out
}

func (p SavedPlace) place() place {
	out := place{cloud: p.Cloud, region: p.Region, zone: p.Zone, otherZones: p.OtherZones, anyRegion: p.AnyRegion, node: p.Node}
	for _, r := range p.Regions {
		out.regions = append(out.regions, regionM{name: r.Name, prefix: r.Prefix})
	}
	return out
}
