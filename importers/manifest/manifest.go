// Package manifest imports the TOML service manifest: [[service]] entries,
// in blast.toml or any TOML input, that name services and what they
// depend on (other services, Terraform resources by address, glob or tag,
// services of other formats), with redundancy groups and soft
// dependencies. Services become service:<name> nodes at import; their
// references are resolved by the manifest linker once every input is in.
package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/binding"
)

// Importer reads TOML service manifests.
type Importer struct{}

// Name implements importers.Importer.
func (Importer) Name() string { return "manifest" }

var detectRe = regexp.MustCompile(`(?m)^[ \t]*(\[\[[ \t]*"?service"?[ \t]*\]\]|service[ \t]*=[ \t]*\[)`)

// Detect recognises TOML holding a [[service]] table (or an inline
// service = [...] array).
func (Importer) Detect(data []byte) bool {
	if len(data) == 0 || data[0] == '{' {
		return false
	}
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	return detectRe.Match(head)
}

// file is the manifest's schema.
type file struct {
	Service []service `toml:"service"`
}

type service struct {
	Name          string     `toml:"name"`
	Tier          string     `toml:"tier"`
	Criticality   string     `toml:"criticality"`
	Owner         string     `toml:"owner"`
	DependsOn     []string   `toml:"depends_on"`
	SoftDependsOn []string   `toml:"soft_depends_on"`
	Redundancy    []redGroup `toml:"redundancy"`
}

type redGroup struct {
	Name string   `toml:"name"`
	Any  []string `toml:"any"`
	Of   []string `toml:"of"`
	Need int      `toml:"need"`
	Kind string   `toml:"kind"`
}

var (
	serviceKeys = []string{"criticality", "depends_on", "name", "owner", "redundancy", "soft_depends_on", "tier"}
	groupKeys   = []string{"any", "kind", "name", "need", "of"}
)

// state holds, in the load's session, the unresolved references of the
// services of every manifest input until the linker resolves them.
type state struct {
	pending map[string]pending // by service node ID
}

func newState() *state { return &state{pending: map[string]pending{}} }

// pending is what the linker needs to resolve one service's references.
type pending struct {
	Refs   []pendingRef
	Groups []pendingGroup
}

type pendingRef struct {
	Ref   string
	Key   string // what the reference is, for messages
	Via   string // the key of the file holding it: depends_on, redundancy.any
	Kind  graph.EdgeKind
	Group string
}

type pendingGroup struct {
	Name string
	Need int
	Kind graph.EdgeKind
	Line int
}

// Import implements importers.Importer.
func (Importer) Import(in importers.Input, g *graph.Graph) error {
	// keep leading blank lines: messages give line numbers of the file
	src := string(bytes.TrimPrefix(in.Data, []byte("\xef\xbb\xbf")))
	lines := newLines(src)
	var f file
	md, err := toml.Decode(src, &f)
	if err != nil {
		return decodeErr(err)
	}
	for _, k := range md.Undecoded() {
		if len(k) == 0 {
			continue
		}
		if k[0] != "service" {
			if _, known := config.Sections[k[0]]; known {
				continue // other blast.toml sections are read by the config loader
			}
			return fmt.Errorf("line %d: unknown key %q (a manifest holds [[service]] tables; blast.toml sections: %s)",
				lines.key(k), k.String(), strings.Join(slices.Sorted(maps.Keys(config.Sections)), ", "))
		}
		if len(k) >= 3 && k[1] == "redundancy" {
			return fmt.Errorf("line %d: unknown key %q in [[service.redundancy]] (known: %s)", lines.key(k), k[2], strings.Join(groupKeys, ", "))
		}
		if len(k) >= 2 {
			return fmt.Errorf("line %d: unknown key %q in [[service]] (known: %s)", lines.key(k), k[1], strings.Join(serviceKeys, ", "))
		}
	}
	st := importers.State(in.Session, newState)
	seen := map[string]int{}
	for i, s := range f.Service {
		line := lines.service(i, s.Name)
		at := func(format string, args ...any) error {
			if line > 0 {
				return fmt.Errorf("line %d: "+format, append([]any{line}, args...)...)
			}
			return fmt.Errorf(format, args...)
		}
		if s.Name == "" {
			return at("service without a name (every [[service]] needs name = \"...\")")
		}
		if err := binding.ValidName(s.Name); err != nil {
			return at("%w", err)
		}
		if first, dup := seen[s.Name]; dup {
			return at("service %q is declared twice (first on line %d)", s.Name, first)
		}
		seen[s.Name] = line
		id := binding.ServiceID(s.Name)
		if old, ok := g.Node(id); ok {
			where := old.Source.File
			if old.Source.Line > 0 {
				where += fmt.Sprintf(" line %d", old.Source.Line)
			}
			return at("service %q is already declared in %s", s.Name, where)
		}
		p, err := plan(s)
		if err != nil {
			return at("service %q: %w", s.Name, err)
		}
		for j := range p.Groups {
			p.Groups[j].Line = lines.group(i, j)
		}
		n := &graph.Node{ID: id, Kind: graph.KindService, Type: "service", Name: s.Name,
			Source: graph.Source{File: in.Name, Line: line}, Labels: labels(s)}
		if err := g.AddNode(n); err != nil {
			return at("%w", err)
		}
		if len(p.Refs) > 0 {
			st.pending[id] = p
		}
	}
	if len(f.Service) == 0 {
		return errors.New("no [[service]] entries")
	}
	return nil
}

