package checks

import (
	"runtime"
	"sort"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/parallel"
)

// Row kinds of a resilience matrix.
const (
	RowsServices = "services"
	RowsTopLevel = "top-level resources"
	// RowsMixed: services, and the top-level resources no service
	// covers (a tag-based service of one member must not hide the
	// region that fails everything else).
	RowsMixed = "services and top-level resources"
)

// Cell is the worst state one failure domain leaves one row in.
type Cell struct {
	State  analyzer.State `json:"state"`
	Frozen bool           `json:"frozen,omitempty"`
	// Reason is the first step of the row's explanation in that scenario;
	// empty past the first MatrixOptions.ReasonRows rows, when set.
	Reason string `json:"reason,omitempty"`
}

// Label names the cell's state: failed, degraded, frozen or healthy.
// Failed and degraded win over frozen.
func (c Cell) Label() string {
	if c.State == analyzer.Healthy && c.Frozen {
		return "frozen"
	}
	return c.State.String()
}

// Severity orders cells: healthy 0, frozen 1, degraded 2, failed 3.
func (c Cell) Severity() int {
	switch {
	case c.State == analyzer.Failed:
		return 3
	case c.State == analyzer.Degraded:
		return 2
	case c.Frozen:
		return 1
	}
	return 0
}

// MatrixColumn is one failure domain of the matrix with what taking it
// down does to the whole graph.
type MatrixColumn struct {
	Domain    analyzer.Domain     `json:"-"`
	Name      string              `json:"domain"`
	Kind      analyzer.DomainKind `json:"kind"`
	Resources int                 `json:"resources"`
	// Summary counts the states of every node with this domain down.
	Summary analyzer.Summary `json:"summary"`
	// RowsFailed, RowsDegraded and RowsFrozen count the rows left in each
	// state (frozen counts rows that are frozen but otherwise healthy).
	RowsFailed   int `json:"rowsFailed"`
	RowsDegraded int `json:"rowsDegraded"`
	RowsFrozen   int `json:"rowsFrozen"`
	// FrozenOnly counts the nodes that are frozen but neither failed nor
	// degraded, so that failed + degraded + FrozenOnly is the blast radius.
	FrozenOnly int `json:"frozenOnly"`
}

// Radius is the blast radius of the column: every node failed, degraded
// or frozen.
func (c MatrixColumn) Radius() int { return c.Summary.Failed + c.Summary.Degraded + c.FrozenOnly }

// MatrixRow is one service or top-level resource and its cell per column.
type MatrixRow struct {
	ID    string     `json:"id"`
	Kind  graph.Kind `json:"kind"`
	Label string     `json:"label"`
	Cells []Cell     `json:"cells"`
}

// Worst returns the most severe cell of the row.
func (r MatrixRow) Worst() Cell {
	var w Cell
	for _, c := range r.Cells {
		if c.Severity() > w.Severity() {
			w = c
		}
	}
	return w
}

// SPOF is a single point of failure: a failure domain whose loss alone
// fails at least one row.
type SPOF struct {
	Domain string              `json:"domain"`
	Kind   analyzer.DomainKind `json:"kind"`
	// Fails lists the rows the domain's loss fails, by ID.
	Fails []string `json:"fails"`
	// Degrades counts the rows it degrades.
	Degrades int `json:"degrades"`
	// Nodes counts every node it fails, rows or not.
	Nodes int `json:"nodes"`
}

// Matrix is the resilience matrix: every single failure domain present
// taken down on its own, and what it does to each row.
type Matrix struct {
	// RowKind says what the rows are: services, or top-level resources
	// (those nothing else depends on) when the graph holds no services.
	RowKind string         `json:"rows"`
	Columns []MatrixColumn `json:"columns"`
	Rows    []MatrixRow    `json:"matrix"`
	// SPOFs are the domains whose loss fails a row, the most damaging
	// first.
	SPOFs []SPOF `json:"singlePointsOfFailure"`
	// Data is the data-loss view (MatrixOptions.Data): each stateful
	// store's data status per column.
	Data *DataMatrix `json:"data,omitempty"`
}

