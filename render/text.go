package render

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

func init() {
	Register(ViewImpact, "text", "a report for people: summary line, then impacts by location", impactText)
	Register(ViewGraph, "text", "counts per provider, region and zone, unplaced resources, warnings", graphText)
	Register(ViewDomains, "text", "a table of failure domains and resource counts", domainsText)
}

const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiReset  = "\x1b[0m"
)

type painter bool

func (p painter) paint(code, s string) string {
	if !p {
		return s
	}
	return code + s + ansiReset
}

// SummaryLine is the one-line verdict of a scenario.
func SummaryLine(r *analyzer.Result) string {
	line := ScenarioName(r.Scenario) + ": " + CountsText(r.Summary, ", ")
	if r.Services.Nodes > 0 {
		line += fmt.Sprintf(" (services: %d failed, %d degraded of %d)", r.Services.Failed, r.Services.Degraded, r.Services.Nodes)
	}
	return line
}

// CountsText counts a scenario's nodes as the partition they are,
// failed, degraded, healthy and (when there are any) configuration
// affected, of all, then the frozen among what serves (a flag that
// overlaps every state): "33 failed, 4 degraded, 38 healthy, 19 affected
// (configuration) of 94; 5 of them frozen". sep joins the states.
func CountsText(s analyzer.Summary, sep string) string {
	out := fmt.Sprintf("%d failed%s%d degraded%s%d healthy", s.Failed, sep, s.Degraded, sep, s.Healthy)
	if s.Affected > 0 {
		out += fmt.Sprintf("%s%d affected (configuration)", sep, s.Affected)
	}
	out += fmt.Sprintf(" of %d", s.Nodes)
	if s.Frozen > 0 {
		out += fmt.Sprintf("; %d of them frozen", s.Frozen)
	}
	return out
}

// AffectedHint is the note a report prints when it does not list the
// configuration objects it counts as affected: "19 configuration objects
// affected (security groups, policies, templates): --show-affected lists
// them"; empty when there are none or they are listed.
func AffectedHint(r *Report) string {
	n := r.Result.Summary.Affected
	if n == 0 || r.ShowAffected {
		return ""
	}
	return fmt.Sprintf("%s affected: they cannot change while the domain is down, but serve nothing themselves; --show-affected lists them",
		plural(n, "1 configuration object", fmt.Sprintf("%d configuration objects", n)))
}

// listed reports whether a report lists an impact: what serves always,
// configuration only with --show-affected.
func (r *Report) listed(im analyzer.Impact) bool { return !im.Configuration || r.ShowAffected }

func stateLabel(im analyzer.Impact) string {
	switch {
	case im.State == analyzer.Healthy && im.Frozen:
		return "frozen"
	case im.Frozen:
		return im.State.String() + "+frozen"
	}
	return im.State.String()
}

func impactText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	p := painter(r.Color)
	res := r.Result
	fmt.Fprintln(bw, p.paint(ansiBold, SummaryLine(res)))
	if res.Scenario.Title != "" || res.Scenario.Summary != "" {
		fmt.Fprintln(bw)
		if res.Scenario.Title != "" {
			fmt.Fprintf(bw, "%s", res.Scenario.Title)
			if res.Scenario.Date != "" {
				fmt.Fprintf(bw, " (%s)", res.Scenario.Date)
			}
			fmt.Fprintln(bw)
		}
		if res.Scenario.Summary != "" {
			fmt.Fprintln(bw, res.Scenario.Summary)
		}
		for _, src := range res.Scenario.Sources {
			fmt.Fprintf(bw, "source: %s\n", src)
		}
	}
	if hint := AffectedHint(r); hint != "" {
		fmt.Fprintln(bw, p.paint(ansiDim, hint))
	}
	if len(res.Impacts) == 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "nothing is impacted")
		return bw.Flush()
	}
	// services first, then resources grouped by location
	type item struct {
		loc string
		im  *analyzer.Impact // not a copy: items are sorted, impacts are large
		n   *graph.Node
	}
	var services, resources, configuration []item
	for i := range res.Impacts {
		im := &res.Impacts[i]
		if !r.listed(*im) {
			continue
		}
		n, _ := r.Graph.Node(im.ID)
		it := item{loc: Location(n, r.Analyzer.ScopeOf(n.ID)), im: im, n: n}
		switch {
		case n.Kind == graph.KindService:
			services = append(services, it)
		case im.Configuration:
			configuration = append(configuration, it)
		default:
			resources = append(resources, it)
		}
	}
	order := func(items []item) {
		slices.SortStableFunc(items, func(a, b item) int {
			if a.loc != b.loc {
				switch {
				case locLess(a.loc, b.loc):
					return -1
				case locLess(b.loc, a.loc):
					return 1
				}
				return 0
			}
			if a.im.State != b.im.State {
				return cmp.Compare(b.im.State, a.im.State) // worst first
			}
			return strings.Compare(a.im.ID, b.im.ID)
		})
	}
	order(services)
	order(resources)
	order(configuration)
	write := func(title string, items []item, grouped bool) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, p.paint(ansiBold, title))
		last := ""
		for _, it := range items {
			if grouped && it.loc != last {
				fmt.Fprintf(bw, "\n  %s\n", p.paint(ansiBold, it.loc))
				last = it.loc
			}
			label := stateLabel(*it.im)
			code := ansiYellow
			switch {
			case it.im.Configuration:
				label, code = "affected", ansiDim
			case it.im.State == analyzer.Failed:
				code = ansiRed
			case it.im.State == analyzer.Healthy:
				code = ansiCyan
			}
			fmt.Fprintf(bw, "    %s %s\n", p.paint(code, fmt.Sprintf("%-15s", label)), it.im.ID)
			fmt.Fprintf(bw, "    %15s %s\n", "", p.paint(ansiDim, ChainText(it.im.Chain)))
			if len(it.im.FrozenChain) > 0 {
				fmt.Fprintf(bw, "    %15s %s\n", "", p.paint(ansiDim, "frozen: "+ChainText(it.im.FrozenChain)))
			}
			if len(it.im.Left) > 0 {
				fmt.Fprintf(bw, "    %15s %s\n", "", p.paint(ansiDim, "still serving: "+strings.Join(it.im.Left, ", ")))
			}
		}
	}
	if r.Teams != nil {
		teamsText(bw, p, r)
	} else {
		write("Services", services, false)
		write("Resources", resources, true)
		write("Configuration (affected: cannot change; serves nothing itself)", configuration, true)
	}
	dataText(bw, p, r)
	if len(res.Warnings) > 0 {
		fmt.Fprintln(bw)
		for _, wmsg := range res.Warnings {
			fmt.Fprintf(bw, "warning: %s\n", wmsg)
		}
	}
	return bw.Flush()
}

