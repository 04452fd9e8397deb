package checks

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/glob"
	"github.com/blast-dev/blast/graph"
)

// Finding levels, as SARIF names them.
const (
	LevelError   = "error"
	LevelWarning = "warning"
	LevelNote    = "note"
)

// Finding kinds.
const (
	FindingViolation = "violation"  // a policy the after side breaks
	FindingImpact    = "new-impact" // a row that newly fails, degrades or freezes
	FindingSPOF      = "new-spof"   // a resource whose loss alone now fails a row
)

// Finding statuses.
const (
	StatusOpen       = "open"
	StatusSuppressed = "suppressed"
	StatusBaseline   = "baseline"
)

// --fail-on values.
const (
	FailOnViolations = "violations"
	FailOnNewImpact  = "new-impact"
	FailOnNone       = "none"
)

// FailOnChoices lists the --fail-on values for shell completion, each
// with what it gates on.
func FailOnChoices() []string {
	return []string{"violations\tpolicy violations (default)", "new-impact\tviolations and anything newly impacted", "none\talways exit 0 after reporting"}
}

// CheckFailOn says whether failOn is a --fail-on value.
func CheckFailOn(failOn string) error {
	switch failOn {
	case FailOnViolations, FailOnNewImpact, FailOnNone:
		return nil
	}
	return fmt.Errorf("--fail-on: unknown value %q (want violations, new-impact or none)", failOn)
}

// Today returns the date suppressions expire against, as --today takes
// it: date itself when it is one (YYYY-MM-DD), today's (UTC) when empty.
func Today(date string) (string, error) {
	if date == "" {
		return time.Now().UTC().Format("2006-01-02"), nil
	}
	if _, err := time.Parse("2006-01-02", date); err != nil {
		return "", fmt.Errorf("--today: %q is not a date (YYYY-MM-DD)", date)
	}
	return date, nil
}

// Scenario sets policies may name besides named scenarios and domains.
const (
	AnyZone     = "any-zone"
	AnyRegion   = "any-region"
	AnyScenario = "any"
)

// Policy is one [[policy]] of blast.toml: which services or resources
// must survive which scenarios at which worst state, or how many
// services (or resources) one scenario may take down.
type Policy struct {
	// Name identifies the policy in reports, suppressions and baselines.
	Name        string `toml:"name" json:"name"`
	Description string `toml:"description" json:"description,omitempty"`
	// Services, Tiers and Resources select what the policy covers:
	// services by ID or name, services by their tier label, resources by
	// address. "*" matches any run of characters.
	Services  []string `toml:"services" json:"services,omitempty"`
	Tiers     []string `toml:"tiers" json:"tiers,omitempty"`
	Resources []string `toml:"resources" json:"resources,omitempty"`
	// Survive lists the scenarios the selection must survive: any-zone,
	// any-region, any, a named scenario, or a failure domain.
	Survive []string `toml:"survive" json:"survive,omitempty"`
	// Worst is the worst state allowed when surviving: healthy, frozen
	// or degraded (the default).
	Worst string `toml:"worst" json:"worst,omitempty"`
	// MaxServicesDown and MaxResourcesDown limit how many services (of
	// the selection, or all) and resources one scenario of In may fail.
	MaxServicesDown  *int `toml:"max_services_down" json:"maxServicesDown,omitempty"`
	MaxResourcesDown *int `toml:"max_resources_down" json:"maxResourcesDown,omitempty"`
	// NoDataAtRisk asks that no stateful store (of Resources, or every
	// one) be left without a copy outside the failed domains in the
	// scenarios of In: a database whose backups all live in its own
	// region breaks it when that region goes down.
	NoDataAtRisk bool `toml:"no_data_at_risk" json:"noDataAtRisk,omitempty"`
	// In lists the scenarios a limit or NoDataAtRisk applies to (default
	// any-region).
	In []string `toml:"in" json:"in,omitempty"`
	// NoSharedFate forbids redundancy that is not: a redundancy group
	// (of the selection's nodes, or of any node without a selection)
	// whose members all depend on one resource or live in one domain
	// (analyzer.SharedFate).
	NoSharedFate bool `toml:"no_shared_fate" json:"noSharedFate,omitempty"`
	// Level is error (the default: fails the check) or warning.
	Level string `toml:"level" json:"level,omitempty"`
}

// Date is a calendar date, YYYY-MM-DD; blast.toml may write it as a
// TOML date or a string.
type Date string

// UnmarshalTOML accepts a TOML local date or a "YYYY-MM-DD" string.
func (d *Date) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case time.Time:
		*d = Date(x.Format("2006-01-02"))
		return nil
	case string:
		if _, err := time.Parse("2006-01-02", x); err != nil {
			return fmt.Errorf("date %q is not YYYY-MM-DD", x)
		}
		*d = Date(x)
		return nil
	}
	return fmt.Errorf("want a date (YYYY-MM-DD), got %v", v)
}

