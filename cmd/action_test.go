package cmd

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// actionStep is one step of the composite action.
type actionStep struct {
	ID   string            `yaml:"id"`
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	If   string            `yaml:"if"`
	Env  map[string]string `yaml:"env"`
}

// readAction parses action.yml: the decoded steps, the declared inputs,
// and the YAML tree (for the comments beside each uses:).
func readAction(t *testing.T) (steps []actionStep, inputs map[string]any, tree *yaml.Node) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Inputs map[string]any `yaml:"inputs"`
		Runs   struct {
			Using string       `yaml:"using"`
			Steps []actionStep `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	tree = &yaml.Node{}
	if err := yaml.Unmarshal(data, tree); err != nil {
		t.Fatal(err)
	}
	if doc.Runs.Using != "composite" || len(doc.Runs.Steps) == 0 {
		t.Fatalf("action.yml: not a composite action with steps")
	}
	return doc.Runs.Steps, doc.Inputs, tree
}

// Every uses: names a full 40-hex commit, with the release tag in a
// comment beside it; every script a step runs exists; every input the
// steps read is declared.
func TestActionPinned(t *testing.T) {
	steps, inputs, tree := readAction(t)
	pinned := regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[^@]+)?@[0-9a-f]{40}$`)
	tag := regexp.MustCompile(`^# v\d+(\.\d+)*$`)
	uses := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if k, v := n.Content[i], n.Content[i+1]; k.Value == "uses" {
				uses++
				if !pinned.MatchString(v.Value) {
					t.Errorf("action.yml:%d: uses %q is not pinned to a full commit SHA", v.Line, v.Value)
				}
				if !tag.MatchString(strings.TrimSpace(v.LineComment)) {
					t.Errorf("action.yml:%d: uses %q has no tag comment (# vX.Y.Z), got %q", v.Line, v.Value, v.LineComment)
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(tree)
	if uses == 0 {
		t.Fatal("no uses: found; the walk is broken")
	}
	script := regexp.MustCompile(`\$GITHUB_ACTION_PATH/(scripts/action/[a-z-]+\.sh)`)
	input := regexp.MustCompile(`inputs\.([a-z-]+)`)
	for _, s := range steps {
		for _, m := range script.FindAllStringSubmatch(s.Run, -1) {
			if _, err := os.Stat(filepath.Join(moduleRoot(t), m[1])); err != nil {
				t.Errorf("step %q runs %s: %v", s.Name, m[1], err)
			}
		}
		text := s.If
		for _, v := range s.Env {
			text += " " + v
		}
		for _, m := range input.FindAllStringSubmatch(text, -1) {
			if _, ok := inputs[m[1]]; !ok {
				t.Errorf("step %q reads inputs.%s, which action.yml does not declare", s.Name, m[1])
			}
		}
	}
}

// realworldCI is fixtures/realworld/ci (see its SOURCES.md).
func realworldCI(t *testing.T, name string) string {
	return filepath.Join(moduleRoot(t), "fixtures", "realworld", "ci", name)
}

// bashScript runs one of the action's scripts with bash and the given
// environment; it returns what it appended to GITHUB_OUTPUT and printed.
func bashScript(t *testing.T, script string, env ...string) (outputs map[string]string, stdout string, err error) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("no jq (the GitHub runners have it)")
	}
	ghOut := filepath.Join(t.TempDir(), "github_output")
	c := exec.Command("bash", filepath.Join(moduleRoot(t), "scripts", "action", script))
	c.Env = append([]string{"PATH=" + os.Getenv("PATH"), "GITHUB_OUTPUT=" + ghOut}, env...)
	out, err := c.Output()
	data, _ := os.ReadFile(ghOut)
	outputs = map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			outputs[k] = v
		}
	}
	return outputs, string(out), err
}

