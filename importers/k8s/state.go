package k8s

import (
	"runtime"
	"sync"
	"weak"

	"github.com/blast-dev/blast/graph"
)

// state is what the importer read from every Kubernetes input of one
// graph, kept for the linker: references can only be resolved once every
// input is in (one file per object is common). It holds ConfigMap data
// and env values in memory until the linker runs, never on nodes.
type state struct {
	workloads  []*workload
	services   map[string]*service // by namespace/name
	ingresses  []*ingress
	routes     []*route                     // Istio VirtualServices and DestinationRules
	configMaps map[string]map[string]string // namespace/name → data
	// nsCluster holds the blast.dev/cluster annotation of Namespace objects.
	nsCluster  map[string]string
	namespaces map[string]bool // every namespace the inputs mention
	// first records where each node was defined, for duplicate warnings.
	first map[string]string
}

func newState() *state {
	return &state{services: map[string]*service{}, configMaps: map[string]map[string]string{},
		nsCluster: map[string]string{}, namespaces: map[string]bool{}, first: map[string]string{}}
}

var (
	statesMu sync.Mutex
	states   = map[weak.Pointer[graph.Graph]]*state{}
)

// stateFor returns the state of g, creating it. An entry whose graph is
// collected without being linked is dropped with it.
func stateFor(g *graph.Graph) *state {
	k := weak.Make(g)
	statesMu.Lock()
	defer statesMu.Unlock()
	st := states[k]
	if st == nil {
		st = newState()
		states[k] = st
		runtime.AddCleanup(g, dropState, k)
	}
	return st
}

func dropState(k weak.Pointer[graph.Graph]) {
	statesMu.Lock()
	delete(states, k)
	statesMu.Unlock()
}

// takeState removes and returns the state of g, or nil.
func takeState(g *graph.Graph) *state {
	k := weak.Make(g)
	statesMu.Lock()
	defer statesMu.Unlock()
	st := states[k]
	delete(states, k)
	return st
}
