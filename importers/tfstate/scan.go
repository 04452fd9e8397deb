package tfstate

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// scanner is a validating JSON reader over an in-memory document. It
// accepts exactly what encoding/json accepts, except that it may refuse
// more (deep nesting): callers fall back to encoding/json whenever it
// reports a problem, so its errors carry no message.
type scanner struct {
	data []byte
	pos  int
	bad  bool // the document is invalid, or holds something this reader leaves to encoding/json
}

// maxDepth matches encoding/json's nesting limit.
const maxDepth = 10000

func (s *scanner) fail() bool {
	s.bad = true
	return false
}

// ws skips white space and returns the next byte (0 at the end).
func (s *scanner) ws() byte {
	d, i := s.data, s.pos
	if i < len(d) && d[i] > ' ' {
		return d[i] // the usual case: no white space
	}
	for i < len(d) {
		switch d[i] {
		case ' ', '\t', '\n', '\r':
			i++
			// indentation: runs of spaces eight bytes at a time
			for i+8 <= len(d) {
				w := binary.LittleEndian.Uint64(d[i:]) ^ (lsb * ' ')
				if w != 0 {
					i += bits.TrailingZeros64(w) / 8
					break
				}
				i += 8
			}
		default:
			s.pos = i
			return d[i]
		}
	}
	s.pos = i
	return 0
}

// consume skips white space and the byte c, which must come next.
func (s *scanner) consume(c byte) bool {
	if s.ws() != c {
		return s.fail()
	}
	s.pos++
	return true
}

// more reads what follows an element of an object or array: a comma
// (true) or the closing byte (false).
func (s *scanner) more(end byte) bool {
	switch s.ws() {
	case ',':
		s.pos++
		return true
	case end:
		s.pos++
		return false
	}
	s.fail()
	return false
}

// str is a string token: the content between the quotes, and whether it
// needs decoding (escapes, or bytes that are not valid UTF-8).
type str struct {
	start, end int
	esc        bool
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// hasZero reports bytes of w that are zero (high bit set in each).
func hasZero(w uint64) uint64 { return (w - lsb) &^ w & msb }

// string reads a string token at pos (which holds the opening quote).
func (s *scanner) string() (str, bool) {
	d := s.data
	i := s.pos + 1
	t := str{start: i}
	high := false
	for {
		// eight bytes at a time while none is special
		for i+8 <= len(d) {
			w := binary.LittleEndian.Uint64(d[i:])
			special := hasZero(w^(lsb*'"')) | hasZero(w^(lsb*'\\')) | ((w - lsb*0x20) &^ w & msb) | (w & msb)
			if special == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(special) / 8
			break
		}
		if i >= len(d) {
			return t, s.fail()
		}
		c := d[i]
		switch {
		case c == '"':
			t.end = i
			s.pos = i + 1
			if high && !t.esc && !utf8.Valid(d[t.start:t.end]) {
				t.esc = true
			}
			return t, true
		case c == '\\':
			t.esc = true
			if i+1 >= len(d) {
				return t, s.fail()
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d) || hex4(d[i+2:i+6]) < 0 {
					return t, s.fail()
				}
				i += 6
			default:
				return t, s.fail()
			}
		case c < 0x20:
			return t, s.fail()
		case c >= 0x80:
			high = true
			i++
		default:
			i++
		}
	}
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// text returns the decoded value of a string token, using buf as scratch
// space when it needs decoding; the result aliases data or buf.
func (s *scanner) text(t str, buf []byte) []byte {
	raw := s.data[t.start:t.end]
	if !t.esc {
		return raw
	}
	return unquote(raw, buf[:0])
}

// unquote decodes the content of a valid JSON string the way
// encoding/json does: escapes resolved, surrogate pairs joined, lone
// surrogates and bytes that are not UTF-8 replaced by U+FFFD.
func unquote(raw, out []byte) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			e := raw[i+1]
			switch e {
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r := hex4(raw[i+2:])
				i += 6
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
						r2 = hex4(raw[i+2:])
					}
					if p := utf16.DecodeRune(r, r2); p != utf8.RuneError {
						out = utf8.AppendRune(out, p)
						i += 6
						continue
					}
					r = utf8.RuneError
				}
				out = utf8.AppendRune(out, r)
				continue
			default: // " \ /
				out = append(out, e)
			}
			i += 2
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n == 1 {
				out = utf8.AppendRune(out, utf8.RuneError)
			} else {
				out = append(out, raw[i:i+n]...)
			}
			i += n
		}
	}
	return out
}

// number reads a number token at pos and returns its text.
func (s *scanner) number() ([]byte, bool) {
	d := s.data
	i := s.pos
	start := i
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	default:
		return nil, s.fail()
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, s.fail()
		}
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, s.fail()
		}
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	}
	s.pos = i
	return d[start:i], true
}

// literal reads true, false or null at pos.
func (s *scanner) literal(word string) bool {
	if len(s.data)-s.pos < len(word) || string(s.data[s.pos:s.pos+len(word)]) != word {
		return s.fail()
	}
	s.pos += len(word)
	return true
}

// skip reads and validates one value of any kind without keeping it.
func (s *scanner) skip() bool {
	var stack []byte // open containers
	for {
		// a value
		switch c := s.ws(); c {
		case '{':
			s.pos++
			if s.ws() == '}' {
				s.pos++
				break
			}
			if len(stack) >= maxDepth {
				return s.fail()
			}
			stack = append(stack, '}')
			if s.ws() != '"' {
				return s.fail()
			}
			if _, ok := s.string(); !ok || !s.consume(':') {
				return false
			}
			continue
		case '[':
			s.pos++
			if s.ws() == ']' {
				s.pos++
				break
			}
			if len(stack) >= maxDepth {
				return s.fail()
			}
			stack = append(stack, ']')
			continue
		case '"':
			if _, ok := s.string(); !ok {
				return false
			}
		case 't':
			if !s.literal("true") {
				return false
			}
		case 'f':
			if !s.literal("false") {
				return false
			}
		case 'n':
			if !s.literal("null") {
				return false
			}
		default:
			if _, ok := s.number(); !ok {
				return false
			}
		}
		// what follows it
		for {
			if len(stack) == 0 {
				return true
			}
			end := stack[len(stack)-1]
			if s.more(end) {
				if end == '}' {
					if s.ws() != '"' {
						return s.fail()
					}
					if _, ok := s.string(); !ok || !s.consume(':') {
						return false
					}
				}
				break
			}
			if s.bad {
				return false
			}
			stack = stack[:len(stack)-1]
		}
	}
}
