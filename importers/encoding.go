package importers

import (
	"bytes"
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// Normalize is normalize, for callers that look at content before the
// loader does (blast check looks for plans among its inputs).
func Normalize(data []byte) ([]byte, error) { return normalize(data) }

// AsUTF8 is Normalize for callers that leave the error to the loader:
// content that does not decode (odd-length UTF-16) is returned unchanged,
// for the loader to report when it reads it.
func AsUTF8(data []byte) []byte {
	if norm, err := normalize(data); err == nil {
		return norm
	}
	return data
}

// normalize returns the content as UTF-8: a UTF-16 file with a byte
// order mark (as PowerShell's redirection writes) is decoded, a UTF-8 BOM
// is dropped. Other content is returned unchanged.
func normalize(data []byte) ([]byte, error) {
	var big bool
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		big = true
	default:
		return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), nil
	}
	body := data[2:]
	if len(body)%2 != 0 {
		return nil, errors.New("UTF-16 text with an odd number of bytes (truncated?)")
	}
	units := make([]uint16, len(body)/2)
	for i := range units {
		if big {
			units[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
		} else {
			units[i] = uint16(body[2*i+1])<<8 | uint16(body[2*i])
		}
	}
	runes := utf16.Decode(units)
	out := make([]byte, 0, len(runes))
	for _, r := range runes {
		if r == utf8.RuneError {
			return nil, errors.New("invalid UTF-16 text")
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}
