package cmd

// Hostile inputs that must neither hang nor blow up: reference cycles of
// every length in every importer that draws edges, and YAML alias bombs
// ("billion laughs") in every YAML importer. Each run happens in a
// goroutine with a generous deadline, so that a regression fails the test
// instead of hanging it.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// hostileDeadline is far above what any of these inputs needs (well under
// a second each on a laptop); only a hang reaches it.
const hostileDeadline = 60 * time.Second

// runWithin runs blast in-process and fails the test when it does not
// return within d.
func runWithin(t *testing.T, d time.Duration, args ...string) (string, string, int) {
	t.Helper()
	type result struct {
		out, err string
		code     int
	}
	done := make(chan result, 1)
	go func() {
		out, errOut, code := runBlast(args...)
		done <- result{out, errOut, code}
	}()
	select {
	case r := <-done:
		return r.out, r.err, r.code
	case <-time.After(d):
		t.Fatalf("blast %s: still running after %s", strings.Join(args, " "), d)
	}
	return "", "", 0
}

// ring writes an input in which node i depends on node i+1 and the last
// on the first (n = 1: a node that depends on itself). It returns the
// file and the node IDs in ring order.
func ring(t *testing.T, dir, kind string, n int) (string, []string) {
	t.Helper()
	next := func(i int) int { return (i + 1) % n }
	ids := make([]string, n)
	var b strings.Builder
	var name string
	switch kind {
	case "tfstate":
		name = "ring.tfstate"
		type inst struct {
			Attributes   map[string]any `json:"attributes"`
			Dependencies []string       `json:"dependencies"`
		}
		type res struct {
			Mode      string `json:"mode"`
			Type      string `json:"type"`
			Name      string `json:"name"`
			Provider  string `json:"provider"`
			Instances []inst `json:"instances"`
		}
		var rs []res
		for i := 0; i < n; i++ {
			ids[i] = fmt.Sprintf("aws_instance.n%d", i)
			rs = append(rs, res{"managed", "aws_instance", fmt.Sprintf("n%d", i), `provider["registry.terraform.io/hashicorp/aws"]`,
				[]inst{{map[string]any{"id": fmt.Sprintf("i-%d", i), "next": fmt.Sprintf("i-%d", next(i))}, []string{fmt.Sprintf("aws_instance.n%d", next(i))}}}})
		}
		data, err := json.Marshal(map[string]any{"version": 4, "terraform_version": "1.9.8", "resources": rs})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	case "k8s":
		name = "ring.yaml"
		for i := 0; i < n; i++ {
			ids[i] = fmt.Sprintf("k8s:ring/Deployment/s%d", i)
			fmt.Fprintf(&b, `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: s%[1]d, namespace: ring}
spec:
  selector: {matchLabels: {app: s%[1]d}}
  template:
    metadata: {labels: {app: s%[1]d}}
    spec:
      containers:
        - name: c
          env: [{name: NEXT, value: "http://s%[2]d:80"}]
---
apiVersion: v1
kind: Service
metadata: {name: s%[1]d, namespace: ring}
spec: {selector: {app: s%[1]d}, ports: [{port: 80}]}
`, i, next(i))
		}
	case "backstage":
		name = "catalog-info.yaml"
		for i := 0; i < n; i++ {
			ids[i] = fmt.Sprintf("backstage:component:default/s%d", i)
			fmt.Fprintf(&b, "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: s%d}\nspec: {type: service, owner: team, lifecycle: production, dependsOn: [\"component:s%d\"]}\n", i, next(i))
		}
	case "manifest":
		name = "services.toml"
		for i := 0; i < n; i++ {
			ids[i] = fmt.Sprintf("service:s%d", i)
			fmt.Fprintf(&b, "[[service]]\nname = \"s%d\"\ndepends_on = [\"s%d\"]\n\n", i, next(i))
		}
	case "compose":
		name = "compose.yaml"
		b.WriteString("services:\n")
		for i := 0; i < n; i++ {
			ids[i] = fmt.Sprintf("compose:s%d", i)
			fmt.Fprintf(&b, "  s%d:\n    image: app\n    depends_on: [s%d]\n", i, next(i))
		}
	default:
		t.Fatalf("no ring for %s", kind)
	}
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return file, ids
}

