package terraform_test

import (
	"encoding/json"
	"testing"

	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers/terraform"
)

// benchInstances decodes a synthetic state into fresh instances (Build
// marks them, so every run needs its own).
func benchInstances(b *testing.B, data []byte) []*terraform.Instance {
	var st struct {
		Resources []struct {
			Module, Mode, Type, Name, Provider string
			Instances                          []struct {
				IndexKey     any            `json:"index_key"`
				Attributes   map[string]any `json:"attributes"`
				Dependencies []string       `json:"dependencies"`
			}
		}
	}
	if err := json.Unmarshal(data, &st); err != nil {
		b.Fatal(err)
	}
	var out []*terraform.Instance
	for _, r := range st.Resources {
		prov, err := terraform.ParseProvider(r.Provider)
		if err != nil {
			b.Fatal(err)
		}
		for _, in := range r.Instances {
			out = append(out, &terraform.Instance{
				Address: terraform.ResourceAddress(r.Module, r.Mode, r.Type, r.Name, in.IndexKey),
				Module:  r.Module, Mode: r.Mode, Type: r.Type, Name: r.Name, Key: in.IndexKey,
				Provider: prov, Attrs: in.Attributes, Deps: in.Dependencies,
			})
		}
	}
	return out
}

// BenchmarkBuild measures turning decoded instances into the graph:
// placement, dependency resolution, reduction, nodes and edges. The
// instances carry their whole attribute trees (as the plan importer's
// do), so leaves are collected by walking them.
func BenchmarkBuild(b *testing.B) {
	for _, n := range synth.BenchSizes() {
		data := synth.State(n)
		b.Run(synth.SizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				insts := benchInstances(b, data)
				g := graph.New()
				b.StartTimer()
				if err := terraform.Build(insts, g, terraform.Options{File: "org.tfstate", ID: func(a string) string { return a }}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/resource")
		})
	}
}
