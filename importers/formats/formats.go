// Package formats is the one list of the input formats blast reads: the
// importers, in the order their detectors are asked, and the linkers, in
// the order they run, configured from blast.toml. The command line loads
// through it and imports no format package itself; a format left out of
// this list is not read, and the tests of this package say so.
//
// Detection order. An input is imported by the first importer whose
// detector claims it. The detectors are written to exclude each other
// (TestEveryInputHasOneClaimant holds every fixture and real-world input
// to exactly one), so the order only decides content that several could
// claim; it is, from the most specific marker to the least:
//
//  1. backstage: an apiVersion of backstage.io; a file that mixes
//     entities with Kubernetes objects is claimed by both detectors and
//     read as a catalog, which warns about the documents it skips;
//  2. compose: a top-level services: mapping and no apiVersion;
//  3. k8s: any document of a built-in or custom kind, the widest YAML
//     detector, after those with narrower markers;
//  4. manifest: TOML with a [[service]] table;
//  5. tfjson: terraform show -json, marked by format_version;
//  6. tfstate: a raw state, marked by version beside terraform_version
//     or lineage, or by top-level resources or modules.
//
// Linker order. Linkers run once every input is imported, each over what
// the ones before it drew:
//
//  1. crossstate: Terraform states and plans joined by the values they
//     share, remote state outputs and data sources, first, so that every
//     linker after it sees one graph of the organisation;
//  2. backstage: entity references across catalogs;
//  3. binding: services named by resource tags, before the manifest so
//     that a manifest may name a service only tags declare;
//  4. k8s: selectors, env references, routes and clusters; it offers the
//     workloads' configuration values to the values linker;
//  5. manifest: [[service]] references, over the tag services;
//  6. values: configuration values matched to cloud endpoints, last,
//     since the k8s linker offers values while it links.
package formats

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/backstage"
	"github.com/blast-dev/blast/importers/binding"
	"github.com/blast-dev/blast/importers/compose"
	"github.com/blast-dev/blast/importers/crossstate"
	"github.com/blast-dev/blast/importers/endpoints"
	"github.com/blast-dev/blast/importers/k8s"
	"github.com/blast-dev/blast/importers/manifest"
	"github.com/blast-dev/blast/importers/tfjson"
	"github.com/blast-dev/blast/importers/tfstate"
)

// Importers returns every importer in detection order (see the package
// documentation).
func Importers() []importers.Importer {
	return []importers.Importer{
		backstage.Importer{},
		compose.Importer{},
		k8s.Importer{},
		manifest.Importer{},
		tfjson.Importer{},
		tfstate.Importer{},
	}
}

// Linkers returns every linker in run order (see the package
// documentation), configured by blast.toml's [binding] and [k8s]
// sections; cfg may be nil (the defaults). Errors name the section's key
// and line.
func Linkers(cfg *config.File) ([]importers.Linker, error) {
	tags, err := binding.Configured(cfg)
	if err != nil {
		return nil, err
	}
	kube, err := k8s.Configured(cfg)
	if err != nil {
		return nil, err
	}
	return []importers.Linker{
		crossstate.Linker{},
		backstage.Linker{},
		tags,
		kube,
		manifest.Linker{},
		endpoints.Linker{},
	}, nil
}

// Options returns load options reading every format, with the linkers
// blast.toml configures (cfg may be nil); the caller sets the rest.
func Options(cfg *config.File) (importers.Options, error) {
	linkers, err := Linkers(cfg)
	if err != nil {
		return importers.Options{}, err
	}
	return importers.Options{Importers: Importers(), Linkers: linkers}, nil
}

// OptionsFor is Options with the --remote-state NAME=FILE values given
// to the cross-state linker (ParseRemoteStates, WithRemoteStates).
func OptionsFor(cfg *config.File, remoteStates []string) (importers.Options, error) {
	opt, err := Options(cfg)
	if err != nil {
		return opt, err
	}
	remote, err := ParseRemoteStates(remoteStates)
	if err != nil {
		return opt, err
	}
	return WithRemoteStates(opt, remote), nil
}

// ParseRemoteStates reads --remote-state NAME=FILE values: the input
// FILE that data.terraform_remote_state.NAME reads.
func ParseRemoteStates(flags []string) (map[string]string, error) {
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

// WithRemoteStates returns opt with the cross-state linker told which
// input each named terraform_remote_state data source reads (NAME or
// address → file; see crossstate.Linker.RemoteStates), for states whose
// backend configuration names no input path (--remote-state).
func WithRemoteStates(opt importers.Options, names map[string]string) importers.Options {
	if len(names) == 0 {
		return opt
	}
	linkers := slices.Clone(opt.Linkers)
	for i, l := range linkers {
		if _, ok := l.(crossstate.Linker); ok {
			linkers[i] = crossstate.Linker{RemoteStates: names}
		}
	}
	opt.Linkers = linkers
	return opt
}

// Paths returns the input paths with blast.toml added when it declares
// services and no path covers it already (see manifest.WithConfig).
func Paths(paths []string, cfg *config.File) []string {
	return manifest.WithConfig(paths, cfg)
}

// Defaults returns opt reading every format, with the linkers as they
// are without a blast.toml.
func Defaults(opt importers.Options) importers.Options {
	opt.Importers = Importers()
	opt.Linkers, _ = Linkers(nil) // nothing to configure, nothing to fail
	return opt
}