// TestCyclesTerminate takes one member of a dependency ring down: the
// whole ring fails, and every command returns promptly.
func TestCyclesTerminate(t *testing.T) {
	for _, kind := range []string{"tfstate", "k8s", "backstage", "manifest", "compose"} {
		for _, n := range []int{1, 2, 1000} {
			t.Run(fmt.Sprintf("%s/%d", kind, n), func(t *testing.T) {
				file, ids := ring(t, t.TempDir(), kind, n)
				out, errOut, code := runWithin(t, hostileDeadline, "whatif", "--down", ids[0], "--format", "json", file)
				if code == ExitError && n == 1 {
					// a self-reference may be refused, in one line naming the file
					if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, file) {
						t.Fatalf("self-reference refused without a proper message: %q", errOut)
					}
					return
				}
				if code != 0 {
					t.Fatalf("whatif: exit %d: %s", code, errOut)
				}
				var doc struct {
					Nodes []struct {
						ID    string `json:"id"`
						State string `json:"state"`
					} `json:"nodes"`
				}
				if err := json.Unmarshal([]byte(out), &doc); err != nil {
					t.Fatal(err)
				}
				state := map[string]string{}
				for _, nd := range doc.Nodes {
					state[nd.ID] = nd.State
				}
				for _, id := range ids {
					if state[id] != "failed" {
						t.Fatalf("%s is %q, want failed: the failure did not go round the ring", id, state[id])
					}
				}
				// the longest explanation goes all the way round
				out, errOut, code = runWithin(t, hostileDeadline, "why", ids[1%n], "--down", ids[0], "--format", "json", file)
				if code != 0 {
					t.Fatalf("why: exit %d: %s", code, errOut)
				}
				var why struct {
					State string `json:"state"`
					Chain []any  `json:"chain"`
				}
				if err := json.Unmarshal([]byte(out), &why); err != nil {
					t.Fatal(err)
				}
				if why.State != "failed" || len(why.Chain) == 0 || len(why.Chain) > 40 {
					t.Fatalf("why %s: state %s, chain of %d links for a ring of %d", ids[1%n], why.State, len(why.Chain), n)
				}
				for _, args := range [][]string{
					{"graph", "--format", "json", file},
					{"matrix", "--format", "json", file},
					{"whatif", "--down", ids[0], "--format", "dot", file},
				} {
					if _, errOut, code := runWithin(t, hostileDeadline, args...); code != 0 {
						t.Fatalf("%s: exit %d: %s", args[0], code, errOut)
					}
				}
			})
		}
	}
}

// laughs returns YAML lines (indented) defining anchors a..i, each a list
// of nine aliases of the previous: *i expands to 9^9 strings.
func laughs(indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sa: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n", indent)
	prev := "a"
	for _, c := range "bcdefghi" {
		fmt.Fprintf(&b, "%s%c: &%c [%s]\n", indent, c, c, strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ","))
		prev = string(c)
	}
	return b.String()
}

// mergeLaughs is the same through merge keys (<<), which some decoders
// expand separately from plain aliases.
func mergeLaughs(indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sx0: &x0 {a: 1}\n", indent)
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&b, "%sx%d: &x%d {<<: [*x%d], k%da: *x%d, k%db: *x%d}\n", indent, i, i, i-1, i, i-1, i, i-1)
	}
	return b.String()
}

// TestYAMLAliasBombs feeds each YAML importer an alias bomb where it reads
// values (and where it does not): blast refuses it in one line or ignores
// it, promptly and without expanding it in memory.
func TestYAMLAliasBombs(t *testing.T) {
	cases := []struct{ name, file, data string }{
		{"k8s, unread field", "bomb.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nx:\n" + laughs("  ")},
		{"k8s, ConfigMap data", "bomb.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nx:\n" + laughs("  ") + "data: {k: *i}\n"},
		{"k8s, env", "bomb.yaml", "x:\n" + laughs("  ") + "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [{name: c, args: *i}]\n"},
		{"k8s, merge keys", "bomb.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nm:\n" + mergeLaughs("  ")},
		{"backstage, unread field", "catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: x}\nx:\n" + laughs("  ") + "spec: {type: service}\n"},
		{"backstage, dependsOn", "catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: x}\nx:\n" + laughs("  ") + "spec: {type: service, dependsOn: *i}\n"},
		{"backstage, annotations", "catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\n  annotations: *x39\nm:\n" + mergeLaughs("  ") + "spec: {type: service}\n"},
		{"compose, extension field", "compose.yaml", "x-bomb:\n" + laughs("  ") + "services:\n  web:\n    image: x\n    x-b: *i\n"},
		{"compose, command", "compose.yaml", "x-bomb:\n" + laughs("  ") + "services:\n  web:\n    image: x\n    command: *i\n"},
		{"compose, merge keys", "compose.yaml", "x-m:\n" + mergeLaughs("  ") + "services:\n  web:\n    image: x\n    labels: *x39\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, tc.file)
			if err := os.WriteFile(file, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, errOut, code := runWithin(t, hostileDeadline, "graph", "--format", "json", file)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
				t.Errorf("allocated %d MiB: the aliases were expanded", alloc>>20)
			}
			switch code {
			case ExitOK:
			case ExitError:
				if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, file) || len(errOut) > 600 {
					t.Errorf("refused without one short line naming the file: %q", errOut)
				}
			default:
				t.Errorf("exit %d: %s", code, errOut)
			}
		})
	}
}

