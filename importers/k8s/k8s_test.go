package k8s_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/blast-dev/blast/importers/k8s"
)

// deploy returns a Deployment manifest; extra is appended under the
// container (env, args, ...) and spec holds more pod spec lines.
func deploy(ns, name, container, spec string) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[2]s
  namespace: %[1]s
spec:
  replicas: 2
  selector:
    matchLabels: {app: %[2]s}
  template:
    metadata:
      labels: {app: %[2]s}
    spec:
      containers:
      - name: main
        image: example/%[2]s:1
%[3]s%[4]s`, ns, name, indent(container, 8), indent(spec, 6))
}

func svc(ns, name, app string) string {
	sel := ""
	if app != "" {
		sel = "  selector: {app: " + app + "}\n"
	}
	return fmt.Sprintf("apiVersion: v1\nkind: Service\nmetadata: {name: %s, namespace: %s}\nspec:\n%s  ports: [{port: 80}]\n", name, ns, sel)
}

func indent(s string, n int) string {
	if s == "" {
		return ""
	}
	pad := strings.Repeat(" ", n)
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = pad + l
	}
	return strings.Join(lines, "\n") + "\n"
}

func docs(parts ...string) string { return strings.Join(parts, "---\n") }

func TestServiceReferences(t *testing.T) {
	tests := []struct {
		name      string
		files     map[string]string
		edges     []string
		warnings  []string
		namespace string
	}{
		{
			name: "env forms",
			files: map[string]string{"app.yaml": docs(
				deploy("shop", "web", `env:
- {name: CART_ADDR, value: "cart:7070"}
- {name: USERS_URL, value: "http://users.accounts.svc.cluster.local:8080/v1/users"}
- {name: CACHE_HOST, value: cache}
- {name: SEARCH, value: "search.shop.svc:9200"}
- {name: PAY, value: "grpc://pay.shop:50051"}
- {name: LOG_LEVEL, value: info}
- {name: OTEL_SERVICE_NAME, value: web}
- {name: LOCAL_ADDR, value: "localhost:9000"}
- {name: EXTERNAL_URL, value: "https://example.com/api"}
- {name: GONE_ADDR, value: "gone:80"}
- {name: OTHER_URL, value: "http://later.elsewhere.svc.cluster.local"}
- {name: TEMPLATED_ADDR, value: "$(HOST_IP):8126"}
`, ""),
				svc("shop", "web", "web"), svc("shop", "cart", ""), svc("accounts", "users", ""),
				svc("shop", "cache", ""), svc("shop", "search", ""), svc("shop", "pay", ""),
				svc("shop", "info", ""), svc("shop", "localhost", ""), svc("example", "com", ""))},
			edges: []string{
				"k8s:shop/Deployment/web -> k8s:accounts/Service/users hard via=env:USERS_URL",
				"k8s:shop/Deployment/web -> k8s:shop/Service/cache hard via=env:CACHE_HOST",
				"k8s:shop/Deployment/web -> k8s:shop/Service/cart hard via=env:CART_ADDR",
				"k8s:shop/Deployment/web -> k8s:shop/Service/pay hard via=env:PAY",
				"k8s:shop/Deployment/web -> k8s:shop/Service/search hard via=env:SEARCH",
				"k8s:shop/Service/web -> k8s:shop/Deployment/web hard via=selector",
			},
			warnings: []string{
				"app.yaml: Deployment shop/web: env GONE_ADDR names Service gone, which the inputs do not define",
				"app.yaml: Deployment shop/web: env OTHER_URL names Service later.elsewhere, which the inputs do not define",
			},
		},
		{
			name: "args, command and files",
			files: map[string]string{
				"a/web.yaml": deploy("default", "web", `command: ["/bin/sh", "-c", "until nc -z db 5432; do sleep 1; done; exec web --cache=redis://cache:6379/0"]
