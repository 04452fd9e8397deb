// Package importers turns input files into one dependency graph. Each
// format lives in its own sub-package and implements Importer (and
// Linker when its references span inputs); package formats lists them in
// detection order and gives the list to Load in Options. The loader picks
// the importer by content, never by file name.
package importers

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/blast-dev/blast/graph"
)

// Input is one file to import.
type Input struct {
	// Path is the file name as the user gave it (or "-" for stdin).
	Path string
	// Name is the name used in messages and node sources ("stdin" for -).
	Name string
	// Prefix, when not empty, is prepended to node IDs ("prefix:address")
	// so that several inputs holding the same addresses can be merged.
	Prefix string
	// Data is the whole content.
	Data []byte
	// Env holds the variables the input may interpolate.
	Env *Env
	// Session is the load the input belongs to: where a format keeps
	// what its linker needs (State). Nil outside Load.
	Session *Session

	mapped *mapped // Data's memory, when it is outside the Go heap
}

// Done tells the loader that the importer has finished with Data, which
// must not be used afterwards, nor any slice of it: a large file, read
// outside the Go heap, is released at once instead of after Import
// returns. Importers only keep copies of what they read (strings), so
// Done is only worth calling between reading a large input and building
// its graph.
func (in Input) Done() { in.mapped.free() }

// NodeID returns the node ID for a local ID within this input.
func (in Input) NodeID(local string) string {
	if in.Prefix == "" {
		return local
	}
	return in.Prefix + ":" + local
}

// Importer reads one input format.
type Importer interface {
	// Name is a short format name: "tfstate", "tfjson", "k8s", ...
	Name() string
	// Detect reports whether the content is in this format. It gets the
	// whole content with a leading UTF-8 BOM and whitespace removed.
	Detect(data []byte) bool
	// Import adds the input's nodes and edges to g. Errors name the
	// problem; the loader adds the file name.
	Import(in Input, g *graph.Graph) error
}

// Linker runs after every input has been imported, to connect nodes of
// different inputs (services to the resources they run on, manifests to
// the cluster they run in), reading what the importers kept in the
// session.
type Linker interface {
	Name() string
	Link(s *Session) error
}

// Detect returns the first of imps (in detection order) that claims the
// content, or an error describing what the content looks like.
func Detect(data []byte, imps []Importer) (Importer, error) {
	body, err := claimable(data)
	if err != nil {
		return nil, err
	}
	for _, imp := range imps {
		if imp.Detect(body) {
			return imp, nil
		}
	}
	return nil, fmt.Errorf("not a recognised input (%s)", Describe(body))
}

// Claimants returns every one of imps that claims the content, not only
// the first: detectors are meant to exclude each other, and tests check
// it. Content that Detect refuses before asking any importer (empty,
// encrypted, another tool's file) has none.
func Claimants(data []byte, imps []Importer) []Importer {
	body, err := claimable(data)
	if err != nil {
		return nil
	}
	var out []Importer
	for _, imp := range imps {
		if imp.Detect(body) {
			out = append(out, imp)
		}
	}
	return out
}

// claimable trims the content and refuses what no importer is asked
// about: an empty file, an encrypted one, another tool's file.
func claimable(data []byte) ([]byte, error) {
	body := Trim(data)
	if len(body) == 0 {
		return nil, fmt.Errorf("file is empty")
	}
	if d := Encrypted(body); d != "" {
		return nil, errors.New(d) // a SOPS file would otherwise pass for what it encrypts
	}
	if d := foreign(body); d != "" {
		// other tools' files that carry an input's markers
		return nil, fmt.Errorf("not a recognised input (%s)", d)
	}
	return body, nil
}

// Trim strips a UTF-8 byte order mark and surrounding white space.
func Trim(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	return bytes.TrimSpace(data)
}
