// Package compose imports Compose files (docker compose, podman compose)
// with the compose-spec loader: every service becomes a service node, and
// depends_on, links, network_mode, volumes_from and service names found in
// environment values become edges. Environment values are read to find
// those names and then dropped: they often hold secrets.
package compose

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	interp "github.com/compose-spec/compose-go/v2/interpolation"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/tree"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
	"go.yaml.in/yaml/v3"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/binding"
	"github.com/blast-dev/blast/importers/endpoints"
)

func init() {
	// the compose-spec template package logs an unset variable inside a
	// default (${A:-${B}}) on logrus's standard logger, whatever it is
	// told; blast reports unset variables in its own warning
	logrus.SetOutput(io.Discard)
}

// Importer reads Compose files.
type Importer struct{}

// Name implements importers.Importer.
func (Importer) Name() string { return "compose" }

var (
	servicesRe = regexp.MustCompile(`(?m)^services:[ \t]*(#.*)?$|^services:[ \t]*\{`)
	apiRe      = regexp.MustCompile(`(?m)^apiVersion:`)
)

// Detect recognises YAML with a top-level services: mapping and no
// apiVersion (which Kubernetes and Backstage documents carry).
func (Importer) Detect(data []byte) bool {
	if len(data) == 0 || data[0] == '{' || data[0] == '[' {
		return false
	}
	head := data
	if len(head) > 256<<10 {
		head = head[:256<<10]
	}
	// the literal first: the expression scans a few tens of MB/s, and
	// every file of a directory that is not JSON is asked
	return bytes.Contains(head, []byte("services:")) && servicesRe.Match(head) && !apiRe.Match(head)
}

// IDPrefix starts every compose node ID: compose:<project>/<service> when
// the file names its project, compose:<service> otherwise.
const IDPrefix = "compose:"

// workDir is the working directory the loader is told about. It does not
// exist, and the loader is given no way to read files: only the input's
// own bytes are read.
const workDir = "/nonexistent/blast-compose"

// errNoFiles refuses every file the loader asks for (extends: file:,
// include:): blast reads only the inputs it was given.
var errNoFiles = errors.New("blast reads only the given compose file")

type noFiles struct{}

func (noFiles) Accept(string) bool                           { return true }
func (noFiles) Load(context.Context, string) (string, error) { return "", errNoFiles }
func (noFiles) Dir(p string) string                          { return p }

// Import implements importers.Importer.
func (Importer) Import(in importers.Input, g *graph.Graph) error {
	m, err := parseModel(in.Data)
	if err != nil {
		return err
	}
	if len(m.docs) == 0 {
		return errors.New("no services")
	}
	if len(m.foreign) > 0 {
		g.Warn(in.Name, "services %s extend services of other files, which blast does not read: they keep only what this file says",
			strings.Join(m.foreign, ", "))
	}
	lookup, err := in.Env.Lookup()
	if err != nil {
		return err
	}
	// as docker compose: COMPOSE_PROJECT_NAME (environment or env
	// file) comes before the file's own name:
	if name, ok := lookup("COMPOSE_PROJECT_NAME"); ok && name != "" {
		m.name = name
	}
	unset := unsetVars{}
	p, err := load(m, lookup, unset, false)
	if errors.Is(err, errNoFiles) {
		g.Warn(in.Name, "extends are not followed (blast reads only the given compose file)")
		p, err = load(m, lookup, unset, true)
	}
	if err != nil {
		return err
	}
	if names := unset.names(); len(names) > 0 {
		g.Warn(in.Name, "variables not set, taken as empty: %s (set them in the environment, in .env beside the file, or with --env-file)",
			strings.Join(names, ", "))
	}
	return build(in, p, g)
}

// errLoaderPanic marks a panic of the compose loader, recovered.
var errLoaderPanic = errors.New("compose loader failed on this input")

