package importers

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blast-dev/blast/graph"
)

// DefaultMaxInputSize is the default limit on one input file's size.
const DefaultMaxInputSize int64 = 512 << 20

// Options control loading.
type Options struct {
	// MaxInputSize is the largest file accepted, in bytes (0: default).
	MaxInputSize int64
	// Stdin is read for the path "-".
	Stdin io.Reader
	// FS, when set, resolves paths instead of the operating system
	// (used for the embedded demo and in tests).
	FS fs.FS
	// Importers are the formats read, in detection order: the first that
	// claims an input imports it. Package formats lists them.
	Importers []Importer
	// Linkers run in this order once every input is imported. Package
	// formats lists them, configured from blast.toml.
	Linkers []Linker
	// Environ looks variables up in the process environment for inputs
	// that interpolate them (compose files); nil: none.
	Environ func(string) (string, bool)
	// EnvFiles are the env files to read variables from instead of the
	// .env file beside each input (--env-file).
	EnvFiles []string
}

// Loaded describes one imported input.
type Loaded struct {
	Name   string `json:"file"`
	Format string `json:"format"`
	Prefix string `json:"prefix,omitempty"`
	// Workspace is the Terraform workspace a state belongs to, when its
	// place says so (terraform.tfstate.d/NAME/); see WorkspaceOf.
	Workspace string `json:"workspace,omitempty"`
	Nodes     int    `json:"nodes"`
}

// LabelWorkspace is the node label naming the Terraform workspace of the
// state a node was read from, when the state's place says so.
const LabelWorkspace = "workspace"

// WorkspaceOf returns the Terraform workspace a state file belongs to by
// its place: a state under terraform.tfstate.d/NAME/ (where Terraform's
// local backend keeps every workspace but the default one) is workspace
// NAME. A state anywhere else may be any workspace's (terraform state
// pull writes wherever it is told), so it has none: "".
func WorkspaceOf(name string) string {
	segs := strings.Split(filepath.ToSlash(filepath.Clean(name)), "/")
	for i := len(segs) - 3; i >= 0; i-- {
		if segs[i] == "terraform.tfstate.d" && segs[i+1] != "" {
			return segs[i+1]
		}
	}
	return ""
}

// Skipped is a file of a walked directory that is not an input of any
// known kind, and why.
type Skipped struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Result is what Load produced.
type Result struct {
	Graph  *graph.Graph
	Inputs []Loaded
	// Skipped lists, sorted by file, the files of walked directories that
	// are not inputs (READMEs, locale files, other tools' JSON and YAML).
	Skipped []Skipped
}

// prefixed is implemented by importers whose node IDs are addresses that
// several inputs commonly share (Terraform states and plans).
type prefixed interface{ Prefixed() bool }

type pending struct {
	in  Input
	imp Importer
	// skipped, with no importer, says why a file of a walked directory
	// that holds an input in some form blast cannot read was left out
	skipped string
	// notInput, with no importer, says why a file of a walked directory
	// is not an input of any known kind
	notInput string
}

