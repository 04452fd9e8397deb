package tfstate

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/blast-dev/blast/importers/terraform"
	"github.com/blast-dev/blast/parallel"
)

// readV4Fast reads a format 4 state in one pass over the document, the
// way readV4 does, without building attribute trees nobody reads: of each
// instance it keeps the top-level attributes terraform.NeededAttr names
// and, in place of the rest, the string leaves that equal some instance's
// identity (terraform.Instance.Leaves). Repeated strings are interned.
//
// It reports ok = false, having read nothing, for anything it leaves to
// the encoding/json reader: other format versions, invalid JSON, type
// mismatches, duplicate or differently cased field names, and every other
// error, so that errors and edge cases behave exactly as readV4's.
func readV4Fast(body []byte) (out []*terraform.Instance, ok bool) {
	if !fastPath || int64(len(body)) > math.MaxUint32 {
		return nil, false
	}
	defer func() {
		if recover() != nil {
			out, ok = nil, false // whatever went wrong, the other reader decides
		}
	}()
	r := newReader(body, 0)
	if !r.document() {
		return nil, false
	}
	readers := append([]*reader{r}, r.chunks...)
	// the identities of every instance, from every chunk
	ids := make([][]string, len(readers))
	for i, c := range readers {
		if !c.fallbacks() {
			return nil, false
		}
		ids[i], c.match = c.match, nil
	}
	m := newMatchSet(ids)
	// a panic in a chunk's goroutine comes back here, to the recovery
	// above, instead of ending the process
	work := make([]func(), len(readers))
	for i, c := range readers {
		work[i] = func() { c.finish(m) }
	}
	parallel.Go(work...)
	for _, c := range readers[1:] {
		r.insts = append(r.insts, c.insts...)
	}
	return r.insts, true
}

func newReader(data []byte, pos int) *reader {
	// the interned strings and short values sized for the state's bytes
	// (a state of 100 kB holds about 130 of each, one of 90 MB some
	// thousands): grown from empty, the maps of a directory's thousand
	// states were rehashed a few times each
	n := min((len(data)-pos)/512, 4096)
	r := &reader{scanner: scanner{data: data, pos: pos}, strs: make(map[string]string, n), vals: make(map[string]any, n),
		lists: map[listKey][]string{}, store: newStringStore(len(data))}
	// the roots of attributes read before their type, and of the keys
	// of resources and instances (fieldKey)
	r.trie = make([]trieNode, instanceKeys+1)
	for i := range r.trie {
		r.trie[i].root, r.trie[i].built = true, true
	}
	r.matchKey = terraform.MatchKeys()
	return r
}

// chunkMin is the size from which the resources of a state are read by
// several goroutines (a variable for tests).
var chunkMin = 4 << 20

// resources reads the elements of the resources array from pos (after
// its opening bracket). A large array is cut at element boundaries and
// the chunks after the first are read by other goroutines (r.chunks);
// the cuts are where the state's own indentation puts an element's
// closing brace, and a cut counts only if the reader of the chunk before
// it ends exactly there, so any formatting is read right, if not in
// parallel.
func (r *reader) resources() bool {
	cuts := r.cuts()
	if len(cuts) == 0 {
		return r.elements(-1)
	}
	type done struct {
		c  *reader
		ok bool
	}
	results := make([]chan done, len(cuts))
	for i, start := range cuts {
		end := -1
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		results[i] = make(chan done, 1)
		go func(i, start, end int) {
			var d done
			defer func() {
				if recover() != nil {
					d.ok = false // the reader fails; the other reader decides
				}
				results[i] <- d
			}()
			d.c = newReader(r.data, start)
			d.ok = d.c.elements(end)
		}(i, start, end)
	}
	ok := r.elements(cuts[0])
	for i := range cuts {
		d := <-results[i]
		ok = ok && d.ok
		r.chunks = append(r.chunks, d.c)
	}
	if !ok {
		return r.fail()
	}
	r.pos = r.chunks[len(r.chunks)-1].pos
	return true
}

// elements reads resource objects, each followed by a comma, until the
// position end (an element's start: false if the reader does not land
// on it exactly), or, when end < 0, through the closing bracket.
func (r *reader) elements(end int) bool {
	if end < 0 {
		r.presize(len(r.data) - r.pos)
	} else {
		r.presize(end - r.pos)
	}
	for {
		if !r.resource() {
			return r.fail()
		}
		if !r.more(']') {
			return !r.bad && end < 0
		}
		if end >= 0 {
			if r.ws(); r.pos >= end {
				return r.pos == end
			}
		}
	}
}

// Bytes of resources per entry of a reader's lists, about, on the states
// of fixtures/gen (compact, lean and default: 90-150 bytes a leaf,
// 380-950 an identity to match, 900-2,300 an instance), rounded so that
// a list grows once at most where the state is dense.
const (
	bytesPerLeaf     = 128
	bytesPerMatch    = 512
	bytesPerInstance = 1024
	presizeFrom      = 16 << 10
)

// presize sizes the reader's lists for span bytes of resources before it
// reads them: grown by append from empty, the leaves of a 90 MB state
// (a million) were copied some ten times over, into fresh memory each
// time, a twelfth of the run's CPU; the states of a directory (100 kB
// each) grew theirs a thousand times over. A state with larger
// attributes reserves more than it uses, under a fifth of its size.
func (r *reader) presize(span int) {
	if span < presizeFrom || cap(r.leaves) > 0 {
		return
	}
	r.leaves = make([]leafRef, 0, span/bytesPerLeaf)
	r.match = make([]string, 0, span/bytesPerMatch)
	r.pend = make([]pending, 0, span/bytesPerInstance)
	r.insts = make([]*terraform.Instance, 0, span/bytesPerInstance)
}

