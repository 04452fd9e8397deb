package k8s_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/importers/k8s"
)

// state returns a format 4 Terraform state holding the given resources,
// each written as `type name {attributes JSON}`.
func state(resources ...string) string {
	var rs []string
	for _, r := range resources {
		typ, rest, _ := strings.Cut(r, " ")
		name, attrs, _ := strings.Cut(rest, " ")
		prov := "aws"
		switch {
		case strings.HasPrefix(typ, "google_"):
			prov = "google"
		case strings.HasPrefix(typ, "azurerm_"):
			prov = "azurerm"
		}
		rs = append(rs, fmt.Sprintf(`{"mode": "managed", "type": %q, "name": %q,
  "provider": "provider[\"registry.terraform.io/hashicorp/%s\"]",
  "instances": [{"schema_version": 0, "attributes": %s}]}`, typ, name, prov, attrs))
	}
	return `{"version": 4, "terraform_version": "1.9.0", "serial": 1, "lineage": "test", "outputs": {},
"resources": [` + strings.Join(rs, ",\n") + `]}`
}

const (
	eksBlue  = `aws_eks_cluster blue {"id": "prod-blue", "name": "prod-blue", "arn": "arn:aws:eks:us-east-1:123456789012:cluster/prod-blue", "region": "us-east-1"}`
	eksGreen = `aws_eks_cluster green {"id": "prod-green", "name": "prod-green", "arn": "arn:aws:eks:us-west-2:123456789012:cluster/prod-green", "region": "us-west-2"}`
	gke      = `google_container_cluster main {"id": "projects/p/locations/us-central1/clusters/main", "name": "main", "location": "us-central1", "node_locations": ["us-central1-a", "us-central1-b", "us-central1-c"]}`
)

func annotated(d, key, value string) string {
	return strings.Replace(d, "metadata:\n", fmt.Sprintf("metadata:\n  annotations: {%s: %s}\n", key, value), 1)
}

