package cmd

import (
	"bytes"
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