// cuts returns where to cut the resources array, which starts at pos
// with its first element: the starts of elements near evenly spaced
// offsets, found by the indentation of the first element's line.
func (r *reader) cuts() []int {
	d, first := r.data, r.pos
	n := runtime.GOMAXPROCS(0)
	if n > 4 {
		n = 4
	}
	if n < 2 || len(d)-first < chunkMin || first == 0 || d[first] != '{' {
		return nil
	}
	line := bytes.LastIndexByte(d[:first], '\n')
	if line < 0 {
		return nil
	}
	indent := d[line+1 : first]
	for _, c := range indent {
		if c != ' ' && c != '\t' {
			return nil // the first element does not start its line
		}
	}
	closing := append(append([]byte{'\n'}, indent...), '}')
	var cuts []int
	for k := 1; k < n; k++ {
		from := first + (len(d)-first)*k/n
		if len(cuts) > 0 && from <= cuts[len(cuts)-1] {
			continue
		}
		i := bytes.Index(d[from:], closing)
		if i < 0 {
			break
		}
		// the closing brace, a comma, and the next element on its own line
		j := from + i + len(closing)
		for j < len(d) && (d[j] == ' ' || d[j] == '\t' || d[j] == '\r') {
			j++
		}
		if j >= len(d) || d[j] != ',' {
			break // the array's last element
		}
		j++
		for j < len(d) && (d[j] == ' ' || d[j] == '\t' || d[j] == '\r' || d[j] == '\n') {
			j++
		}
		if j >= len(d) || d[j] != '{' {
			break
		}
		cuts = append(cuts, j)
	}
	return cuts
}

// slabMin is the size of a state from which its instances are allocated
// in slabs (a variable for tests).
var slabMin = 4 << 20

// fastPath enables readV4Fast; tests turn it off to compare.
var fastPath = true

type reader struct {
	scanner
	strs     map[string]string // interned strings
	buf      []byte            // scratch for decoded strings
	addr     []byte            // scratch for instance addresses
	version  bool              // "version": 4 was read
	insts    []*terraform.Instance
	pend     []pending // per instance, in insts order
	leaves   []leafRef
	trie     []trieNode
	match    []string // every instance's match-key values, repeats and all
	matchKey []string
	chunks   []*reader            // readers of the later parts of the resources array
	vals     map[string]any       // interned short string values, each boxed once
	lists    map[listKey][]string // interned dependency lists
	rawLists map[string][]string  // the same, by the bytes of the array they were read from
	last     [5]lastString        // the resource fields' last values (module, mode, type, name, provider)
	scratch  []string
	keys     []keyedLeaves        // the keys of the objects being read, outermost first
	moved    []leafRef            // scratch for reordering leaves
	orders   map[uint64]keyOrder  // sorted orders of keys met out of order, by their sequence's hash
	pairs    []terraform.Attr     // the kept members of the objects being read, outermost first
	items    []any                // the kept elements of the arrays being read, outermost first
	slab     []terraform.Instance // instances not yet read
	attrSlab []terraform.Attr     // room for instances' attributes not yet read
	store    stringStore          // decoded string values
	root     int32                // the trie root of the attributes being read
	roots    map[string]int32     // the trie roots of resource types
	lastType string               // the type typeRoot was last asked for, and its root
	lastRoot int32
	// the provider address last parsed, and what it parsed to
	lastProvider string
	lastProv     terraform.Provider
}

// listKey finds candidates for an interned list of strings.
type listKey struct {
	n           int
	first, last string
}

// pending is what an instance needs after the whole document is read.
type pending struct {
	lo, hi   int // its leaves[lo:hi]
	fallback bool
	attrs    str               // the attributes object, for a fallback decode
	flat     map[string]string // legacy flat attributes, when there is no attributes object
}

// leafRef is one string leaf of an instance's attributes: its token and
// the attribute path it sits at.
type leafRef struct {
	start, end uint32
	node       int32 // trie node of the path; negative when the string needs decoding
}

// trieNode is one attribute path ("vpc_config.subnet_ids"): paths repeat
// across instances, so each is built once. Instances of one type list
// the same keys in the same order, so each node remembers the siblings
// that followed it, and its first children, to skip most lookups; a few
// of each, as types that share a key (arn, tags) follow it with keys of
// their own.
type trieNode struct {
	parent   int32
	first    [guesses]int32 // children met first, the last one met first; 0 for none
	next     [guesses]int32 // siblings met after this one, the same way
	key      string
	root     bool   // an attributes object's root: node 0, or a resource type's (reader.typeRoot)
	high     bool   // key has bytes of U+0080 and above
	top      string // the top-level attribute it is under
	path     string
	built    bool
	needed   bool // a top-level attribute terraform.NeededAttr names
	matchKey bool // a top-level attribute terraform.MatchKeys names
	own      int8 // its path names the instance itself (terraform.OwnIdentity): 0 unknown, 1 no, 2 yes
	field    int8 // under resourceKeys or instanceKeys: its field index + 2 (fieldKey), 0 unknown
	// short string values looked up in reader.vals, and found: a path
	// whose values rarely repeat (ids, names) stops looking them up
	looked, found int32
	children      map[string]int32
}

func (r *reader) intern(b []byte) string {
	if s, ok := r.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	r.strs[s] = s
	return s
}

// internStr returns the decoded, interned value of a string token.
func (r *reader) internStr(t str) string {
	b := r.text(t, r.buf)
	if t.esc {
		r.buf = b
	}
	return r.intern(b)
}

// guesses is how many keys a trie node remembers as having followed it.
const guesses = 4

// successors returns the keys remembered as following prev under parent
// (parent's first keys when prev is 0). The pointer is good until the
// trie grows.
func (r *reader) successors(parent, prev int32) *[guesses]int32 {
	if prev != 0 {
		return &r.trie[prev].next
	}
	return &r.trie[parent].first
}

// remember puts id first among the keys remembered as following prev
// under parent, the others after it in their order.
func (r *reader) remember(parent, prev, id int32) {
	succ := r.successors(parent, prev)
	j := slices.Index(succ[:], id)
	if j == 0 {
		return
	}
	if j < 0 {
		j = guesses - 1
	}
	copy(succ[1:j+1], succ[:j])
	succ[0] = id
}

