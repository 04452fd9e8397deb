package render

import (
	"bytes"
	"encoding/json"
	"io"
)

// encodeIndented writes v as json.Encoder does with SetIndent("", "  ")
// and SetEscapeHTML(false), byte for byte, but indents in one pass of its
// own: encoding/json's indenter runs its full scanner over every byte, and
// for the report of a large state (tens of megabytes) that is most of the
// time spent rendering.
func encodeIndented(w io.Writer, v any) error {
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	src := compact.Bytes()
	_, err := w.Write(indentJSON(make([]byte, 0, len(src)+len(src)/2), src))
	return err
}

// indentJSON appends src, compact JSON as json.Encoder writes it (no
// white space but the final newline), to dst with each element on its
// own line, two spaces a level, empty objects and arrays kept on one line.
func indentJSON(dst, src []byte) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		for i := 0; i < depth; i++ {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			j := i + 1
			for {
				k := bytes.IndexAny(src[j:], "\"\\\\")
				if k < 0 {
					return append(dst, src[i:]...) // not compact JSON: leave it
				}
				j += k
				if src[j] == '"' {
					break
				}
				j += 2 // an escape
			}
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, c, src[i+1])
				i++
				continue
			}
			dst = append(dst, c)
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