// MatrixOptions choose the columns of a matrix.
type MatrixOptions struct {
	// Services adds one column per regional service (aws:us-east-1/sqs).
	Services bool
	// Data adds the data-loss view: per store and domain, whether its
	// data survives (matrix --view data).
	Data bool
	// ReasonRows, when above zero, is how many rows, from the first,
	// have each cell's reason; the cells of the others have their state
	// and frozen flag alone, and the columns and single points of failure
	// still count every row (a page shows its first rows only). Zero:
	// every row; below zero: none (a table of states alone).
	ReasonRows int
}

// RunMatrix runs every single failure domain present in a's graph (each
// region, each zone and, with opt.Services, each regional service) one at
// a time and tabulates the worst state each leaves every row in.
func RunMatrix(a *analyzer.Analyzer, opt MatrixOptions) *Matrix {
	m := &Matrix{Columns: []MatrixColumn{}, Rows: []MatrixRow{}, SPOFs: []SPOF{}}
	rows, rowAt := matrixRows(a, m) // each row's place in a.Nodes(): its cells read by place
	doms := matrixDomains(a, opt.Services)
	a.CountHits(doms)
	// each scenario explains only what the matrix reads of it: its rows
	// and, for the data view, the stores' states
	read := make([]string, 0, len(rows))
	for _, r := range rows {
		read = append(read, r.ID)
	}
	var stores map[string]int
	if opt.Data {
		m.Data, stores = newDataMatrix(a)
		for _, s := range a.Stores() {
			read = append(read, s.ID)
		}
	}
	explained := len(read)
	switch {
	case opt.ReasonRows > 0:
		explained = min(opt.ReasonRows, len(rows))
	case opt.ReasonRows < 0:
		explained = 0
	}
	next := runEach(a, doms, read, explained)
	for _, dc := range doms {
		res := next()
		if m.Data != nil {
			m.Data.addColumn(a, stores, dc.Name, res)
		}
		col := MatrixColumn{Domain: dc.Domain, Name: dc.Name, Kind: dc.Domain.Kind, Resources: dc.Resources, Summary: res.Summary,
			FrozenOnly: res.Summary.FrozenOnly}
		sp := SPOF{Domain: dc.Name, Kind: dc.Domain.Kind, Nodes: res.Summary.Failed, Fails: []string{}}
		for ri := range rows {
			c := Cell{}
			if im, ok := res.ImpactAt(rowAt[ri]); ok {
				c = Cell{State: im.State, Frozen: im.Frozen, Reason: im.Reason}
			}
			rows[ri].Cells = append(rows[ri].Cells, c)
			switch c.Severity() {
			case 3:
				col.RowsFailed++
				sp.Fails = append(sp.Fails, rows[ri].ID)
			case 2:
				col.RowsDegraded++
				sp.Degrades++
			case 1:
				col.RowsFrozen++
			}
		}
		m.Columns = append(m.Columns, col)
		if len(sp.Fails) > 0 {
			m.SPOFs = append(m.SPOFs, sp)
		}
	}
	for ri := range rows {
		if rows[ri].Cells == nil {
			rows[ri].Cells = []Cell{}
		}
	}
	m.Rows = rows
	sort.SliceStable(m.SPOFs, func(i, j int) bool {
		a, b := m.SPOFs[i], m.SPOFs[j]
		if len(a.Fails) != len(b.Fails) {
			return len(a.Fails) > len(b.Fails)
		}
		if a.Nodes != b.Nodes {
			return a.Nodes > b.Nodes
		}
		if a.Degrades != b.Degrades {
			return a.Degrades > b.Degrades
		}
		return a.Domain < b.Domain
	})
	return m
}

// runEach runs one scenario per domain on every core there is and hands
// the results back in domain order through next, so that the matrix is
// the same whatever the timing. At most one result per core is computed
// ahead of the caller: memory stays bounded however many domains. Each
// result holds the impacts of the nodes read (by ID) alone, the first
// explained of them with their reasons.
func runEach(a *analyzer.Analyzer, doms []analyzer.DomainCount, read []string, explained int) (next func() *analyzer.Result) {
	next, _ = parallel.Ordered(len(doms), runtime.GOMAXPROCS(0), func(i int) *analyzer.Result {
		return a.RunFor(analyzer.Scenario{Down: []analyzer.Domain{doms[i].Domain}}, read, explained)
	})
	return next // the matrix takes every result: nothing to stop
}

