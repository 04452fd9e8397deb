package render

import "testing"

// A --format a view has not, or a --chart matrix does not draw, is one
// line listing what there is.
func TestCheckFormatAndChart(t *testing.T) {
	if err := CheckFormat(ViewWhy, "json"); err != nil {
		t.Errorf("why json: %v", err)
	}
	if err := CheckFormat(ViewWhy, "yaml"); err == nil || err.Error() != `--format: unknown format "yaml" (want text or json)` {
		t.Errorf("why yaml: %v", err)
	}
	for _, c := range []string{"all", "heatmap", "ranking"} {
		if err := CheckChart(c); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
	if err := CheckChart("pie"); err == nil || err.Error() != `--chart: unknown chart "pie" (want all, heatmap or ranking)` {
		t.Errorf("pie: %v", err)
	}
}
