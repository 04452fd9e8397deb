package session

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// The model travels in a compact binary form that the page decodes by
// hand in WebAssembly when it opens: encoding/json, reflection-driven,
// costs there many times what it costs natively, and the page's open
// time was mostly spent in it. Every string is written once, in a table
// at the start (one block of bytes, sliced without copying), and
// referred to by index (0 is ""); numbers are unsigned varints; each
// node field is a column, and fields most nodes leave empty (an address
// other than the ID, a source line, zones, labels) are sparse lists of
// (node index, value); edges and inferences name nodes by index. Maps
// are written in key order, so the bytes are deterministic.

// wireMagic starts the binary form; the version follows it.
const wireMagic = "BLXM"

// table interns strings.
type table struct {
	list  []string
	index map[string]uint64
}

func (t *table) id(s string) uint64 {
	if s == "" {
		return 0
	}
	if i, ok := t.index[s]; ok {
		return i
	}
	t.list = append(t.list, s)
	t.index[s] = uint64(len(t.list) - 1)
	return uint64(len(t.list) - 1)
}

// writer appends the body of the binary form.
type writer struct {
	b []byte
	t *table
}

func (w *writer) num(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *writer) int(v int)    { w.num(uint64(v)) }
func (w *writer) str(s string) { w.num(w.t.id(s)) }
func (w *writer) flag(v bool) {
	if v {
		w.num(1)
	} else {
		w.num(0)
	}
}
func (w *writer) strs(ss []string) {
	w.int(len(ss))
	for _, s := range ss {
		w.str(s)
	}
}

func (w *writer) pairs(m map[string]string) {
	w.int(len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w.str(k)
		w.str(m[k])
	}
}

