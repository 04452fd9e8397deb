package tfjson

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	tfj "github.com/hashicorp/terraform-json"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/crossstate"
	"github.com/blast-dev/blast/importers/terraform"
)

// Attributes whose unknown value leaves a placement unknown until apply.
var (
	zoneKeys   = []string{"availability_zone", "availability_zone_id", "availability_zones", "zone", "zones", "node_locations"}
	regionKeys = []string{"region", "location", "arn", "self_link"}
)

// built is one instance with what the plan says about it beyond its
// values.
type built struct {
	inst    *terraform.Instance
	action  string
	unknown map[string]bool // top-level attributes unknown until apply
}

// build adds the document's graph to g: the state, a plan's after side,
// or (when the plan has no planned values) its prior state.
func (d *document) build(in importers.Input, g *graph.Graph) error {
	cfg := newConfigIndex(d.Config, d.Variables)
	var items []built
	var err error
	// data sources a plan read (prior_state holds them, planned_values
	// does not): dependencies on them are expected, not missing
	read := map[string]bool{}
	switch {
	case d.PlannedValues != nil:
		prior := map[string][]string{}
		if d.PriorState != nil && d.PriorState.Values != nil {
			walkModules(d.PriorState.Values.RootModule, func(r *tfj.StateResource) {
				if r.DeposedKey == "" {
					prior[r.Address] = r.DependsOn
				}
				if r.Mode == tfj.DataResourceMode {
					read[terraform.ConfigAddress(r.Address)] = true
				}
			})
		}
		items, err = d.fromModules(d.PlannedValues.RootModule, cfg, prior, true)
	case len(d.changes) > 0 && (d.PriorState == nil || d.PriorState.Values == nil):
		items, err = d.fromChanges(cfg)
	case d.PriorState != nil && d.PriorState.Values != nil:
		items, err = d.fromModules(d.PriorState.Values.RootModule, cfg, nil, false)
	case d.Values != nil:
		items, err = d.fromModules(d.Values.RootModule, cfg, nil, false)
	default:
		return nil // a plan of an empty configuration, or an empty state
	}
	if err != nil {
		return err
	}
	insts := make([]*terraform.Instance, len(items))
	present := map[string]bool{}
	for i, it := range items {
		insts[i] = it.inst
		present[terraform.ConfigAddress(it.inst.Address)] = true
		// and the module paths holding it, which a bare module
		// reference or a depends_on on a module names
		segs := splitRef(terraform.ConfigAddress(it.inst.Address))
		for j := 0; j+1 < len(segs) && segs[j] == "module"; j += 2 {
			present[strings.Join(segs[:j+2], ".")] = true
		}
	}
	// configuration references to resources the side does not hold (a
	// count of 0, data sources read at apply) are expected: drop them
	for _, in := range insts {
		if len(read) > 0 {
			deps := in.Deps[:0:0]
			for _, dep := range in.Deps {
				if c := terraform.ConfigAddress(dep); present[c] || !read[c] {
					deps = append(deps, dep)
				}
			}
			in.Deps = deps
		}
		if in.Plan == nil {
			continue
		}
		refs := in.Plan.Refs[:0:0]
		for _, r := range in.Plan.Refs {
			if present[r.Config] {
				refs = append(refs, r)
			}
		}
		in.Plan.Refs = refs
	}
	for _, v := range []*values{d.Values, d.PlannedValues} {
		if v == nil && d.PriorState != nil {
			v = d.PriorState.Values
		}
		if v != nil {
			for name, o := range v.Outputs {
				if o != nil {
					crossstate.AddOutput(in, name, o.Value, o.Sensitive)
				}
			}
		}
	}
	if err := terraform.Build(insts, g, crossstate.LinkOptions(in, terraform.Options{File: in.Name, ID: in.NodeID})); err != nil {
		return err
	}
	d.recordOutputProducers(in, cfg, insts)
	for _, it := range items {
		n, ok := g.Node(in.NodeID(it.inst.Address))
		if !ok {
			continue
		}
		if it.action != "" {
			setLabel(n, LabelAction, it.action)
		}
		markUnknown(n, it.unknown)
	}
	return nil
}

func setLabel(n *graph.Node, k, v string) {
	if n.Labels == nil {
		n.Labels = map[string]string{}
	}
	n.Labels[k] = v
}

