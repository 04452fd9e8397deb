package cmd

import (
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
)

type riskDoc struct {
	SchemaVersion int    `json:"schemaVersion"`
	Rows          string `json:"rows"`
	Sets          []struct {
		Name    string   `json:"name"`
		Domains []string `json:"domains"`
		AnyOf   int      `json:"anyOf"`
		Size    int      `json:"size"`
		Fails   []string `json:"fails"`
	} `json:"sets"`
	Equivalents []struct {
		Domain string   `json:"domain"`
		Same   []string `json:"same"`
	} `json:"equivalents"`
	SharedFate []struct {
		Node, Common, Kind, Domain string
	} `json:"sharedFate"`
}

func riskJSONOf(t *testing.T, args ...string) riskDoc {
	t.Helper()
	out, errOut, code := runBlast(append([]string{"risk", "--quiet", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("risk %v: exit %d: %s", args, code, errOut)
	}
	var d riskDoc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// setsOf lists the names of the sets that fail id.
func setsOf(d riskDoc, id string) []string {
	var out []string
	for _, s := range d.Sets {
		if slices.Contains(s.Fails, id) {
			out = append(out, s.Name)
		}
	}
	slices.Sort(out)
	return out
}

// The real three-zone VPC plan (fixtures/realworld/risk, SOURCES.md): a
// service needing two of the three per-zone NAT routes fails with any two
// zones and never with one; the region's EC2 service is the region's
// equivalent; nothing shares fate.
func TestRiskRealThreeZoneNAT(t *testing.T) {
	dir := "../fixtures/realworld/risk/"
	d := riskJSONOf(t, "--service", "egress", dir+"vpc-3az-eu-west-1.plan.json", dir+"services.toml")
	want := []string{"any 2 of aws:eu-west-1a/b/c", "aws", "aws:eu-west-1"}
	if got := setsOf(d, "service:egress"); !slices.Equal(got, want) {
		t.Fatalf("risk groups of egress: %q, want %q", got, want)
	}
	for _, s := range d.Sets {
		if s.AnyOf == 2 && !slices.Equal(s.Domains, []string{"aws:eu-west-1a", "aws:eu-west-1b", "aws:eu-west-1c"}) {
			t.Errorf("any 2 of %q", s.Domains)
		}
	}
	if len(d.Equivalents) != 1 || d.Equivalents[0].Domain != "aws:eu-west-1" || !slices.Equal(d.Equivalents[0].Same, []string{"aws:eu-west-1/ec2"}) {
		t.Errorf("equivalents %+v", d.Equivalents)
	}
	if len(d.SharedFate) != 0 {
		t.Errorf("shared fate %+v, want none", d.SharedFate)
	}
	// order 1 finds no group of one zone for it
	if got := setsOf(riskJSONOf(t, "--order", "1", "--service", "egress", dir+"vpc-3az-eu-west-1.plan.json", dir+"services.toml"), "service:egress"); !slices.Equal(got, []string{"aws", "aws:eu-west-1"}) {
		t.Errorf("order 1: %q", got)
	}
}

// The demo's two workers read one SQS queue: risk reports the shared
// fate, why names the queue for a worker, and every format renders.
func TestRiskDemoSharedFate(t *testing.T) {
	d := riskJSONOf(t)
	if len(d.SharedFate) != 1 || d.SharedFate[0].Node != "service:order-worker" || d.SharedFate[0].Common != `module.queues["orders.fifo"].aws_sqs_queue.this` ||
		d.SharedFate[0].Domain != "aws:us-east-1/sqs" {
		t.Fatalf("shared fate %+v", d.SharedFate)
	}
	out, _, code := runBlast("why", "aws_instance.worker[0]", "--down", "aws:us-east-1b")
	if code != 0 || !strings.Contains(out, `shared fate (redundancy that is not): service:order-worker needs 1 of aws_instance.worker[0], aws_instance.worker[1], which all depend on module.queues["orders.fifo"].aws_sqs_queue.this`) {
		t.Errorf("why: exit %d\n%s", code, out)
	}
	for _, f := range []string{"text", "markdown", "html", "svg"} {
		out, errOut, code := runBlast("risk", "--quiet", "--order", "2", "--format", f)
		if code != 0 || !strings.Contains(out, "aws:us-east-1b") {
			t.Errorf("%s: exit %d %s", f, code, errOut)
		}
		if f == "svg" {
			if err := xml.Unmarshal([]byte(out), new(struct{})); err != nil {
				t.Errorf("svg does not parse: %v", err)
			}
		}
	}
}

// --service completes with the rows risk groups are found for.
func TestRiskCompletesServices(t *testing.T) {
	out, _, code := runBlast("__complete", "risk", "--service", "")
	if code != 0 || !strings.Contains(out, "service:checkout\n") || !strings.Contains(out, "service:order-worker\n") {
		t.Errorf("completion: exit %d\n%s", code, out)
	}
}

// Bad flags are one line and exit code 1.
func TestRiskBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"risk", "--order", "4"},
		{"risk", "--order", "0"},
		{"risk", "--service", "no-such-service"},
		{"risk", "--format", "yaml"},
	} {
		_, errOut, code := runBlast(args...)
		if code != 1 || strings.Count(strings.TrimSpace(errOut), "\n") > 1 || !strings.Contains(errOut, "blast: ") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}
