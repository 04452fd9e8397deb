package compose

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/template"
	"go.yaml.in/yaml/v3"
)

// readFields are the service fields blast reads. Only they are kept,
// interpolated and checked: a field blast does not read (ports,
// healthcheck, deploy, volumes, image) never refuses a file, whatever
// its variables hold.
var readFields = map[string]bool{
	"container_name": true,
	"depends_on":     true,
	"environment":    true,
	"extends":        true,
	"hostname":       true,
	"links":          true,
	"network_mode":   true,
	"networks":       true,
	"profiles":       true,
	"volumes_from":   true,
}

// model is what blast hands the compose loader: one mapping per YAML
// document, cut down to the project name and the fields blast reads.
type model struct {
	docs []map[string]any
	// name is the project name as written (before interpolation)
	name string
	// foreign are the services whose extends names another file, which
	// blast does not read; their extends is dropped
	foreign []string
}

// parseModel reads the documents of a compose file.
func parseModel(data []byte) (*model, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	m := &model{}
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
		}
		if name, line := emptyService(&doc); name != "" {
			return nil, fmt.Errorf("line %d: services.%s must be a mapping (it is empty)", line, name)
		}
		plainTags(&doc)
		var raw any
		if err := doc.Decode(&raw); err != nil {
			return nil, errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
		}
		top, ok := asMap(raw)
		if !ok {
			if raw == nil {
				continue
			}
			return nil, errors.New("top-level object must be a mapping")
		}
		kept := map[string]any{}
		if name, ok := top["name"].(string); ok {
			kept["name"] = name
			m.name = name
		}
		if services, ok := top["services"]; ok {
			svcs, ok := asMap(services)
			if !ok {
				return nil, errors.New("services must be a mapping")
			}
			out := make(map[string]any, len(svcs))
			for name, s := range svcs {
				sm, ok := asMap(s)
				if !ok {
					return nil, fmt.Errorf("services.%s must be a mapping", name)
				}
				out[name], ok = keepRead(sm)
				if !ok {
					m.foreign = append(m.foreign, name)
				}
			}
			kept["services"] = out
		}
		m.docs = append(m.docs, kept)
	}
	sort.Strings(m.foreign)
	return m, nil
}

// asMap returns a YAML mapping with its keys as strings (the decoder
// gives map[any]any when a key is not a string: 1: or true:).
func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, v := range m {
			out[fmt.Sprint(k)] = v
		}
		return out, true
	}
	return nil, false
}

// keepRead returns the fields of a service that blast reads, and false
// when it dropped an extends of another file.
func keepRead(svc map[string]any) (map[string]any, bool) {
	out := map[string]any{}
	local := true
	for k, v := range svc {
		if !readFields[k] {
			continue
		}
		if ext, ok := v.(map[string]any); ok && k == "extends" && ext["file"] != nil {
			local = false
			continue
		}
		out[k] = v
	}
	return out, local
}

// plainTags drops the compose merge tags (!reset, !override) and other
// local tags, so that the YAML decoder reads the values as written:
// within one file they only matter against what a merge key brought in,
// which the value written replaces anyway.
func plainTags(n *yaml.Node) {
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		n.Tag = ""
	}
	for _, c := range n.Content {
		plainTags(c)
	}
}

// emptyService returns the first service whose definition is empty
// (web: with nothing after it), and its line.
func emptyService(doc *yaml.Node) (string, int) {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return "", 0
	}
	services := value(doc.Content[0], "services")
	if services == nil || services.Kind != yaml.MappingNode {
		return "", 0
	}
	for i := 0; i+1 < len(services.Content); i += 2 {
		if v := services.Content[i+1]; v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return services.Content[i].Value, services.Content[i].Line
		}
	}
	return "", 0
}

// value returns the value of a key of a mapping node, or nil.
func value(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// unsetVars records the variables interpolation found unset, with no
// default to fall back on; they are taken as empty.
type unsetVars map[string]bool

// substitute interpolates like docker compose, except that an unset
// variable, required (${VAR:?message}) or not, becomes empty and is
// recorded instead of logged or failing the load.
func (u unsetVars) substitute(s string, m template.Mapping) (string, error) {
	return template.SubstituteWithOptions(s, m, template.WithoutLogging, template.WithReplacementFunction(u.replace))
}

func (u unsetVars) replace(sub string, m template.Mapping, cfg *template.Config) (string, error) {
	var last string
	var found bool
	lookup := func(name string) (string, bool) {
		v, ok := m(name)
		last, found = name, ok
		return v, ok
	}
	v, applied, err := template.DefaultReplacementAppliedFunc(sub, lookup, cfg)
	var missing *template.MissingRequiredError
	if errors.As(err, &missing) {
		u[missing.Variable] = true
		return "", nil
	}
	if err != nil {
		return v, err
	}
	if !applied && !found && last != "" {
		u[last] = true // a plain $VAR or ${VAR}
	}
	return v, nil
}

// names returns the recorded variables, sorted.
func (u unsetVars) names() []string {
	out := make([]string, 0, len(u))
	for k := range u {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
