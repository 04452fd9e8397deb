package platform

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/graph"
)

func TestEmbeddedKnowledgeCitesSources(t *testing.T) {
	k := Default()
	for _, e := range k.Entries() {
		if !strings.HasPrefix(e.Source, "https://") {
			t.Errorf("%s (%s): source %q is not a URL", e.Match, e.Origin(), e.Source)
		}
	}
	for _, r := range k.EdgeRules() {
		if !strings.HasPrefix(r.Source, "https://") || r.Note == "" {
			t.Errorf("edge rule %+v: needs a source URL and a note", r)
		}
	}
	for _, o := range k.AllObserved() {
		if !strings.HasPrefix(o.Source, "https://") || o.Event == "" {
			t.Errorf("observed %s → %v: needs a source URL and the event", o.When, o.Types)
		}
	}
}

func TestCoverage(t *testing.T) {
	min := map[string]int{"aws": 150, "google": 80, "azurerm": 60}
	for _, c := range Default().Coverage() {
		if want, ok := min[c.Provider]; ok && c.Types+c.Patterns < want {
			t.Errorf("%s: %d types and %d patterns, want at least %d entries", c.Provider, c.Types, c.Patterns, want)
		}
		delete(min, c.Provider)
	}
	if len(min) > 0 {
		t.Errorf("no knowledge for %v", min)
	}
}

func TestLookupPrecedence(t *testing.T) {
	k := Default()
	for typ, want := range map[string]string{
		"aws_iam_role":                            "aws_iam_*",
		"aws_route53_resolver_endpoint":           "aws_route53_resolver_endpoint",
		"aws_route53_resolver_rule":               "aws_route53_resolver_*",
		"aws_route53_record":                      "aws_route53_*",
		"google_storage_bucket_iam_member":        "google_*_iam_*",
		"google_storage_bucket_object":            "google_storage_*",
		"azurerm_linux_function_app":              "azurerm_*_function_app",
		"azurerm_something_new":                   "azurerm_*",
		"aws_cloudwatch_log_group":                "aws_cloudwatch_log_*",
		"aws_s3control_multi_region_access_point": "aws_s3control_multi_region_access_point*",
	} {
		e, ok := k.Lookup(typ)
		if !ok || e.Match != want {
			t.Errorf("%s matched %q, want %q", typ, e.Match, want)
		}
	}
	if _, ok := k.Lookup("kubernetes_deployment"); ok {
		t.Error("a type of another provider matched an entry")
	}
}

func TestControlPlaneHomes(t *testing.T) {
	k := Default()
	for typ, want := range map[string]string{
		"aws_iam_role": "us-east-1", "aws_organizations_account": "us-east-1", "aws_route53_zone": "us-east-1",
		"aws_cloudfront_distribution": "us-east-1", "aws_route53recoverycontrolconfig_cluster": "us-west-2",
		"aws_globalaccelerator_accelerator": "us-west-2", "aws_lb": "",
	} {
		home, _, _ := k.ControlPlaneHome(&graph.Node{Type: typ})
		if home != want {
			t.Errorf("%s: control plane in %q, want %q", typ, home, want)
		}
	}
}