args: ["--backend-addr", "api", "--verbose", "--metrics-host=metrics", "--name=api2"]
`, ""),
				"b/services.yaml": docs(svc("default", "api", ""), svc("default", "cache", ""), svc("default", "db", ""),
					svc("default", "metrics", ""), svc("default", "api2", "")),
			},
			edges: []string{
				"k8s:default/Deployment/web -> k8s:default/Service/api hard via=args",
				"k8s:default/Deployment/web -> k8s:default/Service/cache hard via=command",
				"k8s:default/Deployment/web -> k8s:default/Service/metrics hard via=args",
			},
		},
		{
			name: "ConfigMaps: envFrom values, key references, mounts",
			files: map[string]string{"app.yaml": docs(
				`apiVersion: v1
kind: ConfigMap
metadata: {name: app-config, namespace: shop}
data:
  DB_HOST: "orders-db:5432"
  GREETING: hello
  DB_PASSWORD: hunter2
`, `apiVersion: v1
kind: ConfigMap
metadata: {name: extra, namespace: shop}
data:
  queue: "amqp://jobs:5672"
  files: "x"
`, `apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
stringData:
  password: s3cr3t-value
  host: "secret-host:5432"
`,
				deploy("shop", "api", `envFrom:
- configMapRef: {name: app-config}
- prefix: X_
  configMapRef: {name: absent, optional: true}
env:
- name: QUEUE_ADDR
  valueFrom: {configMapKeyRef: {name: extra, key: queue}}
- name: DB_PASS
  valueFrom: {secretKeyRef: {name: creds, key: password}}
volumeMounts: [{name: files, mountPath: /etc/files}]
`, `volumes:
- name: files
  configMap: {name: extra}
- name: more
  configMap: {name: missing-cm}
- name: tls
  secret: {secretName: missing-secret}
- name: opt
  configMap: {name: opt-cm, optional: true}
`),
				svc("shop", "orders-db", ""), svc("shop", "jobs", ""), svc("shop", "secret-host", ""))},
			edges: []string{
				"k8s:shop/Deployment/api -> k8s:shop/ConfigMap/app-config hard via=envFrom",
				"k8s:shop/Deployment/api -> k8s:shop/ConfigMap/extra hard via=env:QUEUE_ADDR",
				"k8s:shop/Deployment/api -> k8s:shop/Secret/creds hard via=env:DB_PASS",
				"k8s:shop/Deployment/api -> k8s:shop/Service/jobs hard via=env:QUEUE_ADDR",
				"k8s:shop/Deployment/api -> k8s:shop/Service/orders-db hard via=env:DB_HOST",
			},
			warnings: []string{
				"app.yaml: Deployment shop/api uses ConfigMap missing-cm, Secret missing-secret, which the inputs do not define",
			},
		},
		{
			name: "selectors: several workloads form a group",
			files: map[string]string{"app.yaml": docs(
				strings.Replace(deploy("default", "web", "", ""), "labels: {app: web}", "labels: {app: web, track: stable}", 1),
				strings.Replace(deploy("default", "web-canary", "", ""), "labels: {app: web-canary}", "labels: {app: web, track: canary}", 1),
				svc("default", "web", "web"),
				deploy("default", "client", "env: [{name: WEB_URL, value: \"http://web\"}, {name: SELF_ADDR, value: \"client-svc:80\"}]\n", ""),
				svc("default", "client-svc", "client"),
			)},
			edges: []string{
				"k8s:default/Deployment/client -> k8s:default/Service/web hard via=env:WEB_URL",
				"k8s:default/Service/client-svc -> k8s:default/Deployment/client hard via=selector",
				"k8s:default/Service/web -> k8s:default/Deployment/web hard group=selector via=selector",
				"k8s:default/Service/web -> k8s:default/Deployment/web-canary hard group=selector via=selector",
			},
		},
		{
			name: "ingresses",
			files: map[string]string{"ing.yaml": docs(
				`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: web}
spec:
  defaultBackend:
    service: {name: front, port: {number: 80}}
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
      - {path: /, pathType: Prefix, backend: {service: {name: front, port: {name: http}}}}
      - {path: /old, pathType: Prefix, backend: {service: {name: legacy, port: {number: 80}}}}
`, `apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: admin, namespace: web}
spec:
  backend: {serviceName: admin, servicePort: 80}
