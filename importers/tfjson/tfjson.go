// Package tfjson imports the JSON that `terraform show -json` prints: the
// state form (values.root_module with its child modules) and the plan
// form (prior_state, planned_values, resource_changes and configuration).
//
// A plan describes two systems. Loaded as an ordinary input it contributes
// its after side: planned_values with resource_changes, edges of new
// resources read from the configuration's references, and regions from
// the literal region of each resource's provider configuration. Before
// turns a plan into a document whose import gives the before side
// (prior_state), so that commands comparing the two can load each side
// through the ordinary loader.
//
// Decoding uses github.com/hashicorp/terraform-json's types; the graph is
// built by importers/terraform, shared with the raw state importer.
package tfjson

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	tfj "github.com/hashicorp/terraform-json"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

// Labels set on nodes of a plan's after side.
const (
	// LabelAction is the planned action of a resource that changes:
	// create, update, replace or read.
	LabelAction = "terraform.action"
	// LabelUnknown says which part of a node's placement is unknown until
	// apply: "zone", "region" or "region,zone". Analyses assume the worst
	// case for it: the node is in whichever zone or region fails.
	LabelUnknown = "blast.unknown-until-apply"
)

// Importer reads `terraform show -json` output, and binary plan files
// when a terraform binary is on PATH.
type Importer struct{}

// Name implements importers.Importer.
func (Importer) Name() string { return "tfjson" }

// Prefixed tells the loader that addresses need a per-file prefix when
// several Terraform inputs are merged.
func (Importer) Prefixed() bool { return true }

// Detect recognises a JSON object with "format_version" near its start
// and one of "values", "planned_values", "resource_changes" or
// "prior_state", and zip archives holding a Terraform plan.
func (Importer) Detect(data []byte) bool {
	if IsBinaryPlan(data) {
		return true
	}
	if isWrapped(data) {
		head := data
		if len(head) > 4096 {
			head = head[:4096]
		}
		return bytes.Contains(head, []byte("terraform")) && bytes.Contains(data, []byte(`"format_version"`))
	}
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	if !bytes.Contains(head, []byte(`"format_version"`)) {
		if len(data) <= len(head) {
			return false
		}
		// keys in another order (sorted by jq -S, say): read them, up
		// to a key only a raw state has (a raw state of hundreds of
		// megabytes is refused after its first few keys)
		format, body := false, false
		importers.EachTopLevelKey(data, func(key string) bool {
			switch key {
			case "format_version":
				format = true
			case "planned_values", "resource_changes", "prior_state", "values":
				body = true
			case "lineage", "serial", "version", "modules":
				format, body = false, false
				return false
			}
			return !(format && body)
		})
		return format && body
	}
	for _, key := range []string{`"planned_values"`, `"resource_changes"`, `"prior_state"`, `"values"`} {
		if bytes.Contains(data, []byte(key)) {
			return true
		}
	}
	return emptyState(data)
}

// emptyState reports whether data is the show -json of an empty state:
// {"format_version":"1.0"}, perhaps with its terraform_version.
func emptyState(data []byte) bool {
	if len(data) > 4096 {
		return false
	}
	var doc map[string]json.RawMessage
	if json.Unmarshal(data, &doc) != nil || doc["format_version"] == nil {
		return false
	}
	for k := range doc {
		if k != "format_version" && k != "terraform_version" {
			return false
		}
	}
	return true
}

// IsBinaryPlan reports whether data is a zip archive holding a Terraform
// plan (the file `terraform plan -out` writes).
func IsBinaryPlan(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "tfplan" {
			return true
		}
	}
	return false
}

// IsPlan reports whether the content is a plan (JSON or binary), as
// opposed to a state.
func IsPlan(data []byte) bool {
	data = importers.Trim(data)
	if IsBinaryPlan(data) {
		return true
	}
	if !(Importer{}).Detect(data) {
		return false
	}
	var probe struct {
		Planned json.RawMessage `json:"planned_values"`
		Changes json.RawMessage `json:"resource_changes"`
		Prior   json.RawMessage `json:"prior_state"`
		Config  json.RawMessage `json:"configuration"`
	}
	if json.Unmarshal(data, &probe) != nil {
		return false
	}
	return probe.Planned != nil || probe.Changes != nil || probe.Prior != nil || probe.Config != nil
}

// document is the part of `terraform show -json` output blast reads.
// Root outputs are decoded for the cross-state linker only, which matches
// their values and never shows them.
type document struct {
	FormatVersion    string                         `json:"format_version"`
	TerraformVersion string                         `json:"terraform_version"`
	Variables        map[string]*tfj.PlanVariable   `json:"variables"`
	Values           *values                        `json:"values"`
	PlannedValues    *values                        `json:"planned_values"`
	ResourceChanges  []*tfj.ResourceChange          `json:"resource_changes"`
	PriorState       *priorState                    `json:"prior_state"`
	Errored          bool                           `json:"errored"`
	Complete         *bool                          `json:"complete"`
	Config           *tfj.Config                    `json:"configuration"`
	OutputChanges    map[string]*tfj.Change         `json:"output_changes"`
	changes          map[string]*tfj.ResourceChange // by address, deposed objects left out
	wrapped          bool                           // read from setup-terraform wrapper output
}