// Load reads every path (files, directories walked, "-" for stdin),
// imports each by content and links the result into one graph.
func Load(paths []string, opt Options) (*Result, error) {
	if opt.MaxInputSize <= 0 {
		opt.MaxInputSize = DefaultMaxInputSize
	}
	if len(opt.Importers) == 0 {
		return nil, errors.New("no input formats to read (Options.Importers is empty)")
	}
	var todo, skipped []pending
	var strays []Skipped
	// an input's content is released once imported, all of it on an error
	defer func() { release(todo) }()
	seen := map[string]bool{}
	for _, p := range paths {
		found, err := collect(p, opt)
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			if seen[f.in.Name] {
				f.in.Done()
				continue
			}
			seen[f.in.Name] = true
			if f.notInput != "" {
				// listed, not read: a name that could drive a terminal is
				// shown escaped rather than refused
				strays = append(strays, Skipped{File: Escape(f.in.Name), Reason: f.notInput})
				continue
			}
			if f.imp == nil {
				skipped = append(skipped, f)
				continue
			}
			todo = append(todo, f)
		}
	}
	if len(todo) == 0 {
		return nil, errors.New("no input found")
	}
	assignPrefixes(todo)
	g := graph.New()
	// one session for the load, dropped with what the formats kept in it
	// when Load returns
	sess := NewSession(g)
	sess.Inputs = len(todo)
	sort.Slice(strays, func(i, j int) bool { return strays[i].File < strays[j].File })
	res := &Result{Graph: g, Skipped: strays}
	envOf := newEnv(opt)
	if len(opt.EnvFiles) > 0 { // named env files must exist even if no input reads them
		if _, err := envOf("-").Lookup(); err != nil {
			return nil, err
		}
	}
	for _, f := range skipped {
		g.Warn(f.in.Name, "skipped: %s", f.skipped)
	}
	for i := range todo {
		t := todo[i]
		// the importer holds the only reference to the content, so that a
		// large input can be freed once it is read, while the graph is built
		todo[i].in.Data = nil
		in := t.in
		in.Env = envOf(in.Path)
		in.Session = sess
		t.in.Data = nil
		before := g.Len()
		err := t.imp.Import(in, g)
		in.Done()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", t.imp.Name(), t.in.Name, err)
		}
		ld := Loaded{Name: t.in.Name, Format: t.imp.Name(), Prefix: t.in.Prefix, Nodes: g.Len() - before}
		if p, ok := t.imp.(prefixed); ok && p.Prefixed() {
			ld.Workspace = WorkspaceOf(t.in.Name)
		}
		res.Inputs = append(res.Inputs, ld)
	}
	labelWorkspaces(g, res.Inputs)
	for _, l := range opt.Linkers {
		if err := l.Link(sess); err != nil {
			return nil, fmt.Errorf("%s: %w", l.Name(), err)
		}
	}
	if err := checkPrintable(g, res.Inputs); err != nil {
		return nil, err
	}
	return res, nil
}

// labelWorkspaces labels every node read from a state whose place names
// its workspace, in one pass over the graph.
func labelWorkspaces(g *graph.Graph, inputs []Loaded) {
	ws := map[string]string{}
	for _, in := range inputs {
		if in.Workspace != "" {
			ws[in.Name] = in.Workspace
		}
	}
	if len(ws) == 0 {
		return
	}
	for _, n := range g.Nodes() {
		if w, ok := ws[n.Source.File]; ok {
			if n.Labels == nil {
				n.Labels = map[string]string{}
			}
			n.Labels[LabelWorkspace] = w
		}
	}
}

// skipDir reports whether a directory met while walking is left out:
// hidden ones, which include Terraform's provider and module cache
// (.terraform/, whose modules hold other states' examples) and
// Terragrunt's (.terragrunt-cache/, a copy of each module with whatever
// state was left in it), and node_modules.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules"
}

// skipFile reports whether a file met while walking a directory is left
// unread: hidden files, Terraform's state backups and configuration.
func skipFile(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".backup") || strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".hcl")
}

// InputSize is the total size of the files Load would read from the
// paths (directories walked as Load walks them, leaving out what it
// leaves out: a provider cache of hundreds of megabytes in .terraform/
// is not an input; a file named twice counts once, as Load keeps it
// once); false when a path is stdin, whose size is not known in
// advance. Paths that cannot be read count nothing here (Load says why).
func InputSize(paths []string) (total int64, ok bool) {
	seen := map[string]bool{}
	count := func(name string, size int64) {
		if !seen[name] {
			seen[name] = true
			total += size
		}
	}
	for _, p := range paths {
		if p == "-" {
			return 0, false
		}
		info, err := os.Stat(p) // follows a symbolic link, as Load does
		if err != nil {
			continue
		}
		if !info.IsDir() {
			count(p, info.Size())
			continue
		}
		_ = eachFile(p, Options{}, func(path string, size int64) error { // an error: Load says it
			count(path, size)
			return nil
		})
	}
	return total, true
}

// eachFile walks the directory p as Load reads it and calls visit with
// the path and size of each file to read: hidden directories and
// node_modules are left out (skipDir), and the files skipFile names; a
// link to a file is followed, links to directories are not (they may
// loop), nor are dangling ones; only regular files are visited. An error
// of the walk or of visit ends it.
func eachFile(p string, opt Options, visit func(path string, size int64) error) error {
	root := p
	if fi, err := os.Lstat(p); opt.FS == nil && err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		root = p + string(filepath.Separator) // a link to a directory: walk what it points at
	}
	walk := func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", path, cleanErr(err))
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && skipDir(name) {
				return filepath.SkipDir
			}
			return nil
		}
		if skipFile(name) {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return fmt.Errorf("%s: %w", path, cleanErr(err))
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			if fi, err = stat(opt, path); err != nil {
				return nil
			}
		}
		if !fi.Mode().IsRegular() {
			return nil
		}
		return visit(path, fi.Size())
	}
	if opt.FS != nil {
		return fs.WalkDir(opt.FS, p, walk)
	}
	return filepath.WalkDir(root, walk)
}

