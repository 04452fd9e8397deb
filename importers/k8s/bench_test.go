package k8s_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// BenchmarkLoad imports a synthetic system of n workloads, each with its
// Service and env references to the next three.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{100, 2000} {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			env := ""
			for j := 1; j <= 3; j++ {
				env += fmt.Sprintf("- {name: S%d_ADDR, value: \"svc-%d:80\"}\n", j, (i+j)%n)
			}
			sb.WriteString(deploy("default", fmt.Sprintf("svc-%d", i), "env:\n"+env, ""))
			sb.WriteString("---\n")
			sb.WriteString(svc("default", fmt.Sprintf("svc-%d", i), fmt.Sprintf("svc-%d", i)))
			sb.WriteString("---\n")
		}
		fsys := fstest.MapFS{"all.yaml": &fstest.MapFile{Data: []byte(sb.String())}}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				res, err := importers.Load([]string{"all.yaml"}, formats.Defaults(importers.Options{FS: fsys}))
				if err != nil || res.Graph.EdgeCount() != 4*n {
					b.Fatalf("%v %d edges", err, res.Graph.EdgeCount())
				}
			}
		})
	}
}
