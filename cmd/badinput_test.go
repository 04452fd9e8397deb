package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

const goodState = `{"version":4,"terraform_version":"1.9.0","serial":1,"lineage":"l","outputs":{},"resources":[
 {"mode":"managed","type":"aws_instance","name":"web","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
  "instances":[{"schema_version":1,"attributes":{"id":"i-1","arn":"arn:aws:ec2:us-east-1:111122223333:instance/i-1","availability_zone":"us-east-1a"},
  "dependencies":["aws_subnet.gone"]}]}]}`

func utf16le(s string) []byte {
	out := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

func deepJSON(depth int) string {
	return `{"version":4,"resources":[{"mode":"managed","type":"aws_s3_bucket","name":"b","provider":"provider.aws","instances":[{"attributes":{"x":` +
		strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}}]}]}`
}

// TestBadInput checks that every kind of bad input gets one line on
// stderr naming the file and the problem, exit code 1, and no output file.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name    string
		file    string
		data    []byte
		args    []string
		code    int
		wantErr string // substring of the one stderr line
	}{
		{"empty file", "empty.tfstate", nil, nil, 1, "file is empty"},
		{"white space only", "blank.tfstate", []byte(" \n\t\n"), nil, 1, "file is empty"},
		{"truncated JSON", "cut.tfstate", []byte(goodState[:120]), nil, 1, "truncated"},
		{"invalid UTF-8", "bad.tfstate", []byte("\xc3\x28\xa0\xa1 not text"), nil, 1, "invalid UTF-8"},
		{"age encrypted", "prod.tfstate.age", []byte("-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOQ==\n-----END AGE ENCRYPTED FILE-----\n"), nil, 1, "age-encrypted"},
		{"zip (binary plan)", "plan.tfplan", []byte("PK\x03\x04\x14\x00\x00\x00binary"), nil, 1, "terraform show -json"},
		{"gzip", "state.gz", []byte("\x1f\x8b\x08\x00binary"), nil, 1, "gzip"},
		{"unsupported version", "old.tfstate", []byte(`{"version":2,"terraform_version":"0.8.0","modules":[]}`), nil, 1, "state format version 2 is not supported"},
		{"not a number version", "v.tfstate", []byte(`{"version":"four","terraform_version":"1.0.0","resources":[]}`), nil, 1, "not a whole number"},
		{"duplicate addresses", "dup.tfstate", []byte(`{"version":4,"terraform_version":"1.9.0","resources":[
			{"mode":"managed","type":"aws_sqs_queue","name":"q","provider":"provider.aws","instances":[{"attributes":{"id":"a"}}]},
			{"mode":"managed","type":"aws_sqs_queue","name":"q","provider":"provider.aws","instances":[{"attributes":{"id":"b"}}]}]}`), nil, 1, "duplicate resource instance aws_sqs_queue.q"},
		{"resources not a list", "shape.tfstate", []byte(`{"version":4,"terraform_version":"1.9.0","resources":{}}`), nil, 1, "line 1"},
		{"unknown JSON", "other.json", []byte(`{"hello":"world"}`), nil, 1, "JSON, but not a Terraform state"},
		{"deeply nested JSON", "deep.tfstate", []byte(deepJSON(100000)), nil, 1, "deep.tfstate"},
		{"over the size limit", "big.tfstate", []byte(goodState), []string{"--max-input-size", "100B"}, 1, "over the 100 B input limit"},
		{"missing dependency under --strict", "warn.tfstate", []byte(goodState), []string{"--strict"}, 1, "aws_subnet.gone"},
		{"UTF-16 with BOM is decoded", "utf16.tfstate", utf16le(goodState), nil, 0, ""},
		{"missing dependency is a warning", "warn.tfstate", []byte(goodState), nil, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, tc.file)
			if err := os.WriteFile(in, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "report.json")
			args := append([]string{"whatif", "--down", "aws:us-east-1", "--format", "json", "-o", out}, tc.args...)
			args = append(args, in)
			var stdout, stderr bytes.Buffer
			code := Run(args, strings.NewReader(""), &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			if tc.code == 0 {
				if _, err := os.Stat(out); err != nil {
					t.Fatalf("no report written: %v", err)
				}
				return
			}
			msg := stderr.String()
			if strings.Count(msg, "\n") != 1 {
				t.Errorf("want exactly one stderr line, got %q", msg)
			}
			if !strings.Contains(msg, tc.file) {
				t.Errorf("stderr does not name the file %s: %q", tc.file, msg)
			}
			if !strings.Contains(msg, tc.wantErr) {
				t.Errorf("stderr %q does not say %q", msg, tc.wantErr)
			}
			if strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine") {
				t.Errorf("stderr looks like a crash: %q", msg)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output file exists after a failed run")
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Errorf("temporary file left behind: %s", e.Name())
				}
			}
		})
	}
}

func TestDirectoryWithNothingImportable(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`resource "aws_s3_bucket" "b" {}`), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello"), 0o644)
	var stdout, stderr bytes.Buffer
	code := Run([]string{"graph", dir}, strings.NewReader(""), &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "holds no importable input") || !strings.Contains(stderr.String(), dir) {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestNonexistentPath(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := Run([]string{"graph", "/nonexistent/prod.tfstate"}, strings.NewReader(""), &stdout, &stderr)
	if code != 1 || stderr.String() != "blast: /nonexistent/prod.tfstate: no such file or directory\n" {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestStdinInput(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := Run([]string{"whatif", "--down", "aws:us-east-1a", "-"}, strings.NewReader(goodState), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "aws_instance.web") || !strings.Contains(stdout.String(), "1 failed") {
		t.Fatalf("stdout: %s", stdout.String())
	}
}

func utf16be(s string, bom bool) []byte {
	var out []byte
	if bom {
		out = []byte{0xfe, 0xff}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u>>8), byte(u))
	}
	return out
}

func deepYAML(prefix string, depth int) []byte {
	return []byte(prefix + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n")
}

const (
	k8sHead       = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "
	backstageHead = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\nspec:\n  type: service\n  x: "
	composeHead   = "services:\n  web:\n    image: x\n    x-deep: "
	planHead      = `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{"resources":[{"address":"a.b","mode":"managed","type":"a","name":"b","provider_name":"p","values":{"x":`
)

// badCase is one input for TestBadInputKinds: exit 1 with one stderr line
// naming the file and saying want, no output file; or, with code 0, a
// graph whose warnings say warn.
type badCase struct {
	name string
	file string
	data []byte
	args []string
	code int
	want string // in the one stderr line (code 1) or among the warnings (code 0)
}

// TestBadInputKinds extends TestBadInput to every importer and to what
// people download, redirect or commit in place of a state.
func TestBadInputKinds(t *testing.T) {
	state := []byte(goodState)
	cases := []badCase{
		// encodings
		{name: "UTF-16 big-endian with BOM is decoded", file: "be.tfstate", data: utf16be(goodState, true), want: "aws_subnet.gone"},
		{name: "UTF-16 with an odd byte count", file: "odd.tfstate", data: utf16le(goodState)[:41], code: 1, want: "UTF-16 text with an odd number of bytes"},
		{name: "UTF-16 without BOM", file: "nobom.tfstate", data: utf16le(goodState)[2:], code: 1, want: "UTF-16 text without a byte order mark"},
		{name: "UTF-16BE without BOM", file: "nobom-be.tfstate", data: utf16be(goodState, false), code: 1, want: "iconv -f UTF-16BE"},
		{name: "UTF-8 BOM and CRLF", file: "win.tfstate", data: append([]byte("\xef\xbb\xbf"), strings.ReplaceAll(goodState, "\n", "\r\n")...), want: "aws_subnet.gone"},
		{name: "NUL bytes after the state", file: "padded.tfstate", data: append(append([]byte(nil), state...), make([]byte, 512)...), code: 1, want: "after top-level value"},
		{name: "NUL bytes only", file: "zeros.tfstate", data: make([]byte, 512), code: 1, want: "binary data"},
		// encrypted, compressed, or not the file at all
		{name: "PGP", file: "s.tfstate.gpg", data: []byte("-----BEGIN PGP MESSAGE-----\n\nhQEMA\n-----END PGP MESSAGE-----\n"), code: 1, want: "PGP-encrypted"},
		{name: "age, binary", file: "s.tfstate.age", data: []byte("age-encryption.org/v1\n-> X25519 abc\nxyz\n--- abc\n\x00\x01\x02"), code: 1, want: "age-encrypted"},
		{name: "git-crypt", file: "gc.tfstate", data: []byte("\x00GITCRYPT\x00\x12\x34\x56"), code: 1, want: "git-crypt"},
		{name: "SOPS JSON", file: "sops.tfstate", data: []byte(`{"version":"ENC[AES256_GCM,data:Ng==,iv:x,tag:y,type:int]","resources":"ENC[AES256_GCM,data:e30=,iv:x,tag:y,type:str]","sops":{"mac":"ENC[x]","version":"3.8.1"}}`), code: 1, want: "SOPS-encrypted"},
		{name: "SOPS JSON, values only", file: "sops2.tfstate", data: []byte(`{"version":4,"terraform_version":"1.9.8","resources":[{"mode":"managed","type":"aws_sqs_queue","name":"q","provider":"provider.aws","instances":[{"attributes":{"id":"ENC[AES256_GCM,data:YQ==,iv:b,tag:c,type:str]"}}]}],"sops":{"mac":"ENC[x]","version":"3.8.1"}}`), code: 1, want: "SOPS-encrypted"},
		{name: "SOPS YAML", file: "deploy.yaml", data: []byte("apiVersion: ENC[AES256_GCM,data:dg==,iv:x,tag:y,type:str]\nkind: ENC[AES256_GCM,data:dg==,iv:x,tag:y,type:str]\nsops:\n  version: 3.8.1\n"), code: 1, want: "SOPS-encrypted"},
		{name: "Ansible Vault", file: "vault.yaml", data: []byte("$ANSIBLE_VAULT;1.1;AES256\n3132333435\n"), code: 1, want: "Ansible Vault"},
		{name: "zstd", file: "s.tfstate.zst", data: []byte("\x28\xb5\x2f\xfd\x00\x58"), code: 1, want: "zstd-compressed"},
		{name: "xz", file: "s.tfstate.xz", data: []byte("\xfd7zXZ\x00\x00\x04"), code: 1, want: "xz-compressed"},
		{name: "bzip2", file: "s.tfstate.bz2", data: []byte("BZh91AY&SY\x01\x02"), code: 1, want: "bzip2-compressed"},
		{name: "Git LFS pointer", file: "lfs.tfstate", data: []byte("version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"), code: 1, want: "Git LFS pointer"},
		{name: "HTML sign-in page", file: "html.tfstate", data: []byte("<!DOCTYPE html>\n<html><head><title>Sign in</title></head></html>\n"), code: 1, want: "an HTML page"},
		{name: "S3 error document", file: "s3.tfstate", data: []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<Error><Code>AccessDenied</Code></Error>"), code: 1, want: "an XML document"},
		{name: "terraform plan text", file: "plan.txt", data: []byte("Terraform used the selected providers to generate the following execution plan.\n\n  # aws_instance.web will be created\n"), code: 1, want: "terraform show -json"},
		{name: "warnings before the JSON", file: "show.json", data: []byte("Warning: Deprecated attribute\n\nsomething\n" + goodState), code: 1, want: "text before the JSON that starts on line 4"},
		{name: "JSON null", file: "null.json", data: []byte("null"), code: 1, want: "JSON, but not a Terraform state"},
		{name: "Helm template", file: "deploy.yaml", data: []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n"), code: 1, want: "Helm template"},
		{name: "kustomization", file: "kustomization.yaml", data: []byte("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deploy.yaml]\n"), code: 1, want: "kustomization"},
		// versions and shapes
		{name: "state format 5", file: "v5.tfstate", data: []byte(`{"version":5,"terraform_version":"2.0.0","resources":[]}`), code: 1, want: "state format version 5 is not supported"},
		{name: "version null", file: "vnull.tfstate", data: []byte(`{"version":null,"terraform_version":"1.9.8","resources":[]}`), code: 1, want: `no "version" field`},
		{name: "format 4 without resources", file: "nores.tfstate", data: []byte(`{"version":4,"terraform_version":"1.9.8","serial":1}`), code: 1, want: `no "resources" list`},
		{name: "format 3 without modules", file: "nomods.tfstate", data: []byte(`{"version":3,"terraform_version":"0.11.14","serial":1}`), code: 1, want: `no "modules" list`},
		{name: "plan format 2", file: "plan2.json", data: []byte(`{"format_version":"2.0","terraform_version":"2.0.0","planned_values":{"root_module":{}},"resource_changes":[]}`), code: 1, want: "unsupported plan format version"},
		// duplicates
		{name: "plan: duplicate address", file: "dup-plan.json", data: []byte(`{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{"resources":[` +
			`{"address":"aws_sqs_queue.q","mode":"managed","type":"aws_sqs_queue","name":"q","provider_name":"registry.terraform.io/hashicorp/aws","values":{"name":"q"}},` +
			`{"address":"aws_sqs_queue.q","mode":"managed","type":"aws_sqs_queue","name":"q","provider_name":"registry.terraform.io/hashicorp/aws","values":{"name":"q"}}]}}}`), code: 1, want: "duplicate resource instance aws_sqs_queue.q"},
		{name: "backstage: entity twice", file: "catalog-info.yaml", data: []byte("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {type: service}\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {type: service}\n"), code: 1, want: "declared twice"},
		{name: "manifest: service twice", file: "services.toml", data: []byte("[[service]]\nname = \"a\"\n\n[[service]]\nname = \"a\"\n"), code: 1, want: `service "a" is declared twice`},
		{name: "compose: service twice", file: "compose.yaml", data: []byte("services:\n  a: {image: x}\n  a: {image: y}\n"), code: 1, want: `mapping key "a" already defined`},
		{name: "k8s: object twice is a warning", file: "dup.yaml", data: []byte("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 81}]}\n"), want: "defined again"},
		{name: "k8s: object twice under --strict", file: "dup.yaml", data: []byte("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 81}]}\n"), args: []string{"--strict"}, code: 1, want: "defined again"},
		// references to what is not there: warnings, errors under --strict
		{name: "k8s: missing Secret", file: "deploy.yaml", data: []byte(k8sMissing), want: "uses Secret gone"},
		{name: "k8s: missing Secret under --strict", file: "deploy.yaml", data: []byte(k8sMissing), args: []string{"--strict"}, code: 1, want: "uses Secret gone"},
		{name: "backstage: missing entity", file: "catalog-info.yaml", data: []byte(backstageMissing), want: `"component:gone" names no entity`},
		{name: "backstage: missing entity under --strict", file: "catalog-info.yaml", data: []byte(backstageMissing), args: []string{"--strict"}, code: 1, want: `"component:gone" names no entity`},
		{name: "manifest: missing reference", file: "services.toml", data: []byte("[[service]]\nname = \"a\"\ndepends_on = [\"gone\"]\n"), want: `depends_on "gone" matches nothing`},
		{name: "manifest: missing reference under --strict", file: "services.toml", data: []byte("[[service]]\nname = \"a\"\ndepends_on = [\"gone\"]\n"), args: []string{"--strict"}, code: 1, want: "services.toml"},
		{name: "compose: missing service", file: "compose.yaml", data: []byte("services:\n  a: {image: x, depends_on: [gone]}\n"), want: `names service "gone"`},
		{name: "compose: missing service under --strict", file: "compose.yaml", data: []byte("services:\n  a: {image: x, depends_on: [gone]}\n"), args: []string{"--strict"}, code: 1, want: `names service "gone"`},
		// deep nesting: refused by the parsers' own limits, in one line
		{name: "deeply nested plan", file: "deep-plan.json", data: []byte(planHead + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}}]}}}`), code: 1, want: "exceeded max depth"},
		{name: "deeply nested k8s", file: "deep.yaml", data: deepYAML(k8sHead, 100000), code: 1, want: "exceeded max depth"},
		{name: "deeply nested backstage", file: "catalog-info.yaml", data: deepYAML(backstageHead, 100000), code: 1, want: "exceeded max depth"},
		{name: "deeply nested compose", file: "compose.yaml", data: deepYAML(composeHead, 100000), code: 1, want: "exceeded max depth"},
		{name: "deeply nested TOML", file: "services.toml", data: []byte("[[service]]\nname = \"a\"\ndepends_on = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n"), code: 1, want: "incompatible types"},
		{name: "nested k8s within limits", file: "deep.yaml", data: deepYAML("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nx-deep: ", 1000)},
		// broken syntax, one per YAML importer and the manifest
		{name: "k8s: bad indentation", file: "svc.yaml", data: []byte("apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n   namespace: b\nspec: {}\n"), code: 1, want: "line 5: invalid YAML"},
		{name: "k8s: tab indentation", file: "svc.yaml", data: []byte("apiVersion: v1\nkind: Service\nmetadata:\n\tname: a\n"), code: 1, want: "line 4: invalid YAML"},
		{name: "k8s: cut in a string", file: "deploy.yaml", data: []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  template:\n    spec:\n      containers:\n        - name: \"c\n"), code: 1, want: "unexpected end of stream"},
		{name: "backstage: bad indentation", file: "catalog-info.yaml", data: []byte("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n spec: {type: service}\n"), code: 1, want: "did not find expected key"},
		{name: "compose: bad indentation", file: "compose.yaml", data: []byte("services:\n  a:\n    image: x\n   ports: [\"80\"]\n"), code: 1, want: "did not find expected key"},
		{name: "compose: unclosed quote", file: "compose.yaml", data: []byte("services:\n  a: {image: \"x}\n"), code: 1, want: "found unexpected end of stream"},
		{name: "compose: empty service", file: "compose.yaml", data: []byte("services:\n  db:\n    image: x\n  web:\n"), code: 1, want: "line 4: services.web must be a mapping"},
		{name: "TOML: newline in a string", file: "services.toml", data: []byte("[[service]]\nname = \"a\ndepends_on = [\"b\"]\n"), code: 1, want: "line 2: strings cannot contain newlines"},
		{name: "TOML: unclosed table", file: "services.toml", data: []byte("[[service]]\nname = \"a\"\n[[service\nname = \"b\"\n"), code: 1, want: "line 4"},
		{name: "TOML: wrong type", file: "services.toml", data: []byte("[[service]]\nname = \"a\"\ndepends_on = \"b\"\n"), code: 1, want: "depends_on"},
		// sizes
		{name: "over a limit in bytes", file: "big.tfstate", data: state, args: []string{"--max-input-size", "300"}, code: 1, want: "over the 300 B input limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkBadInput(t, tc) })
	}
}