func collect(p string, opt Options) ([]pending, error) {
	if p == "-" {
		if opt.Stdin == nil {
			return nil, errors.New("stdin: nothing to read")
		}
		data, err := readLimited(opt.Stdin, opt.MaxInputSize)
		if err == nil {
			data, err = normalize(data)
		}
		if err != nil {
			return nil, fmt.Errorf("stdin: %w", err)
		}
		imp, err := Detect(data, opt.Importers)
		if err != nil {
			return nil, fmt.Errorf("stdin: %w", err)
		}
		return []pending{{in: Input{Path: "-", Name: "stdin", Data: data}, imp: imp}}, nil
	}
	info, err := stat(opt, p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, cleanErr(err))
	}
	if !info.IsDir() {
		in, err := readInput(opt, p, info.Size())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		imp, err := Detect(in.Data, opt.Importers)
		if err != nil {
			in.Done()
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		return []pending{{in: in, imp: imp}}, nil
	}
	var out []pending
	err = eachFile(p, opt, func(path string, size int64) error {
		in, err := readInput(opt, path, size)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		imp, derr := Detect(in.Data, opt.Importers)
		if derr != nil {
			// directories hold all sorts of files; only known inputs
			// count, but an encrypted one may well be a state
			body := Trim(in.Data)
			d := Encrypted(body)
			why := "empty file"
			if len(body) > 0 {
				why = Describe(body)
			}
			in.Done()
			if d != "" {
				out = append(out, pending{in: Input{Path: path, Name: path}, skipped: d})
			} else {
				out = append(out, pending{in: Input{Path: path, Name: path}, notInput: why})
			}
			return nil
		}
		out = append(out, pending{in: in, imp: imp})
		return nil
	})
	if err != nil {
		release(out)
		return nil, err
	}
	if countSkipped(out) == len(out) {
		for _, f := range out {
			if f.skipped != "" { // no input but an encrypted one: that is the error
				return nil, fmt.Errorf("%s: %s", f.in.Name, f.skipped)
			}
		}
		more := ""
		switch len(out) {
		case 0:
		case 1:
			more = fmt.Sprintf("; its one file, %s: %s", out[0].in.Name, out[0].notInput)
		default:
			more = fmt.Sprintf("; none of its %d files is one, e.g. %s: %s", len(out), out[0].in.Name, out[0].notInput)
		}
		return nil, fmt.Errorf("%s: directory holds no importable input (Terraform state or plan JSON, Kubernetes, Backstage, compose or blast TOML)%s", p, more)
	}
	return out, nil
}

// readInput reads and decodes one file; its Data may be held outside the
// Go heap until the input is Done.
func readInput(opt Options, path string, size int64) (Input, error) {
	data, m, err := readFile(opt, path, size)
	if err == nil {
		data, err = normalize(data)
	}
	if err != nil {
		m.free()
		return Input{}, err
	}
	return Input{Path: path, Name: path, Data: data, mapped: m}, nil
}

// release frees the content of inputs read but not imported.
func release(ps []pending) {
	for _, p := range ps {
		p.in.Done()
	}
}

// countSkipped counts the files left out: not inputs, or unreadable ones.
func countSkipped(out []pending) int {
	n := 0
	for _, f := range out {
		if f.imp == nil {
			n++
		}
	}
	return n
}

func stat(opt Options, p string) (fs.FileInfo, error) {
	if opt.FS != nil {
		return fs.Stat(opt.FS, p)
	}
	return os.Stat(p)
}

func readFile(opt Options, p string, size int64) ([]byte, *mapped, error) {
	if size > opt.MaxInputSize {
		return nil, nil, fmt.Errorf("file is %s, over the %s input limit (raise it with --max-input-size)", humanBytes(size), humanBytes(opt.MaxInputSize))
	}
	if opt.FS != nil {
		f, err := opt.FS.Open(p)
		if err != nil {
			return nil, nil, cleanErr(err)
		}
		defer f.Close()
		data, err := readSized(f, opt.MaxInputSize, size)
		return data, nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, cleanErr(err)
	}
	defer f.Close()
	if data, m := readOffHeap(f, size); m != nil {
		return data, m, nil
	}
	data, err := readSized(f, opt.MaxInputSize, size)
	return data, nil, err
}

func readLimited(r io.Reader, limit int64) ([]byte, error) {
	return readSized(r, limit, 0)
}

