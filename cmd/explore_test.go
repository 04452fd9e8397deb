package cmd

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/explore"
	"github.com/blast-dev/blast/explore/session"
	"github.com/blast-dev/blast/load"
)

// explorePage loads inputs as blast explore does and opens the page's
// model, through its JSON form, as the page's WebAssembly does; the
// domains and named scenarios the page offers must be those the opened
// session lists.
func explorePage(t *testing.T, config string, paths ...string) (*load.System, *session.Session, []byte) {
	t.Helper()
	var out, errb strings.Builder
	_, g := newRoot(strings.NewReader(""), &out, &errb)
	g.config = config
	l, err := g.load(paths)
	if err != nil {
		t.Fatalf("load %v: %v", paths, err)
	}
	p, err := explore.New(l.Analyzer, l.Config, l.Scenarios, load.Names(paths))
	if err != nil {
		t.Fatal(err)
	}
	data, err := p.Model.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.Open(data)
	if err != nil {
		t.Fatalf("open the model of %v: %v", paths, err)
	}
	// the page offers what its own session lists once opened
	if want := s.Info(); !reflect.DeepEqual(p.Info, want) {
		t.Fatalf("%v: the page offers %+v, its session opened lists %+v", paths, p.Info, want)
	}
	return l, s, data
}

// sameRun fails when the page's analysis and blast's disagree on a
// selection: counts, and every impacted node's state, reason, chain and
// redundancy.
func sameRun(t *testing.T, what string, l *load.System, s *session.Session, sel session.Selection, native analyzer.Scenario) {
	t.Helper()
	want := l.Analyzer.Run(native)
	got, err := s.Result(sel)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got.Summary != want.Summary || got.Services != want.Services {
		t.Errorf("%s: page counts %+v, blast %+v", what, got.Summary, want.Summary)
	}
	if !reflect.DeepEqual(got.Impacts, want.Impacts) {
		for i := range min(len(got.Impacts), len(want.Impacts)) {
			if !reflect.DeepEqual(got.Impacts[i], want.Impacts[i]) {
				t.Errorf("%s: first difference:\npage  %+v\nblast %+v", what, got.Impacts[i], want.Impacts[i])
				break
			}
		}
		t.Errorf("%s: %d impacts in the page, %d in blast", what, len(got.Impacts), len(want.Impacts))
	}
	// the data-loss exposure, from the stores saved in the page
	gotData, err := s.Data(sel)
	if err != nil {
		t.Fatalf("%s: data: %v", what, err)
	}
	wantData := l.Analyzer.DataExposure(want)
	if len(gotData) != len(wantData) || (len(wantData) > 0 && !reflect.DeepEqual(gotData, wantData)) {
		t.Errorf("%s: data in the page %+v, blast %+v", what, gotData, wantData)
	}
}

// The page's analysis, rebuilt from the embedded model without any
// attribute, is blast's: every single failure domain present, a pair of
// them, and the named scenarios, on the demo, the fixtures and the real
// inputs of ../shared/realworld.
func TestExploreModelAgrees(t *testing.T) {
	sets := [][]string{nil, {"../fixtures/multicloud"}, {"../fixtures/web-tier-3az"}, {"../fixtures/global-table"},
		{"../fixtures/route53-failover"}, {"../fixtures/realworld/providers"}, {"../fixtures/org"},
		{"../fixtures/corpus/aws/tc-issue-172.json"}, // a Network Load Balancer: an effect filters on load_balancer_type
		{"../fixtures/realworld/explore/aws-eks-loki-vpc-us-east-2.tfstate"}}
	shared := filepath.Join("..", "..", "shared", "realworld")
	if _, err := os.Stat(shared); err == nil {
		sets = append(sets, []string{filepath.Join(shared, "tfstate")}, []string{filepath.Join(shared, "plan")})
	}
	for _, paths := range sets {
		t.Run(load.Names(paths), func(t *testing.T) {
			l, s, _ := explorePage(t, "", paths...)
			doms := l.Analyzer.Domains(true)
			if len(doms) == 0 {
				t.Fatal("no failure domain present")
			}
			for _, d := range doms {
				sameRun(t, d.Name, l, s, session.Selection{Down: []string{d.Name}}, analyzer.Scenario{Name: d.Name, Down: []analyzer.Domain{d.Domain}})
				if d.Domain.Kind == analyzer.DomainRegion && d.Domain.Cloud == "aws" {
					// DynamoDB down triggers the observed effects, some
					// filtered by attribute (Network Load Balancers)
					down := []string{d.Name + "/dynamodb"}
					sc, err := l.Analyzer.ScenarioOf(down)
					if err != nil {
						t.Fatal(err)
					}
					sameRun(t, down[0], l, s, session.Selection{Down: down}, sc)
				}
			}
			first, last := doms[0], doms[len(doms)-1]
			pair := []string{first.Name, last.Name}
			sc, err := l.Analyzer.ScenarioOf(pair)
			if err != nil {
				t.Fatal(err)
			}
			sameRun(t, strings.Join(pair, "+"), l, s, session.Selection{Down: pair}, sc)
			for _, named := range s.Info().Scenarios {
				sc, err := l.Analyzer.ScenarioNamed(l.Scenarios, named.Name, nil)
				if err != nil {
					t.Fatal(err)
				}
				sameRun(t, named.Name, l, s, session.Selection{Scenarios: []string{named.Name}}, sc)
			}
		})
	}
}

