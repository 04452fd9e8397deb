package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The committed assets are what go generate ./explore builds now: a
// change to the analysis that is not rebuilt into the page fails here.
// Under another Go version the bytes differ anyway, so the test skips.
func TestCommittedAssetsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the WebAssembly module: not in -short")
	}
	dir := filepath.Join("..", "..", "assets")
	committed, err := os.ReadFile(filepath.Join(dir, versionFile))
	if err != nil {
		t.Fatalf("no committed assets (run go generate ./explore): %v", err)
	}
	version, err := goEnv("GOVERSION")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(committed)) != version {
		t.Skipf("assets built with %s, this is %s: bytes cannot be compared", strings.TrimSpace(string(committed)), version)
	}
	files, err := assets()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v (run go generate ./explore)", name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("explore/assets/%s is stale: run go generate ./explore and commit it", name)
		}
	}
}