// child returns the trie node for key under parent, made when new.
func (r *reader) child(parent int32, key []byte) int32 {
	id, ok := r.trie[parent].children[string(key)]
	if !ok {
		k := r.intern(key)
		id = int32(len(r.trie))
		n := trieNode{parent: parent, key: k, top: k, high: hasHigh(k)}
		if !r.trie[parent].root {
			n.top = r.trie[parent].top
		} else {
			n.needed = terraform.NeededAttr(k)
			for _, m := range r.matchKey {
				n.matchKey = n.matchKey || m == k
			}
		}
		r.trie = append(r.trie, n)
		if r.trie[parent].children == nil {
			r.trie[parent].children = map[string]int32{}
		}
		r.trie[parent].children[k] = id
	}
	return id
}

// pathOf returns the attribute path of a trie node, as the tree walk of
// terraform.Build writes it.
func (r *reader) pathOf(id int32) string {
	n := &r.trie[id]
	if !n.built {
		p := n.key
		if n.parent != 0 {
			if pp := r.pathOf(n.parent); pp != "" {
				p = pp + "." + n.key
			}
		}
		n = &r.trie[id]
		n.path, n.built = p, true
	}
	return n.path
}

// memberKey reads the key of an object's member and the colon after it,
// and returns the key's trie node under parent; prev is the node of the
// member before it (0 for the first). Objects of one kind list the same
// keys in the same order: when the bytes that come are one of the
// quoted keys remembered as following prev, they are that key's token
// (which was read whole and valid before, and needed no decoding), and
// neither scanned again nor looked up.
func (r *reader) memberKey(parent, prev int32) (int32, bool) {
	if r.ws() != '"' {
		return 0, r.fail()
	}
	d, at := r.data, r.pos+1
	for _, guess := range r.successors(parent, prev) {
		if guess == 0 {
			break
		}
		k := r.trie[guess].key
		if e := at + len(k); e < len(d) && d[e] == '"' && string(d[at:e]) == k {
			r.pos = e + 1
			if r.ws() != ':' {
				return 0, r.fail()
			}
			r.pos++
			r.remember(parent, prev, guess)
			return guess, true
		}
	}
	k, ok := r.key()
	if !ok {
		return 0, false
	}
	id := r.child(parent, k)
	r.remember(parent, prev, id)
	return id, true
}

// key reads an object key and the colon after it. Keys that need
// decoding are left to encoding/json (they may fold to a field name).
func (r *reader) key() ([]byte, bool) {
	if r.ws() != '"' {
		return nil, r.fail()
	}
	t, ok := r.string()
	if !ok {
		return nil, false
	}
	if t.esc {
		return nil, r.fail()
	}
	if r.ws() != ':' {
		return nil, r.fail()
	}
	r.pos++
	return r.data[t.start:t.end], true
}

// Trie roots of the keys of resource and instance objects (fieldKey).
const (
	resourceKeys = 1
	instanceKeys = 2
)

// fieldKey reads a key of a resource or instance object, under its trie
// root (resourceKeys, instanceKeys), and returns its index among names
// as field does, found once per key; prev is the node of the key before
// it in the object (0 for the first), set to this key's.
func (r *reader) fieldKey(root int32, prev *int32, names []string) (int, bool) {
	node, ok := r.memberKey(root, *prev)
	if !ok {
		return -1, false
	}
	*prev = node
	if r.trie[node].field == 0 {
		f := r.field(r.trie[node].key, names)
		if r.bad {
			return -1, false
		}
		r.trie[node].field = int8(f) + 2
	}
	return int(r.trie[node].field) - 2, true
}

// field matches a key against the field names of one object kind: its
// index, -1 for other keys. A key that equals a field name only when case
// is ignored is refused, as encoding/json would bind it to the field.
func (r *reader) field(key string, names []string) int {
	for i, n := range names {
		if key == n {
			return i
		}
	}
	if hasHigh(key) {
		r.fail() // may fold to an ASCII name (U+212A is K)
		return -1
	}
	for _, n := range names {
		// ASCII keys fold to a name of their own length only
		if len(key) == len(n) && strings.EqualFold(key, n) {
			r.fail()
			return -1
		}
	}
	return -1
}

const utf8RuneSelf = 0x80

// open reads the opening byte of an object or array and reports whether
// any element follows (an empty one is read whole).
func (r *reader) open(c, end byte) (more bool) {
	if r.ws() != c {
		return r.fail()
	}
	r.pos++
	if r.ws() == end {
		r.pos++
		return false
	}
	return true
}

// null reads a null if one comes next.
func (r *reader) null() bool {
	if r.ws() == 'n' {
		return r.literal("null")
	}
	return false
}

// stringValue reads a string, or null as "".
func (r *reader) stringValue() (string, bool) {
	switch r.ws() {
	case 'n':
		return "", r.literal("null")
	case '"':
	default:
		return "", r.fail()
	}
	t, ok := r.string()
	if !ok {
		return "", false
	}
	return r.internStr(t), true
}

// lastString is the last value read of a field whose values come in
// runs (a resource's module, mode and provider): its token's bytes and
// its decoded, interned value.
type lastString struct {
	raw []byte
	s   string
}

// repeatedString reads a string, or null as "", as stringValue does; a
// token whose bytes are the field's last one's is not decoded or looked
// up again.
func (r *reader) repeatedString(last *lastString) (string, bool) {
	if r.ws() != '"' {
		return r.stringValue()
	}
	t, ok := r.string()
	if !ok {
		return "", false
	}
	if raw := r.data[t.start:t.end]; last.raw == nil || !bytes.Equal(raw, last.raw) {
		last.raw, last.s = raw, r.internStr(t)
	}
	return last.s, true
}

// stringList reads a list of strings, or null as nil. Equal lists (the
// dependencies of every instance of one module) share one slice, whose
// capacity is its length so that appending copies it. A list whose
// bytes were read before is that list, without its strings looked up
// one by one again.
func (r *reader) stringList() ([]string, bool) {
	if r.null() {
		return nil, true
	}
	if r.bad {
		return nil, false
	}
	if r.ws() != '[' {
		return nil, r.fail()
	}
	start := r.pos
	if !r.skipStrings() {
		return nil, false
	}
	raw := r.data[start:r.pos]
	if l, ok := r.rawLists[string(raw)]; ok {
		return l, true
	}
	r.pos = start
	l, ok := r.decodeStringList()
	if ok && len(l) > 0 {
		if r.rawLists == nil {
			r.rawLists = map[string][]string{}
		}
		r.rawLists[string(raw)] = l
	}
	return l, ok
}

