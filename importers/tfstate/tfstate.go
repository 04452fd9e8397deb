// Package tfstate imports raw Terraform state files: format version 4
// (Terraform 0.12 and later) and the legacy format 3.
package tfstate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/crossstate"
	"github.com/blast-dev/blast/importers/terraform"
)

// Importer reads raw Terraform state.
type Importer struct{}

// Name implements importers.Importer.
func (Importer) Name() string { return "tfstate" }

// Prefixed tells the loader that state addresses need a per-file prefix
// when several states are merged.
func (Importer) Prefixed() bool { return true }

// Detect recognises a JSON object with a numeric "version" next to
// "terraform_version", "lineage", "resources" or "modules".
func (Importer) Detect(data []byte) bool {
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	if bytes.Contains(head, []byte(`"format_version"`)) {
		return false
	}
	// Terraform writes version, terraform_version, serial and lineage
	// first: keys no other tool's JSON has. "resources" and "modules"
	// alone are weaker (infracost's and other tools' reports nest them,
	// beside a "version" of their own), so they count only at the top
	// level, as do keys in another order (sorted by jq -S, say)
	if bytes.Contains(head, []byte(`"version"`)) &&
		(bytes.Contains(head, []byte(`"terraform_version"`)) || bytes.Contains(head, []byte(`"lineage"`))) {
		return true
	}
	keys := importers.TopLevelKeys(data)
	return importers.HasKeys(keys, "version") && !importers.HasKeys(keys, "format_version") &&
		(importers.HasKeys(keys, "terraform_version") || importers.HasKeys(keys, "lineage") ||
			importers.HasKeys(keys, "resources") || importers.HasKeys(keys, "modules"))
}

type header struct {
	Version          json.RawMessage `json:"version"`
	TerraformVersion string          `json:"terraform_version"`
}

type stateV4 struct {
	Resources *[]resourceV4 `json:"resources"`
}

type resourceV4 struct {
	Module    string       `json:"module"`
	Mode      string       `json:"mode"`
	Type      string       `json:"type"`
	Name      string       `json:"name"`
	Provider  string       `json:"provider"`
	DependsOn []string     `json:"depends_on"`
	Instances []instanceV4 `json:"instances"`
}

type instanceV4 struct {
	IndexKey            any                        `json:"index_key"`
	Status              string                     `json:"status"`
	Deposed             string                     `json:"deposed"`
	Attributes          map[string]json.RawMessage `json:"attributes"`
	AttributesFlat      map[string]string          `json:"attributes_flat"`
	SensitiveAttributes json.RawMessage            `json:"sensitive_attributes"`
	Dependencies        []string                   `json:"dependencies"`
}

// Import implements importers.Importer.
func (Importer) Import(in importers.Input, g *graph.Graph) error {
	body := importers.Trim(in.Data)
	if insts, ok := readV4Fast(body); ok {
		// the content is no longer referenced (nor captured by the ID
		// function): a large state can be freed while the graph is built
		recordOutputs(in, body)
		in.Done()
		ids := importers.Input{Prefix: in.Prefix}
		return terraform.Build(insts, g, crossstate.LinkOptions(in, terraform.Options{File: in.Name, ID: ids.NodeID}))
	}
	var h header
	if err := json.Unmarshal(body, &h); err != nil {
		return fmt.Errorf("invalid JSON: %w", importers.JSONError(body, err))
	}
	if len(h.Version) == 0 || string(h.Version) == "null" {
		return errors.New("no \"version\" field: not a Terraform state")
	}
	// read as raw JSON: a string there would otherwise be quoted back in
	// the decoder's error, and a state's values are never printed
	v, err := strconv.ParseInt(string(h.Version), 10, 64)
	if err != nil {
		return errors.New("state \"version\" is not a whole number (Terraform writes 3 or 4)")
	}
	var insts []*terraform.Instance
	switch v {
	case 4:
		insts, err = readV4(body)
	case 3:
		insts, err = readV3(body)
	default:
		return fmt.Errorf("state format version %d is not supported (blast reads versions 3 and 4; run terraform 0.12 or later once to upgrade it)", v)
	}
	if err != nil {
		return err
	}
	recordOutputs(in, body)
	in.Done()
	return terraform.Build(insts, g, crossstate.LinkOptions(in, terraform.Options{File: in.Name, ID: in.NodeID}))
}

