package render

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/blast-dev/blast/analyzer"
)

// ViewScenarios is the list of named scenarios (blast scenarios).
const ViewScenarios View = "scenarios"

func init() {
	Register(ViewScenarios, "text", "each scenario: name, date, title, what it takes down, its effects, summary and sources", scenariosText)
	Register(ViewScenarios, "json", "the scenarios as one JSON document", scenariosJSON)
}

func scenariosJSON(w io.Writer, r *Report) error {
	var list []analyzer.ScenarioInfo
	for _, s := range r.Scenarios {
		if s.Sources == nil {
			s.Sources = []string{}
		}
		if s.Effects == nil {
			s.Effects = []analyzer.Effect{}
		}
		list = append(list, s)
	}
	return writeIndented(w, struct {
		SchemaVersion int                     `json:"schemaVersion"`
		Scenarios     []analyzer.ScenarioInfo `json:"scenarios"`
	}{SchemaVersion, list})
}

func scenariosText(w io.Writer, r *Report) error {
	buf := bufio.NewWriter(w)
	for i, s := range r.Scenarios {
		if i > 0 {
			buf.WriteString("\n")
		}
		fmt.Fprintf(buf, "%s", s.Name)
		if s.Date != "" {
			fmt.Fprintf(buf, "  %s", s.Date)
		}
		if s.Title != "" {
			fmt.Fprintf(buf, "  %s", s.Title)
		}
		if s.Origin != "built-in" {
			fmt.Fprintf(buf, "  (%s)", s.Origin)
		}
		buf.WriteString("\n")
		if len(s.Down) > 0 {
			fmt.Fprintf(buf, "  down: %s\n", strings.Join(s.Down, ", "))
		}
		for _, e := range s.Effects {
			fmt.Fprintf(buf, "  effect: %s\n", effectLine(e))
		}
		for _, line := range wrap(s.Summary, 92) {
			fmt.Fprintf(buf, "  %s\n", line)
		}
		for _, src := range s.Sources {
			fmt.Fprintf(buf, "  source: %s\n", src)
		}
	}
	return buf.Flush()
}

// effectLine says in a few words what an effect does and to what.
func effectLine(e analyzer.Effect) string {
	var what []string
	if e.State > analyzer.Healthy {
		what = append(what, e.State.String())
	}
	if e.Frozen || e.ControlPlanes {
		what = append(what, "frozen")
	}
	target := strings.Join(e.Types, " ")
	if len(e.Attrs) > 0 {
		var kv []string
		for k, v := range e.Attrs {
			kv = append(kv, k+"="+v)
		}
		sort.Strings(kv)
		target += " (" + strings.Join(kv, ", ") + ")"
	}
	if e.Service != "" {
		target = strings.TrimSpace(e.Service + " " + target)
	}
	if e.ControlPlanes {
		target = strings.TrimSpace("control planes homed there " + target)
	}
	where := e.Cloud + ":" + e.Region
	if e.Region == "*" {
		where = "every region of " + e.Cloud
	}
	return fmt.Sprintf("%s: %s in %s", strings.Join(what, "+"), target, where)
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(text) {
		if cur.Len() > 0 && cur.Len()+1+len(w) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