// MarshalBinary writes the model's binary form.
func (m *Model) MarshalBinary() ([]byte, error) {
	// sized for a typical model (ten columns a node, four numbers an
	// edge, most strings repeated): growing a large one by doubling was
	// most of what writing it allocated
	w := &writer{b: make([]byte, 0, 16*len(m.Nodes)+6*len(m.Edges)+1024),
		t: &table{list: []string{""}, index: make(map[string]uint64, len(m.Nodes)+64)}}
	w.str(m.Title)
	w.str(m.Config)
	w.int(len(m.Nodes))
	for _, nd := range m.Nodes {
		w.str(nd.ID)
	}
	columns := []func(*graph.Node) string{
		func(n *graph.Node) string { return string(n.Kind) }, func(n *graph.Node) string { return n.Type },
		func(n *graph.Node) string { return n.Name }, func(n *graph.Node) string { return string(n.Mode) },
		func(n *graph.Node) string { return n.Provider }, func(n *graph.Node) string { return n.Service },
		func(n *graph.Node) string { return n.Source.File }, func(n *graph.Node) string { return n.Placement.Cloud },
		func(n *graph.Node) string { return n.Placement.Region }, func(n *graph.Node) string { return n.Placement.Zone },
		func(n *graph.Node) string { return n.Placement.ZoneID }, func(n *graph.Node) string { return string(n.Placement.Scope) },
		func(n *graph.Node) string { return n.Placement.Rule }, func(n *graph.Node) string { return n.Placement.Unknown },
	}
	for _, col := range columns {
		for _, nd := range m.Nodes {
			w.str(col(nd))
		}
	}
	// sparse columns: count, then (index, value)
	sparse := func(has func(*graph.Node) bool, put func(*graph.Node)) {
		n := 0
		for _, nd := range m.Nodes {
			if has(nd) {
				n++
			}
		}
		w.int(n)
		for i, nd := range m.Nodes {
			if has(nd) {
				w.int(i)
				put(nd)
			}
		}
	}
	sparse(func(n *graph.Node) bool { return n.Address != n.ID }, func(n *graph.Node) { w.str(n.Address) })
	sparse(func(n *graph.Node) bool { return n.Source.Address != n.Address }, func(n *graph.Node) { w.str(n.Source.Address) })
	sparse(func(n *graph.Node) bool { return n.Source.Line != 0 }, func(n *graph.Node) { w.int(n.Source.Line) })
	sparse(func(n *graph.Node) bool { return n.Placement.Zones != nil }, func(n *graph.Node) { w.strs(n.Placement.Zones) })
	sparse(func(n *graph.Node) bool { return n.Placement.Regions != nil }, func(n *graph.Node) { w.strs(n.Placement.Regions) })
	sparse(func(n *graph.Node) bool { return n.Labels != nil }, func(n *graph.Node) { w.pairs(n.Labels) })

	w.int(len(m.Edges))
	var index map[string]int
	for k, ed := range m.Edges {
		from, to, ok := m.edgeEnds(k, &index)
		if !ok {
			return nil, fmt.Errorf("explore: model: edge %s -> %s names a node it does not hold", ed.From, ed.To)
		}
		w.int(from)
		w.int(to)
		w.str(ed.Kind.String())
		w.str(ed.Group)
		w.str(ed.Via)
		w.flag(ed.Inferred)
	}
	w.int(len(m.Groups))
	for _, id := range slices.Sorted(maps.Keys(m.Groups)) {
		w.str(id)
		w.int(len(m.Groups[id]))
		for _, g := range m.Groups[id] {
			w.str(g.Name)
			w.int(g.Need)
			w.str(g.Reason)
		}
	}
	inf := m.Inference
	w.int(len(inf.List))
	for _, x := range inf.List {
		w.str(x.Node)
		w.str(x.Rule)
		w.str(x.Detail)
		w.str(x.Source)
	}
	w.int(len(inf.Scope))
	for _, k := range slices.Sorted(maps.Keys(inf.Scope)) {
		w.str(k)
		w.str(string(inf.Scope[k]))
	}
	w.pairs(inf.Spread)
	w.int(len(inf.Standby))
	for _, k := range slices.Sorted(maps.Keys(inf.Standby)) {
		w.str(k)
		w.strs(inf.Standby[k])
	}
	w.int(len(m.Attrs))
	for _, k := range slices.Sorted(maps.Keys(m.Attrs)) {
		w.str(k)
		w.pairs(m.Attrs[k])
	}
	w.int(len(m.Stores))
	for _, s := range m.Stores {
		for _, v := range []string{s.ID, s.Type, s.What, s.Where, s.CopyOf} {
			w.str(v)
		}
		w.place(s.Primary)
		w.int(len(s.Copies))
		for k, c := range s.Copies {
			for _, v := range []string{c.Kind, c.Name, c.Where, c.From, c.Window, c.Source} {
				w.str(v)
			}
			var p analyzer.SavedPlace
			if k < len(s.Places) {
				p = s.Places[k]
			}
			w.place(p)
		}
	}

	// header: magic, version, the string table, then the body
	size := len(wireMagic) + 2*binary.MaxVarintLen64 + len(w.b)
	for _, s := range w.t.list {
		size += uvarintLen(uint64(len(s))) + len(s)
	}
	out := make([]byte, 0, size)
	out = append(out, wireMagic...)
	out = binary.AppendUvarint(out, uint64(m.Version))
	out = binary.AppendUvarint(out, uint64(len(w.t.list)))
	for _, s := range w.t.list {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range w.t.list {
		out = append(out, s...)
	}
	return append(out, w.b...), nil
}

// uvarintLen is the length of v as a uvarint.
func uvarintLen(v uint64) int {
	n := 1
	for ; v >= 0x80; v >>= 7 {
		n++
	}
	return n
}

func (w *writer) place(p analyzer.SavedPlace) {
	w.str(p.Cloud)
	w.str(p.Region)
	w.str(p.Zone)
	w.flag(p.OtherZones)
	w.flag(p.AnyRegion)
	w.str(p.Node)
	w.int(len(p.Regions))
	for _, r := range p.Regions {
		w.str(r.Name)
		w.strs(r.Prefix)
	}
}

// reader reads the binary form, remembering the first problem; after
// one, every read returns zero values.
type reader struct {
	b       []byte
	strings []string
	err     error
}

var errShort = errors.New("explore: model: truncated")

func (r *reader) num() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length, refusing one larger than the bytes left could
// hold (each entry takes at least one byte).
func (r *reader) count() int {
	v := r.num()
	if v > uint64(len(r.b)) {
		r.fail("length %d beyond the %d bytes left", v, len(r.b))
		return 0
	}
	return int(v)
}

func (r *reader) int() int {
	v := r.num()
	if v > 1<<31 {
		r.fail("number %d out of range", v)
		return 0
	}
	return int(v)
}

func (r *reader) str() string {
	i := r.num()
	if i >= uint64(len(r.strings)) {
		r.fail("string %d of %d", i, len(r.strings))
		return ""
	}
	return r.strings[i]
}

func (r *reader) flag() bool { return r.num() != 0 }

func (r *reader) strs() []string {
	out := make([]string, r.count())
	for k := range out {
		out[k] = r.str()
	}
	return out
}

func (r *reader) pairs() map[string]string {
	n := r.count()
	out := make(map[string]string, n)
	for range n {
		k := r.str()
		out[k] = r.str()
	}
	return out
}

func (r *reader) node(n int) int {
	i := r.int()
	if i >= n {
		r.fail("node %d of %d", i, n)
		return 0
	}
	return i
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("explore: model: "+format, args...)
	}
}

