package crossstate

import (
	"cmp"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/terraform"
)

// Linker joins the Terraform inputs of a load (see the package
// documentation). It runs before the other linkers, so that what they
// draw sees one graph of the organisation.
type Linker struct {
	// RemoteStates names the input each terraform_remote_state data
	// source reads, by the data source's name (NAME of
	// data.terraform_remote_state.NAME, in any state and module) or its
	// full address, to the file as a path of the load's inputs. It comes
	// before the backend configuration and the outputs (the command
	// line's --remote-state NAME=FILE). Every name must be a remote
	// state data source of the load and every file one of its Terraform
	// inputs, or Link fails naming it.
	RemoteStates map[string]string
}

// Name implements importers.Linker.
func (Linker) Name() string { return "crossstate" }

// holder is a node holding an identity value.
type holder struct {
	node *graph.Node
	file string
}

// linker is one run over a load.
type linker struct {
	g       *graph.Graph
	inputs  []*input               // sorted by name
	rel     []string               // each input's name as cleanRel gives it, in inputs' order
	byValue map[string][]holder    // identity value → managed nodes holding it, by file then ID
	merged  map[string]*graph.Node // removed duplicate → the node kept
	named   map[string]*input      // remote state name or address → the input it reads (RemoteStates)
}

// Link implements importers.Linker.
func (lk Linker) Link(s *importers.Session) error {
	st := importers.Take[links](s)
	if st == nil {
		st = &links{}
	}
	l := &linker{g: s.Graph, merged: map[string]*graph.Node{}}
	for _, in := range st.inputs {
		l.inputs = append(l.inputs, in)
	}
	slices.SortFunc(l.inputs, func(a, b *input) int { return cmp.Compare(a.name, b.name) })
	l.rel = make([]string, len(l.inputs))
	for i, in := range l.inputs {
		l.rel[i] = cleanRel(in.name)
	}
	named, err := l.resolveNamed(lk.RemoteStates)
	if err != nil {
		return err
	}
	l.named = named
	if len(l.inputs) < 2 {
		return nil
	}
	files := map[string]bool{}
	for _, in := range l.inputs {
		files[in.name] = true
	}
	var data, managed []*graph.Node
	values := 0
	for _, n := range l.g.Nodes() { // sorted by ID: holders come in a stable order
		if n.Kind != graph.KindResource || !files[n.Source.File] {
			continue
		}
		if n.Mode == graph.ModeData {
			data = append(data, n)
			continue
		}
		managed = append(managed, n)
		values += len(n.Identities)
	}
	// sized once: a thousand states hold a few hundred thousand values,
	// and a map grown value by value rehashes them all several times
	l.byValue = make(map[string][]holder, values)
	// a value's first holder is a slice of one block (most values have
	// one: an allocation each was 230,000 a load of a thousand states);
	// a second holder moves its list to an allocation of its own
	block := make([]holder, values)
	for _, n := range managed {
		for _, v := range n.Identities {
			if len(v) < 3 {
				continue
			}
			hs, ok := l.byValue[v]
			switch {
			case !ok:
				block[0] = holder{node: n, file: n.Source.File}
				l.byValue[v], block = block[:1:1], block[1:]
			case !slices.ContainsFunc(hs, func(h holder) bool { return h.node == n }):
				l.byValue[v] = append(hs, holder{node: n, file: n.Source.File})
			}
		}
	}
	for _, hs := range l.byValue {
		if len(hs) > 1 { // sorted in place: the map's slice is the same
			slices.SortStableFunc(hs, func(a, b holder) int { return cmp.Compare(a.file, b.file) })
		}
	}
	l.duplicates()
	l.remoteStates()
	l.dataSources(data)
	l.values()
	return nil
}

// kept returns the node a holder stands for once duplicates are merged.
func (l *linker) kept(n *graph.Node) *graph.Node {
	if k, ok := l.merged[n.ID]; ok {
		return k
	}
	return n
}

