package tfjson

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	tfj "github.com/hashicorp/terraform-json"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/terraform"
)

// maxRefDepth bounds how far a reference is followed through module
// variables and outputs.
const maxRefDepth = 32

// configIndex answers two questions about a plan's configuration: which
// resources a resource refers to (through module variables and outputs),
// and the literal region of the provider configuration a resource uses.
type configIndex struct {
	resources map[string]*cfgResource        // full configuration address → resource
	modules   map[string]*tfj.ConfigModule   // module path (module.a.module.b) → module
	calls     map[string]*tfj.ModuleCall     // module path → the call that made it
	providers map[string]*tfj.ProviderConfig // provider_config key → configuration
	vars      map[string]any                 // root module variable values
	refs      map[string][]cfgRef            // memo: resource address → its references
}

type cfgResource struct {
	module string // module path, "" for the root
	res    *tfj.ConfigResource
}

func newConfigIndex(cfg *tfj.Config, vars map[string]*tfj.PlanVariable) *configIndex {
	c := &configIndex{resources: map[string]*cfgResource{}, modules: map[string]*tfj.ConfigModule{},
		calls: map[string]*tfj.ModuleCall{}, providers: map[string]*tfj.ProviderConfig{},
		vars: map[string]any{}, refs: map[string][]cfgRef{}}
	if cfg == nil {
		return c
	}
	for k, p := range cfg.ProviderConfigs {
		if p != nil {
			c.providers[k] = p
		}
	}
	for k, v := range vars {
		if v != nil {
			c.vars[k] = v.Value
		}
	}
	var walk func(path string, m *tfj.ConfigModule, depth int)
	walk = func(path string, m *tfj.ConfigModule, depth int) {
		if m == nil || depth > maxRefDepth {
			return
		}
		c.modules[path] = m
		for _, r := range m.Resources {
			if r == nil || r.Address == "" {
				continue
			}
			c.resources[join(path, r.Address)] = &cfgResource{module: path, res: r}
		}
		for _, name := range slices.Sorted(maps.Keys(m.ModuleCalls)) {
			call := m.ModuleCalls[name]
			if call == nil {
				continue
			}
			child := join(path, "module."+name)
			c.calls[child] = call
			walk(child, call.Module, depth+1)
		}
	}
	walk("", cfg.RootModule, 0)
	return c
}

func join(module, rest string) string {
	if module == "" {
		return rest
	}
	return module + "." + rest
}