// Suppression is one [[suppression]] of blast.toml: findings it matches
// are reported as suppressed, with the reason, until it expires.
type Suppression struct {
	// ID matches finding IDs; Policy, Node, Scenario and Kind match those
	// fields. "*" matches any run of characters; every field given must
	// match.
	ID       string `toml:"id" json:"id,omitempty"`
	Policy   string `toml:"policy" json:"policy,omitempty"`
	Node     string `toml:"node" json:"node,omitempty"`
	Scenario string `toml:"scenario" json:"scenario,omitempty"`
	Kind     string `toml:"kind" json:"kind,omitempty"`
	Reason   string `toml:"reason" json:"reason"`
	Expires  Date   `toml:"expires" json:"expires"`
}

// SuppressionStatus is a suppression with whether it is in force and how
// many findings it matched.
type SuppressionStatus struct {
	Suppression
	// Status is active or expired.
	Status  string `json:"status"`
	Matched int    `json:"matched"`
}

// PolicyResult is one policy with its outcome on both sides.
type PolicyResult struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Rule says in words what the policy asks.
	Rule  string `json:"rule"`
	Level string `json:"level"`
	// Covered counts the services and resources the selection matched on
	// the after side (limits without a selection count every service).
	Covered int `json:"covered"`
	Before  int `json:"violationsBefore"`
	After   int `json:"violationsAfter"`
	// Status is ok, violated, fixed (violated before, not after) or
	// unmatched (the selection matched nothing).
	Status string `json:"status"`
}

// Finding is one reportable result: a policy violation, a new impact or
// a new single point of failure.
type Finding struct {
	// ID is stable across runs: baselines and suppressions match it.
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Level    string `json:"level"`
	Policy   string `json:"policy,omitempty"`
	Node     string `json:"node,omitempty"`
	Scenario string `json:"scenario,omitempty"`
	Message  string `json:"message"`
	// New is set when the before side does not have the finding.
	New bool `json:"new"`
	// Resource is the resource to point at (the changed resource behind
	// the finding, else the one the failure domain hit); Address, Type,
	// ResourceName and Source locate it.
	Resource     string        `json:"resource,omitempty"`
	Address      string        `json:"address,omitempty"`
	Type         string        `json:"type,omitempty"`
	ResourceName string        `json:"resourceName,omitempty"`
	Source       *graph.Source `json:"source,omitempty"`
	// File and Line locate the resource's block in the configuration
	// (set when the configuration directory is known).
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	// Status is open, suppressed or baseline; Suppression gives the
	// reason of the suppression that matched.
	Status      string `json:"status"`
	Suppression string `json:"suppression,omitempty"`
	// Expired names a suppression that matched but has expired.
	Expired string `json:"expiredSuppression,omitempty"`
}

// Verdict is the outcome of a check in one line, and whether it crosses
// the --fail-on threshold.
type Verdict struct {
	// Status is violated, worse, better, changed (only added or removed
	// resources change some scenario's blast radius) or unchanged.
	Status  string `json:"status"`
	Summary string `json:"summary"`
	FailOn  string `json:"failOn"`
	Fail    bool   `json:"fail"`
	// Counts of open findings, and of the rest.
	Violations    int `json:"violations"`
	NewImpacts    int `json:"newImpacts"`
	NewSPOFs      int `json:"newSinglePointsOfFailure"`
	Improvements  int `json:"improvements"`
	Suppressed    int `json:"suppressed"`
	InBaseline    int `json:"inBaseline"`
	WorseChanges  int `json:"worseChanges"`
	BetterChanges int `json:"betterChanges"`
}

// EvalOptions control Evaluate.
type EvalOptions struct {
	Policies     []Policy
	Suppressions []Suppression
	// Baseline holds the IDs of findings to leave out (a previous run's).
	Baseline Baseline
	// Today decides which suppressions have expired (YYYY-MM-DD).
	Today string
	// FailOn is violations (default), new-impact or none.
	FailOn string
}

// violation is a policy broken on one side.
type violation struct {
	policy   *Policy
	id       string
	node     string
	scenario string
	message  string
	resource string
}

// compiled is a validated policy.
type compiled struct {
	p         *Policy
	scenarios []int // suite indexes
	maxRank   int
}

// ValidatePolicies checks policies and suppressions without running
// anything; Evaluate runs the same checks.
func ValidatePolicies(ps []Policy, ss []Suppression, suite []SuiteScenario) error {
	if _, err := compilePolicies(ps, suite); err != nil {
		return err
	}
	return validateSuppressions(ss)
}

