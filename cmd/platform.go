package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/render"
)

type platformOptions struct {
	*globals
	format string
}

// NewPlatformCmd builds `blast platform`.
func NewPlatformCmd(g *globals) *cobra.Command {
	o := &platformOptions{globals: g}
	c := &cobra.Command{
		Use:   "platform [TYPE ...]",
		Short: "Show the platform knowledge: what it covers, or what it says about resource types",
		Long: `Without arguments, count what the embedded platform knowledge covers per
provider (types, patterns, edge rules, observed dependencies), with
blast.toml's [[platform.override]] and [[platform.edge]] applied. With
resource types, show the entry each one matches: failure scope, service,
control-plane home, placement and redundancy rules, and the source. Types
that exist only inside Terraform (random_*, null_resource, tls_*, time_*,
local_file, ...) are counted on a not-infrastructure row and said to be
placed nowhere: outages never fail them. Edge rules include the best-effort
destinations (access and flow logs, audit trails, diagnostic settings),
whose loss only degrades what ships records to them.`,
		Example: `  blast platform
  blast platform aws_db_instance aws_iam_role google_container_cluster`,
		RunE: func(c *cobra.Command, args []string) error { return runPlatform(o, args) },
	}
	c.Flags().StringVarP(&o.format, "format", "f", "text", "output format: text, json")
	return c
}

type entryJSON struct {
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
}

func runPlatform(o *platformOptions, types []string) error {
	if o.format != "text" && o.format != "json" {
		return fmt.Errorf("--format: unknown format %q (want text or json)", o.format)
	}
	cfg, err := config.Load(o.config)
	if err != nil {
		return err
	}
	k, err := knowledge(cfg)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if len(types) == 0 {
		cov := k.Coverage()
		if o.format == "json" {
			writeJSON(&buf, struct {
				SchemaVersion int                 `json:"schemaVersion"`
				Coverage      []platform.Coverage `json:"coverage"`
			}{render.SchemaVersion, cov})
		} else {
			tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "PROVIDER\tTYPES\tPATTERNS\tEDGE RULES\tOBSERVED")
			for _, c := range cov {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", c.Provider, c.Types, c.Patterns, c.Edges, c.Observed)
			}
			tw.Flush()
			fmt.Fprintln(&buf, "\ntypes no entry names fall back to their placement: a zone → zonal, a region → regional, an ARN without region → global")
		}
		_, err = o.stdout.Write(buf.Bytes())
		return err
	}
	var list []entryJSON
	for _, t := range types {
		e, ok := k.Lookup(t)
		ej := entryJSON{Type: t}
		if ok {
			ej = entryJSON{Type: t, Match: e.Match, Scope: string(e.Scope), Service: e.Service, ControlPlane: e.ControlPlane,
				Placement: e.Placement, Redundancy: e.Redundancy, Need: e.Need, NotInfrastructure: e.NotInfrastructure,
				Source: e.Source, Note: e.Note, Origin: e.Origin()}
		}
		list = append(list, ej)
	}
	if o.format == "json" {
		writeJSON(&buf, struct {
			SchemaVersion int         `json:"schemaVersion"`
			Types         []entryJSON `json:"types"`
		}{render.SchemaVersion, list})
	} else {
		for i, e := range list {
			if i > 0 {
				buf.WriteString("\n")
			}
			if e.Match == "" {
				fmt.Fprintf(&buf, "%s: no entry; its scope falls back to its placement\n", e.Type)
				continue
			}
			fmt.Fprintf(&buf, "%s  (entry %s, %s)\n", e.Type, e.Match, e.Origin)
			if e.NotInfrastructure {
				buf.WriteString("  not infrastructure: placed nowhere, never failed or frozen, not counted\n")
			}
			for _, kv := range [][2]string{{"scope", e.Scope}, {"service", e.Service}, {"control plane", e.ControlPlane},
				{"placement", e.Placement}, {"redundancy", e.Redundancy}, {"need", e.Need}, {"note", e.Note}, {"source", e.Source}} {
				if kv[1] != "" {
					fmt.Fprintf(&buf, "  %s: %s\n", kv[0], kv[1])
				}
			}
		}
	}
	_, err = o.stdout.Write(buf.Bytes())
	return err
}

func writeJSON(buf *bytes.Buffer, v any) {
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // plain structs of strings and numbers
}
