package compose

import (
	"bytes"
	"errors"
	"io"
	"sort"

	"go.yaml.in/yaml/v3"
)

// dropForeignExtends removes the extends of services that extend a
// service of another file (extends: {file: ...}), which blast does not
// read, and returns the content and the names of those services. Content
// it cannot parse is returned as it is, for the loader to report.
func dropForeignExtends(data []byte) ([]byte, []string) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	var dropped []string
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return data, nil
		}
		dropped = append(dropped, dropIn(&doc)...)
		docs = append(docs, &doc)
	}
	if len(dropped) == 0 {
		return data, nil
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			return data, nil
		}
	}
	if err := enc.Close(); err != nil {
		return data, nil
	}
	sort.Strings(dropped)
	return buf.Bytes(), dropped
}

func dropIn(doc *yaml.Node) []string {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	services := value(doc.Content[0], "services")
	if services == nil || services.Kind != yaml.MappingNode {
		return nil
	}
	var dropped []string
	for i := 0; i+1 < len(services.Content); i += 2 {
		svc := services.Content[i+1]
		if svc.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(svc.Content); j += 2 {
			if svc.Content[j].Value != "extends" {
				continue
			}
			if ext := svc.Content[j+1]; ext.Kind == yaml.MappingNode && value(ext, "file") != nil {
				svc.Content = append(svc.Content[:j:j], svc.Content[j+2:]...)
				dropped = append(dropped, services.Content[i].Value)
			}
			break
		}
	}
	return dropped
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