// skipStrings reads an array of strings and nulls, as stringList does,
// without decoding them.
func (r *reader) skipStrings() bool {
	if !r.open('[', ']') {
		return !r.bad
	}
	for {
		switch r.ws() {
		case 'n':
			if !r.literal("null") {
				return false
			}
		case '"':
			if _, ok := r.string(); !ok {
				return false
			}
		default:
			return r.fail()
		}
		if !r.more(']') {
			return !r.bad
		}
	}
}

// decodeStringList reads the array of strings at pos (not null) and
// returns its interned list.
func (r *reader) decodeStringList() ([]string, bool) {
	out := r.scratch[:0]
	if r.open('[', ']') {
		for {
			s, ok := r.stringValue() // null decodes to "", as encoding/json leaves it
			if !ok {
				return nil, false
			}
			out = append(out, s)
			if !r.more(']') {
				break
			}
		}
	}
	r.scratch = out
	if r.bad {
		return nil, false
	}
	if len(out) == 0 {
		return []string{}, true
	}
	k := listKey{len(out), out[0], out[len(out)-1]}
	if l, ok := r.lists[k]; ok && equalStrings(l, out) {
		return l, true
	}
	l := append(make([]string, 0, len(out)), out...)
	r.lists[k] = l
	return l, true
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var (
	topFields      = []string{"version", "terraform_version", "resources"}
	resourceFields = []string{"module", "mode", "type", "name", "provider", "depends_on", "instances"}
	instanceFields = []string{"index_key", "status", "deposed", "attributes", "attributes_flat", "sensitive_attributes", "dependencies"}
)

// document reads the top-level object.
func (r *reader) document() bool {
	var seen [3]bool
	if !r.open('{', '}') {
		return false
	}
	for {
		k, ok := r.key()
		if !ok {
			return false
		}
		f := r.field(string(k), topFields)
		if r.bad {
			return false
		}
		if f >= 0 {
			if seen[f] {
				return r.fail()
			}
			seen[f] = true
		}
		switch f {
		case 0:
			if c := r.ws(); c != '-' && (c < '0' || c > '9') {
				return r.fail()
			}
			num, ok := r.number()
			if !ok || string(num) != "4" {
				return r.fail()
			}
			r.version = true
		case 1:
			if _, ok := r.stringValue(); !ok {
				return false
			}
		case 2:
			if r.ws() != '[' || r.chunks != nil {
				return r.fail()
			}
			if r.open('[', ']') && !r.resources() {
				return false
			}
		default:
			if !r.skip() {
				return false
			}
		}
		if r.bad {
			return false
		}
		if !r.more('}') {
			break
		}
	}
	if r.bad || !r.version || !seen[2] {
		return false
	}
	r.ws()
	return r.pos == len(r.data)
}

// typeRoot returns the trie root for the attributes of a resource type,
// made when new; node 0 for a type not read yet (""), and for every type
// of a state under slabMin: a directory's thousand small states would
// each build a subtree of paths per type for a few instances of it.
func (r *reader) typeRoot(typ string) int32 {
	if typ == "" || len(r.data) < slabMin {
		return 0
	}
	if typ == r.lastType {
		return r.lastRoot
	}
	id, ok := r.roots[typ]
	if !ok {
		id = int32(len(r.trie))
		r.trie = append(r.trie, trieNode{root: true, built: true})
		if r.roots == nil {
			r.roots = map[string]int32{}
		}
		r.roots[typ] = id
	}
	r.lastType, r.lastRoot = typ, id
	return id
}

// resource reads one resource object and its instances.
func (r *reader) resource() bool {
	var seen [7]bool
	var prevKey int32
	var module, mode, typ, name, provider string
	var dependsOn []string
	first := len(r.insts)
	if r.open('{', '}') {
		for {
			f, ok := r.fieldKey(resourceKeys, &prevKey, resourceFields)
			if !ok {
				return false
			}
			if f >= 0 {
				if seen[f] {
					return r.fail()
				}
				seen[f] = true
			}
			switch f {
			case 0:
				module, ok = r.repeatedString(&r.last[0])
			case 1:
				mode, ok = r.repeatedString(&r.last[1])
			case 2:
				typ, ok = r.repeatedString(&r.last[2])
			case 3:
				name, ok = r.repeatedString(&r.last[3])
			case 4:
				provider, ok = r.repeatedString(&r.last[4])
			case 5:
				dependsOn, ok = r.stringList()
			case 6:
				// the keys of one type's attributes follow each other in
				// one order; types that share a key (arn, tags) follow it
				// with keys of their own: each type known before its
				// instances has a root of its own
				r.root = r.typeRoot(typ)
				if r.null() {
					break
				}
				if r.bad {
					return false
				}
				if r.ws() != '[' {
					return r.fail()
				}
				if r.open('[', ']') {
					for {
						if !r.instance() {
							return r.fail()
						}
						if !r.more(']') {
							break
						}
					}
				}
				ok = !r.bad
			default:
				ok = r.skip()
			}
			if !ok || r.bad {
				return r.fail()
			}
			if !r.more('}') {
				break
			}
		}
	}
	if r.bad || typ == "" || name == "" {
		return r.fail()
	}
	if mode == "" {
		mode = "managed"
	}
	if mode != "managed" && mode != "data" {
		return r.fail()
	}
	// resources name a few providers, one after another
	if provider != r.lastProvider || r.lastProv == (terraform.Provider{}) {
		prov, err := terraform.ParseProvider(provider)
		if err != nil {
			return r.fail()
		}
		r.lastProvider, r.lastProv = provider, prov
	}
	prov := r.lastProv
	kept := r.insts[:first]
	keptPend := r.pend[:first]
	for i := first; i < len(r.insts); i++ {
		in := r.insts[i]
		if in.Mode == "deposed" {
			continue
		}
		// kept with the other strings: an allocation of its own each was
		// one per instance
		r.addr = terraform.AppendResourceAddress(r.addr[:0], module, mode, typ, name, in.Key)
		in.Address = r.store.copy(r.addr)
		in.Module, in.Mode, in.Type, in.Name, in.Provider = module, mode, typ, name, prov
		if len(dependsOn) > 0 {
			in.Deps = append(in.Deps, dependsOn...)
		}
		kept = append(kept, in)
		keptPend = append(keptPend, r.pend[i])
	}
	r.insts, r.pend = kept, keptPend
	return true
}

// instance reads one instance object. Until its resource is read, Mode
// says only whether it is deposed.
func (r *reader) instance() bool {
	var seen [7]bool
	var prevKey int32
	// instances come 256 to an allocation (they live as long as each
	// other); in a small state, of a directory of many, as many as the
	// bytes left may hold, so that none is mostly empty
	if len(r.slab) == 0 {
		n := 256
		if len(r.data) < slabMin {
			n = min(n, (len(r.data)-r.pos)/bytesPerInstance+1)
		}
		r.slab = make([]terraform.Instance, n)
	}
	in := &r.slab[0]
	r.slab = r.slab[1:]
	p := pending{lo: len(r.leaves)}
	var deposed string
	var haveAttrs bool
	var flat, sensitive []byte
	if r.open('{', '}') {
		for {
			f, ok := r.fieldKey(instanceKeys, &prevKey, instanceFields)
			if !ok {
				return false
			}
			if f >= 0 {
				if seen[f] {
					return r.fail()
				}
				seen[f] = true
			}
			switch f {
			case 0:
				in.Key, ok = r.indexKey()
			case 1:
				_, ok = r.stringValue()
			case 2:
				deposed, ok = r.stringValue()
			case 3:
				if r.null() {
					break
				}
				if r.bad || r.ws() != '{' {
					return r.fail()
				}
				haveAttrs = true
				start := r.pos
				in.Attrs, p.fallback, ok = r.attributes()
				p.attrs = str{start: start, end: r.pos}
			case 4:
				if r.null() {
					break
				}
				start := r.pos
				ok = !r.bad && r.skip()
				flat = r.data[start:r.pos]
			case 5:
				r.ws()
				start := r.pos
				ok = r.skip()
				sensitive = r.data[start:r.pos]
			case 6:
				in.Deps, ok = r.stringList()
			default:
				ok = r.skip()
			}
			if !ok || r.bad {
				return r.fail()
			}
			if !r.more('}') {
				break
			}
		}
	}
	if r.bad {
		return false
	}
	p.hi = len(r.leaves)
	flatAttrs, ok := decodeFlat(flat)
	if !ok {
		return r.fail() // a type error encoding/json reports, deposed or not
	}
	if deposed != "" {
		in.Mode = "deposed"
		r.leaves = r.leaves[:p.lo]
		p.hi = p.lo
	} else {
		if !haveAttrs && flatAttrs != nil {
			p.flat = flatAttrs // unflattened once the document is known to be valid
			r.leaves = r.leaves[:p.lo]
			p.hi = p.lo
			p.fallback = true
			p.attrs = str{}
		}
		if sensitive != nil {
			in.Sensitive = sensitiveTop(sensitive)
		}
	}
	r.insts = append(r.insts, in)
	r.pend = append(r.pend, p)
	return true
}

// decodeFlat decodes legacy flat attributes, when there are any. (A
// function of its own: the map decoded into escapes to the heap, which
// costs an allocation per instance wherever it is declared.)
func decodeFlat(flat []byte) (map[string]string, bool) {
	if flat == nil {
		return nil, true
	}
	var m map[string]string
	if json.Unmarshal(flat, &m) != nil {
		return nil, false
	}
	return m, true
}

// indexKey reads a count index (a number, as float64) or a for_each key.
func (r *reader) indexKey() (any, bool) {
	switch c := r.ws(); {
	case c == 'n':
		return nil, r.literal("null")
	case c == '"':
		t, ok := r.string()
		if !ok {
			return nil, false
		}
		return r.internStr(t), true
	case c == '-' || ('0' <= c && c <= '9'):
		num, ok := r.number()
		if !ok {
			return nil, false
		}
		f, err := strconv.ParseFloat(string(num), 64)
		if err != nil {
			return nil, r.fail()
		}
		return f, true
	}
	return nil, r.fail()
}

// attributes reads the attributes object: the values of needed keys
// decoded, the string leaves of every key recorded in the order of the
// tree walk (keys sorted at every depth, whatever order the document
// has them in). fallback is set when the leaves cannot be trusted to
// match the tree walk's: a key repeats, or has bytes that decoding may
// change; the caller decodes the object again.
func (r *reader) attributes() (terraform.Attrs, bool, bool) {
	fallback := false
	if !r.open('{', '}') {
		return nil, false, !r.bad
	}
	base := len(r.keys)
	kept := len(r.pairs)
	var prevNode int32
	order := true
	for {
		node, ok := r.memberKey(r.root, prevNode)
		if !ok {
			return nil, false, false
		}
		if prevNode != 0 {
			order = r.keyOrder(prevNode, node, order, &fallback)
		}
		if r.trie[node].high {
			fallback = true // keys with high bytes compare after decoding
		}
		r.keys = append(r.keys, keyedLeaves{node: node, lo: len(r.leaves)})
		prevNode = node
		n := &r.trie[node]
		if n.needed {
			key, matchKey := n.key, n.matchKey
			v, ok := r.value(node, true, 1, &fallback)
			if !ok {
				return nil, false, false
			}
			r.pairs = append(r.pairs, terraform.Attr{Key: key, Value: v})
			if s, isStr := v.(string); matchKey && isStr && len(s) >= 3 {
				r.match = append(r.match, s)
			}
		} else if _, ok := r.value(node, false, 1, &fallback); !ok {
			return nil, false, false
		}
		if !r.more('}') {
			break
		}
	}
	r.endObject(base, order, &fallback)
	return r.attrs(kept), fallback, !r.bad
}

// attrs makes an instance's attributes of the kept members
// r.pairs[base:], sorted by key, and drops them from the stack. In a
// large state they are carved from slabs: they live as long as each
// other (Build drops them all once the nodes hold what they keep).
func (r *reader) attrs(base int) terraform.Attrs {
	pairs := r.pairs[base:]
	n := len(pairs)
	var out []terraform.Attr
	switch {
	case n == 0:
		return nil
	case len(r.data) < slabMin:
		out = make([]terraform.Attr, n)
	default:
		if len(r.attrSlab) < n {
			r.attrSlab = make([]terraform.Attr, max(attrSlabLen, n))
		}
		out, r.attrSlab = r.attrSlab[:n:n], r.attrSlab[n:]
	}
	copy(out, pairs)
	clear(pairs)
	r.pairs = r.pairs[:base]
	return terraform.SortAttrs(out)
}

// attrSlabLen is how many attributes a slab holds (instances keep a few).
const attrSlabLen = 2048

// object makes the map of the kept members r.pairs[base:], sized once
// (a later member of a repeated key wins, as in encoding/json), and
// drops them from the stack.
func (r *reader) object(base int) map[string]any {
	pairs := r.pairs[base:]
	m := make(map[string]any, len(pairs))
	for _, p := range pairs {
		m[p.Key] = p.Value
	}
	clear(pairs)
	r.pairs = r.pairs[:base]
	return m
}

// array makes the list of the kept elements r.items[base:] and drops
// them from the stack.
func (r *reader) array(base int) []any {
	list := slices.Clone(r.items[base:])
	if list == nil {
		list = []any{}
	}
	clear(r.items[base:])
	r.items = r.items[:base]
	return list
}

// keyedLeaves is one key of an object being read, by its trie node
// (whose key is the key's bytes: a key that needs decoding is refused),
// and where the leaves of its value start in reader.leaves. It holds no
// pointer, so that appending one needs no write barrier while the
// collector marks.
type keyedLeaves struct {
	node int32
	lo   int
}

// keyOrder compares an object's key with the one before it, by their
// trie nodes: order stays true while the keys ascend; an equal key is a
// duplicate, which encoding/json resolves by keeping the last value, so
// the object is left to it (fallback).
func (r *reader) keyOrder(prev, k int32, order bool, fallback *bool) bool {
	switch strings.Compare(r.trie[prev].key, r.trie[k].key) {
	case 0:
		*fallback = true
	case 1:
		return false
	}
	return order
}

// endObject closes an object whose keys are r.keys[base:]: when they
// were not in order, it moves the leaves of each key's value into the
// keys' sorted order (the order of the tree walk), and reports a key
// that repeats (fallback).
func (r *reader) endObject(base int, order bool, fallback *bool) {
	keys := r.keys[base:]
	if !order && !*fallback {
		lo, hi := keys[0].lo, len(r.leaves)
		perm := r.sortedKeys(keys)
		if perm == nil {
			*fallback = true // a key repeats
		} else if hi > lo {
			moved := append(r.moved[:0], r.leaves[lo:hi]...)
			at := lo
			for _, i := range perm {
				end := hi
				if int(i)+1 < len(keys) {
					end = keys[i+1].lo
				}
				at += copy(r.leaves[at:], moved[keys[i].lo-lo:end-lo])
			}
			r.moved = moved
		}
	}
	r.keys = r.keys[:base]
}

// keyOrders is at most how many orders of keys sortedKeys remembers.
const keyOrders = 4096

// keyOrder is the sorted order of one sequence of keys (trie nodes).
type keyOrder struct {
	nodes []int32
	perm  []int32
}

// sortedKeys returns the positions of keys in the keys' sorted order, or
// nil when a key repeats. Objects of one kind (a resource type's
// attributes, its blocks) list the same keys in the same order, so the
// order found for a sequence of keys (trie nodes, one per key under a
// parent) is remembered by the sequence's hash, and the next object
// with that sequence is not sorted again.
func (r *reader) sortedKeys(keys []keyedLeaves) []int32 {
	h := uint64(14695981039346656037)
	for _, k := range keys {
		h = (h ^ uint64(uint32(k.node))) * 1099511628211
	}
	if o, ok := r.orders[h]; ok && len(o.nodes) == len(keys) {
		same := true
		for i, k := range keys {
			if o.nodes[i] != k.node {
				same = false
				break
			}
		}
		if same {
			return o.perm
		}
	}
	perm := make([]int32, len(keys))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(a, b int32) int { return strings.Compare(r.trie[keys[a].node].key, r.trie[keys[b].node].key) })
	for i := 1; i < len(perm); i++ {
		if r.trie[keys[perm[i-1]].node].key == r.trie[keys[perm[i]].node].key {
			return nil
		}
	}
	if r.orders == nil {
		r.orders = map[uint64]keyOrder{}
	}
	if len(r.orders) < keyOrders {
		nodes := make([]int32, len(keys))
		for i, k := range keys {
			nodes[i] = k.node
		}
		r.orders[h] = keyOrder{nodes: nodes, perm: perm}
	}
	return perm
}