func TestClusterBinding(t *testing.T) {
	spread := `topologySpreadConstraints:
- {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}`
	tests := []struct {
		name     string
		setting  string
		files    map[string]string
		edges    []string
		warnings []string
		place    map[string]string // node ID → "cloud region zones rule"
	}{
		{
			name: "the only cluster is inferred",
			files: map[string]string{
				"tf.tfstate": state(eksBlue),
				"app.yaml": docs(deploy("default", "web", "", ""),
					deploy("default", "racked", "", "nodeSelector: {topology.kubernetes.io/zone: rack-1}")),
			},
			edges: []string{
				"k8s:default/Deployment/racked -> aws_eks_cluster.blue hard inferred via=only cluster in the inputs",
				"k8s:default/Deployment/web -> aws_eks_cluster.blue hard inferred via=only cluster in the inputs",
			},
			place: map[string]string{
				"k8s:default/Deployment/racked": "aws us-east-1 rack-1 k8s:nodeSelector (cloud and region of aws_eks_cluster.blue via only cluster in the inputs)",
				"k8s:default/Deployment/web":    "   ",
			},
		},
		{
			name: "annotations on workloads and namespaces; the rest unbound",
			files: map[string]string{
				"tf.tfstate": state(eksBlue, eksGreen),
				"app.yaml": docs(
					annotated(deploy("default", "web", "", ""), k8s.ClusterAnnotation, "aws_eks_cluster.blue"),
					"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: green\n  annotations: {blast.dev/cluster: prod-green}\n",
					deploy("green", "api", "", ""),
					deploy("default", "lost", "", ""),
					deploy("other", "lost", "", "")),
			},
			edges: []string{
				"k8s:default/Deployment/web -> aws_eks_cluster.blue hard via=annotation blast.dev/cluster",
				"k8s:green/Deployment/api -> aws_eks_cluster.green hard via=namespace annotation blast.dev/cluster",
			},
			warnings: []string{
				"k8s: 2 workloads are not bound to a cluster: the inputs hold 2 clusters (aws_eks_cluster.blue, aws_eks_cluster.green); name one with the blast.dev/cluster annotation or [k8s] cluster in blast.toml",
			},
		},
		{
			name:    "blast.toml setting by cluster name; an annotation wins",
			setting: "prod-green",
			files: map[string]string{
				"tf.tfstate": state(eksBlue, eksGreen),
				"app.yaml": docs(deploy("default", "web", "", ""),
					annotated(deploy("default", "api", "", ""), k8s.ClusterAnnotation, "aws_eks_cluster.blue"),
					annotated(deploy("default", "typo", "", ""), k8s.ClusterAnnotation, "aws_eks_cluster.bleu")),
			},
			edges: []string{
				"k8s:default/Deployment/api -> aws_eks_cluster.blue hard via=annotation blast.dev/cluster",
				"k8s:default/Deployment/web -> aws_eks_cluster.green hard via=blast.toml [k8s] cluster",
			},
			warnings: []string{
				`k8s: cluster "aws_eks_cluster.bleu" is not among the inputs (want a Terraform address, node ID or cluster name); 1 workload is not bound to a cluster: Deployment default/typo`,
			},
		},
		{
			name: "two states holding the same address need the node ID",
			files: map[string]string{
				"prod/a.tfstate":  state(eksBlue),
				"stage/a.tfstate": state(strings.ReplaceAll(eksBlue, "prod-blue", "stage-blue")), // another cluster at the same address
				"app.yaml": docs(annotated(deploy("default", "web", "", ""), k8s.ClusterAnnotation, "aws_eks_cluster.blue"),
					annotated(deploy("default", "api", "", ""), k8s.ClusterAnnotation, `"prod/a:aws_eks_cluster.blue"`)),
			},
			edges: []string{
				"k8s:default/Deployment/api -> prod/a:aws_eks_cluster.blue hard via=annotation blast.dev/cluster",
			},
			warnings: []string{
				`k8s: cluster "aws_eks_cluster.blue" names 2 resources (prod/a:aws_eks_cluster.blue, stage/a:aws_eks_cluster.blue); name one by its node ID`,
			},
		},
		{
			name: "replicas spread over zones take the cluster's zones",
			files: map[string]string{
				"tf.tfstate": state(gke),
				"app.yaml": docs(
					deploy("default", "web", "", spread),
					strings.Replace(deploy("default", "single", "", spread), "replicas: 2", "replicas: 1", 1),
					deploy("default", "pinned", "", "nodeSelector: {topology.kubernetes.io/zone: us-central1-b}")),
			},
			edges: []string{
				"k8s:default/Deployment/pinned -> google_container_cluster.main hard inferred via=only cluster in the inputs",
				"k8s:default/Deployment/single -> google_container_cluster.main hard inferred via=only cluster in the inputs",
				"k8s:default/Deployment/web -> google_container_cluster.main hard inferred via=only cluster in the inputs",
			},
			place: map[string]string{
				"k8s:default/Deployment/web":    "gcp us-central1 us-central1-a,us-central1-b,us-central1-c k8s:spread over the zones of google_container_cluster.main via only cluster in the inputs",
				"k8s:default/Deployment/single": "   ",
				"k8s:default/Deployment/pinned": "gcp us-central1 us-central1-b k8s:nodeSelector",
			},
		},
		{
			name: "a workload pinned outside its cluster's region is reported",
			files: map[string]string{
				"tf.tfstate": state(eksBlue),
				"app.yaml":   deploy("default", "web", "", "nodeSelector: {topology.kubernetes.io/zone: eu-west-1a}"),
			},
			edges: []string{
				"k8s:default/Deployment/web -> aws_eks_cluster.blue hard inferred via=only cluster in the inputs",
			},
			warnings: []string{
				"app.yaml: Deployment default/web is placed in aws eu-west-1 but its cluster aws_eks_cluster.blue is in aws us-east-1",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustLoad(t, tt.files, k8s.Linker{Cluster: tt.setting})
			var got []string
			for _, e := range edges(g) {
				if strings.HasPrefix(e, "k8s:") && strings.Contains(e, " -> k8s:") {
					continue // manifest-internal edges are tested elsewhere
				}
				got = append(got, e)
			}
			sameLines(t, "edges", got, tt.edges)
			sameLines(t, "warnings", warnings(g), tt.warnings)
			for id, want := range tt.place {
				n, ok := g.Node(id)
				if !ok {
					t.Fatalf("no node %s", id)
				}
				p := n.Placement
				if got := fmt.Sprintf("%s %s %s %s", p.Cloud, p.Region, strings.Join(p.AllZones(), ","), p.Rule); got != want {
					t.Errorf("%s placed %q, want %q", id, got, want)
				}
			}
		})
	}
}