func TestScopeFallbackAndOverride(t *testing.T) {
	k := Default()
	cases := []struct {
		n    graph.Node
		want graph.Scope
	}{
		{graph.Node{Type: "aws_brand_new", Placement: graph.Placement{Region: "eu-west-1", Zone: "eu-west-1a"}}, graph.ScopeZonal},
		{graph.Node{Type: "aws_brand_new", Placement: graph.Placement{Region: "eu-west-1"}}, graph.ScopeRegional},
		{graph.Node{Type: "aws_brand_new", Placement: graph.Placement{Unknown: "ARN without region (a global service)"}}, graph.ScopeGlobal},
		{graph.Node{Type: "aws_instance", Placement: graph.Placement{Region: "eu-west-1"}}, graph.ScopeRegional},
		{graph.Node{Type: "aws_db_instance", Placement: graph.Placement{Region: "eu-west-1", Zone: "eu-west-1a"}}, graph.ScopeZonal},
	}
	for _, c := range cases {
		if got, rule := k.Scope(&c.n); got != c.want {
			t.Errorf("%s %+v: %s (%s), want %s", c.n.Type, c.n.Placement, got, rule, c.want)
		}
	}
	if err := k.Override([]Entry{{Match: "aws_db_instance", Scope: graph.ScopeRegional}}); err != nil {
		t.Fatal(err)
	}
	n := cases[4].n
	if got, rule := k.Scope(&n); got != graph.ScopeRegional || !strings.HasPrefix(rule, "override:") {
		t.Errorf("after override: %s (%s)", got, rule)
	}
	if got, _ := Default().Scope(&n); got != graph.ScopeZonal {
		t.Error("an override leaked into the embedded default")
	}
	for _, bad := range []Entry{{Match: ""}, {Match: "x", Scope: "planetary"}, {Match: "x", Need: "most"}} {
		if err := k.Override([]Entry{bad}); err == nil {
			t.Errorf("override %+v accepted", bad)
		}
	}
	for _, bad := range []EdgeRule{{To: "x", Kind: "weak"}, {Kind: "none"}, {To: "x", Kind: "none", ToScope: "near"}} {
		if err := k.OverrideEdges([]EdgeRule{bad}); err == nil {
			t.Errorf("edge rule %+v accepted", bad)
		}
	}
}