// Ranking returns the columns ordered by blast radius (nodes hit), then
// by failed, degraded and frozen nodes, most first; ties by name.
func (m *Matrix) Ranking() []MatrixColumn {
	out := append([]MatrixColumn(nil), m.Columns...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Radius() != out[j].Radius() {
			return out[i].Radius() > out[j].Radius()
		}
		a, b := out[i].Summary, out[j].Summary
		if a.Failed != b.Failed {
			return a.Failed > b.Failed
		}
		if a.Degraded != b.Degraded {
			return a.Degraded > b.Degraded
		}
		if out[i].FrozenOnly != out[j].FrozenOnly {
			return out[i].FrozenOnly > out[j].FrozenOnly
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// matrixRows picks the rows: the service nodes, then the top-level
// resources (nothing but data sources depends on them), each sorted by
// ID. A resource some service needs is not top-level, so the second part
// holds what the services do not cover. at holds each row's place in
// a.Nodes(), where a result's cells are read (Result.ImpactAt).
func matrixRows(a *analyzer.Analyzer, m *Matrix) (rows []MatrixRow, at []int) {
	for i, n := range a.Nodes() {
		if n.Kind == graph.KindService && n.Mode != graph.ModeData {
			rows = append(rows, MatrixRow{ID: n.ID, Kind: n.Kind, Label: n.Label()})
			at = append(at, i)
		}
	}
	services := len(rows)
	defer func() {
		switch {
		case services == 0:
			m.RowKind = RowsTopLevel
		case len(rows) > services:
			m.RowKind = RowsMixed
		default:
			m.RowKind = RowsServices
		}
	}()
	for i, top := range topLevels(a) {
		if n := a.Nodes()[i]; top {
			rows = append(rows, MatrixRow{ID: n.ID, Kind: n.Kind, Label: n.Label()})
			at = append(at, i)
		}
	}
	if rows == nil {
		rows = []MatrixRow{}
	}
	return rows, at
}

// matrixDomains lists the single failure domains of a matrix: regions,
// zones (by name; by AZ ID only where no zone name is known) and
// optionally regional services, ordered by cloud, region, then region
// before its zones before its services. Their Resources are left for
// the caller to count (Analyzer.CountHits: a pass over every node and
// domain, which the risk search does not read).
func matrixDomains(a *analyzer.Analyzer, services bool) []analyzer.DomainCount {
	g := a.Graph()
	idOnly := map[string]bool{}
	for _, n := range g.Nodes() {
		p := n.Placement
		if n.Target() && p.ZoneID != "" && p.Zone == "" && len(p.Zones) == 0 {
			idOnly[p.Cloud+":"+p.ZoneID] = true
		}
	}
	var out []analyzer.DomainCount
	if services {
		// the service as the platform knowledge names it, like the
		// analyzer's own regional service outages
		svc := map[string]*analyzer.DomainCount{}
		for _, n := range a.Nodes() {
			p := n.Placement
			service := a.ServiceOf(n.ID)
			if !n.Target() || p.Cloud == "" || service == "" || a.ScopeOf(n.ID) == graph.ScopeGlobal {
				continue
			}
			for _, r := range p.AllRegions() {
				d := analyzer.Domain{Kind: analyzer.DomainService, Cloud: p.Cloud, Region: r, Service: service}
				c := svc[d.String()]
				if c == nil {
					c = &analyzer.DomainCount{Domain: d, Name: d.String(), Kind: string(d.Kind)}
					svc[d.String()] = c
				}
				c.Resources++
			}
		}
		for _, c := range svc {
			out = append(out, *c)
		}
	}
	for _, dc := range analyzer.Domains(g, false) {
		switch dc.Domain.Kind {
		case analyzer.DomainRegion:
		case analyzer.DomainZone:
			if dc.Domain.Zone == "" && !idOnly[dc.Domain.Cloud+":"+dc.Domain.ZoneID] {
				continue
			}
		default:
			continue
		}
		out = append(out, dc)
	}
	rank := map[analyzer.DomainKind]int{analyzer.DomainRegion: 0, analyzer.DomainZone: 1, analyzer.DomainService: 2}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Domain, out[j].Domain
		if a.Cloud != b.Cloud {
			return a.Cloud < b.Cloud
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		if rank[a.Kind] != rank[b.Kind] {
			return rank[a.Kind] < rank[b.Kind]
		}
		return out[i].Name < out[j].Name
	})
	return out
}
