// Package crossstate links the Terraform states and plans of one load to
// each other: an organisation keeps many states that name each other's
// resources. The Terraform importers record, per input, the identifier
// leaves of each instance, its terraform_remote_state data sources and
// its root outputs (Recorder, AddOutput); once every input is in, the
// Linker joins them through one index of identity values, never by
// comparing pairs:
//
//   - the same resource managed in two states (an import gone wrong)
//     becomes one node, with a warning naming both;
//   - a dependent of data.terraform_remote_state.x whose values are
//     outputs of the state x reads gets an edge to the resources of that
//     state holding them ("vpc_id (outputs.vpc of
//     data.terraform_remote_state.x, from network.tfstate)"); the state
//     is the input the caller names for it (Linker.RemoteStates), else
//     the one its backend configuration names (path, key, workspace),
//     else the one input whose outputs are those the data source read;
//     when that state's output is unknown until apply (a plan) or its
//     value is held by no resource or by several, the output's
//     expression in the configuration names the resource instead, when
//     it resolves to one (AddOutputProducer; "vpc_id (outputs.vpc of
//     data.terraform_remote_state.x, from network.json: output
//     expression)");
//   - a data source that reads a resource another input manages stands
//     for it: its dependents get edges to that resource, and the data
//     source is left with none;
//   - an attribute holding an ID, ARN, link, host name or bucket name of
//     a resource managed in another input is an edge to it ("peer_vpc_id
//     (value of module.vpc.aws_vpc.this in source.tfstate)").
package crossstate

import (
	"sync"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/terraform"
)

// links is the load's record of every Terraform input, kept in the
// session until the Linker takes it.
type links struct {
	mu     sync.Mutex
	inputs map[string]*input // by input name
}

// input is what one state or plan offers the linker.
type input struct {
	name    string
	insts   []terraform.LinkInfo // those with leaves or remote-state attributes
	outputs map[string][]string  // root output → its string leaves (not sensitive ones)
	// producers are, by root output, the node IDs its expression in the
	// configuration resolves to (a plan, a state with configuration);
	// unknown holds the outputs a plan leaves unknown until apply
	producers map[string][]string
	unknown   map[string]bool
}

func (l *links) of(name string) *input {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.inputs == nil {
		l.inputs = map[string]*input{}
	}
	in := l.inputs[name]
	if in == nil {
		in = &input{name: name}
		l.inputs[name] = in
	}
	return in
}

// Recorder returns the function a Terraform importer sets as
// terraform.Options.Link for an input, recording what the linker needs
// in the load's session; nil outside a load.
func Recorder(in importers.Input) func(terraform.LinkInfo) {
	if in.Session == nil {
		return nil
	}
	rec := importers.State(in.Session, func() *links { return &links{} }).of(in.Name)
	return func(li terraform.LinkInfo) {
		if len(li.Leaves) > 0 || li.Attrs != nil {
			rec.insts = append(rec.insts, li)
		}
	}
}

// LinkOptions returns the options of terraform.Build that feed the
// linker an input's instances: Link (Recorder), and SkipLinkLeaves in a
// load of one input. The linker joins inputs to each other, so there the
// identity leaves of every instance would be kept for nothing (a fifth of
// the live heap while a large state is built); its remote-state data
// sources are still recorded, for the names --remote-state gives.
func LinkOptions(in importers.Input, opt terraform.Options) terraform.Options {
	opt.Link = Recorder(in)
	opt.SkipLinkLeaves = in.Session != nil && in.Session.Inputs == 1
	return opt
}

// AddOutput records one root output of an input's state: its string
// leaves, which the linker matches, never shows. Sensitive outputs are
// not recorded.
func AddOutput(in importers.Input, name string, value any, sensitive bool) {
	if in.Session == nil || sensitive {
		return
	}
	rec := importers.State(in.Session, func() *links { return &links{} }).of(in.Name)
	if rec.outputs == nil {
		rec.outputs = map[string][]string{}
	}
	rec.outputs[name] = stringLeaves(value, rec.outputs[name])
}

// AddOutputProducer records what produces one root output of an input,
// from its expression in the configuration: the node IDs of the
// resources it resolves to, and whether its value is unknown until
// apply. The linker uses it when the output's value cannot say which
// resource holds it.
func AddOutputProducer(in importers.Input, name string, ids []string, unknown bool) {
	if in.Session == nil || (len(ids) == 0 && !unknown) {
		return
	}
	rec := importers.State(in.Session, func() *links { return &links{} }).of(in.Name)
	if rec.producers == nil {
		rec.producers, rec.unknown = map[string][]string{}, map[string]bool{}
	}
	if len(ids) > 0 {
		rec.producers[name] = ids
	}
	if unknown {
		rec.unknown[name] = true
	}
}

// stringLeaves appends the strings in a decoded JSON value.
func stringLeaves(v any, out []string) []string {
	switch x := v.(type) {
	case string:
		if len(x) >= 3 {
			out = append(out, x)
		}
	case []any:
		for _, e := range x {
			out = stringLeaves(e, out)
		}
	case map[string]any:
		for _, e := range x {
			out = stringLeaves(e, out)
		}
	}
	return out
}
