package render

import (
	"io"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/graph"
)

func init() {
	Register(ViewImpact, "json", "machine-readable result: every node with state and explanation", impactJSON)
	Register(ViewGraph, "json", "every node with its placement and every edge", graphJSON)
	Register(ViewDomains, "json", "the failure domains as a JSON list", domainsJSON)
}

// NodeJSON is one node of a JSON result. Only identities, names and
// locations appear: never attribute values.
type NodeJSON struct {
	ID       string      `json:"id"`
	Kind     graph.Kind  `json:"kind"`
	Address  string      `json:"address,omitempty"`
	Type     string      `json:"type"`
	Provider string      `json:"provider,omitempty"`
	Region   string      `json:"region"`
	Zone     string      `json:"zone"`
	Zones    []string    `json:"zones,omitempty"`
	Regions  []string    `json:"regions,omitempty"`
	Scope    graph.Scope `json:"scope"`
	// State is healthy, degraded, failed, or affected: a configuration
	// object (Role) that propagation failed, degraded or froze, whose
	// propagated state Propagated keeps. Summary counts the same
	// partition, so select(.state == "failed") is what stops serving.
	State string `json:"state"`
	// Role is "configuration" for a type that only configures what
	// serves, healthy or not; empty for what serves.
	Role         string          `json:"role,omitempty"`
	Propagated   string          `json:"propagated,omitempty"`
	Frozen       bool            `json:"frozen"`
	Reason       string          `json:"reason,omitempty"`
	Domain       string          `json:"domain,omitempty"`
	Explanation  []analyzer.Step `json:"explanation,omitempty"`
	FrozenReason string          `json:"frozenReason,omitempty"`
	FrozenChain  []analyzer.Step `json:"frozenExplanation,omitempty"`
	Inferred     bool            `json:"inferred,omitempty"`
	Lost         []string        `json:"lost,omitempty"`
	Left         []string        `json:"left,omitempty"`
	Source       *graph.Source   `json:"source,omitempty"`
	// Workspace is the Terraform workspace of the node's state, when
	// its place names one (terraform.tfstate.d/NAME/).
	Workspace string `json:"workspace,omitempty"`
}

type impactDoc struct {
	SchemaVersion int               `json:"schemaVersion"`
	Scenario      analyzer.Scenario `json:"scenario"`
	Summary       analyzer.Summary  `json:"summary"`
	Services      *analyzer.Summary `json:"services,omitempty"`
	// Teams is the result per owning team (whatif --by team).
	Teams *analyzer.TeamView `json:"byTeam,omitempty"`
	// Data lists the stores whose primary the scenario takes down.
	Data     []analyzer.Exposure `json:"data,omitempty"`
	Nodes    []NodeJSON          `json:"nodes"`
	Warnings []string            `json:"warnings"`
}

// ImpactNodes returns the JSON view of every non-data node of a result.
func ImpactNodes(r *Report) []NodeJSON {
	var out []NodeJSON
	nodes := r.Graph.Nodes()
	if len(nodes) > 0 {
		out = make([]NodeJSON, 0, len(nodes)) // sized once: a state may hold 100k nodes
	}
	same := analyzedInOrder(r, nodes)
	for i, n := range nodes {
		if n.Mode != graph.ModeData {
			at := -1
			if same {
				at = i
			}
			out = append(out, impactNodeAt(r, n, at))
		}
	}
	return out
}

// impactNodeAt is the JSON view of one node of a result, given the
// node's index in the analysis (at), or -1 to look it up by ID.
func impactNodeAt(r *Report, n *graph.Node, at int) NodeJSON {
	var scope graph.Scope
	var config bool
	var im analyzer.Impact
	var hit bool
	if at >= 0 {
		scope, config = r.Analyzer.ScopeAt(at), r.Analyzer.ConfigurationAt(at)
		im, hit = r.Result.ImpactAt(at)
	} else {
		scope, config = r.Analyzer.ScopeOf(n.ID), r.Analyzer.Configuration(n.ID)
		im, hit = r.Result.Impact(n.ID)
	}
	nj := nodeJSON(n, scope)
	if config {
		nj.Role = string(platform.Configuration)
	}
	if hit {
		nj.State, nj.Frozen, nj.Reason, nj.Domain = im.State.String(), im.Frozen, im.Reason, im.Domain
		if im.Configuration {
			nj.State, nj.Propagated = "affected", im.State.String()
		}
		nj.Explanation, nj.FrozenReason, nj.FrozenChain = im.Chain, im.FrozenReason, im.FrozenChain
		nj.Inferred, nj.Lost, nj.Left = im.Inferred, im.Lost, im.Left
	}
	return nj
}