`, `apiVersion: v1
kind: Secret
metadata: {name: shop-tls, namespace: web}
type: kubernetes.io/tls
data: {tls.crt: AAAA, tls.key: BBBB}
`, svc("web", "front", ""), svc("web", "api", ""), svc("web", "admin", ""))},
			edges: []string{
				"k8s:web/Ingress/admin -> k8s:web/Service/admin hard via=backend",
				"k8s:web/Ingress/shop -> k8s:web/Secret/shop-tls hard via=tls",
				"k8s:web/Ingress/shop -> k8s:web/Service/api hard group=backends via=backend",
				"k8s:web/Ingress/shop -> k8s:web/Service/front hard group=backends via=backend",
			},
			warnings: []string{
				"ing.yaml: Ingress web/shop: backend Service legacy, which the inputs do not define",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := mustLoad(t, tt.files)
			sameLines(t, "edges", edges(g), tt.edges)
			sameLines(t, "warnings", warnings(g), tt.warnings)
		})
	}
}

// TestValuesNeverKept checks that ConfigMap, Secret and env values appear
// nowhere on nodes, edges or warnings; only names do.
func TestValuesNeverKept(t *testing.T) {
	g := mustLoad(t, map[string]string{"app.yaml": docs(`apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {API_HOST: "api-value-1:80", NOTE: note-value-2, MISSING_ADDR: "nowhere-value-3:1"}
`, `apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {password: secret-value-4}
data: {token: c2VjcmV0LXZhbHVlLTU=}
`, deploy("default", "app", `env:
- {name: PLAIN, value: plain-value-6}
- {name: DB_PASSWORD, value: "pw-value-7:5432"}
envFrom: [{configMapRef: {name: cfg}}, {secretRef: {name: creds}}]
args: ["--token=arg-value-8", "--dsn", "dsn-value-9"]
`, ""), svc("default", "api-value-1", ""))})
	var all strings.Builder
	for _, n := range g.Nodes() {
		fmt.Fprintf(&all, "%#v\n", *n)
	}
	for _, e := range g.Edges() {
		fmt.Fprintf(&all, "%#v\n", e)
	}
	for _, w := range warnings(g) {
		all.WriteString(w + "\n")
	}
	for _, v := range []string{"note-value-2", "secret-value-4", "c2VjcmV0", "plain-value-6", "pw-value-7", "arg-value-8", "dsn-value-9", "nowhere-value-3:1"} {
		if strings.Contains(all.String(), v) {
			t.Errorf("value %q is kept on the graph:\n%s", v, all.String())
		}
	}
	if !strings.Contains(all.String(), "MISSING_ADDR (from ConfigMap cfg) names Service nowhere-value-3") {
		t.Errorf("the unresolved reference names its key and ConfigMap:\n%s", strings.Join(warnings(g), "\n"))
	}
}

func TestNodes(t *testing.T) {
	g := mustLoad(t, map[string]string{"all.yaml": docs(
		"# leading comment only\n",
		deploy("", "web", "", ""),
		`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app.kubernetes.io/name: postgres}}
    spec: {containers: [{name: pg, image: postgres}]}
`, `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template: {metadata: {labels: {app: agent}}, spec: {containers: [{name: a, image: agent}]}}
`, `apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 * * * *"
  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: r, image: report}]}}}}
