package importers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// ErrTruncated is the error of a JSON document that ends early.
var ErrTruncated = errors.New("file ends early (truncated JSON)")

// JSONError rewrites an encoding/json error met decoding body into words
// a person can act on: where (line and column) and what was wrong, or
// ErrTruncated when the document ends early. Other errors pass unchanged.
func JSONError(body []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		if strings.Contains(se.Error(), "unexpected end") {
			return ErrTruncated
		}
		line, col := LineCol(body, se.Offset-1) // Offset is just past the offending byte
		return fmt.Errorf("line %d, column %d: %s", line, col, se.Error())
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		line, col := LineCol(body, te.Offset) // just past the value
		field := te.Field
		if field == "" {
			field = "value"
		}
		return fmt.Errorf("line %d, column %d: %s is a JSON %s, want %s", line, col, field, te.Value, kindName(te.Type))
	}
	if strings.Contains(err.Error(), "unexpected end of JSON input") || strings.Contains(err.Error(), "unexpected EOF") {
		return ErrTruncated
	}
	return err
}

// kindName says in words what a Go type holds in JSON.
func kindName(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Interface:
		return "a value"
	}
	return "a number"
}

// LineCol turns a byte offset in body into a line and column, both
// counted from 1.
func LineCol(body []byte, off int64) (line, col int) {
	off = max(0, min(off, int64(len(body))))
	before := body[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}