func nodeJSON(n *graph.Node, scope graph.Scope) NodeJSON {
	p := n.Placement
	nj := NodeJSON{ID: n.ID, Kind: n.Kind, Address: n.Address, Type: n.Type, Provider: p.Cloud,
		Region: p.Region, Zone: p.Zone, Scope: scope, Regions: p.Regions, State: analyzer.Healthy.String()}
	if len(p.Zones) > 0 {
		nj.Zones = p.Zones
	}
	if nj.Zone == "" && p.ZoneID != "" {
		nj.Zone = p.ZoneID
	}
	if n.Source.File != "" {
		nj.Source = &n.Source // the node's own, read only: not a copy for each node written
	}
	nj.Workspace = n.Labels["workspace"]
	return nj
}

func impactJSON(w io.Writer, r *Report) error {
	// the data exposures are written as a list of their own, before the
	// nodes (the document leaves them out)
	doc := impactDoc{SchemaVersion: SchemaVersion, Scenario: r.Result.Scenario,
		Summary: r.Result.Summary, Teams: r.Teams, Nodes: []NodeJSON{}, Warnings: r.Result.Warnings}
	if doc.Warnings == nil {
		doc.Warnings = []string{}
	}
	if r.Result.Services.Nodes > 0 {
		s := r.Result.Services
		doc.Services = &s
	}
	return writeJSONLists(w, doc, omitted(list("data", r.Data), "nodes"), impactNodeList(r))
}

type graphNodeJSON struct {
	ID       string      `json:"id"`
	Kind     graph.Kind  `json:"kind"`
	Type     string      `json:"type"`
	Mode     graph.Mode  `json:"mode,omitempty"`
	Address  string      `json:"address,omitempty"`
	Provider string      `json:"provider,omitempty"`
	Service  string      `json:"service,omitempty"`
	Scope    graph.Scope `json:"scope"`
	// Role is "configuration" for a type that only configures what
	// serves (reported as affected by whatif); empty for what serves.
	Role      string            `json:"role,omitempty"`
	Placement graph.Placement   `json:"placement"`
	Source    graph.Source      `json:"source"`
	Labels    map[string]string `json:"labels,omitempty"`
	Groups    []graph.Group     `json:"groups,omitempty"`
}

type graphDoc struct {
	SchemaVersion int             `json:"schemaVersion"`
	Inputs        []Input         `json:"inputs"`
	Skipped       []Skipped       `json:"skipped,omitempty"`
	Nodes         []graphNodeJSON `json:"nodes"`
	Edges         []graph.Edge    `json:"edges"`
	Warnings      []graph.Warning `json:"warnings"`
}

func graphJSON(w io.Writer, r *Report) error {
	doc := graphDoc{SchemaVersion: SchemaVersion, Inputs: r.Inputs, Skipped: r.Skipped, Nodes: []graphNodeJSON{}, Edges: []graph.Edge{}, Warnings: r.Graph.Warnings()}
	nodes := make([]graphNodeJSON, 0, r.Graph.Len())
	for _, n := range r.Graph.Nodes() {
		gn := graphNodeJSON{ID: n.ID, Kind: n.Kind, Type: n.Type, Mode: n.Mode, Address: n.Address,
			Provider: n.Provider, Service: r.Analyzer.Knowledge().ServiceOf(n), Scope: r.Analyzer.ScopeOf(n.ID),
			Placement: n.Placement, Source: n.Source, Labels: n.Labels, Groups: r.Graph.Groups(n.ID)}
		if r.Analyzer.Configuration(n.ID) {
			gn.Role = string(platform.Configuration)
		}
		nodes = append(nodes, gn)
	}
	if doc.Warnings == nil {
		doc.Warnings = []graph.Warning{}
	}
	if doc.Inputs == nil {
		doc.Inputs = []Input{}
	}
	return writeJSONLists(w, doc, list("nodes", nodes), list("edges", r.Graph.Edges()))
}

func domainsJSON(w io.Writer, r *Report) error {
	doc := struct {
		SchemaVersion int                    `json:"schemaVersion"`
		Domains       []analyzer.DomainCount `json:"domains"`
	}{SchemaVersion, r.Domains}
	if doc.Domains == nil {
		doc.Domains = []analyzer.DomainCount{}
	}
	return writeJSON(w, doc)
}

func writeJSON(w io.Writer, v any) error {
	return encodeIndented(w, v) // json.Encoder's indented output, faster
}
