package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEnvFileFlag: --env-file feeds compose interpolation instead of the
// .env beside the file; a missing one is one error line, exit 1.
func TestEnvFileFlag(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	compose := write("compose.yml", "services:\n  web:\n    ports: [\"${BLAST_TEST_PORT}:80\"]\n    environment: {API_URL: \"http://${BLAST_TEST_API}:8080\"}\n  api: {image: x}\n")
	write(".env", "BLAST_TEST_API=nothing\n")
	prod := write("prod.env", "BLAST_TEST_API=api\n")

	out, stderr, code := runBlast("graph", "--format", "json", "--env-file", prod, compose)
	if code != 0 || !strings.Contains(out, `"compose:api"`) || !strings.Contains(out, `"env:API_URL"`) || strings.Contains(stderr, "not set") {
		t.Errorf("with --env-file: code %d, stderr %q, edge env:API_URL present: %v", code, stderr, strings.Contains(out, `"env:API_URL"`))
	}
	out, _, code = runBlast("graph", "--format", "json", compose)
	if code != 0 || strings.Contains(out, `"env:API_URL"`) {
		t.Errorf("with .env: code %d, the .env names no service, yet an env:API_URL edge", code)
	}
	_, stderr, code = runBlast("graph", "--env-file", filepath.Join(dir, "missing.env"), compose)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "missing.env: no such file or directory") {
		t.Errorf("missing env file: code %d, stderr %q", code, stderr)
	}
}
