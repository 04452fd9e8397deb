package cmd

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/bytesize"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/fixtures"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
	"github.com/blast-dev/blast/render"
	"github.com/blast-dev/blast/warnings"
)

// loaded is the imported system ready for analysis.
type loaded struct {
	cfg      *config.File
	res      *importers.Result
	analyzer *analyzer.Analyzer
	demo     bool
	// scenarios are the named scenarios: built-in and from blast.toml
	scenarios *analyzer.Catalog
	// owners says which team owns a node (blast.toml [teams])
	owners *analyzer.Owners
}

// load imports the paths, or the embedded demo when there are none.
func (g *globals) load(paths []string) (*loaded, error) { return g.loadFrom(paths, nil) }

// loadFrom is load reading files through fsys when it is not nil (blast
// check reads a plan's before side through one).
func (g *globals) loadFrom(paths []string, fsys fs.FS) (*loaded, error) {
	limit, err := bytesize.Parse(g.maxInputSize)
	if err != nil {
		return nil, fmt.Errorf("--max-input-size: %w", err)
	}
	cfg, err := config.Load(g.config)
	if err != nil {
		return nil, err
	}
	// blast.toml: [[platform.override]] and [[platform.edge]] adjust the
	// platform knowledge, [[scenario]] declares named scenarios, [teams]
	set, err := analyzer.LoadSettings(cfg)
	if err != nil {
		return nil, err
	}
	// every format, with the linkers blast.toml's [binding] (tag binding)
	// and [k8s] (the cluster manifests run on) configure
	opt, err := formats.OptionsFor(cfg, g.remoteStates)
	if err != nil {
		return nil, err
	}
	opt.MaxInputSize, opt.Stdin, opt.FS, opt.Environ, opt.EnvFiles = limit, g.stdin, fsys, os.LookupEnv, g.envFiles
	demo := len(paths) == 0
	if demo {
		opt.FS = fixtures.Demo
		paths = []string{fixtures.DemoDir}
		g.say("no input given; using the built-in demo system (pass files or directories to analyse your own)")
	} else {
		// blast.toml's [[service]] entries are one more input (not for
		// the demo, which has its own)
		paths = formats.Paths(paths, cfg)
	}
	limitMemory(paths, fsys)
	g.phase("loading %s", inputNames(paths))
	res, err := importers.Load(paths, opt)
	if err != nil {
		return nil, err
	}
	// the built-in demo's README is listed by blast graph, never counted
	skipped := res.Skipped
	if demo {
		skipped = nil
	}
	if err := warnings.Strict(g.strict, res.Graph.Warnings(), skipped); err != nil {
		return nil, err
	}
	g.keepWarnings(res.Graph.Warnings())
	g.keepSkipped(skipped)
	return &loaded{cfg: cfg, res: res, analyzer: analyzer.New(res.Graph, set.Knowledge), demo: demo, scenarios: set.Scenarios, owners: set.Owners}, nil
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
func (l *loaded) report() *render.Report {
	r := &render.Report{Graph: l.res.Graph, Analyzer: l.analyzer, Owners: l.owners}
	for _, in := range l.res.Inputs {
		r.Inputs = append(r.Inputs, render.Input{File: in.Name, Format: in.Format, Prefix: in.Prefix, Workspace: in.Workspace, Nodes: in.Nodes})
	}
	for _, s := range l.res.Skipped {
		r.Skipped = append(r.Skipped, render.Skipped{File: s.File, Reason: s.Reason})
	}
	return r
}
