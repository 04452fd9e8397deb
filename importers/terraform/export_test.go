package terraform

// WithoutReduction runs fn with the transitive reduction of recorded
// dependencies turned off.
func WithoutReduction(fn func()) {
	old := reduceEdges
	reduceEdges = false
	defer func() { reduceEdges = old }()
	fn()
}
