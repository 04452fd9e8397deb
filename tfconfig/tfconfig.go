// Package tfconfig reads a Terraform configuration directory for where
// its blocks are declared: which .tf file and line holds resource "TYPE"
// "NAME" (or data). blast check points its findings there (--config-dir).
// It reads block headers only, never attribute values, and needs no
// Terraform: the blocks are found by a regular expression over the text.
package tfconfig

import (
	"bytes"
	"cmp"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/blast-dev/blast/importers/terraform"
)

// blockRe matches a resource or data block header at the start of a line.
var blockRe = regexp.MustCompile(`(?m)^[ \t]*(resource|data)[ \t]+"([^"]+)"[ \t]+"([^"]+)"`)

// Location is where a block is declared: its file, slash-separated and
// relative to the configuration directory, and its line (from 1).
type Location struct {
	File string
	Line int
}

// Declarations indexes the resource and data blocks of a configuration
// by TYPE.NAME (data.TYPE.NAME for data sources), each key's locations
// sorted by file and line.
type Declarations struct {
	blocks map[string][]Location
}

// Scan reads every .tf file in dir and below, except in hidden
// directories and node_modules. An error is the walk's or a file's.
func Scan(dir string) (*Declarations, error) {
	d := &Declarations{blocks: map[string][]Location{}}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if path != dir && (strings.HasPrefix(e.Name(), ".") || e.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(e.Name(), ".tf") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		d.add(filepath.ToSlash(rel), data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, locs := range d.blocks {
		slices.SortFunc(locs, func(a, b Location) int {
			return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
		})
	}
	return d, nil
}

// add indexes the block headers of one file's text.
func (d *Declarations) add(file string, data []byte) {
	for _, m := range blockRe.FindAllSubmatchIndex(data, -1) {
		kind, typ, name := string(data[m[2]:m[3]]), string(data[m[4]:m[5]]), string(data[m[6]:m[7]])
		key := typ + "." + name
		if kind == "data" {
			key = "data." + key
		}
		d.blocks[key] = append(d.blocks[key], Location{File: file, Line: bytes.Count(data[:m[0]], []byte{'\n'}) + 1})
	}
}

// Find returns where the resource of type typ and name, at the instance
// address, is declared. A data source is one whose address holds
// data.TYPE.NAME. Where several files declare it, a root module resource
// prefers the first file at the top of the directory and a module's
// resource the first file below it; either takes the first file when
// none is of its kind.
func (d *Declarations) Find(typ, name, address string) (file string, line int, ok bool) {
	key := typ + "." + name
	if strings.Contains(terraform.ConfigAddress(address), "data."+key) {
		key = "data." + key
	}
	locs := d.blocks[key]
	if len(locs) == 0 {
		return "", 0, false
	}
	pick := locs[0]
	inModule := terraform.ModulePath(address) != ""
	for _, l := range locs {
		if inModule == strings.Contains(l.File, "/") {
			pick = l
			break
		}
	}
	return pick.File, pick.Line, true
}