// blast.toml's overrides and named scenarios reach the page: the
// scenario is offered and runs as blast whatif --scenario runs it.
func TestExploreConfig(t *testing.T) {
	l, s, data := explorePage(t, "../fixtures/scenarios/blast.toml")
	var names []string
	for _, n := range s.Info().Scenarios {
		names = append(names, n.Name)
	}
	if !strings.Contains(strings.Join(names, ","), "dr-drill-east") {
		t.Fatalf("the page offers %v, not blast.toml's dr-drill-east", names)
	}
	var m session.Model
	if err := m.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Config, "wiki.example.com/dr/drills") {
		t.Error("the scenario's source is not in the config section")
	}
	m.Config = ""
	if rest, err := m.MarshalBinary(); err != nil || strings.Contains(string(rest), "wiki.example.com/dr/drills") {
		t.Errorf("the scenario's source is outside the config section (%v)", err)
	}
	sc, err := l.Analyzer.ScenarioNamed(l.Scenarios, "dr-drill-east", nil)
	if err != nil {
		t.Fatal(err)
	}
	sameRun(t, "dr-drill-east", l, s, session.Selection{Scenarios: []string{"dr-drill-east"}}, sc)
	// the override (aws_db_instance regional) holds in the page
	for _, n := range l.Result.Graph.Nodes() {
		if n.Type == "aws_db_instance" && s.Analyzer().ScopeOf(n.ID) != "regional" {
			t.Errorf("%s: scope %s in the page, blast.toml says regional", n.ID, s.Analyzer().ScopeOf(n.ID))
		}
	}
}

// Secrets: the page of a state whose attributes hold secret-looking
// values carries none of them, though the analysis still sees the
// resources.
func TestExploreSecrets(t *testing.T) {
	secrets := []string{"hunter2-REDACTED-db-password", "AKIAREDACTEDKEYID0000", "ghp_REDACTEDtokenvalue0000000000", "BEGIN RSA PRIVATE KEY", "s3cr3t-tag-value", "10.20.30.40"}
	state := `{"version":4,"terraform_version":"1.9.0","serial":1,"lineage":"x","outputs":{"db_password":{"value":"` + secrets[0] + `","type":"string","sensitive":true}},"resources":[
{"mode":"managed","type":"aws_db_instance","name":"main","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":2,"attributes":{"id":"db-1","arn":"arn:aws:rds:us-east-1:123456789012:db:main","availability_zone":"us-east-1a","password":"` + secrets[0] + `","username":"admin","multi_az":false,"tags":{"Secret":"` + secrets[4] + `"},"address":"` + secrets[5] + `"}}]},
{"mode":"managed","type":"aws_iam_access_key","name":"ci","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":0,"attributes":{"id":"` + secrets[1] + `","secret":"` + secrets[2] + `","user":"ci"}}]},
{"mode":"managed","type":"tls_private_key","name":"k","provider":"provider[\"registry.terraform.io/hashicorp/tls\"]","instances":[{"schema_version":1,"attributes":{"id":"k1","private_key_pem":"-----` + secrets[3] + `-----\nREDACTED\n"}}]},
{"mode":"managed","type":"aws_instance","name":"app","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":1,"attributes":{"id":"i-1","arn":"arn:aws:ec2:us-east-1:123456789012:instance/i-1","availability_zone":"us-east-1a","user_data":"` + secrets[2] + `","private_ip":"` + secrets[5] + `","tags":{"Name":"app"}},"dependencies":["aws_db_instance.main"]}]}]}`
	file := filepath.Join(t.TempDir(), "secret.tfstate")
	if err := os.WriteFile(file, []byte(state), 0o600); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "page.html")
	if _, stderr, code := runBlast("explore", "-o", page, file); code != 0 {
		t.Fatalf("blast explore: exit %d: %s", code, stderr)
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	// the model travels gzipped: look into it as well
	model, err := explore.ModelOf(html)
	if err != nil || len(model) < 100 {
		t.Fatalf("the page's model: %d bytes, %v", len(model), err)
	}
	html = append(html, model...)
	for _, s := range secrets {
		if strings.Contains(string(html), s) {
			t.Errorf("the page holds the attribute value %q", s)
		}
	}
	for _, want := range []string{"aws_db_instance.main", "aws_instance.app", "us-east-1a"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the page does not name %s", want)
		}
	}
}

// blast explore on bad input or flags is one line and exit code 1.
func TestExploreErrors(t *testing.T) {
	for _, args := range [][]string{{"explore", "no/such/file.tfstate"}, {"explore", "-o", "/no/such/dir/page.html"}, {"explore", "--serve", "--addr", "nonsense"}} {
		_, stderr, code := runBlast(args...)
		if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") > 1 || !strings.HasPrefix(lastLine(stderr), "blast: ") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// A real state's page holds its identities, names and locations, and
// none of its other attribute values (fixtures/realworld/explore).
func TestExploreRealStateValues(t *testing.T) {
	const state = "../fixtures/realworld/explore/aws-eks-loki-vpc-us-east-2.tfstate"
	page := filepath.Join(t.TempDir(), "page.html")
	if _, stderr, code := runBlast("explore", "-o", page, state); code != 0 {
		t.Fatalf("blast explore: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	data, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	for _, value := range []string{"devops@example.com", "Permanent", "AllowObjectsCRUD", "AWS KMS key used to encrypt AWS resources",
		"3.129.117.79", "10.23.0.0/16", "10.23.32.0/19", "SYMMETRIC_DEFAULT", "ANPATBK5C2ZEN27HSDPSC", "209038005832"} {
		if !strings.Contains(string(data), value) {
			t.Errorf("%q is not in the state: the canary proves nothing", value)
		}
		if strings.Contains(html, value) {
			t.Errorf("the page holds the attribute value %q", value)
		}
	}
	for _, want := range []string{"module.vpc.aws_nat_gateway.this[0]", "module.vpc.aws_subnet.private[2]", "us-east-2a", "aws_s3_bucket.loki"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page does not name %s", want)
		}
	}
}
