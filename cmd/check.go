package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/terraform"
	"github.com/blast-dev/blast/importers/tfjson"
	"github.com/blast-dev/blast/render"
)

// checkOptions are the flags blast check and blast diff share.
type checkOptions struct {
	*globals
	out       outputFlags
	outs      []outputSpec
	failOn    string
	baseline  string
	configDir string
	today     string
	with      []string
}

func (o *checkOptions) flags(c *cobra.Command) {
	f := c.Flags()
	o.out.register(c, render.ViewCheck)
	f.StringVar(&o.failOn, "fail-on", checks.FailOnViolations, "exit 2 on: violations (policy violations), new-impact (also anything that newly fails, degrades or freezes, and new single points of failure), none")
	f.StringVar(&o.baseline, "baseline", "", "a previous --format json report: leave out the findings it holds (report only what is new)")
	f.StringVar(&o.configDir, "config-dir", "", "the Terraform configuration directory: findings point at the .tf file and line of the resource")
	f.StringVar(&o.today, "today", "", "the date suppressions expire against, YYYY-MM-DD (default: today, UTC)")
	_ = c.RegisterFlagCompletionFunc("fail-on", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"violations\tpolicy violations (default)", "new-impact\tviolations and anything newly impacted", "none\talways exit 0 after reporting"}, cobra.ShellCompDirectiveNoFileComp
	})
}

// NewCheckCmd builds `blast check`.
func NewCheckCmd(g *globals) *cobra.Command {
	o := &checkOptions{globals: g}
	c := &cobra.Command{
		Use:   "check PLAN [PATH ...]",
		Short: "Compare a plan's blast radius before and after, gated by the policies in blast.toml",
		Long: `Run the scenario suite on both sides of a Terraform plan: its prior state
(before) and its planned values (after). The suite takes down, one at a time,
every region and every zone either side holds resources in, plus the named
scenarios of blast.toml. The report says what changed: services and resources
that newly fail, degrade or freeze in some scenario (or no longer do), new and
removed single points of failure, the blast radius of every domain on both
sides, and the infrastructure changes behind them.

PLAN is 'terraform show -json PLANFILE' output, or a binary plan file when
terraform is on PATH (blast runs terraform show -json on it, in the working
directory). Further paths (service manifests, Kubernetes manifests, other
states) are loaded on both sides.

Policies ([[policy]] in blast.toml) say which services must survive which
scenarios, and how much one scenario may take down; [[suppression]] entries
accept findings for a reason until a date. Exit codes: 0 nothing crossed the
--fail-on threshold, 1 error, 2 threshold crossed (the report is written
first).`,
		Example: `  terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json
  blast check plan.json
  blast check --format markdown -o comment.md plan.json services.toml
  blast check --format sarif --config-dir . -o blast.sarif plan.json
  blast check --fail-on new-impact --baseline previous.json plan.json
  blast check --output text --output sarif=blast.sarif --output markdown=comment.md plan.json   # one analysis, three reports`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return runCheck(o, args) },
	}
	o.flags(c)
	return c
}

func runCheck(o *checkOptions, args []string) error {
	if err := o.validate(); err != nil {
		return err
	}
	stdin, err := o.readStdin(args)
	if err != nil {
		return err
	}
	stdin = asUTF8(stdin)
	after := *o.globals
	after.stdin = bytes.NewReader(stdin)
	head, err := after.load(args)
	if err != nil {
		return err
	}
	bfs := &beforeFS{}
	before := *o.globals
	before.stdin = bytes.NewReader(stdin)
	for _, a := range args {
		if a == "-" && tfjson.IsPlan(stdin) {
			out, err := tfjson.Before(importers.Input{Path: "-", Name: "stdin", Data: stdin})
			if err != nil {
				return fmt.Errorf("stdin: %w", err)
			}
			before.stdin = bytes.NewReader(out)
			bfs.plans++
		}
	}
	base, err := before.loadFrom(args, bfs)
	if err != nil {
		return err
	}
	if bfs.plans == 0 {
		return fmt.Errorf("%s: check needs a Terraform plan among its inputs, and found none (terraform show -json PLANFILE > plan.json); to compare two states or plans, use blast diff BASE HEAD", inputNames(args))
	}
	return o.compare(base, head, "before (prior state)", "after (plan)")
}

