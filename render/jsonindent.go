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
	// indent a piece at a time, each piece ending between two values,
	// rather than holding the whole indented document too
	src := compact.Bytes()
	buf := make([]byte, 0, 256<<10)
	depth := 0
	for len(src) > 0 {
		n := cut(src, 128<<10)
		buf, depth = indentJSON(buf[:0], src[:n], depth)
		if _, err := w.Write(buf); err != nil {
			return err
		}
		src = src[n:]
	}
	return nil
}

// cut returns the length of the first piece of compact JSON src, which
// starts outside a string: through the first comma outside a string at
// or after min bytes, or all of it.
func cut(src []byte, min int) int {
	if len(src) <= min {
		return len(src)
	}
	in := false
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\\':
			if in {
				i++
			}
		case '"':
			in = !in
		case ',':
			if !in && i+1 >= min {
				return i + 1
			}
		}
	}
	return len(src)
}

// indentJSON appends src, compact JSON as json.Encoder writes it (no
// white space but the final newline), to dst with each element on its
// own line, two spaces a level, empty objects and arrays kept on one line.
//
// src may be a piece of a document cut after a comma: depth is the
// nesting depth at its start, and the depth at its end is returned.
func indentJSON(dst, src []byte, depth int) ([]byte, int) {
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
					return append(dst, src[i:]...), depth // not compact JSON: leave it
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
	return dst, depth
}