func hasHigh(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8RuneSelf {
			return true
		}
	}
	return false
}

// value reads one attribute value under trie node, recording its string
// leaves in the tree walk's order, and decodes it as encoding/json
// decodes into any when keep is set; fallback is set as attributes says.
func (r *reader) value(node int32, keep bool, depth int, fallback *bool) (any, bool) {
	if depth > maxDepth {
		return nil, r.fail()
	}
	switch c := r.ws(); c {
	case '"':
		t, ok := r.string()
		if !ok {
			return nil, false
		}
		// a decoded string is at least a sixth of its token (\uXXXX), so
		// longer tokens can never be leaves
		if n := t.end - t.start; t.esc && n <= 6*2048 {
			r.leaves = append(r.leaves, leafRef{start: uint32(t.start), end: uint32(t.end), node: -node - 1})
		} else if !t.esc && terraform.LeafLen(n) {
			r.leaves = append(r.leaves, leafRef{start: uint32(t.start), end: uint32(t.end), node: node})
		}
		if !keep {
			return nil, true
		}
		b := r.text(t, r.buf)
		if t.esc {
			r.buf = b
		}
		if len(b) > 40 {
			return r.store.copy(b), true
		}
		// short values (tag values, regions, flags) repeat: box each once
		// (an any holding a string is an allocation of its own);
		// a path whose values are mostly new (ids) is not looked up
		n := &r.trie[node]
		if n.looked >= internTrial && n.found < n.looked/internHits {
			return r.store.copy(b), true
		}
		n.looked++
		if v, ok := r.vals[string(b)]; ok {
			n.found++
			return v, true
		}
		s := r.store.copy(b)
		var v any = s
		if len(r.vals) < 1<<16 {
			r.vals[s] = v
		}
		return v, true
	case '{':
		if !r.open('{', '}') {
			if keep {
				return map[string]any{}, !r.bad
			}
			return nil, !r.bad
		}
		base := len(r.keys)
		kept := len(r.pairs)
		var prevNode int32
		order := true
		for {
			child, ok := r.memberKey(node, prevNode)
			if !ok {
				return nil, false
			}
			if prevNode != 0 {
				order = r.keyOrder(prevNode, child, order, fallback)
			}
			if r.trie[child].high {
				*fallback = true
			}
			r.keys = append(r.keys, keyedLeaves{node: child, lo: len(r.leaves)})
			prevNode = child
			v, ok := r.value(child, keep, depth+1, fallback)
			if !ok {
				return nil, false
			}
			if keep {
				r.pairs = append(r.pairs, terraform.Attr{Key: r.trie[child].key, Value: v})
			}
			if !r.more('}') {
				break
			}
		}
		if r.bad {
			return nil, false
		}
		r.endObject(base, order, fallback)
		if keep {
			return r.object(kept), true
		}
		return nil, true
	case '[':
		if !r.open('[', ']') {
			if keep {
				return []any{}, !r.bad
			}
			return nil, !r.bad
		}
		kept := len(r.items)
		for {
			v, ok := r.value(node, keep, depth+1, fallback)
			if !ok {
				return nil, false
			}
			if keep {
				r.items = append(r.items, v)
			}
			if !r.more(']') {
				break
			}
		}
		if r.bad {
			return nil, false
		}
		if keep {
			return r.array(kept), true
		}
		return nil, true
	case 't':
		return true, r.literal("true")
	case 'f':
		return false, r.literal("false")
	case 'n':
		return nil, r.literal("null")
	}
	num, ok := r.number()
	if !ok {
		return nil, false
	}
	if !keep && len(num) <= 15 && bytes.IndexAny(num, "eE") < 0 {
		return nil, true // surely within float64's range
	}
	f, err := strconv.ParseFloat(string(num), 64)
	if err != nil {
		return nil, r.fail() // encoding/json refuses it
	}
	return f, true
}

