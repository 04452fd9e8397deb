package cmd

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/bytesize"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/fixtures"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
	"github.com/blast-dev/blast/render"
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
	// platform knowledge, [[scenario]] declares named scenarios
	know, err := platform.Load(cfg)
	if err != nil {
		return nil, err
	}
	scenarios, err := analyzer.LoadCatalog(cfg)
	if err != nil {
		return nil, err
	}
	owners, err := analyzer.LoadOwners(cfg)
	if err != nil {
		return nil, err
	}
	// every format, with the linkers blast.toml's [binding] (tag binding)
	// and [k8s] (the cluster manifests run on) configure
	opt, err := formats.Options(cfg)
	if err != nil {
		return nil, err
	}
	remote, err := parseRemoteStates(g.remoteStates)
	if err != nil {
		return nil, err
	}
	opt = formats.WithRemoteStates(opt, remote)
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
	if ws := res.Graph.Warnings(); g.strict && len(ws) > 0 {
		more := ""
		if len(ws) > 1 {
			more = fmt.Sprintf(" (and %d more warnings; blast graph lists them)", len(ws)-1)
		}
		return nil, fmt.Errorf("--strict: %s%s", ws[0], more)
	}
	// the built-in demo's README is listed by blast graph, never counted
	if sk := res.Skipped; !demo && g.strict && len(sk) > 0 {
		more := ""
		if len(sk) > 1 {
			more = fmt.Sprintf(" (and %d more files that are not inputs; blast graph lists them)", len(sk)-1)
		}
		return nil, fmt.Errorf("--strict: %s: %s%s", sk[0].File, sk[0].Reason, more)
	}
	g.keepWarnings(res.Graph.Warnings())
	if !demo {
		g.keepSkipped(res.Skipped)
	}
	return &loaded{cfg: cfg, res: res, analyzer: analyzer.New(res.Graph, know), demo: demo, scenarios: scenarios, owners: owners}, nil
}

// parseRemoteStates reads the --remote-state NAME=FILE flags.
func parseRemoteStates(flags []string) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range flags {
		name, file, ok := strings.Cut(f, "=")
		name, file = strings.TrimSpace(name), strings.TrimSpace(file)
		if !ok || name == "" || file == "" {
			return nil, fmt.Errorf("--remote-state %q: want NAME=FILE (data.terraform_remote_state.NAME reads the input FILE)", f)
		}
		if prev, dup := out[name]; dup && prev != file {
			return nil, fmt.Errorf("--remote-state %s: named twice, as %s and %s", name, prev, file)
		}
		out[name] = file
	}
	return out, nil
}

// maxPrintedWarnings is how many import warnings a command prints on
// stderr before it points at blast graph for the rest.
const maxPrintedWarnings = 3

// pendingWarnings collects the import warnings of a run (blast check
// loads twice; each warning counts once) until the command has succeeded.
type pendingWarnings struct {
	seen  map[string]bool
	lines []string
	// skipped are the files of walked directories that are not inputs,
	// counted once however often they are loaded
	skipped map[string]bool
}

// keep records the warnings of one load, unless the command's own report
// lists them.
func (g *globals) keepWarnings(ws []graph.Warning) {
	if g.listsWarnings || g.warnings == nil {
		return
	}
	for _, w := range ws {
		if line := w.String(); !g.warnings.seen[line] {
			g.warnings.seen[line] = true
			g.warnings.lines = append(g.warnings.lines, line)
		}
	}
}

// keepSkipped records the files skipped by one load, unless the
// command's own report lists them.
func (g *globals) keepSkipped(sk []importers.Skipped) {
	if g.listsWarnings || g.warnings == nil || len(sk) == 0 {
		return
	}
	if g.warnings.skipped == nil {
		g.warnings.skipped = map[string]bool{}
	}
	for _, s := range sk {
		g.warnings.skipped[s.File] = true
	}
}

// printSkipped writes one line counting the files that are not inputs.
func (p *pendingWarnings) printSkipped(w io.Writer) {
	switch n := len(p.skipped); n {
	case 0:
	case 1:
		fmt.Fprintln(w, "blast: skipped 1 file that is not an input; blast graph lists it")
	default:
		fmt.Fprintf(w, "blast: skipped %d files that are not inputs; blast graph lists them\n", n)
	}
}

// printWarnings prints the run's skipped-file count and import warnings
// on stderr, unless --quiet.
func (g *globals) printWarnings() {
	if !g.quiet {
		g.warnings.printSkipped(g.stderr)
		g.warnings.print(g.stderr)
	}
}

// print writes the warnings on stderr, one line each (terraform prints
// its warnings too, so that a CI log shows them), up to
// maxPrintedWarnings.
func (p *pendingWarnings) print(w io.Writer) {
	for i, line := range p.lines {
		if i == maxPrintedWarnings {
			fmt.Fprintf(w, "blast: warning: and %d more (blast graph lists them; --strict makes warnings errors)\n", len(p.lines)-i)
			return
		}
		fmt.Fprintf(w, "blast: warning: %s\n", oneLine(line))
	}
}

// scenario builds the scenario of a run: a named one (--scenario), with
// any --down domains added to it.
func (l *loaded) scenario(name string, down []string) (analyzer.Scenario, error) {
	adhoc, err := parseScenario(down, l)
	if err != nil || name == "" {
		return adhoc, err
	}
	def, ok := l.scenarios.Lookup(name)
	if !ok {
		return adhoc, fmt.Errorf("--scenario: no scenario named %q (known: %s; 'blast scenarios' lists them)", name, strings.Join(l.scenarios.Names(), ", "))
	}
	s, err := analyzer.ScenarioFromDef(def, l.res.Graph)
	if err != nil {
		return s, fmt.Errorf("--scenario: %w", err)
	}
	return s.Plus(adhoc), nil
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

// colorFor reports whether text written to the standard output may be
// coloured: a terminal, no -o file, NO_COLOR unset.
func (g *globals) colorFor(outFile string) bool {
	if g.noColor || outFile != "" || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := g.stdout.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
