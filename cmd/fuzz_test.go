package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRun feeds arbitrary content on stdin to the whole pipeline:
// detection, every importer, the linkers, the analyzer and the JSON and
// text renderers. Run turns a panic into an "internal error" line; that,
// an exit code other than 0 or 1, or an error of more than one line is a
// failure.
func FuzzRun(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "canary", "*"))
	for _, dir := range []string{"../fixtures/lambda-iam", "../fixtures/route53-failover", "../fixtures/shop-services", "../fixtures/shop-services/k8s"} {
		more, _ := filepath.Glob(filepath.Join(dir, "*"))
		seeds = append(seeds, more...)
	}
	for _, name := range seeds {
		if data, err := os.ReadFile(name); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte(goodState))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, args := range [][]string{
			{"whatif", "--down", "aws", "--format", "json", "-"},
			{"matrix", "--format", "text", "-"},
		} {
			var stdout, stderr bytes.Buffer
			code := Run(append([]string{"--config", os.DevNull}, args...), bytes.NewReader(data), &stdout, &stderr)
			msg := stderr.String()
			if strings.Contains(msg, "internal error") {
				t.Fatalf("%s: %s", args[0], msg)
			}
			switch code {
			case ExitOK:
			case ExitError:
				if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "blast: ") {
					t.Fatalf("%s: exit 1 without one error line: %q", args[0], msg)
				}
			default:
				t.Fatalf("%s: exit %d: %s", args[0], code, msg)
			}
		}
	})
}
