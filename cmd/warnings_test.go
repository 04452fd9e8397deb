package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blast-dev/blast/warnings"
)

// statesWithWarnings writes n states, each recording a dependency on a
// resource it does not hold: one import warning each.
func statesWithWarnings(t *testing.T, n int) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i := range n {
		state := fmt.Sprintf(`{"version": 4, "terraform_version": "1.9.8", "serial": 1, "lineage": "l", "resources": [
 {"mode": "managed", "type": "aws_instance", "name": "app", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
  "instances": [{"attributes": {"id": "i-%d", "availability_zone": "us-east-1a"}, "dependencies": ["aws_subnet.gone%d"]}]}]}`, i, i)
		p := filepath.Join(dir, fmt.Sprintf("s%d.tfstate", i))
		if err := os.WriteFile(p, []byte(state), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func TestImportWarningsOnStderr(t *testing.T) {
	one := statesWithWarnings(t, 1)
	code, out, errOut := blastRun(t, "", append([]string{"whatif", "--down", "aws:us-east-1a"}, one...)...)
	if code != ExitOK {
		t.Fatalf("whatif: exit %d: %s", code, errOut)
	}
	want := "blast: warning: " + one[0] + ": 1 recorded dependencies name resources that are not in the input (count = 0, or removed): aws_subnet.gone0\n"
	if errOut != want {
		t.Errorf("whatif stderr = %q, want %q", errOut, want)
	}
	if strings.Contains(out, "aws_subnet.gone0") {
		t.Errorf("the warning reached the report on stdout")
	}
	// graph lists the warnings in its report, not again on stderr
	code, out, errOut = blastRun(t, "", append([]string{"graph"}, one...)...)
	if code != ExitOK || errOut != "" || !strings.Contains(out, "aws_subnet.gone0") {
		t.Errorf("graph: exit %d, stderr %q; report names the missing dependency: %v", code, errOut, strings.Contains(out, "aws_subnet.gone0"))
	}
	// --strict: the warning is the one error line
	code, _, errOut = blastRun(t, "", append([]string{"whatif", "--strict", "--down", "aws:us-east-1a"}, one...)...)
	if code != ExitError || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "blast: --strict: ") {
		t.Errorf("--strict: exit %d, stderr %q", code, errOut)
	}
	// many: the first few, then a pointer to blast graph
	five := statesWithWarnings(t, 5)
	code, _, errOut = blastRun(t, "", append([]string{"domains"}, five...)...)
	lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	if code != ExitOK || len(lines) != warnings.MaxPrinted+1 || lines[warnings.MaxPrinted] != "blast: warning: and 2 more (blast graph lists them; --strict makes warnings errors)" {
		t.Errorf("five warnings: exit %d, stderr:\n%s", code, errOut)
	}
}
