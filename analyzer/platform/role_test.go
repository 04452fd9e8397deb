package platform

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/config"
)

// The embedded knowledge names the role of the common types, decides the
// others by their name, and keeps serving what no rule names.
func TestRoleOf(t *testing.T) {
	k := Default()
	for _, c := range []struct {
		typ  string
		role Role
		rule string // the start of what decided
	}{
		// named on their own [[type]] entry
		{"aws_security_group", Configuration, "type aws_security_group in aws.toml"},
		{"aws_launch_template", Configuration, "type aws_launch_template in aws.toml"},
		{"aws_route_table_association", Configuration, "type aws_route_table_association in aws.toml"},
		{"google_compute_firewall", Configuration, "type google_compute_firewall in gcp.toml"},
		{"azurerm_role_definition", Configuration, "type azurerm_role_* in azure.toml"},
		{"azurerm_role_assignment", Configuration, "type azurerm_role_* in azure.toml"},
		{"azurerm_monitor_alert_processing_rule", Configuration, "rule *_alert_* in roles.toml"},
		// decided by a name rule: the type has an entry without a role,
		// or none at all
		{"aws_iam_role_policy_attachment", Configuration, "rule *_policy_attachment in roles.toml"},
		{"aws_security_group_rule", Configuration, "type aws_security_group_rule in aws.toml"},
		{"aws_vpc_security_group_ingress_rule", Configuration, "rule *_rule in roles.toml"},
		{"aws_cloudwatch_metric_alarm", Configuration, "rule *_alarm in roles.toml"},
		{"aws_ssm_parameter", Configuration, "rule *_parameter in roles.toml"},
		{"aws_s3_bucket_versioning", Configuration, "rule *_versioning in roles.toml"},
		{"aws_lb_target_group_attachment", Configuration, "rule *_attachment in roles.toml"},
		{"google_project_iam_member", Configuration, "rule *_iam_* in roles.toml"},
		{"aws_iam_role", Configuration, "rule *_iam_* in roles.toml"},
		{"ConfigMap", Configuration, "rule ConfigMap in roles.toml"},
		{"kubernetes_role_binding_v1", Configuration, "rule kubernetes_*role* in roles.toml"},
		{"someprovider_thing_association", Configuration, "rule *_association in roles.toml"},
		// a more specific rule keeps serving what a broad one would not
		{"google_compute_forwarding_rule", Serving, "rule *_forwarding_rule in roles.toml"},
		{"google_compute_global_forwarding_rule", Serving, "rule *_forwarding_rule in roles.toml"},
		{"aws_ec2_transit_gateway_vpc_attachment", Serving, "rule *transit_gateway*attachment* in roles.toml"},
		// serving: named by no rule
		{"aws_lb", Serving, "default"},
		{"aws_instance", Serving, "default"},
		{"aws_route53_record", Serving, "default"},
		{"aws_dynamodb_table", Serving, "default"},
		{"Deployment", Serving, "default"},
		{"random_id", Serving, "type random_* in terraform.toml"},
	} {
		got := k.RoleOf(c.typ)
		if got.Role != c.role || !strings.HasPrefix(got.Rule, c.rule) {
			t.Errorf("%s: %s by %q, want %s by %q", c.typ, got.Role, got.Rule, c.role, c.rule)
		}
		if got.Reason == "" {
			t.Errorf("%s: no reason", c.typ)
		}
	}
}

// blast.toml's [[platform.role]] rules come before everything, and
// [[platform.override]] may set a type's role; the embedded knowledge
// is untouched.
func TestRoleOverride(t *testing.T) {
	cfg, err := config.Parse("team/blast.toml", []byte(`
[[platform.role]]
match = "*_rule"
role = "serving"
reason = "we page on our rules"

[[platform.role]]
match = "aws_security_group"
role = "serving"
reason = "ours"

[[platform.override]]
match = "aws_lb"
role = "configuration"
`))
	if err != nil {
		t.Fatal(err)
	}
	k, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for typ, want := range map[string]Role{"aws_security_group_rule": Serving, "aws_security_group": Serving,
		"aws_lb": Configuration, "aws_iam_role": Configuration} {
		if got := k.RoleOf(typ); got.Role != want {
			t.Errorf("%s: %s (%s), want %s", typ, got.Role, got.Rule, want)
		}
	}
	if got := k.RoleOf("aws_security_group_rule").Rule; got != "override *_rule in blast.toml" {
		t.Errorf("rule: %q", got)
	}
	if got := Default().RoleOf("aws_security_group_rule").Role; got != Configuration {
		t.Errorf("the override leaked into the default: %s", got)
	}
	for _, bad := range []string{
		"[[platform.role]]\nmatch = \"*_rule\"\nrole = \"decorative\"\nreason = \"x\"\n",
		"[[platform.role]]\nmatch = \"*_rule\"\nrole = \"serving\"\n",
		"[[platform.override]]\nmatch = \"aws_lb\"\nrole = \"config\"\n",
	} {
		cfg, err := config.Parse("team/blast.toml", []byte(bad))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Load(cfg); err == nil || !strings.HasPrefix(err.Error(), "config: team/blast.toml: ") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// Embedded role rules and entries need a source and a reason.
func TestRoleRulesNeedSourceAndReason(t *testing.T) {
	for name, body := range map[string]string{
		"no source":      "[[role]]\nmatch = \"*_x\"\nrole = \"configuration\"\nreason = \"r\"\n",
		"no reason":      "[[role]]\nmatch = \"*_x\"\nrole = \"configuration\"\nsource = \"s\"\n",
		"entry no why":   "[[type]]\nmatch = \"x_y\"\nscope = \"regional\"\nsource = \"s\"\nrole = \"configuration\"\n",
		"unknown role":   "[[role]]\nmatch = \"*_x\"\nrole = \"decor\"\nreason = \"r\"\nsource = \"s\"\n",
		"no role at all": "[[role]]\nmatch = \"*_x\"\nreason = \"r\"\nsource = \"s\"\n",
	} {
		if _, err := load(fstest.MapFS{"data/x.toml": {Data: []byte(body)}}); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}