// load runs the compose-spec loader on the model: variables come from
// lookup (what is unset is recorded and taken as empty), no env_file,
// label_file or include is read, no schema validation and no consistency
// check (dangling references become warnings instead). Every profile is
// enabled: a profile-gated service is still part of the system.
func load(m *model, lookup func(string) (string, bool), unset unsetVars, skipExtends bool) (p *types.Project, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("%w: %v", errLoaderPanic, r)
		}
	}()
	// the loader reads the project name from the file's text; it is given
	// only that, and the documents already parsed
	head := []byte("{}")
	if m.name != "" {
		if head, err = yaml.Marshal(map[string]string{"name": m.name}); err != nil {
			return nil, err
		}
	}
	details := types.ConfigDetails{WorkingDir: workDir, Environment: types.Mapping{}}
	for i, doc := range m.docs {
		f := types.ConfigFile{Filename: workDir + "/compose.yaml", Config: doc, Content: []byte("{}")}
		if i == 0 {
			f.Content = head
		}
		details.ConfigFiles = append(details.ConfigFiles, f)
	}
	p, err = loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SkipValidation = true
		o.SkipConsistencyCheck = true
		o.SkipInclude = true
		o.SkipExtends = skipExtends
		o.SkipResolveEnvironment = true
		o.SkipResolveLabels = true
		o.ResolvePaths = false
		o.Profiles = []string{"*"}
		o.ResourceLoaders = []loader.ResourceLoader{noFiles{}}
		if o.Interpolate != nil {
			o.Interpolate.LookupValue = lookup
			o.Interpolate.Substitute = unset.substitute
			casts := make(map[tree.Path]interp.Cast, len(o.Interpolate.TypeCastMapping))
			for path, cast := range o.Interpolate.TypeCastMapping {
				casts[path] = emptyIsDefault(path, cast)
			}
			o.Interpolate.TypeCastMapping = casts
		}
	})
	if errors.Is(err, errNoFiles) {
		return nil, err
	}
	if err != nil {
		return nil, loadErr(err)
	}
	return p, nil
}

// emptyIsDefault gives a typed field whose value is empty (an unset
// variable) its default instead of failing: depends_on's required is
// true, the other typed fields blast keeps are false or absent.
func emptyIsDefault(path tree.Path, cast interp.Cast) interp.Cast {
	required := path.Last() == "required"
	return func(v string) (any, error) {
		if v != "" {
			return cast(v)
		}
		if required {
			return true, nil
		}
		return nil, nil
	}
}

// loadErr makes the loader's error one line: the loader joins one
// error per failing value, which can run to many lines.
func loadErr(err error) error {
	errs := leaves(err)
	msg, _, _ := strings.Cut(errs[0].Error(), "\n")
	if strings.HasPrefix(msg, "invalid interpolation format") {
		msg = strings.TrimSuffix(msg, ".") + " (write $$ for a literal $)"
	}
	if len(errs) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(errs)-1)
	}
	msg = strings.ReplaceAll(msg, workDir+"/compose.yaml", "compose file")
	msg = strings.ReplaceAll(msg, workDir, ".")
	return errors.New(msg)
}

// leaves returns the errors that errors.Join put together, depth first,
// or the error itself.
func leaves(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, leaves(e)...)
	}
	if len(out) == 0 {
		return []error{err}
	}
	return out
}

// service is what blast keeps of one compose service.
type service struct {
	name string
	id   string
	line int
}

