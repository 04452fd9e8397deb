package checks

import (
	"fmt"

	"github.com/blast-dev/blast/analyzer"
)

// DataMatrix is the data-loss view of the matrix: for every stateful
// store and every single failure domain, what that domain's loss does to
// the store's data.
type DataMatrix struct {
	Stores []DataRow `json:"stores"`
}

// DataRow is one store of the data matrix.
type DataRow struct {
	Store  string `json:"store"`
	Type   string `json:"type"`
	What   string `json:"what"`
	Where  string `json:"where"`
	Copies int    `json:"copies"`
	// Cells holds, per column of the matrix, the store's data status in
	// that domain's outage: "" (its primary is not down), "data at
	// risk", "unavailable" or "served from a copy".
	Cells []string `json:"cells"`
	// AtRisk lists the domains whose loss alone leaves no copy.
	AtRisk []string `json:"atRisk"`
}

// newDataMatrix starts the data view with one row per reported store
// (replicas of another store are left out).
func newDataMatrix(a *analyzer.Analyzer) (*DataMatrix, map[string]int) {
	d := &DataMatrix{Stores: []DataRow{}}
	at := map[string]int{}
	for _, s := range a.Stores() {
		if s.CopyOf != "" {
			continue
		}
		at[s.ID] = len(d.Stores)
		d.Stores = append(d.Stores, DataRow{Store: s.ID, Type: s.Type, What: s.What, Where: s.Where, Copies: len(s.Copies),
			Cells: []string{}, AtRisk: []string{}})
	}
	return d, at
}

// addColumn fills one column of the data view from that domain's result.
func (d *DataMatrix) addColumn(a *analyzer.Analyzer, at map[string]int, domain string, res *analyzer.Result) {
	for i := range d.Stores {
		d.Stores[i].Cells = append(d.Stores[i].Cells, "")
	}
	for _, x := range a.DataExposure(res) {
		i, ok := at[x.Store]
		if !ok {
			continue
		}
		row := &d.Stores[i]
		row.Cells[len(row.Cells)-1] = x.Status
		if x.Status == analyzer.DataAtRisk {
			row.AtRisk = append(row.AtRisk, domain)
		}
	}
}

// dataViolations evaluates a no_data_at_risk policy on one side: every
// selected store left without a copy outside a scenario's failed domains
// is a violation. It returns them and the number of stores covered.
func (c *Check) dataViolations(cp compiled, side *SideOutcome) ([]violation, int) {
	p := cp.p
	a := side.Analyzer
	g := a.Graph()
	selected := func(id string) bool {
		if len(p.Resources) == 0 {
			return true
		}
		n, ok := g.Node(id)
		return ok && matchAny(p.Resources, n.ID, n.Address)
	}
	count := 0
	for _, s := range a.Stores() {
		if s.CopyOf == "" && selected(s.ID) {
			count++
		}
	}
	var out []violation
	for _, k := range cp.scenarios {
		sc := c.suite[k]
		for _, x := range a.DataExposure(side.Results[k]) {
			if x.Status != analyzer.DataAtRisk || !selected(x.Store) {
				continue
			}
			msg := fmt.Sprintf("%s (%s in %s) has no copy outside %s: its data is at risk; policy %q asks for a copy outside the failed domains",
				x.Store, x.What, x.Where, scenarioText(sc), p.Name)
			out = append(out, violation{policy: p, id: "policy/" + p.Name + "/" + x.Store + "/" + sc.Name, node: x.Store,
				scenario: sc.Name, message: msg, resource: x.Store})
		}
	}
	return out, count
}