// internTrial is how many short values of an attribute path are looked
// up before deciding whether its values repeat: they do when at least
// one in internHits is found.
const (
	internTrial = 64
	internHits  = 4
)

// fallbacks decodes the attributes of instances the stream could not
// take apart, and adds their identities to r.match.
func (r *reader) fallbacks() bool {
	for i, p := range r.pend {
		if !p.fallback {
			continue
		}
		in := r.insts[i]
		if p.flat != nil {
			in.Attrs = unflatten(p.flat)
		} else if p.attrs.end != 0 {
			attrs, err := decodeAttrs(instanceV4{Attributes: rawAttrs(r.data[p.attrs.start:p.attrs.end])})
			if err != nil {
				return false
			}
			in.Attrs = attrs
		}
		for _, k := range r.matchKey {
			if v := in.Attrs.String(k); len(v) >= 3 {
				r.match = append(r.match, v)
			}
		}
	}
	return true
}

// matchSet is every instance's identities, with a Bloom filter in front:
// most leaves name nothing, and the filter fits in the cache (a large
// state's does not: both of a value's bits are in one word, one cache
// miss, not two, as the filter outgrows the cache). Behind it,
// the identities in an open-addressing table sized once, probed with the
// filter's hash (no map to grow as values come, nor to hash again).
type matchSet struct {
	slots []string // "" where empty; no identity is shorter than 3 bytes
	bits  []uint64
	seed  maphash.Seed
}

