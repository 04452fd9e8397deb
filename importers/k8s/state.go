package k8s

// state is what the importer read from every Kubernetes input of one
// load, kept in the load's session for the linker: references can only
// be resolved once every input is in (one file per object is common). It
// holds ConfigMap data and env values in memory until the linker runs,
// never on nodes.
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