`, `apiVersion: batch/v1
kind: Job
metadata: {generateName: migrate-}
spec: {template: {spec: {restartPolicy: Never, containers: [{name: m, image: migrate}]}}}
`, `apiVersion: v1
kind: Pod
metadata: {name: debug}
spec: {containers: [{name: d, image: busybox}]}
`, `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d8f
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: "1", controller: true}]
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: w, image: web}]}}
`, `apiVersion: v1
kind: ServiceAccount
metadata: {name: web}
`, `apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: knative}
`, `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r1}
`, `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r2}
`)})
	var got []string
	for _, n := range g.Nodes() {
		got = append(got, fmt.Sprintf("%s %s %s %s line=%d labels=%v", n.ID, n.Kind, n.Type, n.Source.Address, n.Source.Line, n.Labels))
	}
	sameLines(t, "nodes", got, []string{
		"k8s:data/StatefulSet/db service StatefulSet document 2 line=20 labels=map[app:postgres kind:StatefulSet namespace:data]",
		"k8s:default/CronJob/report service CronJob document 4 line=37 labels=map[kind:CronJob namespace:default]",
		"k8s:default/Deployment/web service Deployment document 1 line=3 labels=map[app:web kind:Deployment namespace:default]",
		"k8s:default/Job/migrate- service Job document 5 line=44 labels=map[kind:Job namespace:default]",
		"k8s:default/Pod/debug service Pod document 6 line=49 labels=map[kind:Pod namespace:default]",
		// custom resources are nodes of their kind, an Argo Rollout a workload;
		// the group in the ID keeps a Knative Service apart from a Service
		"k8s:default/Rollout.argoproj.io/r1 service Rollout document 10 line=71 labels=map[apiGroup:argoproj.io kind:Rollout namespace:default]",
		"k8s:default/Rollout.argoproj.io/r2 service Rollout document 11 line=75 labels=map[apiGroup:argoproj.io kind:Rollout namespace:default]",
		"k8s:default/Service.serving.knative.dev/knative resource Service document 9 line=67 labels=map[apiGroup:serving.knative.dev kind:Service namespace:default]",
		"k8s:kube-system/DaemonSet/agent service DaemonSet document 3 line=30 labels=map[app:agent kind:DaemonSet namespace:kube-system]",
	})
	sameLines(t, "warnings", warnings(g), nil)
}

func TestListsAndJSON(t *testing.T) {
	g := mustLoad(t, map[string]string{
		"list.yaml": `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: api}
  spec: {selector: {app: api}}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api}
  spec:
    selector: {matchLabels: {app: api}}
    template: {metadata: {labels: {app: api}}, spec: {containers: [{name: a, image: a}]}}
