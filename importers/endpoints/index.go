package endpoints

import (
	"net/url"
	"sort"
	"strings"

	"github.com/blast-dev/blast/graph"
)

// endpointTypes are resource types clients reach by a network address.
// Their identities count when they look like one (a host name, host:port,
// a URL or an ARN), never as a bare word: a database's bare name or id is
// too common a word to be matched safely.
var endpointTypes = map[string]bool{
	"aws_db_instance": true, "aws_rds_cluster": true, "aws_rds_cluster_instance": true,
	"aws_rds_cluster_endpoint": true, "aws_db_proxy": true, "aws_db_proxy_endpoint": true,
	"aws_docdb_cluster": true, "aws_neptune_cluster": true,
	"aws_elasticache_cluster": true, "aws_elasticache_replication_group": true,
	"aws_elasticache_serverless_cache": true, "aws_memorydb_cluster": true,
	"aws_msk_cluster": true, "aws_msk_serverless_cluster": true, "aws_mq_broker": true,
	"aws_opensearch_domain": true, "aws_elasticsearch_domain": true,
	"aws_route53_record": true, "aws_lb": true, "aws_alb": true, "aws_elb": true,
	"aws_lambda_function": true, "aws_secretsmanager_secret": true, "aws_ssm_parameter": true,
	"aws_efs_file_system": true, "aws_apigatewayv2_api": true, "aws_api_gateway_rest_api": true,
	"google_sql_database_instance": true, "google_redis_instance": true, "google_alloydb_instance": true,
	"google_spanner_instance": true, "google_bigtable_instance": true,
	"azurerm_redis_cache": true, "azurerm_postgresql_flexible_server": true, "azurerm_postgresql_server": true,
	"azurerm_mysql_flexible_server": true, "azurerm_mssql_server": true, "azurerm_cosmosdb_account": true,
	"azurerm_servicebus_namespace": true, "azurerm_eventhub_namespace": true, "azurerm_storage_account": true,
}

// nameTypes are resource types clients name by a bare word (a bucket,
// table, queue, topic or stream name); their bare identities count too.
var nameTypes = map[string]bool{
	"aws_s3_bucket": true, "aws_dynamodb_table": true, "aws_sqs_queue": true, "aws_sns_topic": true,
	"aws_kinesis_stream": true, "aws_kinesis_firehose_delivery_stream": true,
	"google_storage_bucket": true, "google_pubsub_topic": true, "google_pubsub_subscription": true,
	"azurerm_storage_container": true, "azurerm_servicebus_queue": true, "azurerm_servicebus_topic": true,
}

// minName is the shortest bare name matched.
const minName = 3

// Index maps the identity values of the endpoint resources of a graph to
// their node IDs, in the forms a configuration value may name them.
type Index struct {
	exact map[string][]string // whole identity values and list members
	hosts map[string][]string // lower-case DNS names (host part of endpoints)
	names map[string][]string // bare names of nameTypes resources
}

// NewIndex indexes the identities of g's managed resources whose type is
// a known endpoint or named resource type.
func NewIndex(g *graph.Graph) *Index {
	ix := &Index{exact: map[string][]string{}, hosts: map[string][]string{}, names: map[string][]string{}}
	for _, n := range g.Nodes() {
		if n.Kind != graph.KindResource || n.Mode == graph.ModeData {
			continue
		}
		named := nameTypes[n.Type]
		if !named && !endpointTypes[n.Type] {
			continue
		}
		for _, v := range n.Identities {
			ix.addIdentity(n.ID, v, named)
		}
	}
	return ix
}

func (ix *Index) addIdentity(id, v string, named bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	if addressLike(v) {
		add(ix.exact, v, id)
	}
	for _, p := range fields(v) {
		if addressLike(p) {
			add(ix.exact, p, id)
			if h := hostOf(p, true); strings.Contains(h, ".") && !numericHost(h) {
				add(ix.hosts, h, id)
			}
			continue
		}
		if named && bareName(p) {
			add(ix.names, p, id)
		}
	}
}

func add(m map[string][]string, k, id string) {
	for _, have := range m[k] {
		if have == id {
			return
		}
	}
	m[k] = append(m[k], id)
}

// Match returns the IDs of the resources a configuration value names,
// sorted: the whole value or one of its comma or space separated members
// equal to an identity, the host of a URL or host:port equal to an
// endpoint's host, or a bare word (or the host of s3://word) equal to a
// bucket, table, queue or topic name.
func (ix *Index) Match(value string) []string {
	set := map[string]bool{}
	hit := func(ids []string) {
		for _, id := range ids {
			set[id] = true
		}
	}
	value = strings.TrimSpace(value)
	hit(ix.exact[value])
	for _, t := range fields(value) {
		t = strings.TrimPrefix(stripAssign(t), "jdbc:")
		hit(ix.exact[t])
		if bareName(t) {
			hit(ix.names[t])
			continue
		}
		h := hostOf(t, false)
		if h == "" {
			continue
		}
		hit(ix.hosts[h])
		if strings.Contains(t, "://") && bareName(h) {
			hit(ix.names[h]) // s3://bucket/key, gs://bucket
		}
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// fields splits a value into members: white space, commas, semicolons
// and quotes separate them.
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\r', ',', ';', '"', '\'', '`':
			return true
		}
		return false
	})
}

// stripAssign drops a leading "name=" from a member such as
// -Dspring.datasource.url=jdbc:postgresql://host/db, unless the "=" is
// part of a URL's query.
func stripAssign(t string) string {
	i := strings.IndexByte(t, '=')
	if i < 0 {
		return t
	}
	if j := strings.Index(t, "://"); j >= 0 && j < i {
		return t
	}
	return t[i+1:]
}

// addressLike reports whether s looks like a network address or ARN
// rather than a bare word.
func addressLike(s string) bool { return strings.ContainsAny(s, ".:/") }

// bareName reports whether s is a plain word long enough to be a bucket,
// table or queue name.
func bareName(s string) bool {
	if len(s) < minName || addressLike(s) || strings.ContainsAny(s, "@=?#$%{}()[]<>\\") {
		return false
	}
	digits := true
	for _, r := range s {
		if r < '0' || r > '9' {
			digits = false
			break
		}
	}
	return !digits
}

// hostOf returns the lower-case host named by a URL, host:port or bare
// host name, or "". For identities (identity true) a URL with a path is
// not reduced to its host: a queue URL's host is shared by every queue.
func hostOf(s string, identity bool) string {
	var host string
	if i := strings.Index(s, "://"); i > 0 {
		u, err := url.Parse(s)
		if err != nil {
			return ""
		}
		if identity && u.Path != "" && u.Path != "/" {
			return ""
		}
		host = u.Hostname()
	} else {
		if strings.HasPrefix(s, "arn:") {
			return ""
		}
		host = s
		if i := strings.IndexByte(host, '/'); i >= 0 {
			if identity {
				return ""
			}
			host = host[:i]
		}
		if i := strings.LastIndexByte(host, '@'); i >= 0 {
			host = host[i+1:]
		}
		if i := strings.LastIndexByte(host, ':'); i >= 0 {
			if !digitsOnly(host[i+1:]) {
				return ""
			}
			host = host[:i]
		}
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" || strings.ContainsAny(host, ":[]") {
		return ""
	}
	return host
}

func digitsOnly(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// numericHost reports whether h is an IPv4 address; addresses are matched
// only exactly, never as hosts, since private ranges repeat.
func numericHost(h string) bool {
	for _, r := range h {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}