// elsewhere returns the managed nodes of other inputs than file holding
// v, duplicates merged, and whether they are one resource type (several
// types holding one value, such as a role and its instance profile
// sharing a name, say nothing for sure).
func (l *linker) elsewhere(v, file string) ([]holder, bool) {
	var out []holder
	for _, h := range l.byValue[v] {
		if h.file == file {
			continue
		}
		k := l.kept(h.node)
		if k.Source.File == file || slices.ContainsFunc(out, func(o holder) bool { return o.node == k }) {
			continue
		}
		out = append(out, holder{node: k, file: k.Source.File})
	}
	if len(out) < 2 {
		return out, true
	}
	// a bucket and its versioning, policy and ACL resources all hold the
	// bucket's name: the type the others' types extend is the resource
	base := out[0].node.Type
	for _, h := range out {
		if len(h.node.Type) < len(base) {
			base = h.node.Type
		}
	}
	var owners []holder
	for _, h := range out {
		switch {
		case h.node.Type == base:
			owners = append(owners, h)
		case !strings.HasPrefix(h.node.Type, base+"_"):
			return out, false
		}
	}
	return owners, true
}

// duplicates merges resources of one type that two inputs both manage
// (the same ID or ARN): the node of the input named first stays, takes
// the other's edges, and a warning names both.
func (l *linker) duplicates() {
	var vals []string
	for v, hs := range l.byValue {
		if len(hs) > 1 && terraform.Linkable(v, "") {
			vals = append(vals, v)
		}
	}
	slices.Sort(vals)
	for _, v := range vals {
		hs := l.byValue[v]
		keep := l.kept(hs[0].node)
		for _, h := range hs[1:] {
			dup := l.kept(h.node)
			if dup == keep || dup.Type != keep.Type || dup.Source.File == keep.Source.File {
				continue
			}
			for _, e := range l.g.DependentsOf(dup.ID) {
				e.To = keep.ID
				_ = l.g.AddEdge(e) // both ends exist
			}
			for _, e := range l.g.DependenciesOf(dup.ID) {
				e.From = keep.ID
				_ = l.g.AddEdge(e)
			}
			l.g.RemoveNode(dup.ID)
			l.merged[dup.ID] = keep
			for id, k := range l.merged {
				if k == dup {
					l.merged[id] = keep
				}
			}
			l.g.Warn(dup.Source.File, "%s is managed in two states, as %s in %s and as %s here: read as one resource (%s's)",
				v, keep.Address, keep.Source.File, dup.Address, keep.Source.File)
		}
	}
}

// dataSources lets a data source that reads a resource another input
// manages stand for it: each edge to the data source goes to the
// resource instead, and says through which data source.
func (l *linker) dataSources(data []*graph.Node) {
	for _, d := range data {
		var target *graph.Node
		for _, v := range d.Identities {
			if !terraform.Linkable(v, "") {
				continue
			}
			hs, one := l.elsewhere(v, d.Source.File)
			if len(hs) == 0 || !one {
				continue
			}
			target = hs[0].node
			break
		}
		if target == nil {
			continue
		}
		for _, e := range l.g.DependentsOf(d.ID) {
			l.g.RemoveEdge(e.From, d.ID)
			via := e.Via
			if via == "" {
				via = "dependencies"
			}
			e.To = target.ID
			e.Via = via + " (" + d.Address + " reads " + target.Address + " of " + target.Source.File + ")"
			_ = l.g.AddEdge(e)
		}
	}
}

// values links an attribute holding an identity of a resource another
// input manages to that resource.
func (l *linker) values() {
	for _, in := range l.inputs {
		for _, li := range in.insts {
			if li.Mode == "data" || len(li.Leaves) == 0 {
				continue
			}
			if _, gone := l.merged[li.ID]; gone {
				continue
			}
			self, _ := l.g.Node(li.ID)
			for _, lf := range li.Leaves { // sorted by path, then value
				if self != nil && slices.Contains(self.Identities, lf.Value) {
					continue // its own name, held in another attribute (a bucket's bucket)
				}
				hs, one := l.elsewhere(lf.Value, in.name)
				if !one {
					continue
				}
				for _, h := range hs {
					if l.g.HasEdge(li.ID, h.node.ID) {
						continue
					}
					_ = l.g.AddEdge(graph.Edge{From: li.ID, To: h.node.ID, Kind: graph.Hard,
						Via: lf.Path + " (value of " + h.node.Address + " in " + h.file + ", matched across states)"})
				}
			}
		}
	}
}

