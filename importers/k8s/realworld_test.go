package k8s_test

import (
	"testing"

	"github.com/blast-dev/blast/importers"
)

func TestRealworldOnlineBoutique(t *testing.T) {
	p := realworld(t, "k8s/online-boutique-kubernetes-manifests.yaml")
	res, err := importers.Load([]string{p}, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	t.Log("\n" + g.String())
	for _, e := range edges(g) {
		t.Log(e)
	}
	for _, w := range warnings(g) {
		t.Log(w)
	}
}
