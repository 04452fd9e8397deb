package tfstate

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// referenceString reads a string token at pos byte by byte, as JSON
// defines one: the content's end, whether it needs decoding, and whether
// it is valid.
func referenceString(d []byte, pos int) (end int, esc, ok bool) {
	for i := pos + 1; i < len(d); {
		switch c := d[i]; {
		case c == '"':
			return i, esc || !utf8.Valid(d[pos+1:i]), true
		case c == '\\':
			esc = true
			if i+1 >= len(d) {
				return 0, false, false
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d) || hex4(d[i+2:i+6]) < 0 {
					return 0, false, false
				}
				i += 6
			default:
				return 0, false, false
			}
		case c < 0x20:
			return 0, false, false
		default:
			i++
		}
	}
	return 0, false, false
}

func checkString(t *testing.T, d []byte) {
	t.Helper()
	s := scanner{data: d}
	tok, ok := s.string()
	end, esc, want := referenceString(d, 0)
	if ok != want || ok && (tok.start != 1 || tok.end != end || tok.esc != esc || s.pos != end+1) {
		t.Fatalf("%q: string() = %+v, %v, pos %d; want end %d, esc %v, ok %v", d, tok, ok, s.pos, end, esc, want)
	}
}

// TestStringScan holds the scanner's eight-bytes-at-a-time string token
// reader to a byte-by-byte one: every byte value at every place of the
// first two words, alone and after another special byte (a borrow in
// the word's arithmetic must not hide or invent one), and random tokens.
func TestStringScan(t *testing.T) {
	for at := 1; at < 20; at++ {
		for b := range 256 {
			for _, before := range []byte{'a', '"', '\\', 0x1f, 0x80, 0x00, 0x01, 0x21, 0x5b, 0x5d, 0xff} {
				d := []byte(`"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"`)
				d[at] = byte(b)
				checkString(t, d)
				if at > 1 {
					d[at-1] = before
					checkString(t, d)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab\"\\/nu0Aé\x01\x1f\x7f\x80\xff ")
	for range 200_000 {
		d := []byte{'"'}
		for range r.IntN(40) {
			d = append(d, alphabet[r.IntN(len(alphabet))])
		}
		d = append(d, '"')
		checkString(t, d)
	}
}