// The fork check over real event payloads: a pull request within the
// repository may be commented on; the same payload from a fork, or from
// Dependabot, gets a notice and no comment; a push has no pull request.
func TestActionPullRequestContext(t *testing.T) {
	opened := realworldCI(t, "pull_request-opened.payload.json")
	payload, err := os.ReadFile(opened)
	if err != nil {
		t.Skip("fixtures/realworld/ci is absent")
	}
	// the same real payload, its head moved to a fork (and one whose fork
	// was deleted: head.repo is null)
	var ev map[string]any
	if err := json.Unmarshal(payload, &ev); err != nil {
		t.Fatal(err)
	}
	head := ev["pull_request"].(map[string]any)["head"].(map[string]any)
	head["repo"].(map[string]any)["full_name"] = "someone-else/Hello-World"
	fork := filepath.Join(t.TempDir(), "fork.json")
	data, _ := json.Marshal(ev)
	os.WriteFile(fork, data, 0o644)
	head["repo"] = nil
	deleted := filepath.Join(t.TempDir(), "deleted-fork.json")
	data, _ = json.Marshal(ev)
	os.WriteFile(deleted, data, 0o644)

	for _, tc := range []struct {
		name, event, path, actor string
		can, pr, notice          string
	}{
		{"same repository", "pull_request", opened, "Codertocat", "true", "2", ""},
		{"synchronize", "pull_request", realworldCI(t, "pull_request-synchronize.payload.json"), "Codertocat", "true", "2", ""},
		{"fork", "pull_request", fork, "someone-else", "false", "2", "comes from the fork someone-else/Hello-World"},
		{"deleted fork", "pull_request", deleted, "someone-else", "false", "2", "comes from the fork (deleted)"},
		{"fork, pull_request_target", "pull_request_target", fork, "someone-else", "true", "2", ""},
		{"dependabot", "pull_request", opened, "dependabot[bot]", "false", "2", "opened by Dependabot"},
		{"push", "push", realworldCI(t, "push-payload.json"), "Codertocat", "false", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, stdout, err := bashScript(t, "pr-context.sh", "GITHUB_EVENT_NAME="+tc.event, "GITHUB_EVENT_PATH="+tc.path, "GITHUB_ACTOR="+tc.actor)
			if err != nil {
				t.Fatalf("exit: %v (%s)", err, stdout)
			}
			if out["can-comment"] != tc.can || out["pr"] != tc.pr {
				t.Errorf("outputs %v, want can-comment=%s pr=%s", out, tc.can, tc.pr)
			}
			if tc.notice == "" && stdout != "" || tc.notice != "" && (!strings.HasPrefix(stdout, "::notice title=blast::") || !strings.Contains(stdout, tc.notice)) {
				t.Errorf("stdout %q, want a notice with %q", stdout, tc.notice)
			}
		})
	}
}

// fakeGH writes a gh that serves a list of comments (filtered with jq as
// gh --jq does), logs every call, and fails with HTTP 403 when asked.
func fakeGH(t *testing.T, comments string, forbid bool) (dir, log string) {
	t.Helper()
	dir = t.TempDir()
	log = filepath.Join(dir, "calls.log")
	os.WriteFile(filepath.Join(dir, "comments.json"), []byte(comments), 0o644)
	deny := ""
	if forbid {
		deny = `case "$*" in *-X*) echo 'gh: Resource not accessible by integration (HTTP 403)' >&2; exit 1;; esac`
	}
	script := `#!/usr/bin/env bash
set -euo pipefail
[ "$1" = api ] || { echo "fake gh: only api" >&2; exit 2; }
shift
` + deny + `
method=GET endpoint="" filter="" input=""
while [ $# -gt 0 ]; do
	case "$1" in
	-X) method=$2; shift 2 ;;
	--jq) filter=$2; shift 2 ;;
	--input) input=$2; shift 2 ;;
	--paginate) shift ;;
	*) endpoint=$1; shift ;;
	esac
done
echo "$method $endpoint" >> "` + log + `"
if [ -n "$input" ]; then jq -r .body "$input" | head -n 1 >> "` + log + `"; fi
if [ "$method" = GET ]; then jq -r "$filter" "` + filepath.Join(dir, "comments.json") + `"; else echo '{}'; fi
`
	if err := os.WriteFile(filepath.Join(dir, "gh"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, log
}

// The comment is found by its marker and updated in place; what happens
// when nothing changed follows comment-mode; a read-only token is a
// notice and exit 0; an unknown mode is an error.
func TestActionComment(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "blast.md")
	os.WriteFile(report, []byte("<!-- blast:check -->\n## blast: new report\n"), 0o644)
	reportJSON := func(status string) string {
		p := filepath.Join(dir, status+".json")
		os.WriteFile(p, []byte(`{"schemaVersion": 1, "verdict": {"status": "`+status+`"}}`), 0o644)
		return p
	}
	const others = `{"id": 7, "body": "LGTM"}, {"id": 8, "body": "see <!-- blast:check --> below"}`
	withOurs := `[` + others + `, {"id": 9, "body": "<!-- blast:check -->\n## blast: old"}]`
	withoutOurs := `[` + others + `]`
	const list = "GET repos/o/r/issues/5/comments"
	for _, tc := range []struct {
		name, mode, status, comments string
		forbid                       bool
		wantCalls                    []string
		wantOut                      string
		wantErr                      bool
	}{
		{"update existing", "update", "worse", withOurs, false, []string{list, "PATCH repos/o/r/issues/comments/9", "<!-- blast:check -->"}, "comment 9 updated", false},
		{"create", "update", "worse", withoutOurs, false, []string{list, "POST repos/o/r/issues/5/comments", "<!-- blast:check -->"}, "comment created", false},
		{"update when clean", "update", "unchanged", withOurs, false, []string{list, "PATCH repos/o/r/issues/comments/9", "<!-- blast:check -->"}, "updated", false},
		{"delete when clean", "delete-when-clean", "unchanged", withOurs, false, []string{list, "DELETE repos/o/r/issues/comments/9"}, "deleted", false},
		{"delete when clean, none there", "delete-when-clean", "unchanged", withoutOurs, false, []string{list}, "no comment", false},
		{"delete-when-clean, changed", "delete-when-clean", "better", withOurs, false, []string{list, "PATCH repos/o/r/issues/comments/9", "<!-- blast:check -->"}, "updated", false},
		{"keep when clean", "keep", "unchanged", withOurs, false, []string{list}, "left as it was", false},
		{"keep, violated", "keep", "violated", withoutOurs, false, []string{list, "POST repos/o/r/issues/5/comments", "<!-- blast:check -->"}, "created", false},
		{"read-only token", "update", "worse", withOurs, true, []string{list}, "::notice title=blast::the token cannot write", false},
		{"unknown mode", "sometimes", "worse", withOurs, false, nil, "::error title=blast::comment-mode: unknown value", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bin, log := fakeGH(t, tc.comments, tc.forbid)
			_, stdout, err := bashScript(t, "comment.sh", "PATH="+bin+":"+os.Getenv("PATH"), "GH_TOKEN=x", "GITHUB_REPOSITORY=o/r", "PR=5",
				"MODE="+tc.mode, "REPORT="+report, "REPORT_JSON="+reportJSON(tc.status))
			if (err != nil) != tc.wantErr {
				t.Fatalf("exit: %v, want error %v (%s)", err, tc.wantErr, stdout)
			}
			data, _ := os.ReadFile(log)
			calls := strings.Split(strings.TrimSpace(string(data)), "\n")
			if len(data) == 0 {
				calls = nil
			}
			if strings.Join(calls, "\n") != strings.Join(tc.wantCalls, "\n") {
				t.Errorf("gh calls:\n%s\nwant:\n%s", strings.Join(calls, "\n"), strings.Join(tc.wantCalls, "\n"))
			}
			if !strings.Contains(stdout, tc.wantOut) {
				t.Errorf("stdout %q lacks %q", stdout, tc.wantOut)
			}
		})
	}
}

