package terraform_test

import (
	"encoding/json"
	"fmt"
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
				Provider: prov, Attrs: terraform.AttrsOf(in.Attributes), Deps: in.Dependencies,
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

// denseInstances returns n instances of distinct configurations where
// instance i records a dependency on every j for which edge(i, j) holds:
// the shapes that make naive resolution and reduction cubic.
func denseInstances(b *testing.B, n int, edge func(i, j int) bool) []*terraform.Instance {
	prov, err := terraform.ParseProvider(`provider["registry.terraform.io/hashicorp/aws"]`)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]*terraform.Instance, n)
	for i := range out {
		var deps []string
		for j := range n {
			if j != i && edge(i, j) {
				deps = append(deps, fmt.Sprintf("aws_instance.n%d", j))
			}
		}
		out[i] = &terraform.Instance{
			Address: fmt.Sprintf("aws_instance.n%d", i), Mode: "managed", Type: "aws_instance", Name: fmt.Sprintf("n%d", i),
			Provider: prov, Deps: deps,
			Attrs: terraform.AttrsOf(map[string]any{"id": fmt.Sprintf("i-%d", i), "availability_zone": "us-east-1a"}),
		}
	}
	return out
}

// BenchmarkBuildDense measures resolution and reduction on dependency
// lists as long as the input: every resource recording every other (one
// big cycle) and a chain recorded as Terraform does, transitively (each
// resource lists all those before it).
func BenchmarkBuildDense(b *testing.B) {
	shapes := []struct {
		name string
		edge func(i, j int) bool
	}{
		{"complete", func(i, j int) bool { return true }},
		{"chain", func(i, j int) bool { return j < i }},
	}
	for _, s := range shapes {
		for _, n := range []int{100, 200, 400} {
			b.Run(fmt.Sprintf("%s-%d", s.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					b.StopTimer()
					insts := denseInstances(b, n, s.edge)
					g := graph.New()
					b.StartTimer()
					if err := terraform.Build(insts, g, terraform.Options{File: "dense.tfstate", ID: func(a string) string { return a }}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