func TestEdgeRulesOrder(t *testing.T) {
	k := Default()
	if err := k.OverrideEdges([]EdgeRule{{To: "aws_launch_template", Kind: "hard"}}); err != nil {
		t.Fatal(err)
	}
	for _, r := range k.EdgeRules() {
		if r.To == "aws_launch_template" {
			if r.Kind != "hard" {
				t.Errorf("the embedded rule comes before blast.toml's: %+v", r)
			}
			break
		}
	}
	rules := k.EdgeRules()
	if rules[0].FromService != "iam" {
		t.Errorf("the IAM reference-only rule should come first, got %+v", rules[0])
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	for name, body := range map[string]string{
		"no source":         "[[type]]\nmatch = \"a_b\"\nscope = \"zonal\"\n",
		"unknown key":       "[[type]]\nmatch = \"a_b\"\nscope = \"zonal\"\nsource = \"x\"\ncolour = \"red\"\n",
		"bad observed":      "[[observed]]\ncloud = \"aws\"\nwhen = \"s3\"\nwhat = \"x\"\nsource = \"y\"\ntypes = [\"aws_instance\"]\n",
		"bad location":      "[[location]]\ncloud = \"gcp\"\nname = \"nam4\"\n",
		"hard best effort":  "[[edge]]\nfrom = \"aws_lb\"\nkind = \"hard\"\nbest_effort = \"access logs\"\nsource = \"x\"\n",
		"placed inert type": "[[type]]\nmatch = \"random_*\"\nscope = \"regional\"\nnot_infrastructure = true\nsource = \"x\"\n",
	} {
		fsys := fstest.MapFS{"data/x.toml": {Data: []byte(body)}}
		if _, err := load(fsys); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

func TestBuiltinScenarios(t *testing.T) {
	defs := BuiltinScenarios()
	clouds := map[string]bool{}
	for _, d := range defs {
		clouds[strings.SplitN(d.Name, "-", 2)[0]] = true
		for _, s := range d.Sources {
			if !strings.HasPrefix(s, "https://") {
				t.Errorf("%s: source %q", d.Name, s)
			}
		}
	}
	if len(defs) < 7 || !clouds["aws"] || !clouds["gcp"] || !clouds["azure"] {
		t.Errorf("built-in scenarios %d over %v", len(defs), clouds)
	}
	if err := CheckScenario(ScenarioDef{Name: "x", Effects: []EffectDef{{Cloud: "aws", Region: "us-east-1", Types: []string{"aws_lb"}, State: "broken", Reason: "r"}}}); err == nil {
		t.Error("an effect with an unknown state was accepted")
	}
}

func TestNotInfrastructure(t *testing.T) {
	k := Default()
	for _, typ := range []string{"random_password", "null_resource", "terraform_data", "time_sleep", "tls_private_key",
		"local_file", "local_sensitive_file", "archive_file", "external", "http", "cloudinit_config", "template_file"} {
		if !k.NotInfrastructure(typ) {
			t.Errorf("%s: infrastructure, want not", typ)
		}
		n := &graph.Node{Type: typ, Placement: graph.Placement{Cloud: "aws", Region: "us-east-1"}}
		if s, rule := k.Scope(n); s != graph.ScopeUnknown || !strings.Contains(rule, "not infrastructure") {
			t.Errorf("%s: scope %q (%s), want none", typ, s, rule)
		}
	}
	for _, typ := range []string{"aws_instance", "google_storage_bucket", "terraform_remote_state", "azurerm_timeseries_insights_environment", "kubernetes_namespace"} {
		if k.NotInfrastructure(typ) {
			t.Errorf("%s: not infrastructure, want infrastructure", typ)
		}
	}
}

func TestSnapshotsAreRegional(t *testing.T) {
	k := Default()
	for _, typ := range []string{"aws_ebs_snapshot", "aws_ebs_snapshot_copy", "aws_db_snapshot", "azurerm_snapshot"} {
		e, ok := k.Lookup(typ)
		if !ok || e.Scope != graph.ScopeRegional {
			t.Errorf("%s: scope %q, want regional (a snapshot is stored in its region, not in its volume's zone)", typ, e.Scope)
		}
	}
}

func TestBestEffortRulesAreSoft(t *testing.T) {
	n := 0
	for _, r := range Default().EdgeRules() {
		if r.BestEffort == "" {
			continue
		}
		n++
		if r.Kind != "soft" {
			t.Errorf("%+v: best-effort destination of kind %s", r, r.Kind)
		}
	}
	if n < 20 {
		t.Errorf("%d best-effort edge rules, want the log destinations of AWS, GCP and Azure", n)
	}
}

// TestScopeRules holds each way a scope is decided to its rule's words,
// and ScopeOnly to Scope's scope.
func TestScopeRules(t *testing.T) {
	k := Default()
	cases := []struct {
		typ   string
		p     graph.Placement
		scope graph.Scope
		rule  string
	}{
		{"aws_instance", graph.Placement{Cloud: "aws", Zones: []string{"a", "b"}}, graph.ScopeZonal, "placement"},
		{"aws_instance", graph.Placement{Cloud: "aws", Regions: []string{"eu-west-1"}}, graph.ScopeMultiRegion, "placement"},
		{"random_id", graph.Placement{}, graph.ScopeUnknown, "knowledge:random_* (not infrastructure)"},
		{"aws_instance", graph.Placement{Cloud: "aws", Region: "us-east-1"}, graph.ScopeRegional, "knowledge:aws_instance (zone unknown)"},
		{"aws_instance", graph.Placement{Cloud: "aws"}, graph.ScopeUnknown, "knowledge:aws_instance (location unknown)"},
		{"aws_instance", graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1a"}, graph.ScopeZonal, "knowledge:aws_instance"},
		{"aws_lb", graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1a"}, graph.ScopeZonal, "placement:zone (aws_lb deployed in one zone)"},
		{"aws_lb", graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1a", Rule: "inherited:x"}, graph.ScopeRegional, "knowledge:aws_lb"},
		{"aws_lb", graph.Placement{Cloud: "aws"}, graph.ScopeUnknown, "knowledge:aws_lb (region unknown)"},
		{"no_such_type", graph.Placement{Zone: "z1"}, graph.ScopeZonal, "fallback:zone"},
		{"no_such_type", graph.Placement{Region: "r1"}, graph.ScopeRegional, "fallback:region"},
		{"no_such_type", graph.Placement{Unknown: "ARN without region (global service)"}, graph.ScopeGlobal, "fallback:arn"},
		{"no_such_type", graph.Placement{}, graph.ScopeUnknown, "fallback:unknown"},
	}
	for _, c := range cases {
		n := graph.Node{ID: c.typ + ".x", Type: c.typ, Placement: c.p}
		scope, rule := k.Scope(&n)
		if scope != c.scope || rule != c.rule {
			t.Errorf("%s %+v: %s %q, want %s %q", c.typ, c.p, scope, rule, c.scope, c.rule)
		}
		if only := k.ScopeOnly(&n); only != scope {
			t.Errorf("%s %+v: ScopeOnly %s, Scope %s", c.typ, c.p, only, scope)
		}
	}
}
