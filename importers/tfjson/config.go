package tfjson

import (
	"maps"
	"slices"
	"sort"
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
	refs      map[string][]string            // memo: resource address → referenced resources
}

type cfgResource struct {
	module string // module path, "" for the root
	res    *tfj.ConfigResource
}

func newConfigIndex(cfg *tfj.Config, vars map[string]*tfj.PlanVariable) *configIndex {
	c := &configIndex{resources: map[string]*cfgResource{}, modules: map[string]*tfj.ConfigModule{},
		calls: map[string]*tfj.ModuleCall{}, providers: map[string]*tfj.ProviderConfig{},
		vars: map[string]any{}, refs: map[string][]string{}}
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

// References returns the configuration addresses of the resources a
// resource refers to: its expressions, count and for_each, and
// depends_on, followed through module outputs and module variables.
func (c *configIndex) References(addr string) []string {
	if out, ok := c.refs[addr]; ok {
		return out
	}
	c.refs[addr] = nil // a cycle ends here
	r, ok := c.resources[addr]
	if !ok {
		return nil
	}
	set := map[string]bool{}
	visited := map[string]bool{}
	for _, ref := range exprRefs(r.res) {
		c.resolve(r.module, ref, set, visited, 0)
	}
	delete(set, addr)
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	c.refs[addr] = out
	return out
}

// exprRefs collects every reference a configuration resource makes.
func exprRefs(r *tfj.ConfigResource) []string {
	var out []string
	var walk func(e *tfj.Expression)
	walk = func(e *tfj.Expression) {
		if e == nil || e.ExpressionData == nil {
			return
		}
		out = append(out, e.References...)
		for _, block := range e.NestedBlocks {
			for _, k := range slices.Sorted(maps.Keys(block)) {
				walk(block[k])
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(r.Expressions)) {
		walk(r.Expressions[k])
	}
	walk(r.CountExpression)
	walk(r.ForEachExpression)
	out = append(out, r.DependsOn...)
	return out
}

// resolve adds the resources a reference made in module names to set.
func (c *configIndex) resolve(module, ref string, set, visited map[string]bool, depth int) {
	if depth > maxRefDepth {
		return
	}
	key := module + "\x00" + ref
	if visited[key] {
		return
	}
	visited[key] = true
	segs := splitRef(ref)
	if len(segs) < 2 {
		return
	}
	switch segs[0] {
	case "var":
		if module == "" {
			return
		}
		call := c.calls[module]
		if call == nil {
			return
		}
		e := call.Expressions[segs[1]]
		if e == nil || e.ExpressionData == nil {
			return
		}
		for _, r := range e.References {
			c.resolve(parent(module), r, set, visited, depth+1)
		}
	case "module":
		child := join(module, "module."+terraform.ConfigAddress(segs[1]))
		m := c.modules[child]
		if m == nil {
			return
		}
		if len(segs) < 3 {
			// the whole module: what its outputs refer to
			for _, name := range slices.Sorted(maps.Keys(m.Outputs)) {
				c.resolveOutput(child, m.Outputs[name], set, visited, depth)
			}
			return
		}
		c.resolveOutput(child, m.Outputs[terraform.ConfigAddress(segs[2])], set, visited, depth)
	case "data":
		if len(segs) >= 3 {
			c.add(join(module, "data."+segs[1]+"."+terraform.ConfigAddress(segs[2])), set)
		}
	case "local", "each", "count", "path", "terraform", "self":
		// locals are not in the JSON configuration; the rest name no resource
	default:
		c.add(join(module, segs[0]+"."+terraform.ConfigAddress(segs[1])), set)
	}
}

func (c *configIndex) resolveOutput(module string, out *tfj.ConfigOutput, set, visited map[string]bool, depth int) {
	if out == nil || out.Expression == nil || out.Expression.ExpressionData == nil {
		return
	}
	for _, r := range out.Expression.References {
		c.resolve(module, r, set, visited, depth+1)
	}
	for _, r := range out.DependsOn {
		c.resolve(module, r, set, visited, depth+1)
	}
}

func (c *configIndex) add(addr string, set map[string]bool) {
	if _, ok := c.resources[addr]; ok {
		set[addr] = true
	}
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
