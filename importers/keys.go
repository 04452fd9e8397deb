package importers

import (
	"bytes"
	"encoding/json"
)

// TopLevelKeys returns the keys of the JSON object data holds, in order,
// without decoding any value. Detectors use it when the first few
// kilobytes do not settle what a file is: a state or plan written with
// sorted keys (jq -S, or any tool that re-encodes it through a map) puts
// "version" or "format_version" after values of any size. It stops at the
// first syntax problem, returning the keys read so far; it runs in one
// pass and allocates only the keys.
func TopLevelKeys(data []byte) []string {
	var keys []string
	EachTopLevelKey(data, func(key string) bool {
		keys = append(keys, key)
		return true
	})
	return keys
}

// EachTopLevelKey calls fn with each key of the JSON object data holds,
// in order, until fn returns false, the object ends or a syntax problem
// stops it. A detector that can decide from an early key need not skip
// over the values of a large file.
func EachTopLevelKey(data []byte, fn func(key string) bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return
	}
	i++
	for {
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != '"' {
			return
		}
		end := stringEnd(data, i)
		if end < 0 || !fn(string(data[i+1:end-1])) {
			return
		}
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return
		}
		if i = skipValue(data, i+1); i < 0 {
			return
		}
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != ',' {
			return
		}
		i++
	}
}

// EachTopLevelValue calls fn with each key of the JSON object data holds
// (unescaped, as encoding/json decodes it) and the bytes of its value,
// in order, until fn returns false, the object ends or a syntax problem
// stops it. Values are skipped by their nesting, not checked: it is for
// data already known to be valid JSON, which it reads without decoding
// what fn does not ask for.
func EachTopLevelValue(data []byte, fn func(key string, value []byte) bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return
	}
	i++
	for {
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != '"' {
			return
		}
		end := stringEnd(data, i)
		if end < 0 {
			return
		}
		key := string(data[i+1 : end-1])
		if bytes.IndexByte(data[i:end], '\\') >= 0 && json.Unmarshal(data[i:end], &key) != nil {
			return
		}
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return
		}
		start := skipSpace(data, i+1)
		if i = skipValue(data, start); i < 0 || !fn(key, data[start:i]) {
			return
		}
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != ',' {
			return
		}
		i++
	}
}

// HasKeys reports whether keys holds every one of want.
func HasKeys(keys []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, k := range keys {
			if k == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t') {
		i++
	}
	return i
}

// stringEnd returns the index after the closing quote of the string
// starting at data[i], or -1.
func stringEnd(data []byte, i int) int {
	j := i + 1
	for {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return -1
		}
		q := j + k
		n := 0 // backslashes right before the quote
		for p := q - 1; p >= j && data[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
}

// skipValue returns the index after the value starting at or after
// data[i], or -1. Nesting is counted, never recursed into.
func skipValue(data []byte, i int) int {
	i = skipSpace(data, i)
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		return stringEnd(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				if i = stringEnd(data, i); i < 0 {
					return -1
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	}
	for i < len(data) {
		switch data[i] {
		case ',', '}', ']', ' ', '\n', '\r', '\t':
			return i
		}
		i++
	}
	return i
}