// TestEndpointValues checks that configuration values naming imported
// cloud resources become edges, through the endpoints linker.
func TestEndpointValues(t *testing.T) {
	g := mustLoad(t, map[string]string{
		"tf.tfstate": state(eksBlue,
			`aws_db_instance orders {"id": "db-ABCDEF", "identifier": "orders", "arn": "arn:aws:rds:us-east-1:123456789012:db:orders", "address": "orders.abc123.us-east-1.rds.amazonaws.com", "endpoint": "orders.abc123.us-east-1.rds.amazonaws.com:5432", "region": "us-east-1", "name": "orders", "password": "pw"}`,
			`aws_sqs_queue jobs {"id": "https://sqs.us-east-1.amazonaws.com/123456789012/jobs", "url": "https://sqs.us-east-1.amazonaws.com/123456789012/jobs", "name": "jobs", "arn": "arn:aws:sqs:us-east-1:123456789012:jobs", "region": "us-east-1"}`,
			`aws_s3_bucket assets {"id": "acme-assets", "bucket": "acme-assets", "arn": "arn:aws:s3:::acme-assets", "region": "us-east-1"}`),
		"app.yaml": docs(`apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {ASSETS_BUCKET: acme-assets}
`, deploy("default", "api", `env:
- {name: DATABASE_URL, value: "postgres://app@orders.abc123.us-east-1.rds.amazonaws.com:5432/orders?sslmode=require"}
- {name: JOBS_QUEUE_URL, value: "https://sqs.us-east-1.amazonaws.com/123456789012/jobs"}
- {name: DB_NAME, value: orders}
- {name: DB_PASSWORD, value: "orders.abc123.us-east-1.rds.amazonaws.com"}
envFrom: [{configMapRef: {name: cfg}}]
`, ""), `apiVersion: v1
kind: Service
metadata: {name: db}
spec: {type: ExternalName, externalName: orders.abc123.us-east-1.rds.amazonaws.com}
`),
	})
	var got []string
	for _, e := range edges(g) {
		if strings.Contains(e, "aws_eks_cluster") {
			continue
		}
		got = append(got, e)
	}
	sameLines(t, "edges", got, []string{
		"k8s:default/Deployment/api -> aws_db_instance.orders hard via=env:DATABASE_URL",
		"k8s:default/Deployment/api -> aws_s3_bucket.assets hard via=env:ASSETS_BUCKET",
		"k8s:default/Deployment/api -> aws_sqs_queue.jobs hard via=env:JOBS_QUEUE_URL",
		"k8s:default/Deployment/api -> k8s:default/ConfigMap/cfg hard via=envFrom",
		"k8s:default/Service/db -> aws_db_instance.orders hard via=externalName",
	})
}

func TestConfigured(t *testing.T) {
	tests := []struct{ toml, want string }{
		{"", "{}"},
		{"[binding]\ntag_keys = []\n", "{}"},
		{"[k8s]\ncluster = \" module.eks.aws_eks_cluster.this \"\n", "{module.eks.aws_eks_cluster.this}"},
		{"[k8s]\ncluster = \"a\"\nclustre = \"b\"\n", `config: blast.toml: line 3: unknown key "k8s.clustre"`},
		{"[k8s]\ncluster = 3\n", "config: blast.toml: [k8s]: "},
	}
	for _, tt := range tests {
		cfg, err := config.Parse("blast.toml", []byte(tt.toml))
		if err != nil {
			t.Fatal(err)
		}
		ls, err := k8s.Configured(cfg)
		got := fmt.Sprint(ls)
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%q: got %s, want %s", tt.toml, got, tt.want)
		}
	}
}
