package terraform

import (
	"slices"
	"strings"

	"github.com/blast-dev/blast/graph"
)

// Network egress: a subnet reaches the internet (or the rest of the
// network) through whatever its route table's default route points at. A
// private subnet in zone b whose route table sends 0.0.0.0/0 to a NAT
// gateway in zone a loses egress when zone a goes down, though nothing
// in zone b failed: the classic single-NAT single point of failure.
// Terraform records no such dependency (the subnet is created first, the
// association names both), so Build adds one edge per subnet and gateway
// that carries its default route, with a via starting with EgressVia;
// the platform knowledge says what kind it is (degradation, not failure).

// EgressVia begins the via of every edge from a subnet to the gateway
// that carries its default route.
const EgressVia = "egress"

// defaultRoutes are the destinations that make a route the way out.
var defaultRoutes = map[string]bool{"0.0.0.0/0": true, "::/0": true}

// routeTargets are the attributes of an AWS route (an inline route block
// or an aws_route) that name where the traffic goes, in the order read.
var routeTargets = []string{"nat_gateway_id", "gateway_id", "transit_gateway_id",
	"egress_only_gateway_id", "network_interface_id", "instance_id"}

// gatewayTypes are the resource types a default route may lead to, for
// plans whose identifiers are unknown until apply: then the route's own
// recorded dependencies of these types say where it leads.
var gatewayTypes = map[string]bool{
	"aws_nat_gateway": true, "aws_internet_gateway": true, "aws_ec2_transit_gateway": true,
	"aws_egress_only_internet_gateway": true, "aws_network_interface": true, "aws_instance": true,
	"azurerm_nat_gateway": true, "google_compute_router_nat": true,
}

// subnetTypes are the subnets egress edges start from.
var subnetTypes = map[string]bool{"aws_subnet": true, "aws_default_subnet": true,
	"azurerm_subnet": true, "google_compute_subnetwork": true}

// routeTableTypes are the route tables default routes live in.
var routeTableTypes = map[string]bool{"aws_route_table": true, "aws_default_route_table": true}

// egressAttrs are the top-level attributes the egress rule reads; the
// importers that stream attributes keep them (NeededAttr).
var egressAttrs = map[string]bool{"route": true, "route_table_id": true, "subnet_id": true,
	"destination_cidr_block": true, "destination_ipv6_cidr_block": true, "nat_gateway_id": true,
	"gateway_id": true, "transit_gateway_id": true, "egress_only_gateway_id": true,
	"network_interface_id": true, "instance_id": true, "subnetwork": true,
	"source_subnetwork_ip_ranges_to_nat": true, "router": true, "network": true}

// hop is one default route: from a route table (or, for Azure and GCP, a
// subnet) to a gateway, each named by identifier, or by instance when
// the plan leaves the identifier unknown.
type hop struct {
	from, to       *Instance
	fromID, toID   string
	attr, dest, by string // the attribute naming the target, the destination, the resource holding it
}

// association ties a subnet to a route table.
type association struct {
	in                 *Instance
	subnetID, tableID  string
	subnet, routeTable *Instance
}

// egress holds what the egress rule read from a load's instances before
// their attributes were dropped.
type egress struct {
	hops   []hop
	assocs []association
	byID   map[string]*Instance // identifiers of subnets, route tables and gateways
	// allSubnets lists, per GCP Cloud NAT, that it serves every subnetwork
	// of its region (source_subnetwork_ip_ranges_to_nat = ALL_...)
	allSubnets []*Instance
}

// egressType reports whether the egress rule reads instances of a mode
// and type (addEgress skips every other).
func egressType(mode, t string) bool {
	return mode != "data" && (subnetTypes[t] || routeTableTypes[t] || gatewayTypes[t] ||
		strings.Contains(t, "route") || strings.HasSuffix(t, "_association"))
}

// addEgress reads an instance's default routes, route-table associations
// and NAT associations from its attributes into e (made at the first
// instance the rule reads) and returns e. Build calls it in its first
// pass, in instance order, for the instances egressType says the rule
// reads (it asks once a run of one type).
func addEgress(e *egress, in *Instance) *egress {
	t := in.Type
	if e == nil {
		e = &egress{byID: map[string]*Instance{}}
	}
	if id := in.Attrs.String("id"); id != "" && (subnetTypes[t] || routeTableTypes[t] || gatewayTypes[t]) {
		e.byID[id] = in
		if l := in.Attrs.String("self_link"); l != "" {
			e.byID[l] = in
		}
	}
	switch t {
	case "aws_route_table", "aws_default_route_table":
		for _, r := range blocks(in.Attrs.Get("route")) {
			dest := str(r["cidr_block"])
			if dest == "" {
				dest = str(r["ipv6_cidr_block"])
			}
			if !defaultRoutes[dest] {
				continue
			}
			h := hop{from: in, attr: "route", dest: dest, by: in.Address}
			for _, k := range routeTargets {
				if v := str(r[k]); v != "" {
					h.toID, h.attr = v, "route."+k
					break
				}
			}
			e.hops = append(e.hops, h)
		}
	case "aws_route":
		dest := in.Attrs.String("destination_cidr_block")
		if dest == "" {
			dest = in.Attrs.String("destination_ipv6_cidr_block")
		}
		if !defaultRoutes[dest] {
			return e
		}
		h := hop{fromID: in.Attrs.String("route_table_id"), dest: dest, by: in.Address, from: in}
		for _, k := range routeTargets {
			if v := in.Attrs.String(k); v != "" {
				h.toID, h.attr = v, k
				break
			}
		}
		if h.attr == "" {
			h.attr = graph.ViaRecorded + ", its target unknown until apply"
		}
		e.hops = append(e.hops, h)
	case "aws_route_table_association":
		if s := in.Attrs.String("subnet_id"); s != "" || in.Attrs.Get("gateway_id") == nil {
			e.assocs = append(e.assocs, association{in: in, subnetID: s, tableID: in.Attrs.String("route_table_id")})
		}
	case "azurerm_subnet_nat_gateway_association":
		e.hops = append(e.hops, hop{from: in, fromID: in.Attrs.String("subnet_id"),
			toID: in.Attrs.String("nat_gateway_id"), attr: "nat_gateway_id", dest: "0.0.0.0/0", by: in.Address})
	case "google_compute_router_nat":
		if strings.HasPrefix(in.Attrs.String("source_subnetwork_ip_ranges_to_nat"), "ALL_SUBNETWORKS") {
			e.allSubnets = append(e.allSubnets, in)
		}
		for _, s := range blocks(in.Attrs.Get("subnetwork")) {
			if name := str(s["name"]); name != "" {
				e.hops = append(e.hops, hop{fromID: name, to: in, attr: "subnetwork.name", dest: "0.0.0.0/0", by: in.Address})
			}
		}
	}
	return e
}

