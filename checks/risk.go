package checks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// RiskOptions choose what RunRisk looks at.
type RiskOptions struct {
	// Order is the largest set of domains combined (1 to
	// analyzer.MaxRiskOrder).
	Order int
	// Targets, when given, keeps the rows whose ID, name or address
	// matches one of these patterns ("*" matches any run of characters).
	Targets []string
}

// RiskReport is the risk groups of the matrix's rows.
type RiskReport struct {
	// RowKind says what the targets are, as Matrix.RowKind.
	RowKind string `json:"rows"`
	*analyzer.Risk
}

// Check refuses an order out of range, before any input is read.
func (opt RiskOptions) Check() error {
	if opt.Order < 1 || opt.Order > analyzer.MaxRiskOrder {
		return fmt.Errorf("--order %d: want 1 to %d", opt.Order, analyzer.MaxRiskOrder)
	}
	return nil
}

// RunRisk finds the minimal risk groups of every row of the matrix
// (services, else top-level resources) over the failure domains present:
// providers, regions, zones and regional services.
func RunRisk(a *analyzer.Analyzer, opt RiskOptions) (*RiskReport, error) {
	if err := opt.Check(); err != nil {
		return nil, err
	}
	m := &Matrix{}
	var targets []string
	services := 0
	rows, _ := matrixRows(a, m)
	for _, row := range rows {
		n, _ := a.Graph().Node(row.ID)
		if len(opt.Targets) == 0 || matchAny(opt.Targets, n.ID, n.Name, n.Address) {
			targets = append(targets, row.ID)
			if row.Kind == graph.KindService {
				services++
			}
		}
	}
	if len(opt.Targets) > 0 && len(targets) == 0 {
		return nil, fmt.Errorf("--service: %s matches none of the %s (blast matrix lists them)", strings.Join(opt.Targets, ", "), m.RowKind)
	}
	// the rows kept say what they are
	switch {
	case services == 0:
		m.RowKind = RowsTopLevel
	case services == len(targets):
		m.RowKind = RowsServices
	}
	var doms []analyzer.Domain
	for _, dc := range analyzer.Domains(a.Graph(), false) {
		if dc.Domain.Kind == analyzer.DomainProvider {
			doms = append(doms, dc.Domain)
		}
	}
	for _, dc := range matrixDomains(a, true) {
		doms = append(doms, dc.Domain)
	}
	sort.SliceStable(doms, func(i, j int) bool { return doms[i].Cloud < doms[j].Cloud })
	return &RiskReport{RowKind: m.RowKind, Risk: a.RiskGroups(targets, doms, opt.Order)}, nil
}

// RiskTargets lists the rows risk groups are found for (services, else
// top-level resources), for completion.
func RiskTargets(a *analyzer.Analyzer) []string {
	var out []string
	rows, _ := matrixRows(a, &Matrix{})
	for _, row := range rows {
		out = append(out, row.ID)
	}
	return out
}
