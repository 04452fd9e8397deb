package planside

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// plan is a small terraform show -json plan: one subnet before, two
// planned.
const plan = `{"format_version":"1.2","terraform_version":"1.9.0",
 "planned_values":{"root_module":{"resources":[
  {"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a","provider_name":"registry.terraform.io/hashicorp/aws","values":{"availability_zone":"eu-west-1a","id":"subnet-a"}},
  {"address":"aws_subnet.b","mode":"managed","type":"aws_subnet","name":"b","provider_name":"registry.terraform.io/hashicorp/aws","values":{"availability_zone":"eu-west-1b","id":"subnet-b"}}]}},
 "resource_changes":[],
 "prior_state":{"format_version":"1.0","terraform_version":"1.9.0","values":{"root_module":{"resources":[
  {"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a","provider_name":"registry.terraform.io/hashicorp/aws","values":{"availability_zone":"eu-west-1a","id":"subnet-a"}}]}}}}`

// state is a terraform show -json state, not a plan.
const state = `{"format_version":"1.0","terraform_version":"1.9.0","values":{"root_module":{"resources":[]}}}`

// priorOnly reports whether a document is a plan's before side: the
// prior state, no planned values.
func priorOnly(t *testing.T, data []byte) bool {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("before side is not JSON: %v\n%s", err, data)
	}
	_, prior := doc["prior_state"]
	_, planned := doc["planned_values"]
	return prior && !planned
}

func readAll(t *testing.T, fsys fs.FS, name string) []byte {
	t.Helper()
	f, err := fsys.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A plan reads as its before side and is counted; a state reads as it is
// and is not; directories are listed as the operating system's.
func TestBeforeOpen(t *testing.T) {
	dir := t.TempDir()
	planPath, statePath := filepath.Join(dir, "plan.json"), filepath.Join(dir, "prod.tfstate")
	if err := os.WriteFile(planPath, []byte(plan), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(statePath, []byte(state), 0o644); err != nil {
		t.Fatal(err)
	}
	b := &Before{}
	if got := readAll(t, b, statePath); string(got) != state {
		t.Errorf("state changed:\n%s", got)
	}
	if b.Plans() != 0 {
		t.Errorf("a state counted as a plan")
	}
	got := readAll(t, b, planPath)
	if !priorOnly(t, got) || strings.Contains(string(got), "subnet-b") {
		t.Errorf("plan not replaced by its before side:\n%s", got)
	}
	if b.Plans() != 1 {
		t.Errorf("plans = %d, want 1", b.Plans())
	}
	f, err := b.Open(planPath)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := f.Stat(); err != nil || fi.Name() != "plan.json" {
		t.Errorf("stat: %v, %v", fi, err)
	}
	f.Close()
	entries, err := fs.ReadDir(b, dir)
	if err != nil || len(entries) != 2 {
		t.Errorf("ReadDir: %v, %v", entries, err)
	}
	if _, err := b.Open(filepath.Join(dir, "absent.json")); err == nil {
		t.Error("no error for a missing file")
	}
}

// A plan that PowerShell wrote as UTF-16 is decoded before it is looked
// into.
func TestBeforeUTF16(t *testing.T) {
	units := utf16.Encode([]rune(plan))
	var buf bytes.Buffer
	buf.Write([]byte{0xff, 0xfe})
	for _, u := range units {
		buf.Write([]byte{byte(u), byte(u >> 8)})
	}
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b := &Before{}
	if got := readAll(t, b, path); !priorOnly(t, got) || b.Plans() != 1 {
		t.Errorf("UTF-16 plan: plans %d\n%s", b.Plans(), got)
	}
}

// binaryPlan is a plan file as terraform plan -out writes it: a zip
// archive holding tfplan.
func binaryPlan(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("tfplan")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("not really a plan"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Stdin: a plan becomes its before side, anything else passes; a plan
// that cannot be converted (a binary plan and no terraform) is an error
// naming stdin, as it is an error naming the before side in a file.
func TestBeforeStdin(t *testing.T) {
	b := &Before{}
	out, err := b.Stdin([]byte(state))
	if err != nil || string(out) != state || b.Plans() != 0 {
		t.Errorf("state: %q, %v, plans %d", out, err, b.Plans())
	}
	out, err = b.Stdin([]byte(plan))
	if err != nil || !priorOnly(t, out) || b.Plans() != 1 {
		t.Errorf("plan: %v, plans %d\n%s", err, b.Plans(), out)
	}
	t.Setenv("PATH", "")
	bin := binaryPlan(t)
	if _, err := b.Stdin(bin); err == nil || !strings.HasPrefix(err.Error(), "stdin: a binary Terraform plan and no terraform on PATH") {
		t.Errorf("binary plan without terraform: %v", err)
	}
	path := filepath.Join(t.TempDir(), "plan.tfplan")
	if err := os.WriteFile(path, bin, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Open(path); err == nil || !strings.HasPrefix(err.Error(), "before side: a binary Terraform plan") {
		t.Errorf("binary plan file without terraform: %v", err)
	}
	if b.Plans() != 1 {
		t.Errorf("plans = %d after two failures, want 1", b.Plans())
	}
}
