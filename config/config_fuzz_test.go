package config

import "testing"

// FuzzParse checks that any blast.toml content parses or fails with an
// error, and that decoding a section never panics.
func FuzzParse(f *testing.F) {
	f.Add("[[scenario]]\nname = \"x\"\ndown = [\"aws:us-east-1\"]\n")
	f.Add("[k8s]\ncluster = \"aws_eks_cluster.main\"\n")
	f.Add("[[platform.override]]\nmatch = \"aws_foo_*\"\nscope = \"regional\"\n")
	f.Add("x = [1, 2\n")
	f.Fuzz(func(t *testing.T, src string) {
		file, err := Parse("blast.toml", []byte(src))
		if err != nil {
			return
		}
		var v map[string]any
		for s := range Sections {
			_ = file.Decode(s, &v)
		}
	})
}
