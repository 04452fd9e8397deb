package platform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/blast-dev/blast/glob"
)

// Role says whether a resource type serves (a load balancer, an
// instance, a table: when it fails, something stops answering) or only
// configures what serves (a security group, a policy attachment, a
// launch template: when its domain is down it cannot change, and what it
// configures keeps working or fails on its own account). Propagation
// treats both alike; reports count a configuration object that would
// fail, degrade or freeze as "affected", apart from what stops serving.
type Role string

// Roles.
const (
	Serving       Role = "serving"
	Configuration Role = "configuration"
)

// RoleRule gives the role of the types it matches: an exact type or a
// name pattern with * ("*_policy_attachment"). The data files' [[role]]
// rules decide for types no [[type]] entry gives a role; blast.toml's
// [[platform.role]] rules come before everything.
type RoleRule struct {
	Match  string `toml:"match"`
	Role   Role   `toml:"role"`
	Reason string `toml:"reason"`
	Source string `toml:"source"`

	origin string
}

// Origin says which file the rule came from.
func (r RoleRule) Origin() string { return r.origin }

// RoleAnswer is the role of one type and what decided it.
type RoleAnswer struct {
	Role Role
	// Rule names what decided: "type aws_security_group in aws.toml",
	// "rule *_policy in roles.toml", "override *_rule in blast.toml" or
	// "default".
	Rule string
	// Reason says why, in words.
	Reason string
}

func checkRole(r Role) error {
	switch r {
	case "", Serving, Configuration:
		return nil
	}
	return fmt.Errorf("unknown role %q (want serving or configuration)", r)
}

func (k *Knowledge) addRoleRule(r RoleRule) error {
	if r.Match == "" {
		return fmt.Errorf("role rule without match")
	}
	if r.Role == "" {
		return fmt.Errorf("%s: role rule without role", r.Match)
	}
	if err := checkRole(r.Role); err != nil {
		return fmt.Errorf("%s: %w", r.Match, err)
	}
	if r.Reason == "" {
		return fmt.Errorf("%s: role rule without reason", r.Match)
	}
	k.roleCache.Clear()
	list := &k.roleRules
	if r.origin == "blast.toml" {
		list = &k.userRoles
	}
	for i, old := range *list {
		if old.Match == r.Match {
			(*list)[i] = r
			return nil
		}
	}
	*list = append(*list, r)
	sort.SliceStable(*list, func(i, j int) bool { return moreSpecific((*list)[i].Match, (*list)[j].Match) })
	return nil
}

// moreSpecific orders name patterns: an exact name first, then the
// pattern with more fixed parts, then the longer, then by name.
func moreSpecific(a, b string) bool {
	ea, eb := !strings.Contains(a, "*"), !strings.Contains(b, "*")
	if ea != eb {
		return ea
	}
	if pa, pb := literalParts(a), literalParts(b); pa != pb {
		return pa > pb
	}
	if la, lb := literalLen(a), literalLen(b); la != lb {
		return la > lb
	}
	return a < b
}

// OverrideRoles adds role rules, as blast.toml's [[platform.role]]: they
// are tried before any embedded entry or rule.
func (k *Knowledge) OverrideRoles(rules []RoleRule) error {
	for i, r := range rules {
		r.origin = "blast.toml"
		if err := k.addRoleRule(r); err != nil {
			return fmt.Errorf("platform.role[%d]: %w", i, err)
		}
	}
	return nil
}

// RoleRules returns the role rules, blast.toml's first, each list most
// specific first.
func (k *Knowledge) RoleRules() []RoleRule {
	return append(append([]RoleRule(nil), k.userRoles...), k.roleRules...)
}

// RoleOf returns the role of a resource type and what decided it, in
// this order: blast.toml's [[platform.role]] rules; the role of the
// type's own [[type]] entry (embedded, or [[platform.override]]), else
// of the [[type]] pattern it matches; the embedded [[role]] name rules,
// most specific first (an exact name, then the pattern with more fixed
// parts, then the longer); else serving. Types that are not
// infrastructure are serving: they are never counted at all.
func (k *Knowledge) RoleOf(typ string) RoleAnswer {
	if a, ok := k.roleCache.Load(typ); ok {
		return a.(RoleAnswer)
	}
	a := k.roleOf(typ)
	k.roleCache.Store(typ, a)
	return a
}

func (k *Knowledge) roleOf(typ string) RoleAnswer {
	rule := func(rules []RoleRule, word string) (RoleAnswer, bool) {
		for _, r := range rules {
			if r.Match == typ || glob.Star(r.Match, typ) {
				return RoleAnswer{Role: r.Role, Rule: word + " " + r.Match + " in " + r.origin, Reason: r.Reason}, true
			}
		}
		return RoleAnswer{}, false
	}
	if a, ok := rule(k.userRoles, "override"); ok {
		return a
	}
	if e, ok := k.Lookup(typ); ok && e.NotInfrastructure {
		return RoleAnswer{Role: Serving, Rule: "type " + e.Match + " in " + e.origin, Reason: "not infrastructure: never counted"}
	}
	if e, ok := k.exact[typ]; ok && e.Role != "" {
		return RoleAnswer{Role: e.Role, Rule: "type " + e.Match + " in " + e.origin, Reason: e.RoleReason}
	}
	if e, ok := k.Lookup(typ); ok && e.Role != "" {
		return RoleAnswer{Role: e.Role, Rule: "type " + e.Match + " in " + e.origin, Reason: e.RoleReason}
	}
	if a, ok := rule(k.roleRules, "rule"); ok {
		return a
	}
	return RoleAnswer{Role: Serving, Rule: "default", Reason: "no entry or rule names it configuration"}
}

// Configuration reports whether a type only configures what serves.
func (k *Knowledge) Configuration(typ string) bool { return k.RoleOf(typ).Role == Configuration }
