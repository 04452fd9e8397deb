package importers

import (
	"reflect"
	"sync"

	"github.com/blast-dev/blast/graph"
)

// Session is one load: the graph being built and what each format keeps
// between importing its inputs and linking them (references that can only
// be resolved once every input is in). Load makes one per call, hands it
// to every importer (as Input.Session) and to every linker, and drops it
// when it returns, so that nothing read from the inputs outlives the load.
//
// A format keeps its state in a type of its own, unexported, reached with
// State and Take: the type is the key, so a format's state is typed and
// no other package can read or replace it.
type Session struct {
	// Graph is the graph every input of the load is imported into.
	Graph *graph.Graph
	// Inputs is how many inputs the load imports, all formats together,
	// when known (Load sets it before the first import; 0 is unknown):
	// a format that records what only links inputs to each other needs
	// not record it for a load of one.
	Inputs int

	mu    sync.Mutex
	state map[reflect.Type]any
}

// NewSession returns a session building g.
func NewSession(g *graph.Graph) *Session { return &Session{Graph: g} }

// State returns the session's value of type T, made with create the first
// time a format asks for it. With a nil session (an importer called
// outside a load), it returns a fresh value that is kept nowhere.
func State[T any](s *Session, create func() *T) *T {
	if s == nil {
		return create()
	}
	key := reflect.TypeFor[T]()
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.state[key]; ok {
		return v.(*T)
	}
	v := create()
	if s.state == nil {
		s.state = map[reflect.Type]any{}
	}
	s.state[key] = v
	return v
}

// Take removes the session's value of type T and returns it, or nil when
// no importer made one: a linker takes its format's state, so that what
// it held (configuration values among them) is dropped once linked.
func Take[T any](s *Session) *T {
	if s == nil {
		return nil
	}
	key := reflect.TypeFor[T]()
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.state[key]
	if !ok {
		return nil
	}
	delete(s.state, key)
	return v.(*T)
}