// remoteStates links the dependents of each terraform_remote_state data
// source to the resources of the state it reads that hold the outputs
// they use.
func (l *linker) remoteStates() {
	for _, b := range l.inputs {
		var leavesOf map[string][]terraform.Leaf // made for inputs that read a remote state
		for _, li := range b.insts {
			if li.Type != terraform.RemoteStateType || li.Attrs == nil {
				continue
			}
			if leavesOf == nil {
				leavesOf = map[string][]terraform.Leaf{}
				for _, li := range b.insts {
					if len(li.Leaves) > 0 {
						leavesOf[li.ID] = li.Leaves
					}
				}
			}
			rs := readRemote(li)
			a, how := l.named[li.Address], ", as --remote-state names it"
			if a == nil {
				a = l.named[remoteName(li.Address)]
			}
			if a == nil {
				a, how = l.source(b, rs), ""
			}
			if a == nil || a == b {
				continue
			}
			outs := map[string][]string{} // value → outputs holding it
			for _, src := range []map[string][]string{a.outputs, rs.outputs} {
				for name, vs := range src {
					for _, v := range vs {
						if !slices.Contains(outs[v], name) {
							outs[v] = append(outs[v], name)
						}
					}
				}
			}
			for _, e := range l.g.DependentsOf(li.ID) {
				linked := false
				for _, lf := range leavesOf[e.From] { // sorted by path, then value
					names := outs[lf.Value]
					if len(names) == 0 {
						continue
					}
					slices.Sort(names)
					holders := l.holdersIn(a, lf.Value)
					name, from := names[0], a.name
					if p, out := l.producer(a, names, holders); p != nil {
						holders, name, from = []*graph.Node{p}, out, a.name+": output expression"
					}
					for _, k := range holders {
						if l.g.HasEdge(e.From, k.ID) {
							continue
						}
						linked = true
						_ = l.g.AddEdge(graph.Edge{From: e.From, To: k.ID, Kind: graph.Hard,
							Via: lf.Path + " (outputs." + name + " of " + li.Address + ", from " + from + how + ")"})
					}
				}
				if linked {
					l.g.RemoveEdge(e.From, li.ID)
				}
			}
		}
	}
}