const k8sMissing = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n      containers: [{name: c, envFrom: [{secretRef: {name: gone}}]}]\n"

const backstageMissing = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {type: service, dependsOn: [\"component:gone\"]}\n"

// checkBadInput runs blast graph --format json -o on the case's file.
func checkBadInput(t *testing.T, tc badCase) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, tc.file)
	if err := os.WriteFile(in, tc.data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "graph.json")
	args := append(append([]string{"graph", "--format", "json", "-o", out}, tc.args...), in)
	var stdout, stderr bytes.Buffer
	code := Run(args, strings.NewReader(""), &stdout, &stderr)
	if code != tc.code {
		t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
	}
	if code == 0 {
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("no report written: %v", err)
		}
		var doc struct {
			Nodes    []json.RawMessage `json:"nodes"`
			Warnings []struct {
				Source  string `json:"source"`
				Message string `json:"message"`
			} `json:"warnings"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Nodes) == 0 {
			t.Errorf("nothing imported")
		}
		if tc.want != "" {
			found := false
			for _, w := range doc.Warnings {
				found = found || strings.Contains(w.Message, tc.want) && w.Source == in
			}
			if !found {
				t.Errorf("no warning from %s saying %q: %+v", in, tc.want, doc.Warnings)
			}
		}
		return
	}
	msg := stderr.String()
	if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "blast: ") {
		t.Errorf("want exactly one stderr line starting blast:, got %q", msg)
	}
	if !strings.Contains(msg, in) {
		t.Errorf("stderr does not name the file %s: %q", in, msg)
	}
	if !strings.Contains(msg, tc.want) {
		t.Errorf("stderr %q does not say %q", msg, tc.want)
	}
	if strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine") || strings.Contains(msg, "internal error") {
		t.Errorf("stderr looks like a crash: %q", msg)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != tc.file {
			t.Errorf("a failed run left %s behind", e.Name())
		}
	}
}

// failsInOneLine runs blast and checks exit 1, one stderr line holding
// every one of want, and no file at out (when given).
func failsInOneLine(t *testing.T, stdin string, out string, args []string, want ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &stdout, &stderr)
	msg := stderr.String()
	if code != 1 || strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "blast: ") {
		t.Errorf("blast %s: exit %d, stderr %q; want exit 1 and one line", strings.Join(args, " "), code, msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("blast %s: stderr %q does not say %q", strings.Join(args, " "), msg, w)
		}
	}
	if out != "" {
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("blast %s: %s written by a failed run", strings.Join(args, " "), out)
		}
	}
}

// TestPlanWhereStateExpected: blast check needs a plan; blast diff takes
// states and plans alike; the flags that read other files say what they
// expected.
func TestPlanWhereStateExpected(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join("testdata", "canary", "state.tfstate")
	plan := filepath.Join("testdata", "canary", "plan.json")
	out := filepath.Join(dir, "report.md")
	failsInOneLine(t, "", out, []string{"check", "-o", out, state}, "check needs a Terraform plan")
	data, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	failsInOneLine(t, string(data), out, []string{"check", "-o", out, "-"}, "check needs a Terraform plan")
	failsInOneLine(t, "", out, []string{"check", "--baseline", plan, "-o", out, plan}, "--baseline: "+plan+": not a blast check JSON report")
	failsInOneLine(t, "", out, []string{"--config", state, "graph", "-o", out, plan}, "config: "+state+": line 1")
	failsInOneLine(t, "", out, []string{"diff", "-", plan}, "stdin (-) is not supported")
	// diff reads a plan's after side where a state could be
	for _, args := range [][]string{{"diff", plan, plan}, {"diff", state, plan}, {"diff", plan, state}} {
		var stdout, stderr bytes.Buffer
		if code := Run(append(args[:1:1], append([]string{"--fail-on", "none"}, args[1:]...)...), strings.NewReader(""), &stdout, &stderr); code != 0 || stdout.Len() == 0 {
			t.Errorf("blast %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
	}
}

// TestSizeLimits: every way in is bounded by --max-input-size.
func TestSizeLimits(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.json")
	big := filepath.Join(dir, "states", "big.tfstate")
	if err := os.MkdirAll(filepath.Dir(big), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, []byte(goodState), 0o644); err != nil {
		t.Fatal(err)
	}
	limit := []string{"--max-input-size", "100"}
	failsInOneLine(t, goodState, out, append(limit, "graph", "-o", out, "-"), "stdin: input is over the 100 B input limit", "--max-input-size")
	failsInOneLine(t, goodState, out, append(limit, "check", "-o", out, "-"), "stdin: input is over", "--max-input-size")
	failsInOneLine(t, "", out, append(limit, "graph", "-o", out, filepath.Dir(big)), big+": file is", "over the 100 B input limit")
	for _, bad := range []string{"0", "-1", "abc", "1.5GiB", "8589934592GiB", "99999999999999999999"} {
		failsInOneLine(t, "", out, []string{"--max-input-size", bad, "graph", "-o", out, big}, "--max-input-size: ", bad)
	}
}

// TestDirectories: walked directories skip what is not an input, say when
// nothing is, and warn about encrypted files they cannot read.
func TestDirectories(t *testing.T) {
	root := t.TempDir()
	mk := func(name, data string) {
		t.Helper()
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(root, "out.json")
	os.MkdirAll(filepath.Join(root, "empty"), 0o755)
	failsInOneLine(t, "", out, []string{"graph", "-o", out, filepath.Join(root, "empty")}, "directory holds no importable input")
	// Terraform's working directory holds a state of the backend, not ours
	mk("hidden/.terraform/terraform.tfstate", goodState)
	mk("hidden/.git/config", "[core]\n")
	failsInOneLine(t, "", out, []string{"graph", "-o", out, filepath.Join(root, "hidden")}, "directory holds no importable input")
	// an encrypted state alone is the error; beside others it is a warning
	age := "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCg==\n-----END AGE ENCRYPTED FILE-----\n"
	mk("sealed/prod.tfstate.age", age)
	failsInOneLine(t, "", out, []string{"graph", "-o", out, filepath.Join(root, "sealed")}, filepath.Join(root, "sealed", "prod.tfstate.age")+": an age-encrypted file")
	mk("mixed/prod.tfstate.age", age)
	mk("mixed/dev.tfstate", goodState)
	mk("mixed/notes.txt", "not an input")
	mk("mixed/logo.png", "\x89PNG\r\n\x1a\n\x00\x00")
	mk("mixed/main.tf", `resource "aws_s3_bucket" "b" {}`)
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"graph", "--format", "json", filepath.Join(root, "mixed")}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("mixed directory: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), `"message": "skipped: an age-encrypted file; decrypt it first"`) {
		t.Errorf("no warning about the encrypted state: %s", stdout.String())
	}
	failsInOneLine(t, "", out, []string{"--strict", "graph", "-o", out, filepath.Join(root, "mixed")}, "--strict: ")
}

// TestOutputFiles: -o writes through a temporary file renamed into place,
// so a failed run neither leaves a file nor touches an existing one.
func TestOutputFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.tfstate")
	bad := filepath.Join(dir, "bad.tfstate")
	os.WriteFile(good, []byte(goodState), 0o644)
	os.WriteFile(bad, []byte(goodState[:200]), 0o644)
	out := filepath.Join(dir, "report.json")
	os.WriteFile(out, []byte("previous report\n"), 0o600)
	for _, args := range [][]string{
		{"whatif", "--down", "aws:us-east-1", "--format", "json", "-o", out, bad},
		{"graph", "--format", "svg", "-o", out, bad},
		{"matrix", "--format", "html", "-o", out, bad},
		{"whatif", "--down", "aws:nowhere-1", "-o", out, good}, // fails after loading
		{"whatif", "--down", "aws:us-east-1", "--focus", "no.such.node", "--format", "svg", "-o", out, good},
	} {
		var stdout, stderr bytes.Buffer
		if code := Run(args, strings.NewReader(""), &stdout, &stderr); code != 1 {
			t.Errorf("blast %s: exit %d, want 1", strings.Join(args, " "), code)
		}
		if data, _ := os.ReadFile(out); string(data) != "previous report\n" {
			t.Errorf("blast %s: a failed run changed the existing report: %.60q", strings.Join(args, " "), data)
		}
	}
	// a directory that does not exist, and one in place of the file
	for _, target := range []string{filepath.Join(dir, "missing", "r.json"), dir} {
		failsInOneLine(t, "", "", []string{"graph", "--format", "json", "-o", target, good}, "write "+target)
	}
	// success replaces the file whole, keeping its permissions (a report
	// made private stays private)
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"graph", "--format", "json", "-o", out, good}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("report: %v, mode %v, want the file's own 0600", err, fi.Mode())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// TestSymlinks: a link to a file in a walked directory is read, as is a
// directory given through a link; links to directories inside, dangling
// links and loops are left alone.
func TestSymlinks(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "real")
	states := filepath.Join(root, "states")
	os.MkdirAll(real, 0o755)
	os.MkdirAll(states, 0o755)
	os.WriteFile(filepath.Join(real, "prod.tfstate"), []byte(goodState), 0o644)
	links := map[string]string{
		filepath.Join(states, "prod.tfstate"): filepath.Join("..", "real", "prod.tfstate"),
		filepath.Join(states, "back"):         root, // a loop, were it followed
		filepath.Join(states, "gone.tfstate"): filepath.Join(root, "nowhere"),
		filepath.Join(states, "a"):            filepath.Join(states, "b"),
		filepath.Join(states, "b"):            filepath.Join(states, "a"),
		filepath.Join(root, "link-to-states"): states,
	}
	for link, target := range links {
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	for _, dir := range []string{states, filepath.Join(root, "link-to-states")} {
		out, errOut, code := runWithin(t, hostileDeadline, "graph", "--format", "json", dir)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", dir, code, errOut)
		}
		if want := `"file": "` + filepath.Join(dir, "prod.tfstate") + `"`; !strings.Contains(out, want) || strings.Count(out, `"format": "tfstate"`) != 1 {
			t.Errorf("%s: the linked state was not read once: %s", dir, out)
		}
	}
}

// TestCheckUTF16Plan: PowerShell 5 redirects terraform show -json into
// UTF-16; blast check must still find the plan, in a file or on stdin.
func TestCheckUTF16Plan(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "canary", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(file, utf16le(string(data)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"check", "--fail-on", "none", "--format", "json", file}, {"check", "--fail-on", "none", "--format", "json", "-"}} {
		var stdout, stderr bytes.Buffer
		code := Run(args, bytes.NewReader(utf16le(string(data))), &stdout, &stderr)
		if code != 0 || !strings.Contains(stdout.String(), `"aws_instance.web[1]"`) {
			t.Errorf("blast %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
	}
}

// TestUTF16Baseline: a --baseline report redirected by PowerShell 5 is
// UTF-16; it reads the same as the UTF-8 one.
func TestUTF16Baseline(t *testing.T) {
	plan := filepath.Join("testdata", "canary", "plan.json")
	base, errOut, code := runBlast("check", "--fail-on", "none", "--format", "json", plan)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	dir := t.TempDir()
	utf8File, utf16File := filepath.Join(dir, "base8.json"), filepath.Join(dir, "base16.json")
	os.WriteFile(utf8File, []byte(base), 0o644)
	os.WriteFile(utf16File, utf16le(base), 0o644)
	want, _, _ := runBlast("check", "--fail-on", "none", "--baseline", utf8File, plan)
	got, errOut, code := runBlast("check", "--fail-on", "none", "--baseline", utf16File, plan)
	if code != 0 || got != want || !strings.Contains(got, "(0 open of 1)") {
		t.Errorf("exit %d: %s\n%s", code, errOut, got)
	}
}
