// Command genassets builds the WebAssembly half of blast explore's page
// (go generate ./explore runs it): explore/wasm compiled with GOOS=js
// GOARCH=wasm, -trimpath, -buildvcs=false and -ldflags=-s, gzipped with no
// name or time in the header, so that the same toolchain gives the same
// bytes; and Go's wasm_exec.js support file copied, license header and
// all, from $(go env GOROOT)/lib/wasm. The toolchain's version is written
// beside them: the freshness test compares only under the same one.
//
// Before building, it writes explore/wasm/knowledge_gen.go: the embedded
// platform knowledge decoded and written as a Go literal, so that the
// page's module starts without decoding TOML (which costs hundreds of
// milliseconds in WebAssembly).
//
// The blast binary cannot build WebAssembly when it runs, so these are
// committed build outputs under explore/assets (and explore/wasm).
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The files genassets writes, in the assets directory.
const (
	wasmFile    = "explore.wasm.gz"
	supportFile = "wasm_exec.js"
	versionFile = "go.version"
	wasmPackage = "github.com/blast-dev/blast/explore/wasm"
)

func main() {
	dir := "assets"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := build(dir); err != nil {
		fmt.Fprintf(os.Stderr, "genassets: %v\n", err)
		os.Exit(1)
	}
}

// build writes the knowledge's Go source, then the three files, into
// dir (the module is built with the knowledge just written).
func build(dir string) error {
	src, err := knowledgeSource()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, knowledgeFile), src, 0o644); err != nil {
		return err
	}
	files, err := assets()
	if err != nil {
		return err
	}
	delete(files, knowledgeFile)
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// assets builds the files' contents.
func assets() (map[string][]byte, error) {
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return nil, err
	}
	version, err := goEnv("GOVERSION")
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "blast-explore-wasm")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "explore.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s", "-o", out, wasmPackage)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0", "GOFLAGS=")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build %s: %v\n%s", wasmPackage, err, msg)
	}
	wasm, err := os.ReadFile(out)
	if err != nil {
		return nil, err
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(wasm); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	support, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", supportFile))
	if err != nil {
		return nil, fmt.Errorf("the toolchain's %s: %w", supportFile, err)
	}
	src, err := knowledgeSource()
	if err != nil {
		return nil, err
	}
	return map[string][]byte{wasmFile: gz.Bytes(), supportFile: support, versionFile: []byte(version + "\n"), knowledgeFile: src}, nil
}

func goEnv(name string) (string, error) {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}
