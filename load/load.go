// Package load reads a run's inputs as every command reads them:
// blast.toml and the analysis settings it holds, the inputs (or the
// built-in demo) through the one list of formats, --strict's rule, the
// run's memory budget (the collector's pace and limit), and an analyzer
// over the graph. It is where the
// importers and the analysis meet on cmd's behalf; it prints nothing
// itself (notes and progress go through the callbacks it is given).
package load

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/bytesize"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/fixtures"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
	"github.com/blast-dev/blast/memlimit"
	"github.com/blast-dev/blast/warnings"
)

// Options are the global flags and streams a load reads.
type Options struct {
	// Config is blast.toml's path (empty: ./blast.toml when present).
	Config string
	// EnvFiles replace the .env beside each compose file (--env-file).
	EnvFiles []string
	// RemoteStates bind terraform_remote_state data sources to inputs
	// (--remote-state NAME=FILE).
	RemoteStates []string
	// MaxInputSize is the largest input file accepted (512MiB).
	MaxInputSize string
	// Strict makes import warnings and skipped files errors.
	Strict bool
	// Stdin is what the path "-" reads.
	Stdin io.Reader
	// FS, when not nil, is what files are read through (a plan's
	// before side); the run's memory settings are then left alone.
	FS fs.FS
	// Say prints a note (the demo is used); Phase says what the run
	// does now on the progress line. Either may be nil.
	Say   func(msg string)
	Phase func(format string, args ...any)
}

// System is the imported system ready for analysis.
type System struct {
	// Config is blast.toml as read (empty when there is none).
	Config *config.File
	// Result is the import: the graph, the inputs, the skipped files.
	Result *importers.Result
	// Analyzer is the analysis over Result's graph, with the platform
	// knowledge and blast.toml's overrides.
	Analyzer *analyzer.Analyzer
	// Demo is set when no path was given and the built-in demo loaded.
	Demo bool
	// Scenarios are the named scenarios: built-in and from blast.toml.
	Scenarios *analyzer.Catalog
	// Owners says which team owns a node (blast.toml [teams]).
	Owners *analyzer.Owners
}

// Inputs imports the paths, or the embedded demo when there are none.
// Under Strict, the first import warning or skipped file is the error.
// Over large inputs it sets the process's memory budget for the run
// (memlimit.SetForSize: the collector runs near a limit proportional to
// the files read, not at Go's pace); the caller saves and restores the
// settings around the run: defer memlimit.Keep()().
func Inputs(paths []string, opt Options) (*System, error) {
	limit, err := bytesize.Parse(opt.MaxInputSize)
	if err != nil {
		return nil, fmt.Errorf("--max-input-size: %w", err)
	}
	cfg, err := config.Load(opt.Config)
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
	in, err := formats.OptionsFor(cfg, opt.RemoteStates)
	if err != nil {
		return nil, err
	}
	in.MaxInputSize, in.Stdin, in.FS, in.Environ, in.EnvFiles = limit, opt.Stdin, opt.FS, os.LookupEnv, opt.EnvFiles
	demo := len(paths) == 0
	if demo {
		in.FS = fixtures.Demo
		paths = []string{fixtures.DemoDir}
		if opt.Say != nil {
			opt.Say("no input given; using the built-in demo system (pass files or directories to analyse your own)")
		}
	} else {
		// blast.toml's [[service]] entries are one more input (not for
		// the demo, which has its own)
		paths = formats.Paths(paths, cfg)
	}
	// the run's memory budget, from the files the load will read (files
	// read through an fs.FS, the embedded demo's or a plan's before side,
	// keep Go's defaults; the caller puts the settings back when the run
	// ends: defer memlimit.Keep()())
	if in.FS == nil {
		if total, ok := importers.InputSize(paths); ok {
			memlimit.SetForSize(total)
		}
	}
	if opt.Phase != nil {
		opt.Phase("loading %s", Names(paths))
	}
	res, err := importers.Load(paths, in)
	if err != nil {
		return nil, err
	}
	s := &System{Config: cfg, Result: res, Demo: demo, Scenarios: set.Scenarios, Owners: set.Owners}
	if err := warnings.Strict(opt.Strict, res.Graph.Warnings(), s.Skipped()); err != nil {
		return nil, err
	}
	s.Analyzer = analyzer.New(res.Graph, set.Knowledge)
	return s, nil
}

// Skipped returns the files of walked directories that are not inputs,
// as a run counts them: none for the built-in demo, whose README only
// blast graph lists.
func (s *System) Skipped() []importers.Skipped {
	if s.Demo {
		return nil
	}
	return s.Result.Skipped
}

// ConfigName names blast.toml for messages: the file read, or
// blast.toml when there was none.
func (s *System) ConfigName() string {
	if s.Config.Path == "" {
		return config.DefaultName
	}
	return s.Config.Path
}

// Prefix returns the ID prefix the loader gave the input named path,
// when it is one input (a single file); empty otherwise.
func (s *System) Prefix(path string) string {
	for _, in := range s.Result.Inputs {
		if in.Name == path {
			return in.Prefix
		}
	}
	return ""
}

// Names names the inputs of a run for a message: the paths given, stdin
// for "-", or the built-in demo system.
func Names(paths []string) string {
	if len(paths) == 0 {
		return "the built-in demo system"
	}
	names := make([]string, len(paths))
	for i, a := range paths {
		names[i] = a
		if a == "-" {
			names[i] = "stdin"
		}
	}
	return strings.Join(names, ", ")
}