// newMatchSet builds the set of the values in lists (repeats are kept once).
func newMatchSet(lists [][]string) *matchSet {
	total := 0
	for _, l := range lists {
		total += len(l)
	}
	n := 1
	for n < 16*total { // 16 bits an entry, two in one word: about 2% false hits
		n <<= 1
	}
	size := 1
	for size <= total+total/2 { // at most two thirds full, never full: a probe ends at an empty slot
		size <<= 1
	}
	s := &matchSet{slots: make([]string, size), bits: make([]uint64, (n+63)/64), seed: maphash.MakeSeed()}
	for _, l := range lists {
		for _, k := range l {
			h := maphash.String(s.seed, k)
			if i := s.probe(h, k); s.slots[i] == "" {
				s.slots[i] = k
				s.set(h)
			}
		}
	}
	return s
}

// probe returns the slot that holds k or the empty one where it goes.
func (s *matchSet) probe(h uint64, k string) int {
	mask := uint64(len(s.slots) - 1)
	i := h & mask
	for s.slots[i] != "" && s.slots[i] != k {
		i = (i + 1) & mask
	}
	return int(i)
}

// filterBits returns the word of the filter a hash falls in and the two
// bits it sets there.
func (s *matchSet) filterBits(h uint64) (int, uint64) {
	w := h & uint64(len(s.bits)-1)
	return int(w), 1<<(h>>32&63) | 1<<(h>>40&63)
}

func (s *matchSet) set(h uint64) {
	w, b := s.filterBits(h)
	s.bits[w] |= b
}

func (s *matchSet) has(h uint64) bool {
	w, b := s.filterBits(h)
	return s.bits[w]&b == b
}

