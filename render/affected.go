package render

import (
	"fmt"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// hideConfiguration takes out of a diagram's selection the affected
// configuration objects (security groups, policies, attachments,
// templates) that no drawn serving node's explanation passes through: they are affected, not
// failed, and drawn only with --show-affected. Those on a chain stay, so
// that every drawn chain is whole; a --focus neighbourhood is drawn whole.
// It returns how many it took out.
func hideConfiguration(r *Report, include []bool, focus string) int {
	res := r.Result
	if res == nil || r.ShowAffected || focus != "" {
		return 0
	}
	explains := map[string]bool{}
	for _, im := range res.Impacts {
		if im.Configuration {
			continue
		}
		if i, ok := r.Graph.Index(im.ID); !ok || !include[i] {
			continue
		}
		for _, chain := range [][]analyzer.Step{im.Chain, im.FrozenChain} {
			for _, s := range chain {
				explains[s.Node] = true
			}
		}
	}
	hidden := 0
	for i, n := range r.Graph.Nodes() {
		if !include[i] || explains[n.ID] || !r.Analyzer.Configuration(n.ID) {
			continue
		}
		if _, hit := res.Impact(n.ID); !hit {
			continue // healthy: drawn where the view draws healthy nodes
		}
		if n.Kind == graph.KindResource {
			include[i] = false
			hidden++
		}
	}
	return hidden
}

// hiddenNote says what hideConfiguration left out.
func hiddenNote(n int) string {
	return fmt.Sprintf("%s not drawn (--show-affected draws them)",
		plural(n, "1 affected configuration object", fmt.Sprintf("%d affected configuration objects", n)))
}
