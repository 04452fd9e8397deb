package cmd

import (
	"strings"
	"testing"
)

// A real plan (terraform-compliance's functional test: a tag change on an
// instance in us-west-1c, a new bucket in us-west-1; fixtures/realworld/
// htmlpr/SOURCES.md): the comment leads with one line and has nothing to
// group; the HTML report says first that there are no services, then lists
// the two instances under the one cause they share.
func TestRealworldCommentAndReport(t *testing.T) {
	t.Chdir(moduleRoot(t))
	plan := "fixtures/realworld/htmlpr/aws-plan-update-us-west-1c.json"
	code, out, stderr := blastRun(t, "", "check", "--format", "markdown", plan)
	if code != ExitOK {
		t.Fatalf("check: exit %d, want 0; stderr: %s", code, stderr)
	}
	lines := strings.Split(out, "\n")
	if want := "ℹ️ **blast radius moved** · blast: nothing that exists on both sides fares differently; "; !strings.HasPrefix(lines[1], want) {
		t.Errorf("first line %q, want it to start %q", lines[1], want)
	}
	for _, unwanted := range []string{"#### Findings", "```mermaid", "aws_instance.changed"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("a tag change and an added bucket: the comment has %q:\n%s", unwanted, out)
		}
	}
	if !strings.Contains(out, "| `aws_s3_bucket.newly_created` | added (create) | placement: us-west-1 (regional) |") {
		t.Errorf("the added bucket is not behind the change:\n%s", out)
	}

	code, page, stderr := blastRun(t, "", "whatif", "--down", "aws:us-west-1c", "--format", "html", plan)
	if code != ExitOK {
		t.Fatalf("whatif html: exit %d; stderr: %s", code, stderr)
	}
	svc := strings.Index(page, `<section id="services">`)
	if svc < 0 || svc > strings.Index(page, `<section id="diagram">`) || !strings.Contains(page[svc:], "The inputs declare no services") {
		t.Errorf("the page does not start by saying there are no services")
	}
	res := page[strings.Index(page, `<section id="resources">`):]
	res = res[:strings.Index(res, "</section>")]
	if strings.Count(res, "<h3>") != 1 || !strings.Contains(res, `<h3>in aws:us-west-1c (zone down)</h3> <span class="n">(2)</span>`) {
		t.Errorf("want the two instances under one heading, in aws:us-west-1c (zone down):\n%s", res)
	}
	for _, id := range []string{"aws_<wbr>instance.<wbr>changed", "aws_<wbr>instance.<wbr>unchanged"} {
		if !strings.Contains(res, id) {
			t.Errorf("resources lack %s", id)
		}
	}
	if strings.Contains(res, "newly_<wbr>created") {
		t.Errorf("the regional bucket is listed as impacted by a zone")
	}
}