// readSized reads at most limit bytes, into one buffer of the expected
// size when it is known: growing a buffer for a state of hundreds of
// megabytes would copy it several times and leave as much garbage.
func readSized(r io.Reader, limit, size int64) ([]byte, error) {
	var data []byte
	var err error
	if size > 0 && size <= limit {
		data = make([]byte, 0, size+1) // +1 sees a file that grew
		for {
			var n int
			n, err = r.Read(data[len(data):cap(data)])
			data = data[:len(data)+n]
			if err != nil || len(data) == cap(data) {
				break
			}
		}
		if err == io.EOF {
			err = nil
		} else if err == nil { // full: the file grew; read the rest the usual way
			var rest []byte
			rest, err = io.ReadAll(io.LimitReader(r, limit+1-int64(len(data))))
			data = append(data, rest...)
		}
	} else {
		data, err = io.ReadAll(io.LimitReader(r, limit+1))
	}
	if err != nil {
		return nil, cleanErr(err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("input is over the %s input limit (raise it with --max-input-size)", humanBytes(limit))
	}
	return data, nil
}

// cleanErr drops the path that os errors repeat, since callers name it.
func cleanErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, fs.ErrNotExist) {
			return errors.New("no such file or directory")
		}
		return pe.Err
	}
	return err
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// assignPrefixes gives every Terraform input a prefix when more than one is
// loaded: the shortest trailing part of its path, without extension, that
// tells it apart from the others. Terraform's own names say nothing about
// a state and are left out (see stateDirs): a tree of
// network/terraform.tfstate and app/terraform.tfstate.d/prod/terraform.tfstate
// gives network: and prod:.
func assignPrefixes(todo []pending) {
	var idx []int
	var names []string
	for i, t := range todo {
		if p, ok := t.imp.(prefixed); ok && p.Prefixed() {
			idx = append(idx, i)
			names = append(names, t.in.Name)
		}
	}
	if len(idx) < 2 {
		return
	}
	for k, p := range Prefixes(names) {
		todo[idx[k]].in.Prefix = p
	}
}

// Prefixes returns the prefix the node IDs of each of several Terraform
// inputs get, in the order of names (file paths): the shortest tail of
// path segments, the same depth for all, that tells them apart, with the
// file's extension, a default terraform.tfstate and workspace folders
// left out (network/terraform.tfstate is network); "#2" and so on where
// even whole paths agree.
func Prefixes(names []string) []string {
	parts := make([][]string, len(names))
	for k, name := range names {
		name = filepath.ToSlash(filepath.Clean(name))
		segs := strings.Split(strings.TrimPrefix(name, "/"), "/")
		last := segs[len(segs)-1]
		dflt := last == "terraform.tfstate"
		for _, ext := range []string{".tfstate", ".json", ".tfplan", ".plan"} {
			if s := strings.TrimSuffix(last, ext); s != "" && s != last {
				last = s
				break
			}
		}
		segs[len(segs)-1] = last
		parts[k] = stateDirs(segs, dflt)
	}
	for depth := 1; ; depth++ {
		counts := map[string]int{}
		labels := make([]string, len(names))
		done := true
		for k, segs := range parts {
			labels[k] = strings.Join(segs[max(0, len(segs)-depth):], "/")
			counts[labels[k]]++
		}
		for k := range parts {
			if counts[labels[k]] > 1 && depth < len(parts[k]) {
				done = false
			}
		}
		if done {
			used := map[string]int{}
			for k, l := range labels {
				used[l]++
				if used[l] > 1 {
					labels[k] = fmt.Sprintf("%s#%d", l, used[l])
				}
			}
			return labels
		}
	}
}

// stateDirs drops from a state's path segments (its file name last,
// without extension) the names Terraform gives every state: the default
// file name (dflt: the file is terraform.tfstate) after a directory, and
// the terraform.tfstate.d directory that holds the workspaces.
func stateDirs(segs []string, dflt bool) []string {
	out := segs[:0:0]
	for i, s := range segs {
		if s == "terraform.tfstate.d" && i < len(segs)-1 {
			continue
		}
		if dflt && i == len(segs)-1 && len(out) > 0 {
			continue
		}
		out = append(out, s)
	}
	return out
}

// SortedNames returns the inputs' names, sorted; handy for messages.
func (r *Result) SortedNames() []string {
	out := make([]string, len(r.Inputs))
	for i, in := range r.Inputs {
		out[i] = in.Name
	}
	sort.Strings(out)
	return out
}
