package render

import (
	"encoding/json"
	"io"
)

// writeIndented writes v as one JSON document indented by two spaces,
// with <, > and & escaped as encoding/json does by default: the documents
// of why, scenarios, platform and version (the reports of large inputs
// use encodeIndented).
func writeIndented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