func compilePolicies(ps []Policy, suite []SuiteScenario) ([]compiled, error) {
	var out []compiled
	names := map[string]bool{}
	for i := range ps {
		p := &ps[i]
		where := fmt.Sprintf("policy[%d]", i)
		if p.Name == "" {
			return nil, fmt.Errorf("%s: no name", where)
		}
		where = fmt.Sprintf("policy %q", p.Name)
		if names[p.Name] {
			return nil, fmt.Errorf("%s: defined twice", where)
		}
		names[p.Name] = true
		switch p.Level {
		case "":
			p.Level = LevelError
		case LevelError, LevelWarning:
		default:
			return nil, fmt.Errorf("%s: level %q (want error or warning)", where, p.Level)
		}
		limit := p.MaxServicesDown != nil || p.MaxResourcesDown != nil
		survive := len(p.Survive) > 0
		kinds := 0
		for _, b := range []bool{limit, survive, p.NoDataAtRisk, p.NoSharedFate} {
			if b {
				kinds++
			}
		}
		switch {
		case kinds > 1:
			return nil, fmt.Errorf("%s: give one of survive, a max_*_down limit, no_data_at_risk or no_shared_fate, not several", where)
		case kinds == 0:
			return nil, fmt.Errorf("%s: says nothing to check (give survive, max_services_down, max_resources_down, no_data_at_risk or no_shared_fate)", where)
		}
		c := compiled{p: p}
		var err error
		if p.NoDataAtRisk {
			if p.Worst != "" || len(p.Services)+len(p.Tiers) > 0 {
				return nil, fmt.Errorf("%s: no_data_at_risk selects stores by resources only, and has no worst", where)
			}
			in := p.In
			if len(in) == 0 {
				in = []string{AnyRegion}
			}
			if c.scenarios, err = scenarioSet(in, suite); err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			out = append(out, c)
			continue
		}
		if p.NoSharedFate {
			if p.Worst != "" || len(p.In) > 0 {
				return nil, fmt.Errorf("%s: worst and in do not apply to no_shared_fate", where)
			}
		} else if survive {
			if len(p.Services)+len(p.Tiers)+len(p.Resources) == 0 {
				return nil, fmt.Errorf("%s: say what must survive (services, tiers or resources)", where)
			}
			if len(p.In) > 0 {
				return nil, fmt.Errorf("%s: in applies to limits; a survive policy lists its scenarios in survive", where)
			}
			switch p.Worst {
			case "", "degraded":
				p.Worst, c.maxRank = "degraded", Outcome{State: analyzer.Degraded, Frozen: true}.Rank()
			case "frozen":
				c.maxRank = Outcome{Frozen: true}.Rank()
			case "healthy":
				c.maxRank = 0
			default:
				return nil, fmt.Errorf("%s: worst %q (want healthy, frozen or degraded)", where, p.Worst)
			}
			c.scenarios, err = scenarioSet(p.Survive, suite)
		} else {
			if p.Worst != "" {
				return nil, fmt.Errorf("%s: worst applies to survive policies", where)
			}
			for _, v := range []*int{p.MaxServicesDown, p.MaxResourcesDown} {
				if v != nil && *v < 0 {
					return nil, fmt.Errorf("%s: a limit below 0", where)
				}
			}
			in := p.In
			if len(in) == 0 {
				in = []string{AnyRegion}
			}
			c.scenarios, err = scenarioSet(in, suite)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// scenarioSet resolves scenario names to suite indexes. Domains no side
// holds resources in resolve to nothing: there is nothing to check.
func scenarioSet(names []string, suite []SuiteScenario) ([]int, error) {
	set := map[int]bool{}
	for _, name := range names {
		found := false
		for k, s := range suite {
			switch {
			case name == AnyScenario,
				name == AnyZone && s.Kind == SuiteZone,
				name == AnyRegion && s.Kind == SuiteRegion,
				name == s.Name:
				set[k] = true
				found = true
			}
		}
		if found || name == AnyScenario || name == AnyZone || name == AnyRegion {
			continue
		}
		if d, err := analyzer.ParseDomain(name, nil); err == nil && strings.Contains(name, ":") && d.Kind != analyzer.DomainNode {
			if d.Kind == analyzer.DomainRegion || d.Kind == analyzer.DomainZone {
				continue // a domain no input lives in
			}
			return nil, fmt.Errorf("scenario %q: checks run single regions and zones; name a region, a zone or a named scenario", name)
		}
		var known []string
		for _, s := range suite {
			if s.Kind == SuiteNamed {
				known = append(known, s.Name)
			}
		}
		hint := "any-zone, any-region, any, a region or zone with its cloud, such as aws:us-east-1"
		if len(known) > 0 {
			hint += ", or a named scenario: " + strings.Join(known, ", ")
		}
		return nil, fmt.Errorf("unknown scenario %q (want %s)", name, hint)
	}
	out := make([]int, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Ints(out)
	return out, nil
}

func validateSuppressions(ss []Suppression) error {
	for i, s := range ss {
		where := fmt.Sprintf("suppression[%d]", i)
		if s.ID+s.Policy+s.Node+s.Scenario+s.Kind == "" {
			return fmt.Errorf("%s: matches everything; give id, policy, node, scenario or kind", where)
		}
		if strings.TrimSpace(s.Reason) == "" {
			return fmt.Errorf("%s: no reason (say why the finding is accepted)", where)
		}
		if s.Expires == "" {
			return fmt.Errorf("%s: no expires date (YYYY-MM-DD): suppressions must end", where)
		}
		if _, err := time.Parse("2006-01-02", string(s.Expires)); err != nil {
			return fmt.Errorf("%s: expires %q is not YYYY-MM-DD", where, s.Expires)
		}
		switch s.Kind {
		case "", FindingViolation, FindingImpact, FindingSPOF:
		default:
			return fmt.Errorf("%s: kind %q (want %s, %s or %s)", where, s.Kind, FindingViolation, FindingImpact, FindingSPOF)
		}
	}
	return nil
}

// policyCovers returns the node IDs a policy's selection matches in g.
func policyCovers(p *Policy, g *graph.Graph) []string {
	var out []string
	for _, n := range g.Nodes() {
		if n.Mode == graph.ModeData {
			continue
		}
		switch n.Kind {
		case graph.KindService:
			if matchAny(p.Services, n.ID, n.Name) || (len(p.Tiers) > 0 && n.Labels["tier"] != "" && matchAny(p.Tiers, n.Labels["tier"])) {
				out = append(out, n.ID)
			}
		case graph.KindResource:
			if matchAny(p.Resources, n.ID, n.Address) {
				out = append(out, n.ID)
			}
		}
	}
	return out
}

func matchAny(patterns []string, values ...string) bool {
	for _, p := range patterns {
		for _, v := range values {
			if v != "" && glob.Star(p, v) {
				return true
			}
		}
	}
	return false
}

// violations evaluates one compiled policy on one side.
func (c *Check) violations(cp compiled, side *SideOutcome) ([]violation, int) {
	p := cp.p
	if p.NoDataAtRisk {
		return c.dataViolations(cp, side)
	}
	g := side.Analyzer.Graph()
	sel := policyCovers(p, g)
	var out []violation
	if p.NoSharedFate {
		return sharedFateViolations(p, side.Analyzer, sel)
	}
	if len(p.Survive) > 0 {
		for _, k := range cp.scenarios {
			s := c.suite[k]
			res := side.Results[k]
			for _, id := range sel {
				if side.Analyzer.Configuration(id) {
					continue // a configuration object is affected, never failed: policies hold what serves
				}
				o := outcomeOf(res, id)
				if o.Rank() <= cp.maxRank {
					continue
				}
				n, _ := g.Node(id)
				im, _ := res.Impact(id)
				msg := fmt.Sprintf("%s is %s when %s is down; policy %q allows at worst %s", nodeText(n), o.Label(), scenarioText(s), p.Name, p.Worst)
				if side == c.head {
					if cause := c.causeOf(im.Chain); cause != "" {
						msg += "; behind it: " + c.CauseText(cause)
					}
				}
				out = append(out, violation{policy: p, id: "policy/" + p.Name + "/" + id + "/" + s.Name, node: id,
					scenario: s.Name, message: msg, resource: c.pointAt(side, im, id)})
			}
		}
		return out, len(sel)
	}
	count := len(sel)
	selected := func(id string) bool { _, ok := slices.BinarySearch(sel, id); return ok } // sel is sorted
	for _, k := range cp.scenarios {
		s := c.suite[k]
		res := side.Results[k]
		var svcDown, resDown []string
		for _, im := range res.Impacts {
			if im.State != analyzer.Failed || im.Configuration {
				continue
			}
			n, _ := g.Node(im.ID)
			switch {
			case n.Kind == graph.KindService && (len(sel) == 0 || selected(n.ID)):
				svcDown = append(svcDown, n.ID)
			case n.Kind == graph.KindResource:
				resDown = append(resDown, n.ID)
			}
		}
		check := func(what string, limit *int, down []string) {
			if limit == nil || len(down) <= *limit {
				return
			}
			shown := down
			more := ""
			if len(shown) > 5 {
				more = fmt.Sprintf(" and %d more", len(shown)-5)
				shown = shown[:5]
			}
			msg := fmt.Sprintf("%s takes down %d %s (policy %q allows %d): %s%s", scenarioText(s), len(down), what, p.Name, *limit, strings.Join(shown, ", "), more)
			im, _ := res.Impact(down[0])
			out = append(out, violation{policy: p, id: "policy/" + p.Name + "/" + what + "/" + s.Name, scenario: s.Name,
				message: msg, resource: c.pointAt(side, im, down[0])})
		}
		check("services", p.MaxServicesDown, svcDown)
		check("resources", p.MaxResourcesDown, resDown)
	}
	if count == 0 && len(p.Services)+len(p.Tiers) == 0 {
		count = len(side.Rows)
	}
	return out, count
}

// pointAt picks the resource a finding about node id points at: the
// changed resource on its chain, else the last resource of the chain,
// else the node itself.
func (c *Check) pointAt(side *SideOutcome, im analyzer.Impact, id string) string {
	if cause := c.causeOf(im.Chain); cause != "" {
		return cause
	}
	g := side.Analyzer.Graph()
	for i := len(im.Chain) - 1; i >= 0; i-- {
		if n, ok := g.Node(im.Chain[i].Node); ok && n.Kind == graph.KindResource {
			return n.ID
		}
	}
	return id
}

func nodeText(n *graph.Node) string {
	if n == nil {
		return "?"
	}
	s := n.ID
	if n.Kind == graph.KindService && n.Labels["tier"] != "" {
		s += " (tier " + n.Labels["tier"] + ")"
	}
	return s
}

func scenarioText(s SuiteScenario) string {
	if s.Kind == SuiteNamed {
		return "scenario " + s.Name
	}
	return s.Name
}

func ruleText(p *Policy) string {
	var sel []string
	if len(p.Services) > 0 {
		sel = append(sel, "services "+strings.Join(p.Services, ", "))
	}
	if len(p.Tiers) > 0 {
		sel = append(sel, "tier "+strings.Join(p.Tiers, ", "))
	}
	if len(p.Resources) > 0 {
		sel = append(sel, "resources "+strings.Join(p.Resources, ", "))
	}
	if p.NoSharedFate {
		if len(sel) == 0 {
			return "no redundancy group whose members all depend on one resource or live in one domain"
		}
		return fmt.Sprintf("%s: no redundancy group whose members all depend on one resource or live in one domain", strings.Join(sel, "; "))
	}
	if len(p.Survive) > 0 {
		return fmt.Sprintf("%s survive %s at worst %s", strings.Join(sel, "; "), strings.Join(p.Survive, ", "), p.Worst)
	}
	in := p.In
	if len(in) == 0 {
		in = []string{AnyRegion}
	}
	if p.NoDataAtRisk {
		what := "every stateful store"
		if len(sel) > 0 {
			what = "stateful stores of " + strings.Join(sel, "; ")
		}
		return fmt.Sprintf("%s keeps a copy outside the failed domains in %s", what, strings.Join(in, ", "))
	}
	var lim []string
	if p.MaxServicesDown != nil {
		what := countNoun(*p.MaxServicesDown, "service")
		if len(sel) > 0 {
			what = fmt.Sprintf("%d of %s", *p.MaxServicesDown, strings.Join(sel, "; "))
		}
		lim = append(lim, fmt.Sprintf("at most %s down", what))
	}
	if p.MaxResourcesDown != nil {
		lim = append(lim, fmt.Sprintf("at most %s down", countNoun(*p.MaxResourcesDown, "resource")))
	}
	return fmt.Sprintf("%s in %s", strings.Join(lim, " and "), strings.Join(in, ", "))
}

// Evaluate checks the policies on both sides, turns violations, new
// impacts and new single points of failure into findings, applies
// suppressions and the baseline, and decides the verdict.
func (c *Check) Evaluate(opt EvalOptions) error {
	if opt.FailOn == "" {
		opt.FailOn = FailOnViolations
	}
	if err := CheckFailOn(opt.FailOn); err != nil {
		return err
	}
	if opt.Today == "" {
		return errors.New("evaluate: no date for suppression expiry")
	}
	policies := append([]Policy(nil), opt.Policies...)
	cps, err := compilePolicies(policies, c.suite)
	if err != nil {
		return err
	}
	if err := validateSuppressions(opt.Suppressions); err != nil {
		return err
	}
	c.Policies = []PolicyResult{}
	c.Findings = []Finding{}
	for _, cp := range cps {
		before, _ := c.violations(cp, c.base)
		after, n := c.violations(cp, c.head)
		pr := PolicyResult{Name: cp.p.Name, Description: cp.p.Description, Rule: ruleText(cp.p), Level: cp.p.Level,
			Covered: n, Before: len(before), After: len(after)}
		switch {
		case len(after) > 0:
			pr.Status = "violated"
		case len(before) > 0:
			pr.Status = "fixed"
		case n == 0:
			pr.Status = "unmatched"
		default:
			pr.Status = "ok"
		}
		c.Policies = append(c.Policies, pr)
		was := map[string]bool{}
		for _, v := range before {
			was[v.id] = true
		}
		for _, v := range after {
			c.Findings = append(c.Findings, c.finding(FindingViolation, cp.p.Level, v.id, v.policy.Name, v.node, v.scenario, v.message, !was[v.id], v.resource))
		}
	}
	rows := map[string]bool{}
	for _, r := range c.head.Rows {
		rows[r] = true
	}
	netBetter := map[string]bool{}
	for _, ch := range c.Changes {
		if !ch.Worse || !rows[ch.Node] || ch.Configuration {
			continue
		}
		if c.trendOf(ch.Node) == "better" {
			netBetter[ch.Node] = true
			continue
		}
		s := SuiteScenario{Name: ch.Scenario, Kind: ch.ScenarioKind}
		msg := fmt.Sprintf("%s newly %s when %s is down (was %s)", ch.Node, ch.After.Verb(), scenarioText(s), ch.Before.Label())
		if ch.Cause != "" {
			msg += "; behind it: " + c.CauseText(ch.Cause)
		}
		res := ch.Cause
		if res == "" {
			res = c.pointAt(c.head, analyzer.Impact{Chain: ch.Chain}, ch.Node)
		}
		c.Findings = append(c.Findings, c.finding(FindingImpact, LevelWarning, "impact/"+ch.Node+"/"+ch.Scenario, "", ch.Node, ch.Scenario, msg, true, res))
	}
	for _, sp := range c.NewSPOFs {
		msg := fmt.Sprintf("%s alone now fails %s", sp.Resource, strings.Join(sp.Rows, ", "))
		c.Findings = append(c.Findings, c.finding(FindingSPOF, LevelWarning, "spof/"+sp.Resource, "", sp.Resource, "", msg, true, sp.Resource))
	}
	for _, id := range slices.Sorted(maps.Keys(netBetter)) {
		c.Notes = append(c.Notes, fmt.Sprintf("%s fares worse in some scenarios but better over the whole suite: no new-impact finding for it", id))
	}
	c.applySuppressions(opt)
	for i := range c.Findings {
		f := &c.Findings[i]
		if f.Status == StatusOpen && opt.Baseline[f.ID] {
			f.Status = StatusBaseline
		}
	}
	kindRank := map[string]int{FindingViolation: 0, FindingImpact: 1, FindingSPOF: 2}
	statusRank := map[string]int{StatusOpen: 0, StatusSuppressed: 1, StatusBaseline: 2}
	sort.SliceStable(c.Findings, func(i, j int) bool {
		a, b := c.Findings[i], c.Findings[j]
		if statusRank[a.Status] != statusRank[b.Status] {
			return statusRank[a.Status] < statusRank[b.Status]
		}
		if kindRank[a.Kind] != kindRank[b.Kind] {
			return kindRank[a.Kind] < kindRank[b.Kind]
		}
		return a.ID < b.ID
	})
	if len(opt.Baseline) > 0 {
		c.Notes = append(c.Notes, fmt.Sprintf("baseline: findings of a previous run (%d) are left out", len(opt.Baseline)))
	}
	c.decide(opt.FailOn)
	return nil
}

func (c *Check) finding(kind, level, id, policy, node, scenario, msg string, isNew bool, resource string) Finding {
	f := Finding{ID: id, Kind: kind, Level: level, Policy: policy, Node: node, Scenario: scenario, Message: msg,
		New: isNew, Resource: resource, Status: StatusOpen}
	n, ok := c.head.Analyzer.Graph().Node(resource)
	if !ok {
		n, ok = c.base.Analyzer.Graph().Node(resource)
	}
	if ok && n.Kind == graph.KindResource {
		f.Address, f.Type, f.ResourceName = n.Address, n.Type, n.Name
		if n.Source.File != "" || n.Source.Address != "" {
			src := n.Source
			f.Source = &src
		}
	}
	return f
}

func (c *Check) applySuppressions(opt EvalOptions) {
	c.Suppressions = []SuppressionStatus{}
	for _, s := range opt.Suppressions {
		st := SuppressionStatus{Suppression: s, Status: "active"}
		if string(s.Expires) < opt.Today {
			st.Status = "expired"
		}
		for i := range c.Findings {
			f := &c.Findings[i]
			if !suppresses(s, f) {
				continue
			}
			st.Matched++
			if st.Status == "expired" {
				if f.Status == StatusOpen && f.Expired == "" {
					f.Expired = fmt.Sprintf("%s (expired %s)", s.Reason, s.Expires)
				}
				continue
			}
			if f.Status == StatusOpen {
				f.Status = StatusSuppressed
				f.Suppression = fmt.Sprintf("%s (until %s)", s.Reason, s.Expires)
			}
		}
		c.Suppressions = append(c.Suppressions, st)
	}
}

func suppresses(s Suppression, f *Finding) bool {
	m := func(pattern, v string) bool { return pattern == "" || glob.Star(pattern, v) }
	return m(s.ID, f.ID) && m(s.Policy, f.Policy) && m(s.Node, f.Node) && m(s.Scenario, f.Scenario) && m(s.Kind, f.Kind)
}

// decide sets the verdict from the changes and the open findings.
func (c *Check) decide(failOn string) {
	v := Verdict{FailOn: failOn}
	var firstViolation *Finding
	for i := range c.Findings {
		f := &c.Findings[i]
		switch f.Status {
		case StatusSuppressed:
			v.Suppressed++
			continue
		case StatusBaseline:
			v.InBaseline++
			continue
		}
		switch f.Kind {
		case FindingViolation:
			if f.Level == LevelError {
				v.Violations++
				if firstViolation == nil {
					firstViolation = f
				}
			}
		case FindingImpact:
			v.NewImpacts++
		case FindingSPOF:
			v.NewSPOFs++
		}
	}
	for _, p := range c.Policies {
		if p.Status == "fixed" {
			v.Improvements++
		}
	}
	v.WorseChanges = len(c.Worse())
	v.BetterChanges = len(c.Better())
	// with services, the verdict follows them; resources faring
	// differently are mentioned, not decisive
	worse, better := c.rowTrends("worse"), c.rowTrends("better")
	aside := func(trend string) string {
		if c.RowKind != SideRowsServices {
			return ""
		}
		n := c.trendCount(trend) - c.rowTrends(trend)
		if n == 0 {
			return ""
		}
		verb := "fare"
		if n == 1 {
			verb = "fares"
		}
		return fmt.Sprintf(" (though %s %s %s)", countNoun(n, "resource"), verb, trend)
	}
	switch {
	case v.Violations > 0:
		v.Status = "violated"
		v.Summary = "policy violated: " + firstViolation.Message
		if v.Violations > 1 {
			v.Summary += fmt.Sprintf(" (and %d more violations)", v.Violations-1)
		}
	case worse > 0 || len(c.NewSPOFs) > 0:
		v.Status = "worse"
		v.Summary = "blast radius grew: " + c.trendSummary(true)
		if better > 0 || len(c.RemovedSPOFs) > 0 || v.Improvements > 0 {
			v.Summary += "; improved: " + c.trendSummary(false)
		}
	case better > 0 || len(c.RemovedSPOFs) > 0 || v.Improvements > 0:
		v.Status = "better"
		v.Summary = "blast radius shrank: " + c.trendSummary(false) + aside("worse")
	case c.trendCount("worse") > 0 || c.trendCount("better") > 0:
		v.Status = "changed"
		v.Summary = fmt.Sprintf("no service fares differently over the suite; resources: %d fare worse, %d better",
			c.trendCount("worse"), c.trendCount("better"))
	case v.WorseChanges+v.BetterChanges > 0:
		v.Status = "changed"
		v.Summary = fmt.Sprintf("blast radius moved: %s fare differently in some scenarios, no better and no worse over the suite", c.nodeCount(c.Trends))
	case c.radiusChanged() > 0:
		v.Status = "changed"
		verb := "change"
		if c.Added()+c.Removed() == 1 {
			verb = "changes"
		}
		v.Summary = fmt.Sprintf("nothing that exists on both sides fares differently; %s %s the blast radius of %s",
			c.addedRemoved(), verb, countNoun(c.radiusChanged(), "scenario"))
	default:
		v.Status = "unchanged"
		v.Summary = "no change in blast radius"
	}
	switch failOn {
	case FailOnViolations:
		v.Fail = v.Violations > 0
	case FailOnNewImpact:
		v.Fail = v.Violations > 0 || v.NewImpacts > 0 || v.NewSPOFs > 0
	}
	c.Verdict = v
}

func (c *Check) radiusChanged() int {
	n := 0
	for _, s := range c.Scenarios {
		if s.Changed() {
			n++
		}
	}
	return n
}

func (c *Check) addedRemoved() string {
	var parts []string
	if a := c.Added(); a > 0 {
		parts = append(parts, countNoun(a, "added resource"))
	}
	if r := c.Removed(); r > 0 {
		parts = append(parts, countNoun(r, "removed resource"))
	}
	if len(parts) == 0 {
		return "changed resources"
	}
	return strings.Join(parts, " and ")
}

// rowTrends counts the trends that decide the verdict: the services'
// when there are services, else every node's.
func (c *Check) rowTrends(trend string) int {
	n := 0
	for _, t := range c.Trends {
		if t.Trend == trend && (c.RowKind != SideRowsServices || t.Kind == graph.KindService) {
			n++
		}
	}
	return n
}

func (c *Check) trendCount(trend string) int {
	n := 0
	for _, t := range c.Trends {
		if t.Trend == trend {
			n++
		}
	}
	return n
}

func (c *Check) nodeCount(ts []NodeTrend) string {
	svc, res := 0, 0
	for _, t := range ts {
		if t.Kind == graph.KindService {
			svc++
		} else {
			res++
		}
	}
	var who []string
	if svc > 0 {
		who = append(who, countNoun(svc, "service"))
	}
	if res > 0 {
		who = append(who, countNoun(res, "resource"))
	}
	return strings.Join(who, " and ")
}

// trendSummary says who fares worse (or better) over the suite, naming
// up to three services with how their profile moved, then the single
// points of failure and the policies fixed.
func (c *Check) trendSummary(worse bool) string {
	want := "better"
	if worse {
		want = "worse"
	}
	var svc, res []NodeTrend
	for _, t := range c.Trends {
		if t.Trend != want {
			continue
		}
		if t.Kind == graph.KindService {
			svc = append(svc, t)
		} else {
			res = append(res, t)
		}
	}
	var parts []string
	for i, t := range svc {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("%d more services", len(svc)-3))
			break
		}
		parts = append(parts, t.Node+" "+profileDelta(t))
	}
	if len(res) > 0 && c.RowKind != SideRowsServices {
		verb := "fare"
		if len(res) == 1 {
			verb = "fares"
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", countNoun(len(res), "resource"), verb, want))
	}
	spofs := c.RemovedSPOFs
	what := "fewer"
	if worse {
		spofs, what = c.NewSPOFs, "new"
	}
	switch len(spofs) {
	case 0:
	case 1:
		parts = append(parts, fmt.Sprintf("1 %s single point of failure", what))
	default:
		parts = append(parts, fmt.Sprintf("%d %s single points of failure", len(spofs), what))
	}
	if !worse {
		fixed := 0
		for _, p := range c.Policies {
			if p.Status == "fixed" {
				fixed++
			}
		}
		if fixed > 0 {
			parts = append(parts, countNoun(fixed, "policy")+" no longer violated")
		}
	}
	if len(parts) == 0 {
		return "no service or resource fares differently"
	}
	return strings.Join(parts, "; ")
}

// profileDelta says how a node's profile moved, by the first measure
// that differs: "now fails in 2 scenarios (was 1)".
func profileDelta(t NodeTrend) string {
	b, a := t.Before, t.After
	switch {
	case a.rank != b.rank:
		return fmt.Sprintf("is now at worst %s (was %s)", a.Worst, b.Worst)
	case a.Failed != b.Failed:
		return fmt.Sprintf("now fails in %s (was %d)", countNoun(a.Failed, "scenario"), b.Failed)
	case a.Degraded != b.Degraded:
		return fmt.Sprintf("now degrades in %s (was %d)", countNoun(a.Degraded, "scenario"), b.Degraded)
	}
	return fmt.Sprintf("now freezes in %s (was %d)", countNoun(a.Frozen, "scenario"), b.Frozen)
}

func countNoun(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// sharedFateViolations reports each redundancy group that is not, held
// by a node of the selection (any node without one). The count is the
// groups of the selection checked.
func sharedFateViolations(p *Policy, a *analyzer.Analyzer, sel []string) ([]violation, int) {
	whole := len(p.Services)+len(p.Tiers)+len(p.Resources) == 0
	var out []violation
	for _, f := range a.SharedFate() {
		if _, ok := slices.BinarySearch(sel, f.Node); !whole && !ok {
			continue
		}
		point := f.Node
		if f.Kind == analyzer.FateResource {
			point = f.Common
		}
		out = append(out, violation{policy: p, id: "policy/" + p.Name + "/" + f.Node + "/" + f.Group, node: f.Node,
			message: fmt.Sprintf("shared fate: %s; policy %q forbids redundancy that is not", f.Text(), p.Name), resource: point})
	}
	n := len(sel)
	if whole {
		n = len(a.Nodes())
	}
	return out, n
}
