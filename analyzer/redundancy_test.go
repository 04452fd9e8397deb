package analyzer

import (
	"testing"

	"github.com/blast-dev/blast/graph"
)

func TestNeeded(t *testing.T) {
	for _, tc := range []struct {
		name             string
		declared, n, out int
	}{
		{"any one of three", 1, 3, 1},
		{"two of three", 2, 3, 2},
		{"need larger than n is all of them", 5, 3, 3},
		{"need below one is one", 0, 3, 1},
		{"negative need is one", -2, 3, 1},
		{"an empty group needs one", 2, 0, 1},
	} {
		if got := needed(tc.declared, tc.n); got != tc.out {
			t.Errorf("%s: needed(%d, %d) = %d, want %d", tc.name, tc.declared, tc.n, got, tc.out)
		}
	}
}

func TestNeedFrom(t *testing.T) {
	for _, tc := range []struct {
		spec string
		n    int
		want int
	}{
		{"", 3, 1}, {"1", 3, 1},
		{"majority", 3, 2}, {"majority", 4, 3}, {"majority", 5, 3}, {"majority", 2, 2}, {"majority", 1, 1},
		{"2", 3, 2}, {"7", 3, 3},
		{"0", 3, 1}, {"-1", 3, 1}, {"most", 3, 1},
	} {
		if got := needFrom(tc.spec, tc.n); got != tc.want {
			t.Errorf("needFrom(%q, %d) = %d, want %d", tc.spec, tc.n, got, tc.want)
		}
	}
}

func TestGroupState(t *testing.T) {
	for _, tc := range []struct {
		name                string
		kind                graph.EdgeKind
		n, need, dead, sick int
		want                State
	}{
		{"all serving", graph.Hard, 3, 1, 0, 0, Healthy},
		{"one of three lost, any one needed", graph.Hard, 3, 1, 1, 0, Degraded},
		{"all lost", graph.Hard, 3, 1, 3, 0, Failed},
		{"a member degraded", graph.Hard, 3, 1, 0, 1, Degraded},
		{"majority of three keeps two", graph.Hard, 3, needFrom("majority", 3), 1, 0, Degraded},
		{"majority of three loses with two down", graph.Hard, 3, needFrom("majority", 3), 2, 0, Failed},
		{"majority of four loses with two down", graph.Hard, 4, needFrom("majority", 4), 2, 0, Failed},
		{"need larger than n: any loss fails", graph.Hard, 3, 5, 1, 0, Failed},
		{"need larger than n: all serving", graph.Hard, 3, 5, 0, 0, Healthy},
		{"need zero counts as one", graph.Hard, 2, 0, 1, 0, Degraded},
		{"soft group all lost only degrades", graph.Soft, 2, 1, 2, 0, Degraded},
		{"soft group one lost degrades", graph.Soft, 2, 1, 1, 0, Degraded},
		{"soft group healthy", graph.Soft, 2, 1, 0, 0, Healthy},
		{"empty hard group fails", graph.Hard, 0, 1, 0, 0, Failed},
		{"empty soft group degrades", graph.Soft, 0, 1, 0, 0, Degraded},
	} {
		if got := groupState(tc.kind, tc.n, tc.need, tc.dead, tc.sick); got != tc.want {
			t.Errorf("%s: groupState(%s, n=%d, need=%d, dead=%d, sick=%d) = %s, want %s",
				tc.name, tc.kind, tc.n, tc.need, tc.dead, tc.sick, got, tc.want)
		}
	}
}