// get returns the identity equal to v, if any.
func (s *matchSet) get(v []byte) (string, bool) {
	h := maphash.Bytes(s.seed, v)
	if !s.has(h) {
		return "", false
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; s.slots[i] != ""; i = (i + 1) & mask {
		if s.slots[i] == string(v) { // a comparison: no copy
			return s.slots[i], true
		}
	}
	return "", false
}

// finish gives each instance the leaves that equal some instance's
// identity (match, from every chunk) and, when it records dependencies
// and may have siblings (the only instances sibling narrowing reads them
// of), the paths that hold an identity-shaped leaf
// (terraform.Instance.Held).
func (r *reader) finish(match *matchSet) {
	var buf []byte
	var seen []uint32 // by trie node: stamp of the instance whose Held has it
	var stamp uint32
	// each instance's leaves and held paths are written in place at the
	// end of an arena, with room for as many as it has leaf references,
	// and sliced off it (copying them there from a buffer of their own
	// moved every pointer through the collector's barrier again); each
	// instance's Leaves come from a slab: one allocation for many. An
	// instance with more leaf references than an arena holds (a WAF IP
	// set's thousand addresses, of which few match) fills a scratch list
	// instead, copied into the arena at its length: room for all its
	// references would be a fresh arena left mostly empty, kept alive by
	// its few leaves
	var held, arena, scratchHeld []string
	var leafArena []terraform.Leaf
	var scratch terraform.Leaves
	var slab []terraform.Leaves
	for i, p := range r.pend {
		if p.fallback {
			continue
		}
		in := r.insts[i]
		refs := p.hi - p.lo
		var lv *terraform.Leaves
		leavesInPlace := refs <= leafArenaMost
		if leavesInPlace {
			if cap(leafArena)-len(leafArena) < refs {
				leafArena = make([]terraform.Leaf, 0, max(refs, arenaSize(cap(leafArena), leafArenaMost)))
			}
			l := terraform.LeavesOf(leafArena[len(leafArena):len(leafArena)])
			lv = &l
		} else {
			scratch.Reset()
			lv = &scratch
		}
		held = nil
		heldInPlace := refs <= heldArenaMost
		// only instances of a count/for_each resource or of a module
		// instance with a key have siblings whose dependencies are narrowed
		wantHeld := len(in.Deps) > 0 && (in.Key != nil || strings.Contains(in.Module, "["))
		if wantHeld {
			if len(seen) < len(r.trie) {
				seen = make([]uint32, len(r.trie))
			}
			stamp++
			if !heldInPlace {
				held = scratchHeld[:0]
			} else {
				if cap(arena)-len(arena) < refs {
					arena = make([]string, 0, max(refs, arenaSize(cap(arena), heldArenaMost)))
				}
				held = arena[len(arena):len(arena)]
			}
		}
		for _, ref := range r.leaves[p.lo:p.hi] {
			node, esc := ref.node, false
			if node < 0 {
				node, esc = -node-1, true
			}
			v := r.data[ref.start:ref.end]
			if esc {
				if buf = unquote(v, buf[:0]); !terraform.LeafLen(len(buf)) {
					continue
				}
				v = buf
			}
			if in.Sensitive[r.trie[node].top] {
				continue
			}
			if wantHeld && seen[node] != stamp && r.notOwn(node) && terraform.IdentityShaped(v) {
				seen[node] = stamp
				held = append(held, r.pathOf(node))
			}
			var s string
			var ok bool
			if t := &r.trie[node]; t.matchKey {
				// the instance's own identity (its id, arn) is in the
				// set: its kept value, without a lookup (and the cache
				// misses of one)
				if a := in.Attrs.String(t.key); a == string(v) {
					s, ok = a, true
				}
			}
			if !ok {
				s, ok = match.get(v)
			}
			if !ok && terraform.Linkable(v, r.trie[node].key) {
				// it may name another input's resource (cross-state links)
				s, ok = r.store.copy(v), true
			}
			if !ok {
				continue
			}
			lv.Add(s, r.pathOf(node))
		}
		// the list is the arena's next len(list) entries (never more than
		// its room), capacity its length so that appending to it copies
		lo, n := len(leafArena), lv.Len()
		if leavesInPlace {
			leafArena = leafArena[:lo+n]
		} else {
			if cap(leafArena)-lo < n {
				leafArena = make([]terraform.Leaf, 0, max(n, arenaSize(cap(leafArena), leafArenaMost)))
				lo = 0
			}
			leafArena = append(leafArena, lv.List()...)
		}
		if len(slab) == 0 {
			slab = make([]terraform.Leaves, min(256, len(r.pend)-i))
		}
		slab[0] = terraform.LeavesOf(leafArena[lo : lo+n : lo+n])
		in.Leaves, slab = &slab[0], slab[1:]
		if len(held) > 0 {
			lo := len(arena)
			if heldInPlace {
				arena = arena[:lo+len(held)]
			} else {
				scratchHeld = held
				if cap(arena)-lo < len(held) {
					arena = make([]string, 0, max(len(held), arenaSize(cap(arena), heldArenaMost)))
					lo = 0
				}
				arena = append(arena, held...)
			}
			in.Held = arena[lo:len(arena):len(arena)]
		}
	}
	r.leaves = nil
}

// leafArenaMost and heldArenaMost are the largest arenas finish makes
// for leaves and held paths; an instance with more leaf references than
// that fills a scratch list copied at its length.
const (
	leafArenaMost = 1024
	heldArenaMost = 4096
)

// arenaSize is the capacity of finish's next arena after one of capacity
// prev: 64 entries first, twice the last one's after, at most most. A
// state of a hundred instances (a directory holds a thousand) needs a
// few hundred entries; arenas of the full size each were a third of the
// bytes a directory's load allocated, most of them never used.
func arenaSize(prev, most int) int {
	return min(most, max(64, 2*prev))
}

// notOwn reports whether a trie node's path names something other than
// the instance itself (its id, arn, self_link or name), once per node.
func (r *reader) notOwn(node int32) bool {
	n := &r.trie[node]
	if n.own == 0 {
		n.own = 1
		if terraform.OwnIdentity(r.pathOf(node)) {
			n.own = 2
		}
		n = &r.trie[node]
	}
	return n.own == 1
}

// rawAttrs splits an attributes object into raw values by key, as
// map[string]json.RawMessage decoding does.
func rawAttrs(obj []byte) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(obj, &m) != nil {
		return nil
	}
	return m
}
