package cmd

import (
	"io/fs"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/load"
	"github.com/blast-dev/blast/render"
)

// load imports the paths, or the embedded demo when there are none.
func (g *globals) load(paths []string) (*load.System, error) { return g.loadFrom(paths, nil) }

// loadFrom is load reading files through fsys when it is not nil (blast
// check reads a plan's before side through one).
func (g *globals) loadFrom(paths []string, fsys fs.FS) (*load.System, error) {
	l, err := load.Inputs(paths, load.Options{Config: g.config, EnvFiles: g.envFiles, RemoteStates: g.remoteStates,
		MaxInputSize: g.maxInputSize, Strict: g.strict, Stdin: g.stdin, FS: fsys, Say: g.say, Phase: g.phase})
	if err != nil {
		return nil, err
	}
	g.keepWarnings(l.Result.Graph.Warnings())
	g.keepSkipped(l.Skipped())
	return l, nil
}

// keepWarnings records the warnings of one load, unless the command's
// own report lists them.
func (g *globals) keepWarnings(ws []graph.Warning) {
	if !g.listsWarnings {
		g.warnings.Keep(ws)
	}
}

// keepSkipped records the files skipped by one load, unless the
// command's own report lists them.
func (g *globals) keepSkipped(sk []importers.Skipped) {
	if g.listsWarnings {
		return
	}
	files := make([]string, len(sk))
	for i, s := range sk {
		files[i] = s.File
	}
	g.warnings.KeepSkipped(files)
}

// printWarnings prints the run's skipped-file count and import warnings
// on stderr, unless --quiet.
func (g *globals) printWarnings() {
	if !g.quiet {
		g.warnings.Print(g.stderr)
	}
}

// report is the render.Report of the loaded system, for a command to
// fill in.
func report(l *load.System) *render.Report {
	r := &render.Report{Graph: l.Result.Graph, Analyzer: l.Analyzer, Owners: l.Owners}
	for _, in := range l.Result.Inputs {
		r.Inputs = append(r.Inputs, render.Input{File: in.Name, Format: in.Format, Prefix: in.Prefix, Workspace: in.Workspace, Nodes: in.Nodes})
	}
	for _, s := range l.Result.Skipped {
		r.Skipped = append(r.Skipped, render.Skipped{File: s.File, Reason: s.Reason})
	}
	return r
}