// locLess orders locations with known places first and unknown last.
func locLess(a, b string) bool {
	ua, ub := a == "unknown location", b == "unknown location"
	if ua != ub {
		return ub
	}
	return a < b
}

func graphText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	g := r.Graph
	nodes := g.Nodes()
	var managed, data, services int
	for _, n := range nodes {
		switch {
		case n.Kind == graph.KindService:
			services++
		case n.Mode == graph.ModeData:
			data++
		default:
			managed++
		}
	}
	fmt.Fprintf(bw, "%d nodes (%d resources, %d data sources, %d services), %d edges from %d inputs\n",
		len(nodes), managed, data, services, g.EdgeCount(), len(r.Inputs))
	if len(r.Inputs) > 0 {
		fmt.Fprintln(bw, "\nInputs")
		tw := tabwriter.NewWriter(bw, 2, 4, 2, ' ', 0)
		for _, in := range r.Inputs {
			prefix := ""
			if in.Prefix != "" {
				prefix = "ids prefixed " + in.Prefix + ":"
			}
			if in.Workspace != "" {
				prefix = strings.TrimSpace("workspace " + in.Workspace + "  " + prefix)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%d nodes\t%s\n", in.File, in.Format, in.Nodes, prefix)
		}
		tw.Flush()
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(bw, "\nSkipped (%d): files of the directories walked that are not inputs\n", len(r.Skipped))
		tw := tabwriter.NewWriter(bw, 2, 4, 2, ' ', 0)
		for _, s := range r.Skipped {
			fmt.Fprintf(tw, "  %s\t%s\n", s.File, s.Reason)
		}
		tw.Flush()
	}
	fmt.Fprintln(bw, "\nBy location (resources, data sources excluded)")
	tw := tabwriter.NewWriter(bw, 2, 4, 2, ' ', tabwriter.AlignRight)
	doms := r.Analyzer.Placed(false)
	if len(doms) == 0 {
		fmt.Fprintln(bw, "  (no resource with a known cloud location)")
	}
	for _, dc := range doms {
		indent := ""
		switch dc.Domain.Kind {
		case analyzer.DomainRegion:
			indent = "  "
		case analyzer.DomainZone:
			indent = "    "
		}
		fmt.Fprintf(tw, "  %s%s\t%d\t\n", indent, dc.Name, dc.Resources)
	}
	tw.Flush()
	var unknown []*graph.Node
	for _, n := range nodes {
		if n.Kind == graph.KindResource && n.Mode != graph.ModeData && r.Analyzer.ScopeOf(n.ID) == graph.ScopeUnknown {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		fmt.Fprintf(bw, "\nLocation unknown (%d): hit only through their dependencies, or by an outage of their whole provider\n", len(unknown))
		tw := tabwriter.NewWriter(bw, 2, 4, 2, ' ', 0)
		for _, n := range unknown {
			why := n.Placement.Unknown
			if why == "" {
				why = "no location signal"
			}
			fmt.Fprintf(tw, "  %s\t%s\n", n.ID, why)
		}
		tw.Flush()
	}
	if ws := g.Warnings(); len(ws) > 0 {
		fmt.Fprintf(bw, "\nWarnings (%d)\n", len(ws))
		for _, wr := range ws {
			fmt.Fprintf(bw, "  %s\n", wr)
		}
	}
	return bw.Flush()
}

func domainsText(w io.Writer, r *Report) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOMAIN\tKIND\tRESOURCES")
	for _, dc := range r.Domains {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", dc.Name, dc.Kind, dc.Resources)
	}
	return tw.Flush()
}