func build(in importers.Input, p *types.Project, g *graph.Graph) error {
	all := p.AllServices()
	if len(all) == 0 {
		return errors.New("no services")
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	lines := serviceLines(string(in.Data))
	svcs := map[string]*service{}
	hosts := map[string]string{} // DNS name on the compose network → service name
	var ids []string
	for _, name := range names {
		s := &service{name: name, id: IDPrefix + name, line: lines[name]}
		if p.Name != "" {
			s.id = IDPrefix + p.Name + "/" + name
		}
		svcs[name] = s
		ids = append(ids, s.id)
		if old, ok := g.Node(s.id); ok {
			if old.Type != "compose-service" {
				return fmt.Errorf("service %q: node %s already exists", name, s.id)
			}
			continue // the same service in an override file: one node, the union of the edges
		}
		n := &graph.Node{ID: s.id, Kind: graph.KindService, Type: "compose-service", Name: name,
			Source: graph.Source{File: in.Name, Line: s.line}}
		if p.Name != "" {
			n.Labels = map[string]string{"project": p.Name}
		}
		if err := g.AddNode(n); err != nil {
			return err
		}
	}
	for _, name := range names {
		sc := all[name]
		for _, h := range append([]string{name, sc.ContainerName, sc.Hostname}, aliases(sc)...) {
			if h = strings.ToLower(h); h != "" {
				if _, taken := hosts[h]; !taken {
					hosts[h] = name
				}
			}
		}
	}
	for _, name := range names {
		if err := edges(in, g, svcs, hosts, name, all[name]); err != nil {
			return err
		}
	}
	binding.WarnCycles(g, in.Name, ids)
	return nil
}

func aliases(sc types.ServiceConfig) []string {
	var out []string
	for _, net := range slices.Sorted(maps.Keys(sc.Networks)) {
		if cfg := sc.Networks[net]; cfg != nil {
			out = append(out, cfg.Aliases...)
		}
	}
	return out
}

// edges adds one service's dependencies. An edge is added once (the
// graph keeps the first Via and the strongest kind), so the specific
// sources come first and depends_on last.
func edges(in importers.Input, g *graph.Graph, svcs map[string]*service, hosts map[string]string, name string, sc types.ServiceConfig) error {
	from := svcs[name]
	warned := map[string]bool{}
	add := func(target string, kind graph.EdgeKind, via string) error {
		to, ok := svcs[target]
		if !ok {
			if !warned[target] {
				warned[target] = true
				g.Warn(in.Name, "service %q: %s names service %q, which the file does not define", name, via, target)
			}
			return nil
		}
		return g.AddEdge(graph.Edge{From: from.id, To: to.id, Kind: kind, Via: via})
	}
	for _, l := range sc.Links {
		target, _, _ := strings.Cut(l, ":")
		if err := add(strings.TrimSpace(target), graph.Hard, "links"); err != nil {
			return err
		}
	}
	if target, ok := strings.CutPrefix(sc.NetworkMode, types.NetworkModeServicePrefix); ok {
		if err := add(target, graph.Hard, "network_mode"); err != nil {
			return err
		}
	}
	for _, v := range sc.VolumesFrom {
		if strings.HasPrefix(v, types.ContainerPrefix) {
			continue
		}
		target, _, _ := strings.Cut(strings.TrimPrefix(v, types.ServicePrefix), ":")
		if err := add(target, graph.Hard, "volumes_from"); err != nil {
			return err
		}
	}
	for _, key := range slices.Sorted(maps.Keys(sc.Environment)) {
		v := sc.Environment[key]
		if v == nil {
			continue
		}
		// cloud endpoints (RDS, ElastiCache, queues) are matched by the
		// endpoints linker; the value is held outside the graph
		endpoints.Offer(in.Session, from.id, "env:"+key, *v)
		for _, target := range References(key, *v, hosts) {
			if target == name {
				continue
			}
			if err := add(target, graph.Hard, "env:"+key); err != nil {
				return err
			}
		}
	}
	// last: the loader adds implicit depends_on entries for links,
	// network_mode and volumes_from, which keep their own Via
	for _, dep := range slices.Sorted(maps.Keys(sc.DependsOn)) {
		kind := graph.Hard
		if !sc.DependsOn[dep].Required {
			kind = graph.Soft // required: false: the service starts without it
		}
		if err := add(dep, kind, "depends_on"); err != nil {
			return err
		}
	}
	return nil
}

// serviceLines finds the line each service is defined on: the keys of the
// top-level services mapping, at the indentation of its first key.
func serviceLines(src string) map[string]int {
	out := map[string]int{}
	ls := strings.Split(src, "\n")
	start := -1
	for i, l := range ls {
		if strings.HasPrefix(l, "services:") {
			start = i
			break
		}
	}
	if start < 0 {
		return out
	}
	indent := ""
	for i := start + 1; i < len(ls); i++ {
		l := ls[i]
		t := strings.TrimLeft(l, " \t")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if len(t) == len(l) {
			break // back at the top level
		}
		if indent == "" {
			indent = l[:len(l)-len(t)]
		}
		if l[:len(l)-len(t)] != indent {
			continue
		}
		key, _, ok := strings.Cut(t, ":")
		if ok {
			key = strings.Trim(strings.TrimSpace(key), `"'`)
			if _, seen := out[key]; !seen {
				out[key] = i + 1
			}
		}
	}
	return out
}