type values struct {
	Outputs    map[string]*tfj.StateOutput `json:"outputs"`
	RootModule *tfj.StateModule            `json:"root_module"`
}

type priorState struct {
	FormatVersion string  `json:"format_version"`
	Values        *values `json:"values"`
}

// plan reports whether the document is in the plan form.
func (d *document) plan() bool {
	return d.PlannedValues != nil || d.ResourceChanges != nil || d.PriorState != nil || d.Config != nil
}

// Import implements importers.Importer: the state, or a plan's after side
// (its before side when the document was made by Before).
func (Importer) Import(in importers.Input, g *graph.Graph) error {
	doc, err := decode(in)
	if err != nil {
		return err
	}
	if doc.wrapped {
		g.Warn(in.Name, "read the JSON inside hashicorp/setup-terraform wrapper output (\"[command]\", \"::debug::\" lines); %s to save plain JSON", wrapperFix)
	}
	if doc.Errored {
		g.Warn(in.Name, "the plan is marked \"errored\": terraform plan failed part way, so resources may be missing from it")
	}
	if doc.Complete != nil && !*doc.Complete {
		g.Warn(in.Name, "the plan is marked incomplete (\"complete\": false: deferred changes): resources may be missing from it")
	}
	return doc.build(in, g)
}

// decode reads the document, running `terraform show -json` first on a
// binary plan.
func decode(in importers.Input) (*document, error) {
	body := importers.Trim(in.Data)
	if IsBinaryPlan(body) {
		out, err := showJSON(in)
		if err != nil {
			return nil, err
		}
		body = importers.Trim(out)
	}
	wrapped := isWrapped(body)
	if wrapped {
		var err error
		if body, err = unwrap(body); err != nil {
			return nil, err
		}
	}
	doc, err := parse(body)
	if err != nil {
		return nil, err
	}
	doc.wrapped = wrapped
	return doc, nil
}

func parse(body []byte) (*document, error) {
	var doc document
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", importers.JSONError(body, err))
	}
	if doc.FormatVersion == "" {
		return nil, errors.New("no \"format_version\": not terraform show -json output")
	}
	if doc.plan() {
		if err := (&tfj.Plan{FormatVersion: doc.FormatVersion}).Validate(); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
	} else {
		if err := (&tfj.State{FormatVersion: doc.FormatVersion}).Validate(); err != nil {
			return nil, fmt.Errorf("state: %w", err)
		}
	}
	doc.changes = map[string]*tfj.ResourceChange{}
	for i, rc := range doc.ResourceChanges {
		if rc == nil {
			return nil, fmt.Errorf("resource_changes[%d]: null", i)
		}
		if rc.DeposedKey != "" {
			continue
		}
		if rc.Address == "" {
			return nil, fmt.Errorf("resource_changes[%d]: no address", i)
		}
		doc.changes[rc.Address] = rc
	}
	return &doc, nil
}

// ShowTimeout bounds `terraform show -json` on a binary plan.
var ShowTimeout = 5 * time.Minute

// showJSON runs `terraform show -json` on a binary plan, in the working
// directory (terraform needs the configuration the plan was made from,
// initialised). Input from stdin goes through a temporary file.
func showJSON(in importers.Input) ([]byte, error) {
	how := "convert it with: terraform show -json PLANFILE > plan.json, and pass plan.json"
	bin, err := exec.LookPath("terraform")
	if err != nil {
		return nil, fmt.Errorf("a binary Terraform plan and no terraform on PATH; %s", how)
	}
	path := in.Path
	if path == "" || path == "-" {
		f, err := os.CreateTemp("", "blast-plan-*.tfplan")
		if err != nil {
			return nil, fmt.Errorf("binary plan: %w", err)
		}
		defer os.Remove(f.Name())
		if _, err := f.Write(in.Data); err != nil {
			f.Close()
			return nil, fmt.Errorf("binary plan: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("binary plan: %w", err)
		}
		path = f.Name()
	}
	ctx, cancel := context.WithTimeout(context.Background(), ShowTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "show", "-json", "-no-color", path)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := firstLine(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("terraform show -json failed (%s); run it in the directory the plan was made in, after terraform init, or %s", msg, how)
	}
	return stdout.Bytes(), nil
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(strings.TrimLeft(l, "│╷╵ "))
		if l != "" {
			return l
		}
	}
	return ""
}
