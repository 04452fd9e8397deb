package tfjson

import "encoding/json"

// sensitiveTop returns the top-level attributes that sensitive_values
// marks, wholly or in part: blast then never reads them.
func sensitiveTop(raw json.RawMessage) map[string]bool {
	if len(raw) == 0 {
		return nil
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	_, top := sensitiveValue(v)
	return top
}

// sensitiveValue reads a before_sensitive/after_sensitive value: true
// marks the whole object, else an object whose true leaves mark parts.
func sensitiveValue(v any) (whole bool, top map[string]bool) {
	if b, ok := v.(bool); ok {
		return b, nil
	}
	return false, marked(v)
}

// unknownTop returns the top-level attributes after_unknown marks,
// wholly or in part.
func unknownTop(v any) map[string]bool { return marked(v) }

// marked returns the keys of an object whose value is true or holds a
// true somewhere below.
func marked(v any) map[string]bool {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	out := map[string]bool{}
	for k, x := range m {
		if holdsTrue(x, 0) {
			out[k] = true
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func holdsTrue(v any, depth int) bool {
	if depth > 64 {
		return true // deeper than any real schema: assume marked
	}
	switch x := v.(type) {
	case bool:
		return x
	case []any:
		for _, e := range x {
			if holdsTrue(e, depth+1) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if holdsTrue(e, depth+1) {
				return true
			}
		}
	}
	return false
}