// markUnknown records a placement that stays unknown because the values
// that would give it are unknown until apply.
func markUnknown(n *graph.Node, unknown map[string]bool) {
	if len(unknown) == 0 || n.Mode == graph.ModeData {
		return
	}
	p := &n.Placement
	var parts, keys []string
	if p.Region == "" && len(p.Regions) == 0 {
		if k := anyKey(unknown, regionKeys); len(k) > 0 {
			parts, keys = append(parts, "region"), append(keys, k...)
		}
	}
	if p.Zone == "" && p.ZoneID == "" && len(p.Zones) == 0 {
		if k := anyKey(unknown, zoneKeys); len(k) > 0 {
			parts, keys = append(parts, "zone"), append(keys, k...)
		}
	}
	if len(parts) == 0 {
		return
	}
	setLabel(n, LabelUnknown, strings.Join(parts, ","))
	p.Unknown = fmt.Sprintf("%s unknown until apply (%s)", strings.Join(parts, " and "), strings.Join(keys, ", "))
}

func anyKey(set map[string]bool, keys []string) []string {
	var out []string
	for _, k := range keys {
		if set[k] {
			out = append(out, k)
		}
	}
	return out
}

func walkModules(m *tfj.StateModule, fn func(*tfj.StateResource)) {
	var walk func(m *tfj.StateModule, depth int)
	walk = func(m *tfj.StateModule, depth int) {
		if m == nil || depth > 1000 {
			return
		}
		for _, r := range m.Resources {
			if r != nil {
				r.Address = fullAddress(m.Address, r)
				fn(r)
			}
		}
		for _, c := range m.ChildModules {
			walk(c, depth+1)
		}
	}
	walk(m, 0)
}

// fullAddress returns a resource's instance address. Terraform 0.12
// wrote some addresses without their module path or instance key
// (module.db's aws_instance.x[0] as "aws_instance.x"): they are built
// from the module's address and the resource's index.
func fullAddress(module string, r *tfj.StateResource) string {
	addr := r.Address
	if addr == "" || r.Type == "" || r.Name == "" {
		return addr
	}
	if module != "" && !strings.HasPrefix(addr, module+".") {
		addr = module + "." + addr
	}
	if r.Index != nil && !strings.HasSuffix(addr, "]") {
		switch k := r.Index.(type) {
		case float64:
			addr += "[" + strconv.FormatFloat(k, 'f', -1, 64) + "]"
		case string:
			addr += "[" + strconv.Quote(k) + "]"
		}
	}
	return addr
}

// fromModules reads the instances of a module tree (values of a state,
// planned values, or a prior state).
func (d *document) fromModules(root *tfj.StateModule, cfg *configIndex, prior map[string][]string, after bool) ([]built, error) {
	var out []built
	var err error
	walkModules(root, func(r *tfj.StateResource) {
		if err != nil || r.DeposedKey != "" {
			return
		}
		b, e := d.instance(resourceView{
			address: r.Address, mode: string(r.Mode), typ: r.Type, name: r.Name, index: r.Index,
			provider: r.ProviderName, attrs: r.AttributeValues, sensitive: sensitiveTop(r.SensitiveValues),
			deps: r.DependsOn,
		}, cfg, prior, after)
		if e != nil {
			err = e
			return
		}
		out = append(out, b)
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].inst.Address < out[j].inst.Address })
	return out, nil
}