func (r *reader) place() analyzer.SavedPlace {
	p := analyzer.SavedPlace{Cloud: r.str(), Region: r.str(), Zone: r.str(), OtherZones: r.flag(), AnyRegion: r.flag(), Node: r.str()}
	if n := r.count(); n > 0 {
		p.Regions = make([]analyzer.SavedRegion, n)
		for k := range p.Regions {
			p.Regions[k] = analyzer.SavedRegion{Name: r.str()}
			if pre := r.strs(); len(pre) > 0 {
				p.Regions[k].Prefix = pre
			}
		}
	}
	return p
}

// UnmarshalBinary reads the binary form.
func (m *Model) UnmarshalBinary(data []byte) error {
	if !strings.HasPrefix(string(data[:min(len(data), len(wireMagic))]), wireMagic) {
		return errors.New("explore: model: not blast's model")
	}
	r := &reader{b: data[len(wireMagic):]}
	version := r.int()
	if r.err == nil && version != ModelVersion {
		return fmt.Errorf("explore: model version %d, want %d", version, ModelVersion)
	}
	lens := make([]int, r.count())
	total := 0
	for k := range lens {
		lens[k] = r.int()
		total += lens[k]
	}
	if r.err != nil || total > len(r.b) {
		return cmpErr(r.err, errShort)
	}
	// one string over the whole block, sliced without copying again
	block := string(r.b[:total])
	r.b = r.b[total:]
	r.strings = make([]string, len(lens))
	at := 0
	for k, n := range lens {
		r.strings[k] = block[at : at+n]
		at += n
	}
	if len(r.strings) == 0 {
		r.strings = []string{""}
	}

	*m = Model{Version: version, Title: r.str(), Config: r.str()}
	n := r.count()
	nodes := make([]graph.Node, n)
	m.Nodes = make([]*graph.Node, n)
	for i := range nodes {
		nodes[i].ID = r.str()
		nodes[i].Address = nodes[i].ID
		m.Nodes[i] = &nodes[i]
	}
	columns := []func(*graph.Node, string){
		func(n *graph.Node, s string) { n.Kind = graph.Kind(s) }, func(n *graph.Node, s string) { n.Type = s },
		func(n *graph.Node, s string) { n.Name = s }, func(n *graph.Node, s string) { n.Mode = graph.Mode(s) },
		func(n *graph.Node, s string) { n.Provider = s }, func(n *graph.Node, s string) { n.Service = s },
		func(n *graph.Node, s string) { n.Source.File = s }, func(n *graph.Node, s string) { n.Placement.Cloud = s },
		func(n *graph.Node, s string) { n.Placement.Region = s }, func(n *graph.Node, s string) { n.Placement.Zone = s },
		func(n *graph.Node, s string) { n.Placement.ZoneID = s }, func(n *graph.Node, s string) { n.Placement.Scope = graph.Scope(s) },
		func(n *graph.Node, s string) { n.Placement.Rule = s }, func(n *graph.Node, s string) { n.Placement.Unknown = s },
	}
	for _, set := range columns {
		for i := range nodes {
			set(&nodes[i], r.str())
		}
	}
	sparse := func(get func(*graph.Node)) {
		for range r.count() {
			get(&nodes[r.node(n)])
		}
	}
	sparse(func(nd *graph.Node) { nd.Address = r.str() })
	for i := range nodes {
		nodes[i].Source.Address = nodes[i].Address
	}
	sparse(func(nd *graph.Node) { nd.Source.Address = r.str() })
	sparse(func(nd *graph.Node) { nd.Source.Line = r.int() })
	sparse(func(nd *graph.Node) { nd.Placement.Zones = r.strs() })
	sparse(func(nd *graph.Node) { nd.Placement.Regions = r.strs() })
	sparse(func(nd *graph.Node) { nd.Labels = r.pairs() })

	m.Edges = make([]graph.Edge, r.count())
	for i := range m.Edges {
		from, to := r.node(n), r.node(n)
		if r.err != nil {
			return r.err
		}
		kind, _ := graph.ParseEdgeKind(r.str()) // as written (none: AddEdges makes it hard)
		m.Edges[i] = graph.Edge{From: nodes[from].ID, To: nodes[to].ID, Kind: kind, Group: r.str(), Via: r.str(), Inferred: r.flag()}
	}
	if k := r.count(); k > 0 {
		m.Groups = make(map[string][]graph.Group, k)
		for range k {
			id := r.str()
			gs := make([]graph.Group, r.count())
			for j := range gs {
				gs[j] = graph.Group{Name: r.str(), Need: r.int(), Reason: r.str()}
			}
			m.Groups[id] = gs
		}
	}
	inf := &m.Inference
	if k := r.count(); k > 0 {
		inf.List = make([]analyzer.Inference, k)
		for j := range inf.List {
			inf.List[j] = analyzer.Inference{Node: r.str(), Rule: r.str(), Detail: r.str(), Source: r.str()}
		}
	}
	if k := r.count(); k > 0 {
		inf.Scope = make(map[string]graph.Scope, k)
		for range k {
			key := r.str()
			inf.Scope[key] = graph.Scope(r.str())
		}
	}
	if sp := r.pairs(); len(sp) > 0 {
		inf.Spread = sp
	}
	if k := r.count(); k > 0 {
		inf.Standby = make(map[string][]string, k)
		for range k {
			key := r.str()
			inf.Standby[key] = r.strs()
		}
	}
	if k := r.count(); k > 0 {
		m.Attrs = make(map[string]map[string]string, k)
		for range k {
			key := r.str()
			m.Attrs[key] = r.pairs()
		}
	}
	if k := r.count(); k > 0 {
		m.Stores = make([]analyzer.SavedStore, k)
		for j := range m.Stores {
			s := &m.Stores[j]
			s.ID, s.Type, s.What, s.Where, s.CopyOf = r.str(), r.str(), r.str(), r.str(), r.str()
			s.Primary = r.place()
			c := r.count()
			s.Copies, s.Places = make([]analyzer.DataCopy, c), make([]analyzer.SavedPlace, c)
			for x := range s.Copies {
				s.Copies[x] = analyzer.DataCopy{Kind: r.str(), Name: r.str(), Where: r.str(), From: r.str(), Window: r.str(), Source: r.str()}
				s.Places[x] = r.place()
			}
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail("%d bytes after the end", len(r.b))
	}
	return r.err
}

func cmpErr(err, or error) error {
	if err != nil {
		return err
	}
	return or
}

// Index is what the page's script needs of the model, for its lists,
// search and focus view: each node's ID, kind, type, name and address,
// and the edges, column-wise with a string table (as JSON, which the
// browser's own parser reads quickly).
type Index struct {
	Strings []string          `json:"strings"`
	ID      []string          `json:"id"`
	Kind    []int             `json:"kind"`
	Type    []int             `json:"type"`
	Name    []int             `json:"name"`
	Address map[string]string `json:"address,omitempty"` // by node index, when not the ID
	From    []int             `json:"from"`
	To      []int             `json:"to"`
}

// Index returns the page script's index of the model.
func (m *Model) Index() *Index {
	t := &table{list: []string{""}, index: map[string]uint64{}}
	x := &Index{ID: make([]string, len(m.Nodes)), Kind: make([]int, len(m.Nodes)), Type: make([]int, len(m.Nodes)), Name: make([]int, len(m.Nodes)),
		From: make([]int, len(m.Edges)), To: make([]int, len(m.Edges))}
	for i, n := range m.Nodes {
		x.ID[i], x.Kind[i], x.Type[i], x.Name[i] = n.ID, int(t.id(string(n.Kind))), int(t.id(n.Type)), int(t.id(n.Name))
		if n.Address != n.ID {
			if x.Address == nil {
				x.Address = map[string]string{}
			}
			x.Address[fmt.Sprint(i)] = n.Address
		}
	}
	var index map[string]int
	for i := range m.Edges {
		x.From[i], x.To[i], _ = m.edgeEnds(i, &index)
	}
	x.Strings = t.list
	return x
}