// TestLongChainExplanations takes the end of a chain of 3000 services
// down: each explanation is cut to a bounded length, so that memory and
// output grow with the chain, not with its square.
func TestLongChainExplanations(t *testing.T) {
	const n = 3000
	var b strings.Builder
	for i := 0; i < n-1; i++ {
		fmt.Fprintf(&b, "[[service]]\nname = \"s%d\"\ndepends_on = [\"s%d\"]\n", i, i+1)
	}
	fmt.Fprintf(&b, "[[service]]\nname = \"s%d\"\n", n-1)
	file := filepath.Join(t.TempDir(), "services.toml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	last := fmt.Sprintf("service:s%d", n-1)
	out, errOut, code := runWithin(t, hostileDeadline, "whatif", "--down", last, "--format", "json", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if len(out) > n*20000 {
		t.Errorf("%d bytes of JSON for %d services", len(out), n)
	}
	var doc struct {
		Nodes []struct {
			ID          string `json:"id"`
			State       string `json:"state"`
			Explanation []struct {
				Node string `json:"node"`
				Why  string `json:"why"`
			} `json:"explanation"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Nodes) != n {
		t.Fatalf("%d nodes, want %d", len(doc.Nodes), n)
	}
	for _, nd := range doc.Nodes {
		ex := nd.Explanation
		if nd.State != "failed" || len(ex) == 0 || len(ex) > 40 {
			t.Fatalf("%s: %s with %d links", nd.ID, nd.State, len(ex))
		}
		if ex[0].Node != nd.ID || ex[len(ex)-1].Node != last {
			t.Fatalf("%s: explanation runs from %s to %s", nd.ID, ex[0].Node, ex[len(ex)-1].Node)
		}
		if nd.ID == "service:s0" {
			// 3000 links: 20 from the start, 19 to the end, the rest cut
			if cut := ex[20]; cut.Node != "" || cut.Why != "… 2961 more links …" {
				t.Errorf("the cut of s0's explanation reads %+v", cut)
			}
		}
	}
	out, errOut, code = runWithin(t, hostileDeadline, "why", "service:s0", "--down", last, file)
	if code != 0 || !strings.Contains(out, "→ … 2961 more links …\n") {
		t.Errorf("why: exit %d, %s\n%s", code, errOut, out)
	}
}

// TestSortedKeys re-encodes the canary state and plan with their keys
// sorted, as jq -S or any tool decoding into a map writes them: "version"
// then comes after the resources, beyond where detection first looks.
func TestSortedKeys(t *testing.T) {
	for _, name := range []string{canaryState, canaryPlan} {
		t.Run(name, func(t *testing.T) {
			orig := filepath.Join("testdata", "canary", name)
			data, err := os.ReadFile(orig)
			if err != nil {
				t.Fatal(err)
			}
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				t.Fatal(err)
			}
			sorted, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if name == canaryState && strings.Index(string(sorted), `"version"`) < 8192 {
				t.Fatalf("\"version\" at %d: the test needs it further in", strings.Index(string(sorted), `"version"`))
			}
			file := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(file, sorted, 0o644); err != nil {
				t.Fatal(err)
			}
			want, errOut, code := runWithin(t, hostileDeadline, "graph", "--format", "json", orig)
			if code != 0 {
				t.Fatalf("original: exit %d: %s", code, errOut)
			}
			got, errOut, code := runWithin(t, hostileDeadline, "graph", "--format", "json", file)
			if code != 0 {
				t.Fatalf("sorted: exit %d: %s", code, errOut)
			}
			if strings.ReplaceAll(got, file, "F") != strings.ReplaceAll(want, orig, "F") {
				t.Errorf("sorted keys give another graph")
			}
		})
	}
	// a plan, sorted, is still a plan to blast check
	data, err := os.ReadFile(filepath.Join("testdata", "canary", canaryPlan))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	v["configuration"].(map[string]any)["padding"] = strings.Repeat("x", 8192) // format_version beyond the first look
	sorted, _ := json.Marshal(v)
	file := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(file, sorted, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runWithin(t, hostileDeadline, "check", "--fail-on", "none", file); code != 0 {
		t.Errorf("check of a sorted plan: exit %d: %s", code, errOut)
	}
}

// TestControlCharacters: a name holding a new line would start a line of
// its own in a report (a CI runner may take "::error::..." for a command)
// and an escape would drive the terminal; such input is refused in one
// line that shows the characters escaped.
func TestControlCharacters(t *testing.T) {
	state := func(key, region string) string {
		return `{"version":4,"terraform_version":"1.9.8","resources":[{"mode":"managed","type":"aws_instance","name":"web","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"index_key":` +
			key + `,"attributes":{"id":"i-1","region":` + region + `}}]}]}`
	}
	cases := []struct{ name, file, data string }{
		{"k8s name", "deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \"web\\n::error::pwned\"\nspec:\n  template:\n    spec:\n      containers: [{name: c}]\n"},
		{"k8s env name", "deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: c, env: [{name: \"A\\n::error::pwned\", value: \"http://api:80\"}]}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {ports: [{port: 80}]}\n"},
		{"compose service", "compose.yaml", "services:\n  \"web\\e[2J\":\n    image: x\n"},
		{"backstage name", "catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: \"web\\u202eexe.txt\"}\nspec: {type: service}\n"},
		{"plan address", "plan.json", `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{"resources":[{"address":"aws_sqs_queue.q[\"a\u001b[2Jb\"]","mode":"managed","type":"aws_sqs_queue","name":"q","index":"a\u001b[2Jb","provider_name":"registry.terraform.io/hashicorp/aws","values":{"name":"q"}}]}}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(file, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runWithin(t, hostileDeadline, "graph", "--format", "text", file)
			if code != 1 || out != "" || !strings.HasPrefix(errOut, "blast: "+file+": ") || !strings.Contains(errOut, "control character") {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			if strings.IndexFunc(strings.TrimSuffix(errOut, "\n"), func(r rune) bool { return r < 0x20 || r == 0x202e }) >= 0 {
				t.Errorf("the error line passes a control character on: %q", errOut)
			}
		})
	}
	// a region that is no region is not read as one
	file := filepath.Join(t.TempDir(), "region.tfstate")
	if err := os.WriteFile(file, []byte(state(`"k"`, `"us-east-1\n::error::pwned"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := runWithin(t, hostileDeadline, "graph", "--format", "text", file); code != 0 || strings.Contains(out+errOut, "pwned") {
		t.Errorf("region: exit %d: %s%s", code, out, errOut)
	}
	// a for_each key may hold anything: the address shows it quoted
	file = filepath.Join(t.TempDir(), "keys.tfstate")
	if err := os.WriteFile(file, []byte(state(`"a\n::error::b"`, `"us-east-1"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runWithin(t, hostileDeadline, "whatif", "--down", "aws:us-east-1", file)
	if code != 0 || !strings.Contains(out, `aws_instance.web["a\n::error::b"]`) || strings.Contains(out, "\n::error") {
		t.Errorf("exit %d: %s%s", code, out, errOut)
	}
	// nor does a file name with a new line reach a report
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a\n::error::b.tfstate"), []byte(state(`"k"`, `"us-east-1"`)), 0o644); err != nil {
		t.Skipf("no such file names here: %v", err)
	}
	if _, errOut, code := runWithin(t, hostileDeadline, "graph", dir); code != 1 || !strings.Contains(errOut, `::error::b.tfstate": the file name holds a control character`) {
		t.Errorf("file name: exit %d: %q", code, errOut)
	}
}

// TestMarkdownInjection: a for_each key is any string, and blast check's
// markdown becomes a comment a bot posts: names must not turn into links,
// images, HTML or mentions there.
func TestMarkdownInjection(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "canary", canaryPlan))
	if err != nil {
		t.Fatal(err)
	}
	key := `![x](https://evil.example/p.png) [docs](https://evil.example/) <img src=x onerror=alert(1)> @acme/admins`
	quoted, _ := json.Marshal(key)
	plan := strings.ReplaceAll(string(data), `aws_instance.web[1]`, `aws_instance.web[`+strings.ReplaceAll(string(quoted), `"`, `\"`)+`]`)
	file := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(file, []byte(plan), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runWithin(t, hostileDeadline, "check", "--fail-on", "none", "--format", "markdown", file)
	if code != 0 || !strings.Contains(out, "evil.example") {
		t.Fatalf("exit %d (or the key is not in the report): %s", code, errOut)
	}
	text := regexp.MustCompile("`[^`\n]*`").ReplaceAllString(out, "") // code spans show text as it is
	for _, bad := range []string{"](https://evil", "<img", "@acme"} {
		if strings.Contains(text, bad) {
			t.Errorf("the comment renders %q from a name", bad)
		}
	}
}
