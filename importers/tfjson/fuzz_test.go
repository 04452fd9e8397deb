package tfjson

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

// FuzzImport checks that no content makes the importer panic, on either
// side of a plan: detection, import, the before document and the
// provider regions.
func FuzzImport(f *testing.F) {
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"module.a[\"x.y\"].aws_subnet.s[0]","mode":"managed","type":"aws_subnet","name":"s","index":0,"provider_name":"aws","values":{"availability_zone":"us-west-2a"},"sensitive_values":{"id":true},"depends_on":["module.a.aws_vpc.v"]}]}}}`))
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_instance.a","mode":"managed","type":"aws_instance","name":"a","values":{}}]}},"resource_changes":[{"address":"aws_instance.a","change":{"actions":["create"],"after_unknown":{"availability_zone":true},"after_sensitive":true}}],"configuration":{"provider_config":{"x:aws.b":{"expressions":{"region":{"references":["var.r"]}}}},"root_module":{"resources":[{"address":"aws_instance.a","provider_config_key":"x:aws.b","expressions":{"subnet_id":[{"a":{"references":["module.m.o","var.v"]}}]}}],"module_calls":{"m":{"expressions":{"v":{"references":["module.m.o"]}},"module":{"outputs":{"o":{"expression":{"references":["var.v"]}}}}}}}}}`))
	for _, dir := range []string{"../../../shared/realworld/plan", "testdata"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, name := range files {
			if data, err := os.ReadFile(name); err == nil && len(data) < 400_000 {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if IsBinaryPlan(importers.Trim(data)) {
			return // would run terraform
		}
		imp := Importer{}
		_ = imp.Detect(importers.Trim(data))
		_ = imp.Import(importers.Input{Name: "fuzz.json", Data: data}, graph.New())
		_, _ = ProviderRegions(data)
		if IsPlan(data) {
			if before, err := Before(importers.Input{Name: "fuzz.json", Data: data}); err == nil {
				if err := imp.Import(importers.Input{Name: "before.json", Data: before}, graph.New()); err != nil && imp.Import(importers.Input{Name: "fuzz.json", Data: data}, graph.New()) == nil {
					t.Errorf("the plan imports but its before side does not: %v", err)
				}
			}
		}
	})
}
