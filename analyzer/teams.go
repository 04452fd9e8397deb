package analyzer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/glob"
	"github.com/blast-dev/blast/graph"
)

// DefaultOwnerKeys are the tag keys that name a resource's owning team,
// in order of preference, when blast.toml's [teams] tag_keys does not set
// them.
var DefaultOwnerKeys = []string{"Owner", "owner", "Team", "team"}

// LabelOwner is the node label a catalog entity's owner is read from
// (Backstage spec.owner).
const LabelOwner = "owner"

// StateOwner gives every node read from the inputs whose file matches
// Path (a glob: * and ?) to Team, when no tag or catalog names one.
type StateOwner struct {
	Path string `toml:"path"`
	Team string `toml:"team"`
}

// Owners says which team owns a node: the first of Keys among its tags,
// else the owner its catalog entity names (Backstage spec.owner), else
// the team of the first States entry whose path matches its file.
type Owners struct {
	Keys   []string
	States []StateOwner
}

// teamsSection is blast.toml's [teams] table.
type teamsSection struct {
	// TagKeys replaces DefaultOwnerKeys; [] reads no tag.
	TagKeys *[]string    `toml:"tag_keys"`
	State   []StateOwner `toml:"state"`
}

// LoadOwners reads blast.toml's [teams] section (cfg may be nil: the
// defaults). Unknown keys are errors naming the key and its line.
func LoadOwners(cfg *config.File) (*Owners, error) {
	o := &Owners{Keys: DefaultOwnerKeys}
	if cfg == nil || !cfg.Has("teams") {
		return o, nil
	}
	var s teamsSection
	if err := cfg.Decode("teams", &s); err != nil {
		return nil, err
	}
	if s.TagKeys != nil {
		o.Keys = append([]string{}, *s.TagKeys...)
	}
	for i, st := range s.State {
		if strings.TrimSpace(st.Path) == "" || strings.TrimSpace(st.Team) == "" {
			return nil, fmt.Errorf("config: %s: [[teams.state]] %d: needs both path and team", cfg.Path, i+1)
		}
	}
	o.States = s.State
	return o, nil
}

// Of returns the team that owns n, or "" when nothing names one.
func (o *Owners) Of(n *graph.Node) string {
	if o == nil || n == nil {
		return ""
	}
	for _, k := range o.Keys {
		if v := strings.TrimSpace(n.Tags.Value(k)); v != "" {
			return v
		}
	}
	if v := OwnerName(n.Labels[LabelOwner]); v != "" {
		return v
	}
	for _, s := range o.States {
		if n.Source.File != "" && glob.Match(s.Path, filepathSlash(n.Source.File)) {
			return s.Team
		}
	}
	return ""
}

// OwnerName shortens a Backstage owner reference to the name a tag would
// carry: "group:default/team-a" and "group:team-a" are "team-a"; other
// kinds and namespaces stay as written ("user:guest", "group:ops/dba").
func OwnerName(ref string) string {
	ref = strings.TrimSpace(ref)
	if rest, ok := strings.CutPrefix(ref, "group:"); ok {
		ref = rest
	}
	if rest, ok := strings.CutPrefix(ref, "default/"); ok && !strings.Contains(rest, ":") {
		ref = rest
	}
	return ref
}

// filepathSlash writes a file name with forward slashes, so that one
// pattern matches on every system.
func filepathSlash(name string) string { return strings.ReplaceAll(name, "\\", "/") }

// TeamImpact is what one scenario does to one team's nodes.
type TeamImpact struct {
	// Team is the owning team's name.
	Team     string `json:"team"`
	Failed   int    `json:"failed"`
	Degraded int    `json:"degraded"`
	// Frozen counts the frozen nodes, whatever their state.
	Frozen int `json:"frozen"`
	// Affected counts the team's configuration objects the scenario
	// reaches; they are not listed in Nodes (see Impact.Configuration).
	Affected int `json:"affected"`
	// Nodes lists the impacted nodes that serve, worst first, then by ID.
	Nodes []TeamNode `json:"nodes"`
}

// TeamNode is one impacted node of a team, and the first node of
// another team its explanation passes through.
type TeamNode struct {
	ID     string `json:"id"`
	State  State  `json:"state"`
	Frozen bool   `json:"frozen"`
	Domain string `json:"domain,omitempty"`
	// Through is the first node of another team on the chain that
	// explains the state, and ThroughTeam that team; both empty when the
	// failure reached the node through its own team's nodes (or nodes no
	// team owns) alone.
	Through     string `json:"through,omitempty"`
	ThroughTeam string `json:"throughTeam,omitempty"`
}

// TeamView is a scenario's outcome per team.
type TeamView struct {
	// Teams lists, sorted by name, every team with an impacted node.
	Teams []TeamImpact `json:"teams"`
	// Unowned counts the impacted nodes no team owns.
	Unowned int `json:"unowned"`
}

// ByTeam groups a result's impacted nodes by the team that owns them,
// each with the first node of another team its chain passes through.
// Data sources are left out, as in every count. It reads each impact's
// chain once: linear in the size of the explanations.
func ByTeam(g *graph.Graph, res *Result, owners *Owners) TeamView {
	byTeam := map[string]*TeamImpact{}
	team := map[string]string{} // node ID → team, memoised along chains
	teamOf := func(id string) string {
		if t, ok := team[id]; ok {
			return t
		}
		n, _ := g.Node(id)
		t := owners.Of(n)
		team[id] = t
		return t
	}
	view := TeamView{Teams: []TeamImpact{}}
	for _, im := range res.Impacts {
		n, ok := g.Node(im.ID)
		if !ok || !n.Target() {
			continue
		}
		t := teamOf(im.ID)
		if t == "" {
			view.Unowned++
			continue
		}
		ti := byTeam[t]
		if ti == nil {
			ti = &TeamImpact{Team: t, Nodes: []TeamNode{}}
			byTeam[t] = ti
		}
		if im.Configuration {
			ti.Affected++
			continue
		}
		switch im.State {
		case Failed:
			ti.Failed++
		case Degraded:
			ti.Degraded++
		}
		if im.Frozen {
			ti.Frozen++
		}
		tn := TeamNode{ID: im.ID, State: im.State, Frozen: im.Frozen, Domain: im.Domain}
		chain := im.Chain
		if im.State == Healthy {
			chain = im.FrozenChain
		}
		for _, st := range chain {
			if st.Node == im.ID {
				continue
			}
			if other := teamOf(st.Node); other != "" && other != t {
				tn.Through, tn.ThroughTeam = st.Node, other
				break
			}
		}
		ti.Nodes = append(ti.Nodes, tn)
	}
	for _, ti := range byTeam {
		sort.Slice(ti.Nodes, func(i, j int) bool {
			a, b := ti.Nodes[i], ti.Nodes[j]
			if a.State != b.State {
				return a.State > b.State
			}
			return a.ID < b.ID
		})
		view.Teams = append(view.Teams, *ti)
	}
	sort.Slice(view.Teams, func(i, j int) bool { return view.Teams[i].Team < view.Teams[j].Team })
	return view
}
