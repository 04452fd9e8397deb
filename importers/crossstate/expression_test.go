package crossstate_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// corpusPlan reads a real plan of fixtures/corpus/aws as a JSON object.
func corpusPlan(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "corpus", "aws", name))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// consumer is a state reading network.json through
// data.terraform_remote_state.net, whose outputs it read (the values of
// an earlier apply), and a resource of each given attribute holding one.
func consumer(t *testing.T, outputs map[string]any, attrs map[string]any) string {
	attrs["id"] = "sg-0aaaabbbbccccdddd"
	return rawState(t, nil,
		remoteState("net", map[string]any{"path": "network.json"}, outputs),
		res{typ: "aws_security_group", name: "app", attrs: attrs, deps: []string{"data.terraform_remote_state.net"}},
	)
}

// TestRemoteOutputUnknownInPlan: the producing state is a real plan
// (checkov's runner tfplan2) that creates its VPC, so its output vpc_id is
// unknown until apply and no resource of it holds the value the consumer
// read; the output's expression (aws_vpc.web_vpc) names the producer.
func TestRemoteOutputUnknownInPlan(t *testing.T) {
	plan := corpusPlan(t, "checkov-runner-tfplan2.json")
	svc := consumer(t, map[string]any{"vpc_id": vpcID}, map[string]any{"vpc_id": vpcID})
	g := load(t, map[string]string{"network.json": marshal(t, plan), "app.tfstate": svc})
	want := []string{"app:aws_security_group.app -> network:aws_vpc.web_vpc hard via=vpc_id (outputs.vpc_id of data.terraform_remote_state.net, from network.json: output expression)"}
	if got := crossEdges(g); !slices.Equal(got, want) {
		t.Errorf("edges:\n got %q\nwant %q", got, want)
	}
	if g.HasEdge("app:aws_security_group.app", "app:data.terraform_remote_state.net") {
		t.Error("the security group still depends on the remote state data source")
	}

	// without the configuration nothing says which resource it is
	delete(plan, "configuration")
	g = load(t, map[string]string{"network.json": marshal(t, plan), "app.tfstate": svc})
	if got := crossEdges(g); len(got) != 0 {
		t.Errorf("edges across states without the configuration: %q", got)
	}
}

// TestRemoteOutputThroughModule: the producing plan is a real one of
// terraform-aws-modules/vpc (terraform-compliance's issue-158 plan) given
// root outputs as a network state would: module.vpc.vpc_id resolves
// through the module's output to aws_vpc.this[0], an index into the
// module's list of private subnets to that subnet, and the whole list to
// three subnets, which says nothing for sure.
func TestRemoteOutputThroughModule(t *testing.T) {
	plan := corpusPlan(t, "tc-issue-158-vpc-3az.json")
	root := plan["configuration"].(map[string]any)["root_module"].(map[string]any)
	refs := func(r ...string) map[string]any { return map[string]any{"expression": map[string]any{"references": r}} }
	root["outputs"] = map[string]any{
		"vpc_id":          refs("module.vpc.vpc_id", "module.vpc"),
		"first_private":   refs("module.vpc.private_subnets[0]", "module.vpc.private_subnets", "module.vpc"),
		"private_subnets": refs("module.vpc.private_subnets", "module.vpc"),
	}
	unknown := map[string]any{"actions": []any{"create"}, "before": nil, "after_unknown": true}
	plan["output_changes"] = map[string]any{"vpc_id": unknown, "first_private": unknown, "private_subnets": unknown}
	plan["planned_values"].(map[string]any)["outputs"] = map[string]any{
		"vpc_id": map[string]any{"sensitive": false}, "first_private": map[string]any{"sensitive": false},
		"private_subnets": map[string]any{"sensitive": false}}

	const other = "subnet-0fedcba9876543210"
	svc := consumer(t, map[string]any{"vpc_id": vpcID, "first_private": subnetID, "private_subnets": []any{subnetID, other}},
		map[string]any{"vpc_id": vpcID, "subnet_id": subnetID, "subnet_ids": []any{other}})
	g := load(t, map[string]string{"network.json": marshal(t, plan), "app.tfstate": svc})
	want := []string{
		"app:aws_security_group.app -> network:module.vpc.aws_subnet.private[0] hard via=subnet_id (outputs.first_private of data.terraform_remote_state.net, from network.json: output expression)",
		"app:aws_security_group.app -> network:module.vpc.aws_vpc.this[0] hard via=vpc_id (outputs.vpc_id of data.terraform_remote_state.net, from network.json: output expression)",
	}
	if got := crossEdges(g); !slices.Equal(got, want) {
		t.Errorf("edges:\n got %q\nwant %q", got, want)
	}
}