// validate checks the flags before anything is loaded.
func (o *checkOptions) validate() error {
	outs, err := o.out.resolve(render.ViewCheck)
	if err != nil {
		return err
	}
	o.outs = outs
	switch o.failOn {
	case checks.FailOnViolations, checks.FailOnNewImpact, checks.FailOnNone:
	default:
		return fmt.Errorf("--fail-on: unknown value %q (want violations, new-impact or none)", o.failOn)
	}
	if o.today != "" {
		if _, err := time.Parse("2006-01-02", o.today); err != nil {
			return fmt.Errorf("--today: %q is not a date (YYYY-MM-DD)", o.today)
		}
	}
	if o.configDir != "" {
		fi, err := os.Stat(o.configDir)
		if err != nil || !fi.IsDir() {
			return fmt.Errorf("--config-dir: %s is not a directory", o.configDir)
		}
	}
	return nil
}

// readStdin reads the standard input once when a path is "-": both sides
// need it.
func (o *checkOptions) readStdin(args []string) ([]byte, error) {
	n := 0
	for _, a := range args {
		if a == "-" {
			n++
		}
	}
	if n == 0 || o.stdin == nil {
		return nil, nil
	}
	if n > 1 {
		return nil, errors.New("stdin (-) can be given once")
	}
	limit, err := parseSize(o.maxInputSize)
	if err != nil {
		return nil, fmt.Errorf("--max-input-size: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(o.stdin, limit+1))
	if err != nil {
		return nil, fmt.Errorf("stdin: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("stdin: input is over the %s input limit (raise it with --max-input-size)", o.maxInputSize)
	}
	return data, nil
}

// compare runs the suite on both sides, evaluates the policies and
// writes the report; a crossed threshold is a ThresholdError.
func (o *checkOptions) compare(base, head *loaded, baseLabel, headLabel string) error {
	var policies []checks.Policy
	if err := head.cfg.Decode("policy", &policies); err != nil {
		return err
	}
	named, err := namedScenarios(head, policies)
	if err != nil {
		return err
	}
	var suppressions []checks.Suppression
	if err := head.cfg.Decode("suppression", &suppressions); err != nil {
		return err
	}
	baseline, err := readBaseline(o.baseline)
	if err != nil {
		return err
	}
	today := o.today
	if today == "" {
		today = time.Now().UTC().Format("2006-01-02")
	}
	suite := checks.Suite(named, base.res.Graph, head.res.Graph)
	if err := checks.ValidatePolicies(policies, suppressions, suite); err != nil {
		return fmt.Errorf("config: %s: %w", configName(head), err)
	}
	o.phase("%s: %d scenarios", baseLabel, len(suite))
	baseOut := checks.RunSuite(base.analyzer, suite)
	o.phase("%s: %d scenarios", headLabel, len(suite))
	chk := checks.Compare(suite, baseOut, checks.RunSuite(head.analyzer, suite))
	chk.Base.Label, chk.Head.Label = baseLabel, headLabel
	if err := chk.Evaluate(checks.EvalOptions{Policies: policies, Suppressions: suppressions, Baseline: baseline,
		Today: today, FailOn: o.failOn}); err != nil {
		return fmt.Errorf("config: %s: %w", configName(head), err)
	}
	if o.configDir != "" {
		if err := locate(chk, o.configDir); err != nil {
			return err
		}
	}
	r := head.report()
	r.Check = chk
	r.Note = func(msg string) { o.say("note: " + msg) }
	if err := o.emitAll(render.ViewCheck, o.outs, r); err != nil {
		return err
	}
	if chk.Verdict.Fail {
		return &ThresholdError{Msg: fmt.Sprintf("check failed (--fail-on %s): %s", o.failOn, chk.Verdict.Summary)}
	}
	return nil
}

func configName(l *loaded) string {
	if l.cfg.Path == "" {
		return "blast.toml"
	}
	return l.cfg.Path
}

// namedScenarios returns the named scenarios the suite runs besides
// single regions and zones: every one blast.toml declares, and the
// built-in historical ones a policy names.
func namedScenarios(l *loaded, policies []checks.Policy) ([]analyzer.Scenario, error) {
	named := map[string]bool{}
	for _, p := range policies {
		for _, s := range append(append([]string(nil), p.Survive...), p.In...) {
			named[s] = true
		}
	}
	var out []analyzer.Scenario
	for _, def := range l.scenarios.List() {
		if def.Origin == "built-in" && !named[def.Name] {
			continue
		}
		s, err := analyzer.ScenarioFromDef(def, l.res.Graph)
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", def.Name, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// readBaseline reads the finding IDs of a previous JSON report: the open
// ones and those already in its baseline (suppressed findings come back
// when their suppression ends).
func readBaseline(path string) (map[string]bool, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--baseline: %s: %w", path, unwrapPath(err))
	}
	var doc struct {
		SchemaVersion *int `json:"schemaVersion"`
		Findings      *[]struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"findings"`
	}
	data = asUTF8(data)
	if err := json.Unmarshal(importers.Trim(data), &doc); err != nil || doc.SchemaVersion == nil || doc.Findings == nil {
		return nil, fmt.Errorf("--baseline: %s: not a blast check JSON report (write one with --format json)", path)
	}
	out := map[string]bool{}
	for _, f := range *doc.Findings {
		if f.ID != "" && f.Status != checks.StatusSuppressed {
			out[f.ID] = true
		}
	}
	return out, nil
}

// beforeFS serves the operating system's files, every Terraform plan
// replaced by the document of its before side. It counts the plans.
type beforeFS struct{ plans int }

// Open implements fs.FS. Paths are the operating system's, as given.
func (b *beforeFS) Open(name string) (fs.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil || fi.IsDir() {
		return f, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	data = asUTF8(data)
	if tfjson.IsPlan(data) {
		out, err := tfjson.Before(importers.Input{Path: name, Name: name, Data: data})
		if err != nil {
			return nil, fmt.Errorf("before side: %w", err)
		}
		data = out
		b.plans++
	}
	return &memFile{Reader: bytes.NewReader(data), info: fi}, nil
}

// Stat implements fs.StatFS.
func (b *beforeFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// ReadDir implements fs.ReadDirFS.
func (b *beforeFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }

type memFile struct {
	*bytes.Reader
	info fs.FileInfo
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m.info, nil }
func (m *memFile) Close() error               { return nil }

var tfBlockRe = regexp.MustCompile(`(?m)^[ \t]*(resource|data)[ \t]+"([^"]+)"[ \t]+"([^"]+)"`)

type tfLoc struct {
	file string // slash-separated, relative to the configuration directory
	line int
}

// locate points findings at the .tf file and line declaring their
// resource: resource "TYPE" "NAME" (or data) in the configuration
// directory or below. A root module resource prefers files at the top;
// a module's resource, files below it.
func locate(chk *checks.Check, dir string) error {
	index := map[string][]tfLoc{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".tf") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		for _, m := range tfBlockRe.FindAllSubmatchIndex(data, -1) {
			kind, typ, name := string(data[m[2]:m[3]]), string(data[m[4]:m[5]]), string(data[m[6]:m[7]])
			key := typ + "." + name
			if kind == "data" {
				key = "data." + key
			}
			index[key] = append(index[key], tfLoc{file: filepath.ToSlash(rel), line: bytes.Count(data[:m[0]], []byte{'\n'}) + 1})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("--config-dir: %w", unwrapPath(err))
	}
	for i := range chk.Findings {
		f := &chk.Findings[i]
		if f.Type == "" || f.ResourceName == "" || f.Address == "" {
			continue
		}
		key := f.Type + "." + f.ResourceName
		if strings.Contains(terraform.ConfigAddress(f.Address), "data."+key) {
			key = "data." + key
		}
		locs := index[key]
		if len(locs) == 0 {
			continue
		}
		sort.Slice(locs, func(a, b int) bool {
			if locs[a].file != locs[b].file {
				return locs[a].file < locs[b].file
			}
			return locs[a].line < locs[b].line
		})
		pick := locs[0]
		inModule := terraform.ModulePath(f.Address) != ""
		for _, l := range locs {
			if inModule == strings.Contains(l.file, "/") {
				pick = l
				break
			}
		}
		f.File, f.Line = pick.file, pick.line
	}
	return nil
}

// inputNames names the inputs of a run for a message: the paths given,
// stdin for "-", or the built-in demo system.
func inputNames(args []string) string {
	if len(args) == 0 {
		return "the built-in demo system"
	}
	names := make([]string, len(args))
	for i, a := range args {
		names[i] = a
		if a == "-" {
			names[i] = "stdin"
		}
	}
	return strings.Join(names, ", ")
}

// asUTF8 decodes a plan or report that PowerShell's redirection wrote as
// UTF-16 (importers.Normalize), before check looks into it itself; what
// does not decode is left for the loader to report.
func asUTF8(data []byte) []byte {
	if norm, err := importers.Normalize(data); err == nil {
		return norm
	}
	return data
}
