package cmd

import (
	"strings"
	"testing"
)

// Shell completion offers what the domain packages list: the demo's
// domains with their kind and size, the named scenarios with their
// titles, the --fail-on values, a view's formats; never file names.
func TestCompletions(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"whatif", "--down", ""}, []string{"aws\tprovider, ", "aws:us-east-1\tregion, ", "aws:us-east-1/backup\tservice, "}},
		{[]string{"why", "--down", ""}, []string{"aws:us-east-1\tregion, "}},
		{[]string{"whatif", "--scenario", ""}, []string{"aws-2017-02-28\tS3 outage in us-east-1\n"}},
		{[]string{"check", "--fail-on", ""}, []string{"violations\tpolicy violations (default)\n", "new-impact\t", "none\t"}},
		{[]string{"why", "--format", ""}, []string{"text\n", "json\n"}},
		{[]string{"scenarios", "--format", ""}, []string{"text\n", "json\n"}},
	} {
		out, _, code := runBlast(append([]string{"__complete"}, tc.args...)...)
		if code != 0 || !strings.HasSuffix(out, "\n:4\n") {
			t.Errorf("%v: exit %d, not the no-file directive:\n%s", tc.args, code, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: no %q in\n%s", tc.args, w, out)
			}
		}
	}
}
