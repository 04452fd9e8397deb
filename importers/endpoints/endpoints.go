// Package endpoints links application components to the cloud resources
// their configuration names. An importer that reads a component's
// configuration (Kubernetes env values, compose environment, ...) hands the
// values over with Offer; after every input is imported, the "values"
// linker matches them against the identities of the imported Terraform
// resources (database and cache endpoints, queue URLs, ARNs, bucket and
// table names, Kafka brokers, DNS record names) and adds an edge from the
// component to each resource a value names.
//
// Offered values are kept in the load's session, outside the graph's
// nodes, are never rendered, and are dropped once matched: configuration
// values may hold secrets.
package endpoints

import (
	"sort"
	"strings"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

// maxValue bounds the length of an offered value; longer values are
// documents (certificates, scripts), not endpoints.
const maxValue = 4096

type offer struct {
	node, via, value string
}

// offers are the values offered in one load, its session's state of this
// package.
type offers struct{ list []offer }

func newOffers() *offers { return &offers{} }

// Offer records a configuration value of node nodeID, in the load of
// session s, for matching against cloud endpoints. via names where the
// value came from and becomes the edge's Via ("env:DATABASE_HOST"); it
// must not contain the value. Values under keys that look secret (see
// Sensitive) are ignored. The value is held in the session, outside the
// node, until the linker has run, and dropped with the session if it
// never does.
func Offer(s *importers.Session, nodeID, via, value string) {
	value = strings.TrimSpace(value)
	if s == nil || nodeID == "" || value == "" || len(value) > maxValue || Sensitive(via) {
		return
	}
	o := importers.State(s, newOffers)
	o.list = append(o.list, offer{node: nodeID, via: via, value: value})
}

// sensitiveParts and sensitiveLast mark configuration keys whose values
// are secrets; such values are neither read for references nor matched.
var (
	sensitiveParts = []string{"PASSWORD", "PASSWD", "SECRET", "PRIVATE_KEY", "PRIVATEKEY", "CREDENTIAL"}
	sensitiveLast  = map[string]bool{"TOKEN": true, "KEY": true, "APIKEY": true, "PWD": true, "PASS": true,
		"PASSPHRASE": true, "SALT": true, "CERT": true, "PEM": true}
)

// Sensitive reports whether a configuration key (or a Via such as
// "env:DB_PASSWORD") names a secret, whose value must not be read:
// it contains PASSWORD, SECRET, PRIVATE_KEY or CREDENTIAL, or ends in
// TOKEN, KEY, PASS, ...
func Sensitive(key string) bool {
	k := strings.ToUpper(key)
	for _, w := range sensitiveParts {
		if strings.Contains(k, w) {
			return true
		}
	}
	parts := strings.FieldsFunc(k, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') })
	return len(parts) > 0 && sensitiveLast[parts[len(parts)-1]]
}

// Linker matches offered values against resource identities. It is named
// "values"; package formats runs it after the importers' own linkers
// ("k8s", ...), which offer values while they resolve references across
// inputs.
type Linker struct{}

// Name implements importers.Linker.
func (Linker) Name() string { return "values" }

// Link implements importers.Linker: one hard edge per resource a value
// names, Via the offer's via.
func (Linker) Link(s *importers.Session) error {
	o := importers.Take[offers](s)
	if o == nil || len(o.list) == 0 {
		return nil
	}
	g, list := s.Graph, o.list
	ix := NewIndex(g)
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].node != list[j].node {
			return list[i].node < list[j].node
		}
		return list[i].via < list[j].via
	})
	for _, o := range list {
		if _, ok := g.Node(o.node); !ok {
			continue
		}
		for _, to := range ix.Match(o.value) {
			if err := g.AddEdge(graph.Edge{From: o.node, To: to, Kind: graph.Hard, Via: o.via}); err != nil {
				return err
			}
		}
	}
	return nil
}