func labels(s service) map[string]string {
	out := map[string]string{}
	for k, v := range map[string]string{"tier": s.Tier, "criticality": s.Criticality, "owner": s.Owner} {
		if v = strings.TrimSpace(v); v != "" {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// plan checks one service's references and groups and lists them for the
// linker.
func plan(s service) (pending, error) {
	var p pending
	add := func(key, via string, kind graph.EdgeKind, group string, refs []string) error {
		for _, r := range refs {
			if _, err := binding.ParseRef(r); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			p.Refs = append(p.Refs, pendingRef{Ref: r, Key: key, Via: via, Kind: kind, Group: group})
		}
		return nil
	}
	if err := add("depends_on", "depends_on", graph.Hard, "", s.DependsOn); err != nil {
		return p, err
	}
	if err := add("soft_depends_on", "soft_depends_on", graph.Soft, "", s.SoftDependsOn); err != nil {
		return p, err
	}
	names := map[string]bool{}
	for j, r := range s.Redundancy {
		name := strings.TrimSpace(r.Name)
		if name == "" {
			name = "redundancy-" + strconv.Itoa(j+1)
		}
		what := fmt.Sprintf("redundancy %q", name)
		if names[name] {
			return p, fmt.Errorf("%s is declared twice", what)
		}
		names[name] = true
		kind := graph.Hard
		switch r.Kind {
		case "", "hard":
		case "soft":
			kind = graph.Soft
		default:
			return p, fmt.Errorf("%s: kind %q is not hard or soft", what, r.Kind)
		}
		var members []string
		list := "redundancy.any"
		need := r.Need
		switch {
		case len(r.Any) > 0 && len(r.Of) > 0:
			return p, fmt.Errorf("%s: give either any = [...] or need = K with of = [...], not both", what)
		case len(r.Any) > 0:
			if need != 0 {
				return p, fmt.Errorf("%s: need goes with of = [...]; any = [...] always needs one", what)
			}
			members, need = r.Any, 1
		case len(r.Of) > 0:
			if need < 1 || need > len(r.Of) {
				return p, fmt.Errorf("%s: need = %d, want 1 to %d (the number of members in of)", what, need, len(r.Of))
			}
			members, list = r.Of, "redundancy.of"
		default:
			return p, fmt.Errorf("%s has no members (want any = [...], or need = K with of = [...])", what)
		}
		if err := add(what+" member", list, kind, name, members); err != nil {
			return p, err
		}
		p.Groups = append(p.Groups, pendingGroup{Name: name, Need: need, Kind: kind})
	}
	return p, nil
}

var typeErrRe = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): incompatible types: TOML value has type (\w+); destination has type (\w+)`)

// decodeErr turns TOML errors into "line N: ..." messages.
func decodeErr(err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := strings.TrimSuffix(pe.Message, ".")
		if msg != "" {
			msg = strings.ToLower(msg[:1]) + msg[1:]
		}
		return fmt.Errorf("line %d: %s", pe.Position.Line, msg)
	}
	if m := typeErrRe.FindStringSubmatch(err.Error()); m != nil {
		want := map[string]string{"slice": "a list of strings", "string": "a string", "integer": "a whole number",
			"struct": "a table", "map": "a table"}[m[4]]
		if want == "" {
			want = m[4]
		}
		return fmt.Errorf("line %s: %s is %s; want %s", m[1], m[2], article(m[3]), want)
	}
	return errors.New(strings.TrimPrefix(err.Error(), "toml: "))
}

func article(tomlType string) string {
	switch tomlType {
	case "int64":
		return "a number"
	case "float64":
		return "a decimal number"
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	}
	return "a " + strings.TrimPrefix(tomlType, "[]")
}
