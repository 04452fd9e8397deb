package tfstate

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

// FuzzImport checks that no content makes the state importer panic.
func FuzzImport(f *testing.F) {
	f.Add([]byte(`{"version":4,"terraform_version":"1.9.0","resources":[{"module":"module.a[\"x.y\"]","mode":"managed","type":"aws_subnet","name":"s","provider":"provider[\"registry.terraform.io/hashicorp/aws\"].west","instances":[{"index_key":0,"attributes":{"id":"subnet-1","availability_zone":"us-west-2a"},"dependencies":["module.a.aws_vpc.v"]}]}]}`))
	f.Add([]byte(`{"version":3,"terraform_version":"0.11.14","modules":[{"path":["root","m"],"resources":{"aws_instance.a.0":{"type":"aws_instance","depends_on":["aws_subnet.b.*"],"primary":{"id":"i-1","attributes":{"availability_zone":"eu-west-1a","tags.%":"1","tags.Name":"x"}},"provider":"provider.aws"}}}]}`))
	for _, dir := range []string{"../../../shared/realworld/tfstate", "../../../shared/realworld/legacy", "../../../shared/realworld/broken", "testdata"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, name := range files {
			if data, err := os.ReadFile(name); err == nil && len(data) < 200_000 {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := graph.New()
		_ = Importer{}.Import(importers.Input{Name: "fuzz.tfstate", Data: data}, g)
	})
}
