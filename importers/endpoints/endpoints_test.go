package endpoints

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

// testGraph holds one resource per kind of identity the matcher knows.
func testGraph(t testing.TB) *graph.Graph {
	t.Helper()
	g := graph.New()
	add := func(n *graph.Node) {
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	res := func(id, typ string, ids ...string) {
		add(&graph.Node{ID: id, Kind: graph.KindResource, Type: typ, Mode: graph.ModeManaged, Identities: ids})
	}
	res("aws_db_instance.orders", "aws_db_instance", "db-ABCDEF", "arn:aws:rds:us-east-1:123456789012:db:orders",
		"orders", "orders.abc123.us-east-1.rds.amazonaws.com:5432", "orders.abc123.us-east-1.rds.amazonaws.com")
	res("aws_elasticache_replication_group.cache", "aws_elasticache_replication_group", "cache",
		"master.cache.abc123.use1.cache.amazonaws.com")
	res("aws_sqs_queue.jobs", "aws_sqs_queue", "https://sqs.us-east-1.amazonaws.com/123456789012/jobs",
		"arn:aws:sqs:us-east-1:123456789012:jobs", "jobs", "https://sqs.us-east-1.amazonaws.com/123456789012/jobs")
	res("aws_sns_topic.events", "aws_sns_topic", "arn:aws:sns:us-east-1:123456789012:events", "events")
	res("aws_s3_bucket.assets", "aws_s3_bucket", "acme-assets", "arn:aws:s3:::acme-assets",
		"acme-assets.s3.amazonaws.com", "acme-assets.s3.us-east-1.amazonaws.com")
	res("aws_dynamodb_table.carts", "aws_dynamodb_table", "Carts", "arn:aws:dynamodb:us-east-1:123456789012:table/Carts")
	res("aws_msk_cluster.kafka", "aws_msk_cluster", "arn:aws:kafka:us-east-1:123456789012:cluster/kafka/x",
		"b-1.kafka.x1.c2.kafka.us-east-1.amazonaws.com:9092,b-2.kafka.x1.c2.kafka.us-east-1.amazonaws.com:9092")
	res("aws_route53_record.api", "aws_route53_record", "Z123_api.example.com_A", "api.example.com")
	res("aws_security_group.web", "aws_security_group", "sg-0123456789", "web-sg")
	res("aws_s3_bucket.ab", "aws_s3_bucket", "ab")
	add(&graph.Node{ID: "data.aws_s3_bucket.logs", Kind: graph.KindResource, Type: "aws_s3_bucket", Mode: graph.ModeData, Identities: []string{"acme-logs"}})
	add(&graph.Node{ID: "k8s:default/Deployment/api", Kind: graph.KindService, Type: "Deployment"})
	return g
}

func TestMatch(t *testing.T) {
	ix := NewIndex(testGraph(t))
	tests := []struct {
		value string
		want  string
	}{
		{"orders.abc123.us-east-1.rds.amazonaws.com", "aws_db_instance.orders"},
		{"orders.abc123.us-east-1.rds.amazonaws.com:5432", "aws_db_instance.orders"},
		{"ORDERS.abc123.us-east-1.rds.amazonaws.com.", "aws_db_instance.orders"},
		{"postgres://app:pw@orders.abc123.us-east-1.rds.amazonaws.com:5432/orders?sslmode=require", "aws_db_instance.orders"},
		{"jdbc:postgresql://orders.abc123.us-east-1.rds.amazonaws.com:5432/orders", "aws_db_instance.orders"},
		{"-Xmx1g -Dspring.datasource.url=jdbc:postgresql://orders.abc123.us-east-1.rds.amazonaws.com/orders", "aws_db_instance.orders"},
		{"arn:aws:rds:us-east-1:123456789012:db:orders", "aws_db_instance.orders"},
		{"orders", ""}, // a database's bare name is too common a word
		{"db-ABCDEF", ""},
		{"rediss://master.cache.abc123.use1.cache.amazonaws.com:6379", "aws_elasticache_replication_group.cache"},
		{"https://sqs.us-east-1.amazonaws.com/123456789012/jobs", "aws_sqs_queue.jobs"},
		{"https://sqs.us-east-1.amazonaws.com/123456789012/other", ""}, // same host, another queue
		{"jobs", "aws_sqs_queue.jobs"},
		{"arn:aws:sns:us-east-1:123456789012:events", "aws_sns_topic.events"},
		{"acme-assets", "aws_s3_bucket.assets"},
		{"s3://acme-assets/uploads/", "aws_s3_bucket.assets"},
		{"https://acme-assets.s3.us-east-1.amazonaws.com/img/logo.png", "aws_s3_bucket.assets"},
		{"ab", ""},        // too short a name
		{"acme-logs", ""}, // data sources are lookups, not dependencies
		{"Carts", "aws_dynamodb_table.carts"},
		{"carts", ""}, // table names are case-sensitive
		{"b-2.kafka.x1.c2.kafka.us-east-1.amazonaws.com:9092", "aws_msk_cluster.kafka"},
		{"b-1.kafka.x1.c2.kafka.us-east-1.amazonaws.com:9092,b-2.kafka.x1.c2.kafka.us-east-1.amazonaws.com:9092", "aws_msk_cluster.kafka"},
		{"https://api.example.com/v1", "aws_route53_record.api"},
		{"sg-0123456789", ""}, // not an endpoint type
		{"web-sg", ""},
		{"acme-assets,Carts", "aws_dynamodb_table.carts aws_s3_bucket.assets"},
		{"", ""},
		{"http://[::1]:80/", ""},
	}
	for _, tt := range tests {
		got := strings.Join(ix.Match(tt.value), " ")
		if got != tt.want {
			t.Errorf("Match(%q) = %q, want %q", tt.value, got, tt.want)
		}
	}
}

func TestLinker(t *testing.T) {
	g := testGraph(t)
	s := importers.NewSession(g)
	api := "k8s:default/Deployment/api"
	Offer(s, api, "env:DATABASE_HOST", "orders.abc123.us-east-1.rds.amazonaws.com")
	Offer(s, api, "env:ASSETS", "s3://acme-assets/x")
	Offer(s, api, "env:DB_PASSWORD", "acme-assets")           // secret keys are not matched
	Offer(s, "k8s:default/Deployment/gone", "env:X", "Carts") // unknown nodes are ignored
	Offer(nil, api, "env:Y", "Carts")
	if err := (Linker{}).Link(s); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range g.DependenciesOf(api) {
		got = append(got, e.To+" "+e.Kind.String()+" "+e.Via)
	}
	want := "aws_db_instance.orders hard env:DATABASE_HOST\naws_s3_bucket.assets hard env:ASSETS"
	if strings.Join(got, "\n") != want {
		t.Errorf("edges:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	if o := importers.Take[offers](s); o != nil {
		t.Errorf("offers left after linking: %d", len(o.list))
	}
}

func TestSensitive(t *testing.T) {
	for key, want := range map[string]bool{
		"DB_PASSWORD": true, "env:DB_PASSWORD": true, "github_token": true, "STRIPE_API_KEY": true,
		"JWT_SECRET": true, "AWS_SECRET_ACCESS_KEY": true, "client-secret": true, "GOOGLE_APPLICATION_CREDENTIALS": true,
		"--token": true, "SSH_PRIVATE_KEY": true, "REDIS_PASS": true,
		"DATABASE_HOST": false, "CART_SERVICE_ADDR": false, "TOKEN_SERVICE_URL": false, "AUTH_SERVICE_ADDR": false,
		"KEYCLOAK_URL": false, "args": false, "": false,
	} {
		if got := Sensitive(key); got != want {
			t.Errorf("Sensitive(%q) = %v, want %v", key, got, want)
		}
	}
}

// FuzzMatch checks that no value makes the matcher panic and that every
// match names a resource, never the workload or a data source.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{"postgres://u:p@orders.abc123.us-east-1.rds.amazonaws.com:5432/x", "s3://acme-assets/k",
		"b-1.kafka.x1.c2.kafka.us-east-1.amazonaws.com:9092,x", "-Da=jdbc:mysql://h:1/d", "http://[::1]:80", "Carts"} {
		f.Add(s)
	}
	ix := NewIndex(testGraph(f))
	f.Fuzz(func(t *testing.T, v string) {
		for _, id := range ix.Match(v) {
			if !strings.HasPrefix(id, "aws_") {
				t.Fatalf("Match(%q) names %q", v, id)
			}
		}
	})
}
