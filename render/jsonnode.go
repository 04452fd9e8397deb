package render

import (
	"math/bits"
	"strconv"
	"unicode/utf8"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// impactNodes is the "nodes" list of a whatif JSON report: every
// non-data node, each viewed as ImpactNodes does while it is written
// (not a hundred thousand views held at once), and written indented
// straight from the fields, byte for byte what encoding/json with
// SetIndent("", "  ") and SetEscapeHTML(false) writes
// (TestNodeJSONLikeEncodingJSON), without encoding each node compactly
// through reflection and indenting it again: on a large report that pass
// was most of the time spent rendering.
type impactNodes struct {
	r     *Report
	nodes []*graph.Node
	at    []int32 // each node's index in the analyzer's Nodes; nil when the graph's order is not the analyzer's
}

// impactNodeList is the nodes list of r's whatif JSON report.
func impactNodeList(r *Report) impactNodes {
	l := impactNodes{r: r}
	all := r.Graph.Nodes()
	same := analyzedInOrder(r, all)
	l.nodes = make([]*graph.Node, 0, len(all)) // sized once: a state may hold 100k nodes
	if same {
		l.at = make([]int32, 0, len(all))
	}
	for i, n := range all {
		if n.Mode != graph.ModeData {
			l.nodes = append(l.nodes, n)
			if same {
				l.at = append(l.at, int32(i))
			}
		}
	}
	return l
}

// analyzedInOrder reports whether the analyzer's nodes are nodes, in
// their order: then a node's place in nodes is its index in the analysis
// (read without a lookup by ID).
func analyzedInOrder(r *Report, nodes []*graph.Node) bool {
	if r.Analyzer == nil || r.Result == nil || !r.Result.AnalyzedBy(r.Analyzer) {
		return false
	}
	an := r.Analyzer.Nodes()
	if len(an) != len(nodes) {
		return false
	}
	for i, n := range nodes {
		if an[i] != n {
			return false
		}
	}
	return true
}

func (impactNodes) key() string { return "nodes" }
func (l impactNodes) len() int  { return len(l.nodes) }
func (l impactNodes) encode(dst []byte, lo, hi int) ([]byte, error) {
	return eachElement(dst, lo, hi, func(dst []byte, i int) []byte {
		at := -1
		if l.at != nil {
			at = int(l.at[i])
		}
		nj := impactNodeAt(l.r, l.nodes[i], at)
		return appendNodeJSON(dst, &nj)
	}), nil
}

// jsonObject appends the fields of one JSON object, indented at a depth,
// as encoding/json's indenter lays them out.
type jsonObject struct {
	dst   []byte
	depth int // the depth of the object's fields
	empty bool
}

func (o *jsonObject) key(k string) {
	if o.empty {
		o.empty = false
	} else {
		o.dst = append(o.dst, ',')
	}
	o.dst = appendNewline(o.dst, o.depth)
	o.dst = append(o.dst, '"')
	o.dst = append(o.dst, k...) // keys are plain ASCII, no escaping
	o.dst = append(o.dst, "\": "...)
}

func (o *jsonObject) str(k, v string) {
	o.key(k)
	o.dst = appendJSONString(o.dst, v)
}

func (o *jsonObject) strOmit(k, v string) {
	if v != "" {
		o.str(k, v)
	}
}

func (o *jsonObject) boolean(k string, v bool) {
	o.key(k)
	o.dst = strconv.AppendBool(o.dst, v)
}

func (o *jsonObject) strings(k string, v []string) {
	if len(v) == 0 {
		return
	}
	o.key(k)
	o.dst = append(o.dst, '[')
	for i, s := range v {
		if i > 0 {
			o.dst = append(o.dst, ',')
		}
		o.dst = appendNewline(o.dst, o.depth+1)
		o.dst = appendJSONString(o.dst, s)
	}
	o.dst = appendNewline(o.dst, o.depth)
	o.dst = append(o.dst, ']')
}

func (o *jsonObject) steps(k string, v []analyzer.Step) {
	if len(v) == 0 {
		return
	}
	o.key(k)
	o.objects(len(v), func(step *jsonObject, i int) {
		step.str("node", v[i].Node)
		step.str("why", v[i].Why)
	})
}

// objects appends a list of n objects (after a key), each filled by
// fields: a node's explanation steps and a matrix row's cells.
func (o *jsonObject) objects(n int, fields func(e *jsonObject, i int)) {
	o.dst = append(o.dst, '[')
	for i := range n {
		if i > 0 {
			o.dst = append(o.dst, ',')
		}
		o.dst = appendNewline(o.dst, o.depth+1)
		e := jsonObject{dst: append(o.dst, '{'), depth: o.depth + 2, empty: true}
		fields(&e, i)
		o.dst = e.close()
	}
	o.dst = appendNewline(o.dst, o.depth)
	o.dst = append(o.dst, ']')
}

// close ends the object: "{}" when it has no field.
func (o *jsonObject) close() []byte {
	if !o.empty {
		o.dst = appendNewline(o.dst, o.depth-1)
	}
	return append(o.dst, '}')
}

// appendNodeJSON appends n as an element of a top-level list.
func appendNodeJSON(dst []byte, n *NodeJSON) []byte {
	o := jsonObject{dst: append(dst, '{'), depth: 3, empty: true}
	o.str("id", n.ID)
	o.str("kind", string(n.Kind))
	o.strOmit("address", n.Address)
	o.str("type", n.Type)
	o.strOmit("provider", n.Provider)
	o.str("region", n.Region)
	o.str("zone", n.Zone)
	o.strings("zones", n.Zones)
	o.strings("regions", n.Regions)
	o.str("scope", string(n.Scope))
	o.str("state", n.State)
	o.strOmit("role", n.Role)
	o.strOmit("propagated", n.Propagated)
	o.boolean("frozen", n.Frozen)
	o.strOmit("reason", n.Reason)
	o.strOmit("domain", n.Domain)
	o.steps("explanation", n.Explanation)
	o.strOmit("frozenReason", n.FrozenReason)
	o.steps("frozenExplanation", n.FrozenChain)
	if n.Inferred {
		o.boolean("inferred", true)
	}
	o.strings("lost", n.Lost)
	o.strings("left", n.Left)
	if s := n.Source; s != nil {
		o.key("source")
		src := jsonObject{dst: append(o.dst, '{'), depth: o.depth + 1, empty: true}
		src.strOmit("file", s.File)
		src.strOmit("address", s.Address)
		if s.Line != 0 {
			src.key("line")
			src.dst = strconv.AppendInt(src.dst, int64(s.Line), 10)
		}
		o.dst = src.close()
	}
	o.strOmit("workspace", n.Workspace)
	return o.close()
}

// newlineIndent is a newline and the indentation of the deepest level a
// report's objects reach, and more: appendNewline copies a prefix of it.
const newlineIndent = "\n                                "

// appendNewline appends a newline and depth levels of indentation.
func appendNewline(dst []byte, depth int) []byte {
	if n := 1 + 2*depth; n <= len(newlineIndent) {
		return append(dst, newlineIndent[:n]...)
	}
	dst = append(dst, '\n')
	for range depth {
		dst = append(dst, ' ', ' ')
	}
	return dst
}

// plainJSON tells the ASCII bytes a JSON string holds as they are: not a
// control character, a quote or a backslash.
var plainJSON = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

// plainWords returns the length of s's longest prefix of plain ASCII
// bytes (plainJSON) that is found reading whole eight-byte words at once:
// subtracting 0x20 from every byte sets the high bit of a byte below
// 0x20, and subtracting one from the word xored with quotes (or
// backslashes) sets it where a byte was a quote (a backslash); a byte of
// 0x80 or more has it already. A borrow into the next byte starts only
// at a byte that is not plain, so the lowest high bit set is the first
// byte that is not plain. The last len(s)%8 bytes are not read.
func plainWords(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		low := w - 0x20*ones
		quote := (w ^ '"'*ones) - ones
		backslash := (w ^ '\\'*ones) - ones
		if m := (low | quote | backslash | w) & highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	return i
}

// appendJSONString appends s quoted as encoding/json does without HTML
// escaping: quotes, backslashes and control characters escaped (\b, \f,
// \n, \r, \t or \u00XX), invalid UTF-8 as \ufffd, U+2028 and U+2029 as
// \u2028 and \u2029, everything else copied.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	tail := false // fewer than eight bytes are left: read one at a time
	for i := 0; i < len(s); {
		if !tail {
			// eight plain bytes at a time, up to the first byte that is
			// not: most of a report's text is addresses and reasons with
			// little or nothing to escape
			i += plainWords(s[i:])
			if i == len(s) {
				break
			}
			tail = len(s)-i < 8
		}
		if b := s[i]; b < utf8.RuneSelf {
			if plainJSON[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
