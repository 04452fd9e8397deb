package importers

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// TestCheckPrintableFirstInOrder: in a graph large enough to be checked
// on every core, the error names the first bad node in ID order, on one
// core and on several.
func TestCheckPrintableFirstInOrder(t *testing.T) {
	g := graph.New()
	for i := 0; i < 20000; i++ {
		n := &graph.Node{ID: fmt.Sprintf("aws_vpc.v%05d", i), Kind: graph.KindResource, Type: "aws_vpc", Source: graph.Source{File: "s.tfstate"}}
		switch i {
		case 17000:
			n.Name = "late\x1b[31m"
		case 9000:
			n.Name = "first\x07"
		}
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	prev := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(prev)
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		err := checkPrintable(g, nil)
		if err == nil || !strings.Contains(err.Error(), `name "first\a"`) {
			t.Errorf("%d cores: %v, want the error of aws_vpc.v09000", procs, err)
		}
	}
}
