package cmd

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X github.com/blast-dev/blast/cmd.Version=v1.2.3".
var Version = ""

// buildInfo is what `blast version` reports.
type buildInfo struct {
	Version string `json:"version"`
	// Commit, Time and Dirty come from the VCS stamp `go build` embeds
	// when it builds from a checkout (empty otherwise).
	Commit string `json:"commit,omitempty"`
	Time   string `json:"time,omitempty"`
	Dirty  bool   `json:"dirty,omitempty"`
	Go     string `json:"go"`
}

// readBuildInfo is debug.ReadBuildInfo (tests replace it).
var readBuildInfo = debug.ReadBuildInfo

// version returns the build's version: the linker-set one, else the
// module version, else "dev".
func version() string { return currentBuild().Version }

// currentBuild reads the version and VCS stamp of the running binary.
func currentBuild() buildInfo {
	b := buildInfo{Version: Version, Go: runtime.Version()}
	bi, ok := readBuildInfo()
	if ok {
		b.Go = bi.GoVersion
		if b.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			b.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.time":
				b.Time = s.Value
			case "vcs.modified":
				b.Dirty = s.Value == "true"
			}
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	return b
}

// String is the one-line form: "blast v1.2.0 (commit 0123abc…, dirty,
// 2026-01-02T03:04:05Z, go1.26.8)".
func (b buildInfo) String() string {
	s := "blast " + b.Version
	if b.Commit != "" {
		s += " (commit " + b.Commit
		if b.Dirty {
			s += "+dirty"
		}
		if b.Time != "" {
			s += ", " + b.Time
		}
		s += ", " + b.Go + ")"
	} else {
		s += " (" + b.Go + ", no VCS stamp)"
	}
	return s
}

// NewVersionCmd builds `blast version`.
func NewVersionCmd(g *globals) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "version",
		Short: "Print blast's version and the commit it was built from",
		Long: `Print blast's module version and the VCS commit it was built from (with +dirty
when the checkout had uncommitted changes, and the commit time), read from the
build information Go embeds: 'go install ...@v1.2.3' stamps the version, 'go
build' in a git checkout stamps the commit (unless -buildvcs=false).`,
		Example: `  blast version
  blast version --format json | jq -r .commit`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			b := currentBuild()
			switch format {
			case "text":
				_, err := fmt.Fprintln(g.stdout, b.String())
				return err
			case "json":
				data, err := json.MarshalIndent(b, "", "  ")
				if err != nil {
					return fmt.Errorf("version: %w", err)
				}
				_, err = fmt.Fprintf(g.stdout, "%s\n", data)
				return err
			}
			return fmt.Errorf("--format: unknown format %q (want text or json)", format)
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text, json")
	return c
}
