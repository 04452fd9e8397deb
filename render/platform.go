package render

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/blast-dev/blast/analyzer/platform"
)

// ViewPlatform is the platform knowledge: what it covers, or what it
// says about the resource types asked about (blast platform).
const ViewPlatform View = "platform"

func init() {
	Register(ViewPlatform, "text", "coverage per provider, or each type's entry: scope, service, control plane, rules, source", platformText)
	Register(ViewPlatform, "json", "the same as one JSON document", platformJSON)
}

// typeEntry is what the knowledge says about one resource type.
type typeEntry struct {
	Type         string `json:"type"`
	Match        string `json:"match,omitempty"`
	Scope        string `json:"scope,omitempty"`
	Service      string `json:"service,omitempty"`
	ControlPlane string `json:"controlPlane,omitempty"`
	Placement    string `json:"placement,omitempty"`
	Redundancy   string `json:"redundancy,omitempty"`
	Need         string `json:"need,omitempty"`
	// NotInfrastructure marks types placed nowhere and never failed
	// (random_*, null_resource, tls_*).
	NotInfrastructure bool   `json:"notInfrastructure,omitempty"`
	Source            string `json:"source,omitempty"`
	Note              string `json:"note,omitempty"`
	Origin            string `json:"origin,omitempty"`
	// Role is serving or configuration; RoleRule says what decided it
	// and RoleReason why.
	Role       platform.Role `json:"role"`
	RoleRule   string        `json:"roleRule"`
	RoleReason string        `json:"roleReason,omitempty"`
}

// typeEntries looks up each of the report's types.
func typeEntries(k *platform.Knowledge, types []string) []typeEntry {
	var list []typeEntry
	for _, t := range types {
		te := typeEntry{Type: t}
		if e, ok := k.Lookup(t); ok {
			te = typeEntry{Type: t, Match: e.Match, Scope: string(e.Scope), Service: e.Service, ControlPlane: e.ControlPlane,
				Placement: e.Placement, Redundancy: e.Redundancy, Need: e.Need, NotInfrastructure: e.NotInfrastructure,
				Source: e.Source, Note: e.Note, Origin: e.Origin()}
		}
		ra := k.RoleOf(t)
		te.Role, te.RoleRule, te.RoleReason = ra.Role, ra.Rule, ra.Reason
		list = append(list, te)
	}
	return list
}

func platformJSON(w io.Writer, r *Report) error {
	k := r.Knowledge
	if k == nil {
		return errors.New("no platform knowledge to render")
	}
	if len(r.Types) == 0 {
		return writeIndented(w, struct {
			SchemaVersion int                 `json:"schemaVersion"`
			Coverage      []platform.Coverage `json:"coverage"`
		}{SchemaVersion, k.Coverage()})
	}
	return writeIndented(w, struct {
		SchemaVersion int         `json:"schemaVersion"`
		Types         []typeEntry `json:"types"`
	}{SchemaVersion, typeEntries(k, r.Types)})
}

func platformText(w io.Writer, r *Report) error {
	k := r.Knowledge
	if k == nil {
		return errors.New("no platform knowledge to render")
	}
	buf := bufio.NewWriter(w)
	if len(r.Types) == 0 {
		tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "PROVIDER\tTYPES\tPATTERNS\tEDGE RULES\tOBSERVED")
		for _, c := range k.Coverage() {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", c.Provider, c.Types, c.Patterns, c.Edges, c.Observed)
		}
		tw.Flush()
		fmt.Fprintln(buf, "\ntypes no entry names fall back to their placement: a zone → zonal, a region → regional, an ARN without region → global")
		return buf.Flush()
	}
	for i, e := range typeEntries(k, r.Types) {
		if i > 0 {
			buf.WriteString("\n")
		}
		if e.Match == "" {
			fmt.Fprintf(buf, "%s: no entry; its scope falls back to its placement\n", e.Type)
			fmt.Fprintf(buf, "  role: %s\n", roleText(e))
			continue
		}
		fmt.Fprintf(buf, "%s  (entry %s, %s)\n", e.Type, e.Match, e.Origin)
		if e.NotInfrastructure {
			buf.WriteString("  not infrastructure: placed nowhere, never failed or frozen, not counted\n")
		}
		for _, kv := range [][2]string{{"scope", e.Scope}, {"service", e.Service}, {"control plane", e.ControlPlane},
			{"placement", e.Placement}, {"redundancy", e.Redundancy}, {"need", e.Need}, {"role", roleText(e)}, {"note", e.Note}, {"source", e.Source}} {
			if kv[1] != "" {
				fmt.Fprintf(buf, "  %s: %s\n", kv[0], kv[1])
			}
		}
	}
	return buf.Flush()
}

// roleText says a type's role, what decided it and why: "configuration
// (rule *_policy (roles.toml): a policy grants ...)"; a configuration
// object is reported as affected when its domain is down.
func roleText(e typeEntry) string {
	s := string(e.Role) + " (" + e.RoleRule
	if e.RoleReason != "" {
		s += ": " + e.RoleReason
	}
	s += ")"
	if e.Role == platform.Configuration {
		s += "; reported as affected, not failed"
	}
	return s
}
