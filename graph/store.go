package graph

import (
	"errors"

	dgraph "github.com/dominikbraun/graph"
)

// errReadOnly is returned when the model is changed directly.
var errReadOnly = errors.New("graph: the dominikbraun model is read-only; use Graph.AddNode and Graph.AddEdge")

// modelStore is the dominikbraun/graph Store behind Graph.Model: a view
// of the graph's own vertices and edge lists, so that the library's
// algorithms work on them without a second copy of the graph (its memory
// store keeps two maps per vertex and an attribute map per edge).
type modelStore struct{ g *Graph }

var _ dgraph.Store[string, *Node] = modelStore{}

func (s modelStore) AddVertex(string, *Node, dgraph.VertexProperties) error { return errReadOnly }

func (s modelStore) Vertex(id string) (*Node, dgraph.VertexProperties, error) {
	if v := s.g.vertexOf(id); v != nil && v.node != nil {
		return v.node, dgraph.VertexProperties{}, nil
	}
	return nil, dgraph.VertexProperties{}, dgraph.ErrVertexNotFound
}

func (s modelStore) RemoveVertex(string) error { return errReadOnly }

func (s modelStore) ListVertices() ([]string, error) {
	return append([]string(nil), s.g.IDs()...), nil
}

func (s modelStore) VertexCount() (int, error) { return s.g.nodes, nil }

func (s modelStore) AddEdge(string, string, dgraph.Edge[string]) error { return errReadOnly }

func (s modelStore) UpdateEdge(string, string, dgraph.Edge[string]) error { return errReadOnly }

func (s modelStore) RemoveEdge(string, string) error { return errReadOnly }

func (s modelStore) Edge(from, to string) (dgraph.Edge[string], error) {
	if v := s.g.vertexOf(from); v != nil {
		for k := range v.out.es {
			if e := &v.out.es[k]; e.kind != 0 && s.g.verts[e.to].node.ID == to {
				return modelEdge(s.g.edge(v, e)), nil
			}
		}
	}
	return dgraph.Edge[string]{}, dgraph.ErrEdgeNotFound
}

func (s modelStore) ListEdges() ([]dgraph.Edge[string], error) {
	out := make([]dgraph.Edge[string], 0, s.g.edges)
	s.g.IDs() // sorts the vertices' list
	for _, ix := range s.g.vlist {
		v := s.g.verts[ix]
		for k := range v.out.es {
			out = append(out, modelEdge(s.g.edge(v, &v.out.es[k])))
		}
	}
	return out, nil
}

// modelEdge shows an edge to the library, its kind as an attribute.
func modelEdge(e Edge) dgraph.Edge[string] {
	return dgraph.Edge[string]{Source: e.From, Target: e.To,
		Properties: dgraph.EdgeProperties{Attributes: map[string]string{"kind": e.Kind.String()}}}
}