`,
		"typed.json": `{"apiVersion": "v1", "kind": "ServiceList", "items": [
  {"metadata": {"name": "db", "namespace": "default"}, "spec": {"selector": {"app": "api"}}}]}`,
	})
	sameLines(t, "edges", edges(g), []string{
		"k8s:default/Service/api -> k8s:default/Deployment/api hard via=selector",
		"k8s:default/Service/db -> k8s:default/Deployment/api hard via=selector",
	})
	n, _ := g.Node("k8s:default/Service/db")
	if n == nil || n.Source.Address != "document 1 item 1" {
		t.Errorf("List item source: %+v", n)
	}
}

func TestPlacement(t *testing.T) {
	tests := []struct {
		name, spec, want string
		replicas         int
	}{
		{"nodeSelector zone", "nodeSelector: {topology.kubernetes.io/zone: us-east-1a}", "aws us-east-1 us-east-1a [] k8s:nodeSelector", 1},
		{"deprecated label", "nodeSelector: {failure-domain.beta.kubernetes.io/zone: europe-west1-b}", "gcp europe-west1 europe-west1-b [] k8s:nodeSelector", 1},
		{"affinity over zones", `affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: topology.kubernetes.io/zone, operator: In, values: [eastus2-2, eastus2-1]}
        - {key: kubernetes.io/arch, operator: In, values: [amd64]}`, "azure eastus2  [eastus2-1 eastus2-2] k8s:nodeAffinity", 3},
		{"affinity term without zone allows any", `affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a]}]
      - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [arm64]}]`, "   [] ", 1},
		{"selector and affinity intersect", `nodeSelector: {topology.kubernetes.io/zone: us-west-2b}
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [us-west-2a, us-west-2b]}]`, "aws us-west-2 us-west-2b [] k8s:nodeSelector+nodeAffinity", 1},
		{"region only", "nodeSelector: {topology.kubernetes.io/region: us-east-2}", "aws us-east-2  [] k8s:nodeSelector", 1},
		{"unknown zone names", "nodeSelector: {topology.kubernetes.io/zone: rack-7}", "  rack-7 [] k8s:nodeSelector", 1},
		{"preferred affinity is not a constraint", `affinity:
  nodeAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 1
      preference: {matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a]}]}`, "   [] ", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := strings.Replace(deploy("default", "web", "", tt.spec), "replicas: 2", fmt.Sprintf("replicas: %d", tt.replicas), 1)
			g := mustLoad(t, map[string]string{"w.yaml": m})
			n, ok := g.Node("k8s:default/Deployment/web")
			if !ok {
				t.Fatal("no node")
			}
			p := n.Placement
			got := fmt.Sprintf("%s %s %s %v %s", p.Cloud, p.Region, p.Zone, p.Zones, p.Rule)
			if got != tt.want {
				t.Errorf("placement %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"invalid YAML", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: [unclosed\n",
			"k8s: bad.yaml: document 2: line 7: invalid YAML: did not find expected ',' or ']'"},
		{"invalid YAML after a comment", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n# c\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n   bad: indent\n",
			"k8s: bad.yaml: document 2: line 10: invalid YAML: mapping values are not allowed in this context"},
		{"wrong type", deploy("shop", "app-x", "", "") + "---\n" + strings.Replace(deploy("shop", "app-y", "", ""), "replicas: 2", "replicas: three", 1),
			"k8s: bad.yaml: document 2 (Deployment shop/app-y): spec.replicas: string where int32 was expected"},
		{"YAML 1.1 boolean name", "apiVersion: v1\nkind: Service\nmetadata: {name: y}\n",
			"k8s: bad.yaml: document 1 (line 1): metadata.name: bool where string was expected"},
		{"missing name", "apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: a}\n",
			"k8s: bad.yaml: document 1 (line 1, ConfigMap): metadata.name is missing"},
		{"not an object", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n- just\n- a list\n",
			"k8s: bad.yaml: document 2 (line 5): not a Kubernetes object"},
		{"bad labels", "apiVersion: v1\nkind: Service\nmetadata: {name: a, labels: [x]}\n",
			"k8s: bad.yaml: document 1 (line 1): metadata.labels: array where map[string]string was expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, map[string]string{"bad.yaml": tt.body})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestDuplicates(t *testing.T) {
	g := mustLoad(t, map[string]string{
		"base/web.yaml":    deploy("default", "web", "", ""),
		"overlay/web.yaml": deploy("default", "web", "", ""),
	})
	sameLines(t, "warnings", warnings(g), []string{
		"overlay/web.yaml: Deployment default/web is defined again (document 1); keeping the first (base/web.yaml document 1)",
	})
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, body string
		want       bool
	}{
		{"deployment", deploy("default", "web", "", ""), true},
		{"service after a comment and separator", "# svc\n---\n" + svc("default", "a", ""), true},
		{"quiet kind only", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n", true},
		{"List", "apiVersion: v1\nkind: List\nitems: []\n", true},
		{"JSON object", `{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}}`, true},
		{"quoted keys", "\"apiVersion\": \"v1\"\n\"kind\": \"Service\"\n", true},
		{"backstage", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\n", false},
		{"backstage Resource", "apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: a}\n", false},
		{"compose", "services:\n  web:\n    image: nginx\n    environment: {kind: x}\n", false},
		{"kustomization", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n", false},
		{"kubeconfig", "apiVersion: v1\nkind: Config\nclusters: []\n", false},
		{"custom resource only", "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: a}\n", true},
		{"custom resource in JSON", `{"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "a"}}`, true},
		{"tool config without a DNS group", "apiVersion: skaffold/v4beta6\nkind: Config\nbuild: {}\n", false},
		{"helm chart", "apiVersion: v2\nname: chart\nversion: 0.1.0\n", false},
		{"helm template", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include \"x\" . | nindent 4 }}\n", false},
		{"template braces inside a valid value", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {t: \"{{ .x }}\"}\n", true},
		{"terraform state", `{"version": 4, "terraform_version": "1.9.0", "resources": [{"kind": "x", "apiVersion": "v1"}]}`, false},
		{"nested kind is not top level", "spec:\n  apiVersion: v1\n  kind: Service\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (k8s.Importer{}).Detect([]byte(tt.body)); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
}
