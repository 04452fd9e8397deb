package buildinfo

import (
	"encoding/json"
	"runtime/debug"
	"testing"
)

// The version line and JSON carry what the build information holds: the
// module version, and the VCS revision, time and modified flag; the
// linker's version wins over the module's.
func TestRead(t *testing.T) {
	defer func(f func() (*debug.BuildInfo, bool)) { readBuildInfo = f }(readBuildInfo)
	const rev = "0123456789abcdef0123456789abcdef01234567"
	checkout := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}, {Key: "vcs.modified", Value: "true"}}}
	for _, tc := range []struct {
		name     string
		linker   string
		info     *debug.BuildInfo
		wantText string
		want     Info
		wantJSON string
	}{
		{"installed at a tag", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}},
			"blast v1.4.0 (go1.26.8, no VCS stamp)", Info{Version: "v1.4.0", Go: "go1.26.8"},
			`{"version":"v1.4.0","go":"go1.26.8"}`},
		{"built in a checkout", "", checkout,
			"blast dev (commit " + rev + "+dirty, 2026-01-02T03:04:05Z, go1.26.8)",
			Info{Version: "dev", Commit: rev, Time: "2026-01-02T03:04:05Z", Dirty: true, Go: "go1.26.8"},
			`{"version":"dev","commit":"` + rev + `","time":"2026-01-02T03:04:05Z","dirty":true,"go":"go1.26.8"}`},
		{"stamped by the linker", "v2.0.0", checkout,
			"blast v2.0.0 (commit " + rev + "+dirty, 2026-01-02T03:04:05Z, go1.26.8)",
			Info{Version: "v2.0.0", Commit: rev, Time: "2026-01-02T03:04:05Z", Dirty: true, Go: "go1.26.8"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			readBuildInfo = func() (*debug.BuildInfo, bool) { return tc.info, true }
			got := Read(tc.linker)
			if got != tc.want || got.String() != tc.wantText {
				t.Errorf("Read = %+v, %q; want %+v, %q", got, got, tc.want, tc.wantText)
			}
			if tc.wantJSON == "" {
				return
			}
			if data, err := json.Marshal(got); err != nil || string(data) != tc.wantJSON {
				t.Errorf("JSON %s (%v), want %s", data, err, tc.wantJSON)
			}
		})
	}
	readBuildInfo = func() (*debug.BuildInfo, bool) { return nil, false }
	if got := Read(""); got.Version != "dev" || got.Commit != "" || got.Go == "" {
		t.Errorf("without build information: %+v, want dev and the runtime's Go", got)
	}
}
