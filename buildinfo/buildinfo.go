// Package buildinfo says which build of blast is running: its version
// and the VCS commit it was built from, read from the build information
// Go embeds in the binary.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Info is what blast version reports.
type Info struct {
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

// Read returns the running binary's build: its version is linkerVersion
// when set (-ldflags -X), else the module version, else "dev".
func Read(linkerVersion string) Info {
	b := Info{Version: linkerVersion, Go: runtime.Version()}
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

// String is the one-line form: "blast v1.2.0 (commit 0123abc…+dirty,
// 2026-01-02T03:04:05Z, go1.26.8)".
func (b Info) String() string {
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
