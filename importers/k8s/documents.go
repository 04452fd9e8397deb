package k8s

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// document is one YAML document of a multi-document file.
type document struct {
	index int // 1-based, counting non-empty documents only
	line  int // 1-based line of its first content line
	base  int // 1-based line of the first line of data
	data  []byte
}

// splitDocuments cuts a YAML stream at its "---" separators (and "..."
// end markers), keeping line numbers. Documents holding only comments or
// blank lines are dropped.
func splitDocuments(data []byte) []document {
	var out []document
	start, line, startLine := 0, 1, 1
	flush := func(end int) {
		chunk := data[start:end]
		if first, ok := firstContent(chunk); ok {
			out = append(out, document{index: len(out) + 1, line: startLine + first, base: startLine, data: chunk})
		}
	}
	for pos := 0; pos < len(data); line++ {
		end := bytes.IndexByte(data[pos:], '\n')
		next := len(data)
		if end >= 0 {
			end += pos
			next = end + 1
		} else {
			end = len(data)
		}
		l := bytes.TrimRight(data[pos:end], "\r")
		switch {
		case bytes.HasPrefix(l, []byte("---")) && (len(l) == 3 || l[3] == ' ' || l[3] == '\t'):
			flush(pos)
			start, startLine = pos+3, line // the rest of the line belongs to the new document
		case string(bytes.TrimRight(l, " \t")) == "...":
			flush(pos)
			start, startLine = next, line+1
		}
		pos = next
	}
	if start < len(data) {
		flush(len(data))
	}
	return out
}

// firstContent returns the offset, in lines, of the first line of chunk
// that is not blank, a comment or a directive, and whether there is one.
func firstContent(chunk []byte) (int, bool) {
	for i, l := range bytes.Split(chunk, []byte("\n")) {
		t := bytes.TrimSpace(l)
		if len(t) == 0 || t[0] == '#' || l[0] == '%' {
			continue
		}
		return i, true
	}
	return 0, false
}

// jsonErr turns a decoding error into a short message naming the field.
func jsonErr(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "value"
		}
		return fmt.Sprintf("%s: %s where %s was expected", field, te.Value, te.Type)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return "invalid JSON: " + se.Error()
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

var yamlLine = regexp.MustCompile(`^line (\d+): `)

// yamlErr describes a YAML error of a document with the line counted
// from the start of the file.
func yamlErr(d document, err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "error converting YAML to JSON: ")
	s = strings.TrimPrefix(s, "yaml: ")
	if m := yamlLine.FindStringSubmatch(s); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			return fmt.Sprintf("document %d: line %d: invalid YAML: %s", d.index, d.base+n-1, s[len(m[0]):])
		}
	}
	return fmt.Sprintf("document %d (line %d): invalid YAML: %s", d.index, d.line, s)
}