// TestRemoteOutputHeldBySeveral: a bucket's name is held by the bucket
// and by its versioning resource; the output's expression says which of
// the two the output is.
func TestRemoteOutputHeldBySeveral(t *testing.T) {
	const bucket = "acme-logs-shared"
	resource := func(typ string) map[string]any {
		return map[string]any{"address": typ + ".logs", "mode": "managed", "type": typ, "name": "logs",
			"provider_name": "registry.terraform.io/hashicorp/aws", "values": map[string]any{"id": bucket, "bucket": bucket}}
	}
	change := func(typ string) map[string]any {
		return map[string]any{"address": typ + ".logs", "mode": "managed", "type": typ, "name": "logs",
			"provider_name": "registry.terraform.io/hashicorp/aws",
			"change": map[string]any{"actions": []any{"no-op"}, "before": map[string]any{"id": bucket, "bucket": bucket},
				"after": map[string]any{"id": bucket, "bucket": bucket}, "after_unknown": map[string]any{}}}
	}
	config := func(typ string, refs ...string) map[string]any {
		r := map[string]any{"address": typ + ".logs", "mode": "managed", "type": typ, "name": "logs", "provider_config_key": "aws"}
		if len(refs) > 0 {
			r["expressions"] = map[string]any{"bucket": map[string]any{"references": refs}}
		}
		return r
	}
	plan := func(withConfig bool) string {
		doc := map[string]any{"format_version": "1.2", "terraform_version": "1.9.0",
			"planned_values": map[string]any{
				"outputs":     map[string]any{"logs_bucket": map[string]any{"sensitive": false, "value": bucket}},
				"root_module": map[string]any{"resources": []any{resource("aws_s3_bucket"), resource("aws_s3_bucket_versioning")}}},
			"resource_changes": []any{change("aws_s3_bucket"), change("aws_s3_bucket_versioning")},
			"output_changes": map[string]any{"logs_bucket": map[string]any{"actions": []any{"no-op"}, "before": bucket, "after": bucket,
				"after_unknown": false}},
		}
		if withConfig {
			doc["configuration"] = map[string]any{"root_module": map[string]any{
				"outputs": map[string]any{"logs_bucket": map[string]any{"expression": map[string]any{
					"references": []any{"aws_s3_bucket.logs.bucket", "aws_s3_bucket.logs"}}}},
				"resources": []any{config("aws_s3_bucket"), config("aws_s3_bucket_versioning", "aws_s3_bucket.logs.id", "aws_s3_bucket.logs")},
			}}
		}
		return marshal(t, doc)
	}
	svc := rawState(t, nil,
		remoteState("net", map[string]any{"path": "network.json"}, map[string]any{"logs_bucket": bucket}),
		res{typ: "aws_s3_bucket_logging", name: "app", attrs: map[string]any{"id": "acme-app", "target_bucket": bucket},
			deps: []string{"data.terraform_remote_state.net"}},
	)
	for _, tc := range []struct {
		config bool
		want   []string
	}{
		{false, []string{
			"app:aws_s3_bucket_logging.app -> network:aws_s3_bucket.logs hard via=target_bucket (outputs.logs_bucket of data.terraform_remote_state.net, from network.json)",
			"app:aws_s3_bucket_logging.app -> network:aws_s3_bucket_versioning.logs hard via=target_bucket (outputs.logs_bucket of data.terraform_remote_state.net, from network.json)",
		}},
		{true, []string{
			"app:aws_s3_bucket_logging.app -> network:aws_s3_bucket.logs hard via=target_bucket (outputs.logs_bucket of data.terraform_remote_state.net, from network.json: output expression)",
		}},
	} {
		g := load(t, map[string]string{"network.json": plan(tc.config), "app.tfstate": svc})
		if got := crossEdges(g); !slices.Equal(got, tc.want) {
			t.Errorf("configuration %v: edges:\n got %q\nwant %q", tc.config, got, tc.want)
		}
	}
}