// holdersIn returns the managed nodes of input a holding identity value
// v, duplicates merged.
func (l *linker) holdersIn(a *input, v string) []*graph.Node {
	var out []*graph.Node
	for _, h := range l.byValue[v] {
		if k := l.kept(h.node); h.file == a.name && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// producer returns the one resource of input a that the configuration's
// expression of an output among names resolves to, with that output's
// name, when the value cannot say: the output is unknown until apply,
// or the value is held by no resource of a or by several (then the
// producer must be one of them). Nil when the value says, or when no
// output's expression resolves to exactly one node.
func (l *linker) producer(a *input, names []string, holders []*graph.Node) (*graph.Node, string) {
	if len(holders) == 1 && !slices.ContainsFunc(names, func(n string) bool { return a.unknown[n] }) {
		return nil, ""
	}
	for _, name := range names {
		var found []*graph.Node
		for _, id := range a.producers[name] {
			n, ok := l.g.Node(id)
			if !ok {
				if n = l.merged[id]; n == nil {
					continue
				}
			}
			if !slices.Contains(found, n) {
				found = append(found, n)
			}
		}
		if len(found) == 1 && (len(holders) < 2 || slices.Contains(holders, found[0])) {
			return found[0], name
		}
	}
	return nil, ""
}

// resolveNamed finds the input each remote state name or address reads
// (Linker.RemoteStates), and fails naming a file that is not a Terraform
// input of the load or a name no remote state data source has.
func (l *linker) resolveNamed(m map[string]string) (map[string]*input, error) {
	if len(m) == 0 {
		return nil, nil
	}
	known := map[string]bool{}
	for _, in := range l.inputs {
		for _, li := range in.insts {
			if li.Type == terraform.RemoteStateType {
				known[li.Address], known[remoteName(li.Address)] = true, true
			}
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := map[string]*input{}
	for _, k := range keys {
		file := m[k]
		i := slices.IndexFunc(l.inputs, func(in *input) bool { return samePath(in.name, file) })
		if i < 0 {
			return nil, fmt.Errorf("--remote-state %s=%s: %s is not one of the Terraform states or plans read (give it as an input too)", k, file, file)
		}
		if !known[k] {
			return nil, fmt.Errorf("--remote-state %s=%s: no input has a data.terraform_remote_state named %s", k, file, k)
		}
		out[k] = l.inputs[i]
	}
	return out, nil
}

// remoteName returns NAME of an address ending in
// data.terraform_remote_state.NAME, without an instance key.
func remoteName(addr string) string {
	const marker = "data." + terraform.RemoteStateType + "."
	i := strings.LastIndex(addr, marker)
	if i < 0 {
		return ""
	}
	name := addr[i+len(marker):]
	if j := strings.IndexByte(name, '['); j >= 0 {
		name = name[:j]
	}
	return name
}

// samePath reports whether two paths name one file: equal once cleaned,
// or once made absolute.
func samePath(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}

// remote is what a terraform_remote_state data source says of the state
// it reads.
type remote struct {
	backend, path, bucket, key, prefix, workspace string
	outputs                                       map[string][]string
}

func readRemote(li terraform.LinkInfo) remote {
	r := remote{backend: li.Attrs.String("backend"), workspace: li.Attrs.String("workspace")}
	if cfg, ok := unwrap(li.Attrs.Get("config")).(map[string]any); ok {
		str := func(k string) string { s, _ := cfg[k].(string); return s }
		r.path, r.bucket, r.key, r.prefix = str("path"), str("bucket"), str("key"), str("prefix")
	}
	if outs, ok := unwrap(li.Attrs.Get("outputs")).(map[string]any); ok {
		r.outputs = map[string][]string{}
		for name, v := range outs {
			r.outputs[name] = stringLeaves(v, nil)
		}
	}
	return r
}

// unwrap returns the value of a dynamically typed attribute, which a
// state writes as {"value": ..., "type": ...}.
func unwrap(v any) any {
	if m, ok := v.(map[string]any); ok && len(m) == 2 {
		if _, typed := m["type"]; typed {
			if inner, ok := m["value"]; ok {
				return inner
			}
		}
	}
	return v
}

// source returns the input a remote state data source of b reads: the
// one its backend configuration names (a local path, an object key, with
// the workspace), else the one input whose outputs are all the data
// source read; nil when none or several fit.
func (l *linker) source(b *input, rs remote) *input {
	var want []string
	ws := rs.workspace
	switch {
	case rs.path != "":
		want = append(want, rs.path)
	case rs.key != "":
		if ws != "" && ws != "default" {
			want = append(want, "env:/"+ws+"/"+rs.key)
		}
		want = append(want, rs.key)
	case rs.prefix != "":
		if ws == "" {
			ws = "default"
		}
		want = append(want, rs.prefix+"/"+ws+".tfstate")
	}
	for _, w := range want {
		w = cleanRel(w)
		var found []*input
		for i, in := range l.inputs {
			// names cleaned once per load, not once per data source
			// (a thousand states each reading another cleaned a million)
			name := l.rel[i]
			if in != b && (name == w || len(name) > len(w) && name[len(name)-len(w)-1] == '/' && strings.HasSuffix(name, w)) {
				found = append(found, in)
			}
		}
		if len(found) == 1 {
			return found[0]
		}
	}
	if len(rs.outputs) == 0 {
		return nil
	}
	var found []*input
	for _, in := range l.inputs {
		if in != b && sameOutputs(in.outputs, rs.outputs) {
			found = append(found, in)
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return nil
}

// cleanRel returns a slash path without leading ./ and ../ segments.
func cleanRel(p string) string {
	p = path.Clean(strings.ReplaceAll(p, "\\", "/"))
	for strings.HasPrefix(p, "../") {
		p = p[3:]
	}
	return strings.TrimPrefix(p, "/")
}

// sameOutputs reports whether a state's outputs hold every output a
// remote state data source read, with the same values.
func sameOutputs(have, read map[string][]string) bool {
	if len(have) == 0 {
		return false
	}
	for name, vs := range read {
		got, ok := have[name]
		if !ok {
			return false
		}
		a, b := slices.Clone(got), slices.Clone(vs)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			return false
		}
	}
	return true
}