// parent returns the module path that calls module path p.
func parent(p string) string {
	i := strings.LastIndex(p, ".module.")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// cfgRef is one reference of a configuration resource, before it meets
// an instance: keyFrom says whether the instance's own count.index ('c')
// or each.key ('e') picks the instance referred to.
type cfgRef struct {
	config   string // configuration address, or a module path for a bare module
	key      string // a literal index key ([0]), or ""
	keyFrom  byte
	via      string
	ordering bool
}

// target is what a reference's value stands for: one resource (key set
// when one instance), with list set when the value lists the resource's
// instances in index order (a counted resource, its splat, a module
// output or variable passing one along), so that an index picks one.
type target struct {
	config string
	key    string
	list   bool
}

// References returns the references a configuration resource makes, for
// the instance with index key key (nil without count or for_each): its
// arguments (with the index, count.index or each.key that picks one
// instance where the configuration says), followed through module
// outputs and variables; depends_on, a bare module reference, the
// module's own depends_on and count and for_each as ordering only.
func (c *configIndex) References(addr string, key any) []terraform.Ref {
	refs, ok := c.refs[addr]
	if !ok {
		c.refs[addr] = nil // a cycle ends here
		refs = c.references(addr)
		c.refs[addr] = refs
	}
	out := make([]terraform.Ref, 0, len(refs))
	for _, r := range refs {
		k, from := r.key, ""
		switch {
		case r.keyFrom == 'c':
			if _, ok := key.(float64); ok {
				k, from = terraform.IndexKey(key), "count.index"
			}
		case r.keyFrom == 'e':
			if _, ok := key.(string); ok {
				k, from = terraform.IndexKey(key), "each.key"
			}
		}
		if r.config == addr && k == "" {
			continue // itself, as a whole
		}
		out = append(out, terraform.Ref{Config: r.config, Key: k, KeyFrom: from, Via: r.via, Ordering: r.ordering})
	}
	return out
}

func (c *configIndex) references(addr string) []cfgRef {
	r, ok := c.resources[addr]
	if !ok {
		return nil
	}
	var out []cfgRef
	var each []target // what each.value stands for
	if e := r.res.ForEachExpression; e != nil && e.ExpressionData != nil {
		each = c.targets(r.module, e.References)
		for _, t := range each {
			out = append(out, cfgRef{config: t.config, key: t.key, via: "for_each", ordering: true})
		}
	}
	if e := r.res.CountExpression; e != nil && e.ExpressionData != nil {
		for _, t := range c.targets(r.module, e.References) {
			out = append(out, cfgRef{config: t.config, key: t.key, via: "count", ordering: true})
		}
	}
	var walk func(via string, e *tfj.Expression)
	walk = func(via string, e *tfj.Expression) {
		if e == nil || e.ExpressionData == nil {
			return
		}
		out = append(out, c.valueRefs(r.module, via, e.References, each)...)
		for _, block := range e.NestedBlocks {
			for _, k := range slices.Sorted(maps.Keys(block)) {
				walk(via+"."+k, block[k])
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(r.res.Expressions)) {
		walk(k, r.res.Expressions[k])
	}
	for _, d := range r.res.DependsOn {
		out = append(out, c.orderingRefs(r.module, d, "depends_on")...)
	}
	// a module's depends_on orders every resource inside it
	for m := r.module; m != ""; m = parent(m) {
		if call := c.calls[m]; call != nil {
			for _, d := range call.DependsOn {
				out = append(out, c.orderingRefs(parent(m), d, "depends_on of "+lastModule(m))...)
			}
		}
	}
	return out
}

// lastModule returns "module.b" of module path module.a.module.b.
func lastModule(p string) string {
	if i := strings.LastIndex(p, ".module."); i >= 0 {
		return p[i+1:]
	}
	return p
}

// orderingRefs resolves a depends_on entry made in module: a resource, or
// a whole module (every resource in it).
func (c *configIndex) orderingRefs(module, ref, via string) []cfgRef {
	segs := splitRef(ref)
	if len(segs) >= 2 && segs[0] == "module" {
		child := join(module, "module."+terraform.ConfigAddress(segs[1]))
		if c.modules[child] == nil {
			return nil
		}
		return []cfgRef{{config: child, via: via, ordering: true}}
	}
	var out []cfgRef
	for _, t := range c.targets(module, []string{ref}) {
		out = append(out, cfgRef{config: t.config, key: t.key, via: via, ordering: true})
	}
	return out
}

// valueRefs turns one argument's reference list into references. Terraform
// lists every prefix of a reference (aws_subnet.a[0].id, aws_subnet.a[0],
// aws_subnet.a): a prefix of another listed reference adds nothing. With
// count.index (or each.key) in the list and exactly one listed value that
// lists a resource's instances, the instance's own key picks one; each.value
// stands for what for_each iterates over, picked by each.key. A bare module
// reference left over is ordering only, but beside count.index or each.key
// (module.m[each.key].out, whose computed index Terraform leaves out) it is
// a value of the module's outputs.
func (c *configIndex) valueRefs(module, via string, refs []string, each []target) []cfgRef {
	var kept []string
	hasCount, hasEach := false, false
	for i, r := range refs {
		switch {
		case r == "count.index":
			hasCount = true
			continue
		case r == "each.key" || r == "each.value" || strings.HasPrefix(r, "each.value.") || strings.HasPrefix(r, "each.value["):
			hasEach = true
			continue
		}
		if !prefixOfAnother(refs, i) && !slices.Contains(kept, r) {
			kept = append(kept, r)
		}
	}
	var out []cfgRef
	var lists []int // positions in out of values that list instances
	for _, r := range kept {
		segs := splitRef(r)
		if len(segs) == 2 && segs[0] == "module" {
			child := join(module, "module."+terraform.ConfigAddress(segs[1]))
			m := c.modules[child]
			switch {
			case m == nil:
			case hasCount || hasEach:
				// module.m[each.key].out: Terraform lists the module
				// alone when its index is computed; a value of its outputs
				for _, name := range slices.Sorted(maps.Keys(m.Outputs)) {
					for _, t := range c.targets(module, []string{"module." + segs[1] + "." + name}) {
						out = append(out, cfgRef{config: t.config, key: t.key, via: via})
					}
				}
			default:
				out = append(out, cfgRef{config: child, via: child, ordering: true})
			}
			continue
		}
		for _, t := range c.targets(module, []string{r}) {
			if t.list && t.key == "" {
				lists = append(lists, len(out))
			}
			out = append(out, cfgRef{config: t.config, key: t.key, via: via})
		}
	}
	switch {
	case hasCount && len(lists) == 1:
		out[lists[0]].keyFrom = 'c'
	case hasEach && len(lists) == 1 && len(each) == 0:
		out[lists[0]].keyFrom = 'e'
	}
	if hasEach {
		for _, t := range each {
			r := cfgRef{config: t.config, key: t.key, via: via}
			if t.key == "" {
				r.keyFrom = 'e'
			}
			out = append(out, r)
		}
	}
	return out
}

// targets resolves references made in module to what their values stand
// for (resources, through module outputs and variables).
func (c *configIndex) targets(module string, refs []string) []target {
	var out []target
	for _, r := range refs {
		out = append(out, c.target(module, r, map[string]bool{}, 0)...)
	}
	return out
}

// target resolves one reference; an index after a resource, a module
// output or a variable that lists one resource's instances picks one.
func (c *configIndex) target(module, ref string, visited map[string]bool, depth int) []target {
	if depth > maxRefDepth {
		return nil
	}
	key := module + "\x00" + ref
	if visited[key] {
		return nil
	}
	visited[key] = true
	segs := splitRef(ref)
	if len(segs) < 2 {
		return nil
	}
	var out []target
	var index string // the index applied to a variable's or output's value
	switch segs[0] {
	case "var":
		if module == "" {
			return nil
		}
		call := c.calls[module]
		if call == nil {
			return nil
		}
		name, idx := cutIndex(segs[1])
		index = idx
		e := call.Expressions[name]
		if e == nil || e.ExpressionData == nil {
			return nil
		}
		out = c.passed(parent(module), e.References, visited, depth)
	case "module":
		child := join(module, "module."+terraform.ConfigAddress(segs[1]))
		m := c.modules[child]
		if m == nil || len(segs) < 3 {
			return nil
		}
		name, idx := cutIndex(segs[2])
		index = idx
		o := m.Outputs[name]
		if o == nil || o.Expression == nil || o.Expression.ExpressionData == nil {
			return nil
		}
		out = c.passed(child, o.Expression.References, visited, depth)
		for _, d := range o.DependsOn {
			for _, t := range c.target(child, d, visited, depth+1) {
				t.list = false
				out = append(out, t)
			}
		}
	case "data":
		if len(segs) < 3 {
			return nil
		}
		return c.resource(join(module, "data."+segs[1]+"."+terraform.ConfigAddress(segs[2])), indexOf(segs[2]))
	case "local", "each", "count", "path", "terraform", "self":
		// locals are not in the JSON configuration; the rest name no resource
		return nil
	default:
		return c.resource(join(module, segs[0]+"."+terraform.ConfigAddress(segs[1])), indexOf(segs[1]))
	}
	if index != "" && len(out) == 1 && out[0].list && out[0].key == "" {
		out[0].key, out[0].list = index, false
	}
	return out
}

// passed resolves the references of an expression whose value is passed
// along (a module output, a variable): the value still lists one
// resource's instances only when it names exactly one.
func (c *configIndex) passed(module string, refs []string, visited map[string]bool, depth int) []target {
	var out []target
	seen := map[string]bool{}
	for _, r := range refs {
		for _, t := range c.target(module, r, visited, depth+1) {
			k := t.config + t.key
			if !seen[k] {
				seen[k] = true
				out = append(out, t)
			}
		}
	}
	if len(out) > 1 {
		for i := range out {
			out[i].list = false
		}
	}
	return out
}

// resource is a reference to a resource present in the configuration,
// with its literal index key if the reference has one.
func (c *configIndex) resource(addr, key string) []target {
	if _, ok := c.resources[addr]; !ok {
		return nil
	}
	return []target{{config: addr, key: key, list: key == ""}}
}

// indexOf returns a literal index of a reference segment as IndexKey
// writes it ("public[0]" gives [0]), or "" when it has none or it is not
// a literal.
func indexOf(seg string) string {
	_, idx := cutIndex(seg)
	return idx
}

// cutIndex splits "name[0]" into "name" and "[0]"; a computed index
// (name[count.index]) gives "".
func cutIndex(seg string) (string, string) {
	i := strings.IndexByte(seg, '[')
	if i < 0 || !strings.HasSuffix(seg, "]") {
		return seg, ""
	}
	name, inner := seg[:i], seg[i+1:len(seg)-1]
	if n, err := strconv.Atoi(inner); err == nil {
		return name, terraform.IndexKey(float64(n))
	}
	if s, err := strconv.Unquote(inner); err == nil {
		return name, terraform.IndexKey(s)
	}
	return name, ""
}

// splitRef splits a reference at dots outside brackets and quotes.
func splitRef(ref string) []string {
	var out []string
	depth, start := 0, 0
	inStr := false
	for i := 0; i < len(ref); i++ {
		ch := ref[i]
		switch {
		case inStr:
			if ch == '\\' {
				i++
			} else if ch == '"' {
				inStr = false
			}
		case ch == '"':
			inStr = true
		case ch == '[':
			depth++
		case ch == ']':
			depth--
		case ch == '.' && depth == 0:
			out = append(out, ref[start:i])
			start = i + 1
		}
	}
	return append(out, ref[start:])
}

// providerOf returns the alias and the literal region of the provider
// configuration a resource uses, and the module path that configuration
// belongs to. The region is "" when the configuration sets none that can
// be read without running Terraform (a provider passed into a module,
// whose mapping the JSON does not record, or a computed region).
func (c *configIndex) providerOf(addr string) (alias, region, module string) {
	r, ok := c.resources[addr]
	if !ok || r.res.ProviderConfigKey == "" {
		return "", "", ""
	}
	key := r.res.ProviderConfigKey
	mod, local := splitProviderKey(key)
	if mod != "" && !strings.HasPrefix(mod, "module.") {
		// Terraform before 1.0 wrote "call:aws", relative to the
		// resource's own module
		mod = r.module
	}
	typ, alias, _ := strings.Cut(local, ".")
	region, module = c.regionOf(mod, typ, alias, 0)
	return alias, region, module
}

// splitProviderKey splits "module.a:aws.west" into "module.a" and
// "aws.west"; a key without a module gives "" and the key.
func splitProviderKey(key string) (string, string) {
	if i := strings.LastIndex(key, ":"); i >= 0 {
		return key[:i], key[i+1:]
	}
	return "", key
}

// regionOf finds the literal region of provider configuration typ.alias
// in module mod: its own region expression, else, for the default
// configuration of a module that declares none with a region, the one it
// inherits from the calling module.
func (c *configIndex) regionOf(mod, typ, alias string, depth int) (string, string) {
	if depth > maxRefDepth {
		return "", ""
	}
	local := typ
	if alias != "" {
		local += "." + alias
	}
	key := local
	if mod != "" {
		key = mod + ":" + local
	}
	if p := c.providers[key]; p != nil {
		if e := p.Expressions["region"]; e != nil && e.ExpressionData != nil {
			if r := c.value(mod, e, 0); r != "" {
				return r, mod
			}
			return "", mod // a region Terraform computes: not known here
		}
	}
	if mod == "" || alias != "" {
		// the root has nothing to inherit from; an aliased configuration
		// of a module is passed in by its caller, which the JSON does not record
		return "", ""
	}
	return c.regionOf(parent(mod), typ, "", depth+1)
}

// value returns the string value of an expression when it is a constant,
// or a variable whose value the plan holds.
func (c *configIndex) value(mod string, e *tfj.Expression, depth int) string {
	if e == nil || e.ExpressionData == nil || depth > maxRefDepth {
		return ""
	}
	if s, ok := e.ConstantValue.(string); ok {
		return s
	}
	if len(e.References) != 1 {
		return ""
	}
	segs := splitRef(e.References[0])
	if len(segs) != 2 || segs[0] != "var" {
		return ""
	}
	if mod == "" {
		s, _ := c.vars[segs[1]].(string)
		return s
	}
	call := c.calls[mod]
	if call == nil {
		return ""
	}
	return c.value(parent(mod), call.Expressions[segs[1]], depth+1)
}

// ProviderRegions returns the literal region of every provider
// configuration of a plan's configuration that has one, by
// provider_config key ("aws", "aws.useast1", "module.x:aws"); module
// configurations without a region of their own inherit their caller's.
func ProviderRegions(data []byte) (map[string]string, error) {
	doc, err := parse(importers.Trim(data))
	if err != nil {
		return nil, err
	}
	c := newConfigIndex(doc.Config, doc.Variables)
	out := map[string]string{}
	for key := range c.providers {
		mod, local := splitProviderKey(key)
		typ, alias, _ := strings.Cut(local, ".")
		if r, _ := c.regionOf(mod, typ, alias, 0); r != "" {
			out[key] = r
		}
	}
	return out, nil
}

// outputTargets returns what a root output's expression stands for: the
// resources its references name, followed through module outputs (and
// variables) down to resource addresses, with an index key where the
// configuration decides it. Terraform lists every prefix of a reference
// (module.vpc.vpc_id, module.vpc): a prefix of another listed reference
// adds nothing.
func (c *configIndex) outputTargets(o *tfj.ConfigOutput) []target {
	if o == nil || o.Expression == nil || o.Expression.ExpressionData == nil {
		return nil
	}
	refs := o.Expression.References
	var kept []string
	for i, r := range refs {
		if !prefixOfAnother(refs, i) && !slices.Contains(kept, r) {
			kept = append(kept, r)
		}
	}
	// depends_on only orders the output: it produces no value
	return c.passed("", kept, map[string]bool{}, 0)
}

// prefixOfAnother reports whether refs[i] is a prefix of another listed
// reference (aws_subnet.a of aws_subnet.a[0].id).
func prefixOfAnother(refs []string, i int) bool {
	r := refs[i]
	for j, o := range refs {
		if j != i && len(o) > len(r) && strings.HasPrefix(o, r) && (o[len(r)] == '.' || o[len(r)] == '[') {
			return true
		}
	}
	return false
}