// The check step of action.yml, run with bash on a real blast binary:
// one analysis writes the annotations, the JSON, SARIF and markdown
// reports, the job summary and the outputs, and passes the exit code on.
func TestActionCheckStep(t *testing.T) {
	if testing.Short() {
		t.Skip("builds blast")
	}
	steps, _, _ := readAction(t)
	var check *actionStep
	for i := range steps {
		if steps[i].ID == "check" {
			check = &steps[i]
		}
	}
	if check == nil {
		t.Fatal("action.yml has no step with id check")
	}
	root := moduleRoot(t)
	runner := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(runner, "blast-bin", "blast"), "./cmd/blast")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	summary, outputs := filepath.Join(runner, "summary.md"), filepath.Join(runner, "output")
	c := exec.Command("bash", "-e", "-c", check.Run)
	c.Dir = root
	c.Env = append(os.Environ(), "RUNNER_TEMP="+runner, "GITHUB_STEP_SUMMARY="+summary, "GITHUB_OUTPUT="+outputs,
		"PLAN=fixtures/pr-zonal/scale-in.json", "EXTRA_INPUTS=", "CONFIG=fixtures/pr-zonal/blast.toml",
		"CONFIG_DIR=fixtures/pr-zonal", "FAIL_ON=violations", "BASELINE=")
	stdout, err := c.Output()
	if err != nil {
		t.Fatalf("the check step failed: %v\n%s", err, stdout)
	}
	if !strings.Contains(string(stdout), "::error") {
		t.Errorf("no annotations on stdout:\n%s", stdout)
	}
	data, _ := os.ReadFile(outputs)
	for _, want := range []string{"exit-code=2", "verdict=policy violated", "sarif=" + runner + "/blast-check/blast.sarif"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("outputs lack %q:\n%s", want, data)
		}
	}
	for _, f := range []string{"blast.json", "blast.sarif", "blast.md"} {
		if fi, err := os.Stat(filepath.Join(runner, "blast-check", f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if md, _ := os.ReadFile(summary); !strings.HasPrefix(string(md), "<!-- blast:check -->") {
		t.Errorf("the job summary is not the markdown report: %.80q", md)
	}
}