// edges returns one edge from each subnet to each gateway its default
// route goes through, resolved by identifier, or through the recorded
// dependencies (deps, by instance order) where a plan leaves identifiers
// unknown; ids are the node IDs by instance order.
func (e *egress) edges(insts []*Instance, deps [][]*Instance, ids []string) []graph.Edge {
	if e == nil {
		return nil
	}
	depOf := func(in *Instance, types map[string]bool) []*Instance {
		var out []*Instance
		for _, d := range deps[in.ord] {
			if types[d.Type] {
				out = append(out, d)
			}
		}
		return out
	}
	one := func(id string, in *Instance, types map[string]bool) []*Instance {
		if x := e.byID[id]; x != nil && types[x.Type] {
			return []*Instance{x}
		}
		if id != "" || in == nil {
			// named, but by something outside this input: another
			// state's gateway, linked (if at all) by value across states
			return nil
		}
		// unknown until apply (a plan): the recorded dependencies of
		// the right type say which
		return depOf(in, types)
	}
	// gateways per route table
	type via struct {
		to   *Instance
		text string
	}
	byTable := map[*Instance][]via{}
	var out []graph.Edge
	add := func(subnet, gw *Instance, text string) {
		if subnet == nil || gw == nil || subnet == gw {
			return
		}
		out = append(out, graph.Edge{From: ids[subnet.ord], To: ids[gw.ord], Kind: graph.Hard, Via: text})
	}
	for _, h := range e.hops {
		switch {
		case h.from != nil && routeTableTypes[h.from.Type]:
			for _, gw := range one(h.toID, h.from, gatewayTypes) {
				byTable[h.from] = append(byTable[h.from], via{gw, h.attr})
			}
		case h.from != nil && h.from.Type == "aws_route":
			for _, rt := range one(h.fromID, h.from, routeTableTypes) {
				for _, gw := range one(h.toID, h.from, gatewayTypes) {
					byTable[rt] = append(byTable[rt], via{gw, h.by + " " + h.attr})
				}
			}
		case h.from != nil: // azurerm_subnet_nat_gateway_association
			for _, s := range one(h.fromID, h.from, subnetTypes) {
				for _, gw := range one(h.toID, h.from, gatewayTypes) {
					add(s, gw, EgressVia+" ("+h.dest+" through "+h.by+" "+h.attr+")")
				}
			}
		default: // a Cloud NAT naming its subnetworks
			for _, s := range gcpSubnets(e, h.fromID) {
				add(s, h.to, EgressVia+" ("+h.dest+" through "+h.by+" "+h.attr+")")
			}
		}
	}
	for _, a := range e.assocs {
		subnets := one(a.subnetID, a.in, subnetTypes)
		tables := one(a.tableID, a.in, routeTableTypes)
		for _, rt := range tables {
			for _, v := range byTable[rt] {
				for _, s := range subnets {
					add(s, v.to, EgressVia+" ("+"default route of "+rt.Address+", "+v.text+")")
				}
			}
		}
	}
	for _, nat := range e.allSubnets {
		region := nat.node.Placement.Region
		for _, in := range insts {
			if in.Type == "google_compute_subnetwork" && in.Mode != "data" && region != "" && in.node.Placement.Region == region {
				add(in, nat, EgressVia+" (every subnetwork of "+region+" through "+nat.Address+")")
			}
		}
	}
	slices.SortFunc(out, func(a, b graph.Edge) int {
		if c := strings.Compare(a.From, b.From); c != 0 {
			return c
		}
		return strings.Compare(a.To, b.To)
	})
	return slices.CompactFunc(out, func(a, b graph.Edge) bool { return a.From == b.From && a.To == b.To })
}

// gcpSubnets returns the subnetworks a Cloud NAT names by self link.
func gcpSubnets(e *egress, link string) []*Instance {
	if s := e.byID[link]; s != nil && s.Type == "google_compute_subnetwork" {
		return []*Instance{s}
	}
	return nil
}

// blocks returns the objects of a nested block (a list or set of them).
func blocks(v any) []map[string]any {
	list, _ := v.([]any)
	var out []map[string]any
	for _, x := range list {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