func readV4(body []byte) ([]*terraform.Instance, error) {
	var st stateV4
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("invalid state: %w", importers.JSONError(body, err))
	}
	if st.Resources == nil {
		return nil, errors.New("no \"resources\" list: not a format 4 state")
	}
	var out []*terraform.Instance
	for i, r := range *st.Resources {
		if r.Type == "" || r.Name == "" {
			return nil, fmt.Errorf("resources[%d]: missing type or name", i)
		}
		mode := r.Mode
		if mode == "" {
			mode = "managed"
		}
		if mode != "managed" && mode != "data" {
			return nil, fmt.Errorf("resources[%d]: unknown mode %q", i, r.Mode)
		}
		prov, err := terraform.ParseProvider(r.Provider)
		if err != nil {
			return nil, fmt.Errorf("resources[%d] (%s.%s): %w", i, r.Type, r.Name, err)
		}
		for j, ri := range r.Instances {
			if ri.Deposed != "" {
				continue // a deposed object is being replaced; its successor is listed too
			}
			key := ri.IndexKey
			if n, ok := key.(json.Number); ok {
				f, err := n.Float64()
				if err != nil {
					return nil, fmt.Errorf("resources[%d].instances[%d]: bad index_key %s", i, j, n)
				}
				key = f
			}
			attrs, err := decodeAttrs(ri)
			if err != nil {
				return nil, fmt.Errorf("resources[%d].instances[%d] (%s): %w", i, j, terraform.ResourceAddress(r.Module, mode, r.Type, r.Name, key), err)
			}
			inst := &terraform.Instance{
				Address:   terraform.ResourceAddress(r.Module, mode, r.Type, r.Name, key),
				Module:    r.Module,
				Mode:      mode,
				Type:      r.Type,
				Name:      r.Name,
				Key:       key,
				Provider:  prov,
				Attrs:     attrs,
				Sensitive: sensitiveTop(ri.SensitiveAttributes),
				Deps:      append(append([]string(nil), ri.Dependencies...), r.DependsOn...),
			}
			out = append(out, inst)
		}
	}
	return out, nil
}

// decodeAttrs decodes the top-level attributes. Values are kept only
// while the graph is built.
func decodeAttrs(ri instanceV4) (terraform.Attrs, error) {
	if ri.Attributes == nil && ri.AttributesFlat != nil {
		return unflatten(ri.AttributesFlat), nil
	}
	attrs := make([]terraform.Attr, 0, len(ri.Attributes))
	for k, raw := range ri.Attributes {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("attribute %s: %w", k, err)
		}
		attrs = append(attrs, terraform.Attr{Key: k, Value: v})
	}
	return terraform.SortAttrs(attrs), nil
}

// sensitiveTop returns the top-level attribute names that
// sensitive_attributes marks, in both the old path-list form and the
// newer object form.
func sensitiveTop(raw json.RawMessage) map[string]bool {
	if len(raw) == 0 || isEmptyArray(raw) {
		return nil // nearly every instance: no need to decode anything
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	out := map[string]bool{}
	var walk func(any)
	walk = func(x any) {
		switch t := x.(type) {
		case []any:
			if len(t) > 0 {
				if step, ok := t[0].(map[string]any); ok {
					if step["type"] == "get_attr" {
						if s, ok := step["value"].(string); ok {
							out[s] = true
							return
						}
					}
				}
			}
			for _, e := range t {
				walk(e)
			}
		case map[string]any:
			if t["type"] == "get_attr" {
				if s, ok := t["value"].(string); ok {
					out[s] = true
				}
				return
			}
			for _, e := range t {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// isEmptyArray reports whether raw is [] (white space allowed).
func isEmptyArray(raw []byte) bool {
	t := bytes.TrimSpace(raw)
	if len(t) < 2 || t[0] != '[' || t[len(t)-1] != ']' {
		return false
	}
	return len(bytes.TrimSpace(t[1:len(t)-1])) == 0
}

// unflatten turns legacy flat attributes ("tags.%", "subnets.#",
// "subnets.1234") into nested values: maps, and lists where a "#" count
// was recorded.
func unflatten(flat map[string]string) terraform.Attrs {
	root := map[string]any{}
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts := strings.Split(k, ".")
		m := root
		for i, p := range parts {
			if i == len(parts)-1 {
				if _, exists := m[p].(map[string]any); !exists {
					m[p] = flat[k]
				}
				break
			}
			next, ok := m[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[p] = next
			}
			m = next
		}
	}
	if m, ok := listify(root).(map[string]any); ok {
		return terraform.AttrsOf(m)
	}
	return terraform.Attrs{} // a "#" count at the top: not attributes at all
}

func listify(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for k, e := range m {
		m[k] = listify(e)
	}
	if _, isList := m["#"]; isList {
		keys := make([]string, 0, len(m))
		for k := range m {
			if k != "#" {
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool {
			a, ea := strconv.Atoi(keys[i])
			b, eb := strconv.Atoi(keys[j])
			if ea == nil && eb == nil {
				return a < b
			}
			return keys[i] < keys[j]
		})
		out := make([]any, 0, len(keys))
		for _, k := range keys {
			out = append(out, m[k])
		}
		return out
	}
	delete(m, "%")
	return m
}