// fromChanges reads a plan's after side from resource_changes alone, for
// plans without planned_values.
func (d *document) fromChanges(cfg *configIndex) ([]built, error) {
	var out []built
	for _, addr := range slices.Sorted(maps.Keys(d.changes)) {
		rc := d.changes[addr]
		if rc.Change == nil || rc.Change.Actions.Delete() {
			continue
		}
		attrs, _ := rc.Change.After.(map[string]any)
		b, err := d.instance(resourceView{
			address: rc.Address, mode: string(rc.Mode), typ: rc.Type, name: rc.Name, index: rc.Index,
			provider: rc.ProviderName, attrs: attrs,
		}, cfg, nil, true)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

type resourceView struct {
	address, mode, typ, name string
	index                    any
	provider                 string
	attrs                    map[string]any
	sensitive                map[string]bool
	deps                     []string
}

func (d *document) instance(r resourceView, cfg *configIndex, prior map[string][]string, after bool) (built, error) {
	if r.typ == "" || r.name == "" {
		return built{}, fmt.Errorf("resource %q: missing type or name", r.address)
	}
	mode := r.mode
	if mode == "" {
		mode = "managed"
	}
	if mode != "managed" && mode != "data" {
		return built{}, fmt.Errorf("resource %s: unknown mode %q", r.address, r.mode)
	}
	key := r.index
	switch key.(type) {
	case nil, string, float64:
	default:
		return built{}, fmt.Errorf("resource %s: index %v is neither a number nor a string", r.address, key)
	}
	addr := r.address
	if addr == "" {
		return built{}, fmt.Errorf("resource %s.%s: no address", r.typ, r.name)
	}
	module := terraform.ModulePath(addr)
	prov := parseProviderName(r.provider, r.typ)
	caddr := terraform.ConfigAddress(addr)
	alias, region, provModule := cfg.providerOf(caddr)
	prov.Alias = alias
	prov.Module = provModule
	sens := r.sensitive
	attrs := r.attrs
	b := built{}
	if after {
		if rc := d.changes[addr]; rc != nil && rc.Change != nil {
			b.action = action(rc.Change.Actions)
			whole, top := sensitiveValue(rc.Change.AfterSensitive)
			if whole {
				attrs = nil
			}
			for k := range top {
				if sens == nil {
					sens = map[string]bool{}
				}
				sens[k] = true
			}
			b.unknown = unknownTop(rc.Change.AfterUnknown)
		}
	}
	if attrs == nil {
		attrs = map[string]any{}
	}
	deps := append([]string(nil), r.deps...)
	deps = append(deps, prior[addr]...)
	b.inst = &terraform.Instance{
		Address:   addr,
		Module:    module,
		Mode:      mode,
		Type:      r.typ,
		Name:      r.name,
		Key:       key,
		Provider:  prov,
		Attrs:     terraform.AttrsOf(attrs),
		Sensitive: sens,
		Deps:      deps,
	}
	if refs := cfg.References(caddr, key); region != "" || len(refs) > 0 {
		b.inst.Plan = &terraform.PlanInfo{ProviderRegion: region, Refs: refs}
	}
	return b, nil
}

// parseProviderName reads provider_name in its forms: a full source
// address (registry.terraform.io/hashicorp/aws), a namespace/type, or a
// bare type as Terraform 0.12 wrote it.
func parseProviderName(name, typ string) terraform.Provider {
	if name == "" {
		t := strings.SplitN(typ, "_", 2)[0]
		return terraform.Provider{Source: "registry.terraform.io/hashicorp/" + t, Type: t}
	}
	src := name
	switch strings.Count(name, "/") {
	case 0:
		src = "registry.terraform.io/hashicorp/" + name
	case 1:
		src = "registry.terraform.io/" + name
	}
	return terraform.Provider{Source: src, Type: src[strings.LastIndex(src, "/")+1:]}
}

// action names a planned change: create, update, replace, delete or
// read; "" for no-op.
func action(a tfj.Actions) string {
	switch {
	case a.Replace():
		return "replace"
	case a.Create():
		return "create"
	case a.Update():
		return "update"
	case a.Delete():
		return "delete"
	case a.Read():
		return "read"
	}
	return ""
}

// recordOutputProducers tells the cross-state linker, for each root
// output of the configuration, the instances its expression resolves to
// (an index key where the configuration gives one) and whether the plan
// leaves its value unknown until apply.
func (d *document) recordOutputProducers(in importers.Input, cfg *configIndex, insts []*terraform.Instance) {
	if d.Config == nil || d.Config.RootModule == nil || len(d.Config.RootModule.Outputs) == 0 {
		return
	}
	byConfig := map[string][]string{} // configuration address → instance addresses
	for _, inst := range insts {
		c := terraform.ConfigAddress(inst.Address)
		byConfig[c] = append(byConfig[c], inst.Address)
	}
	for _, name := range slices.Sorted(maps.Keys(d.Config.RootModule.Outputs)) {
		var ids []string
		for _, t := range cfg.outputTargets(d.Config.RootModule.Outputs[name]) {
			for _, addr := range byConfig[t.config] {
				id := in.NodeID(addr)
				if (t.key == "" || strings.HasSuffix(addr, t.key)) && !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
		unknown := false
		if oc := d.OutputChanges[name]; oc != nil {
			unknown = anyTrue(oc.AfterUnknown)
		}
		crossstate.AddOutputProducer(in, name, ids, unknown)
	}
}

// anyTrue reports whether an after_unknown value marks anything unknown:
// true itself, or true anywhere inside a list or object.
func anyTrue(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case []any:
		return slices.ContainsFunc(x, anyTrue)
	case map[string]any:
		for _, e := range x {
			if anyTrue(e) {
				return true
			}
		}
	}
	return false
}
