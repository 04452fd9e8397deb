// Package render turns graphs and analysis results into output formats.
// Each format lives in its own file and registers itself for the views it
// supports; no format knows another.
package render

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/buildinfo"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/graph"
)

// SchemaVersion is the version of every JSON document blast writes.
const SchemaVersion = 1

// View is what is being rendered.
type View string

// Views.
const (
	ViewImpact  View = "whatif"  // one scenario's result
	ViewGraph   View = "graph"   // the imported graph
	ViewDomains View = "domains" // the failure domains present
	ViewMatrix  View = "matrix"  // every single failure domain, one at a time
)

// Input describes one imported file, for reports.
type Input struct {
	File   string `json:"file"`
	Format string `json:"format"`
	Prefix string `json:"prefix,omitempty"`
	// Workspace is the Terraform workspace of a state, when its place
	// names one (terraform.tfstate.d/NAME/).
	Workspace string `json:"workspace,omitempty"`
	Nodes     int    `json:"nodes"`
}

// Skipped is a file of a walked directory that is not an input, and why
// (blast graph lists them).
type Skipped struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Report is everything a renderer may draw from.
type Report struct {
	Graph    *graph.Graph
	Analyzer *analyzer.Analyzer
	// Result is the scenario outcome (ViewImpact only).
	Result *analyzer.Result
	// Data is what the scenario does to the stateful stores whose primary
	// it takes down (ViewImpact: the "Data" section).
	Data []analyzer.Exposure
	// Domains are the failure domains present (ViewDomains).
	Domains []analyzer.DomainCount
	Inputs  []Input
	// Skipped are the files of walked directories that are not inputs,
	// sorted by file (ViewGraph lists them).
	Skipped []Skipped
	// Color enables ANSI colour in text output.
	Color bool
	// ShowAffected lists, besides what fails, degrades and freezes, the
	// configuration objects a scenario affects (--show-affected); they
	// are counted either way.
	ShowAffected bool
	// Diagram chooses what diagrams (dot, svg, png, mermaid, html) show.
	Diagram DiagramOptions
	// Matrix is the resilience matrix (ViewMatrix, and the html page of
	// ViewImpact: see NeedsMatrix), computed by the caller, or being
	// computed beside the rendering (MatrixLater).
	Matrix *checks.Matrix
	later  laterMatrix
	// Chart chooses the chart of matrix svg output: all (default),
	// heatmap or ranking.
	Chart string
	// Check is the comparison of a change's two sides (ViewCheck).
	Check *checks.Check
	// Teams, when set, is the result per owning team (whatif --by
	// team): text lists it instead of the locations, json adds it as
	// "teams", html as a section.
	Teams *analyzer.TeamView
	// Owners says which team owns a node, for diagrams clustered by team
	// (DiagramOptions.Cluster); nil: no node has one.
	Owners *analyzer.Owners
	// Risk is the minimal risk groups and shared fate (ViewRisk).
	Risk *checks.RiskReport
	// Why is one node's explanation (ViewWhy).
	Why *analyzer.NodeExplanation
	// Scenarios are the named scenarios, sorted by name (ViewScenarios).
	Scenarios []analyzer.ScenarioInfo
	// Knowledge is the platform knowledge and Types the resource types
	// asked about, none for its coverage (ViewPlatform).
	Knowledge *platform.Knowledge
	Types     []string
	// Build is the build of blast that runs (ViewVersion).
	Build *buildinfo.Info
	// Note, when set, receives notes for the user (such as a diagram
	// collapsed because it was too big); cmd prints them on stderr.
	Note func(string)
}

// note passes a note to r.Note when it is set.
func (r *Report) note(msg string) {
	if r.Note != nil {
		r.Note(msg)
	}
}

// Renderer writes one view in one format.
type Renderer func(w io.Writer, r *Report) error

type entry struct {
	help string
	fn   Renderer
}

var (
	mu       sync.Mutex
	registry = map[View]map[string]entry{}
)

// Register adds a renderer for a view and format.
func Register(view View, format, help string, fn Renderer) {
	mu.Lock()
	defer mu.Unlock()
	if registry[view] == nil {
		registry[view] = map[string]entry{}
	}
	registry[view][format] = entry{help: help, fn: fn}
}

// Lookup returns the renderer for a view and format, or an error naming
// the formats the view supports.
func Lookup(view View, format string) (Renderer, error) {
	mu.Lock()
	defer mu.Unlock()
	if e, ok := registry[view][format]; ok {
		return e.fn, nil
	}
	return nil, fmt.Errorf("unknown format %q for %s (want %s)", format, view, strings.Join(formatsLocked(view), ", "))
}

// Formats returns the formats a view supports, sorted.
func Formats(view View) []string {
	mu.Lock()
	defer mu.Unlock()
	return formatsLocked(view)
}

// FormatHelp returns "name: help" lines for a view's formats.
func FormatHelp(view View) []string {
	mu.Lock()
	defer mu.Unlock()
	var out []string
	for _, f := range formatsLocked(view) {
		out = append(out, f+"\t"+registry[view][f].help)
	}
	return out
}

func formatsLocked(view View) []string {
	out := make([]string, 0, len(registry[view]))
	for f := range registry[view] {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Choices returns the formats of a view as a --format flag offers them:
// text first, the others sorted.
func Choices(view View) []string {
	var out []string
	for _, f := range Formats(view) {
		if f == "text" {
			out = append([]string{f}, out...)
		} else {
			out = append(out, f)
		}
	}
	return out
}

// CheckFormat says whether view has format, before anything is loaded:
// "--format: unknown format "yaml" (want text or json)".
func CheckFormat(view View, format string) error {
	if _, err := Lookup(view, format); err == nil {
		return nil
	}
	choices := Choices(view)
	want := choices[len(choices)-1]
	if len(choices) > 1 {
		want = strings.Join(choices[:len(choices)-1], ", ") + " or " + want
	}
	return fmt.Errorf("--format: unknown format %q (want %s)", format, want)
}

// ScenarioName names a scenario for titles: its name, else its domains.
func ScenarioName(s analyzer.Scenario) string {
	if s.Name != "" {
		return s.Name
	}
	return strings.Join(s.DomainNames(), " + ")
}

// Location returns "cloud · region · zone" for a node, "unknown location"
// when it has none, and "cloud · global" for global resources.
func Location(n *graph.Node, scope graph.Scope) string {
	p := n.Placement
	parts := []string{}
	if p.Cloud != "" {
		parts = append(parts, p.Cloud)
	}
	switch {
	case scope == graph.ScopeGlobal:
		parts = append(parts, "global")
	case len(p.Regions) > 0:
		parts = append(parts, strings.Join(p.AllRegions(), "+"))
	case p.Region != "":
		parts = append(parts, p.Region)
		if z := p.AllZones(); len(z) > 0 {
			parts = append(parts, strings.Join(z, "+"))
		} else if p.ZoneID != "" {
			parts = append(parts, p.ZoneID)
		}
	default:
		if n.Kind == graph.KindService {
			return "services"
		}
		return "unknown location"
	}
	return strings.Join(parts, " · ")
}

// ChainText renders an impact's explanation: each step's reason, joined
// by arrows, ending at the failure domain.
func ChainText(steps []analyzer.Step) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		parts[i] = s.Why
	}
	return strings.Join(parts, " → ")
}
