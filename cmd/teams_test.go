package cmd

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// teamsDir holds real Backstage components of two teams (see its
// SOURCES.md).
const teamsDir = "fixtures/realworld/teams"

// TestWhatifByTeamBackstage: the ingestion component (team-d) down, the
// team view lists team-a's archive and search, both reached through
// team-d's ingestion, and team-d's own failure through no other team.
func TestWhatifByTeamBackstage(t *testing.T) {
	t.Chdir(moduleRoot(t))
	const ingestion = "backstage:component:default/wayback-archive-ingestion"
	code, stdout, stderr := runIn(t, "whatif", "--down", ingestion, "--by", "team", teamsDir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"\n  team-a  0 failed, 2 degraded\n",
		"    degraded        backstage:component:default/wayback-archive\n                    through team-d: " + ingestion + "\n",
		"    degraded        backstage:component:default/wayback-search\n                    through team-d: " + ingestion + "\n",
		"\n  team-d  1 failed, 0 degraded\n    failed          " + ingestion + "\n                    through no other team; root " + ingestion + "\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "wayback-archive-storage") {
		t.Errorf("the storage subsystem does not depend on the ingestion:\n%s", stdout)
	}
	code, stdout, stderr = runIn(t, "why", "backstage:component:default/wayback-search", "--down", ingestion, teamsDir)
	if code != ExitOK || !strings.Contains(stdout, "\nfrom: "+filepath.Join(teamsDir, "wayback-search-component.yaml")+"\nscenario: ") {
		t.Errorf("why: exit %d, %s\n%s", code, stderr, stdout)
	}
}

// TestWhatifByTeamFlags: a --by or --cluster value blast does not know is
// one line, exit 1, before anything is loaded.
func TestWhatifByTeamFlags(t *testing.T) {
	t.Chdir(moduleRoot(t))
	for args, want := range map[string]string{
		"--by owner":      "blast: --by: unknown grouping \"owner\" (want team)\n",
		"--cluster owner": "blast: unknown cluster \"owner\" (want location, state, team)\n",
	} {
		code, stdout, stderr := runIn(t, append([]string{"whatif", "--down", "aws:us-east-1"}, append(strings.Fields(args), "no-such-dir")...)...)
		if code != ExitError || stdout != "" || stderr != want {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %q", args, code, stdout, stderr, want)
		}
	}
}

// TestWhatifByTeamRealTags: the aws-dr states tag their resources
// owner = "sai"; us-east-1 down, team sai's failures are listed, the
// untagged impacted nodes counted as unowned, and the json document
// agrees with the text.
func TestWhatifByTeamRealTags(t *testing.T) {
	dir := realworld(t)
	states, _ := filepath.Glob(filepath.Join(dir, "tfstate", "aws-dr-*.tfstate"))
	if len(states) != 3 {
		t.Fatalf("aws-dr states: %v", states)
	}
	code, stdout, stderr := runIn(t, append([]string{"whatif", "--down", "aws:us-east-1", "--by", "team", "-f", "json"}, states...)...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Summary struct{ Failed, Degraded int }
		ByTeam  struct {
			Teams []struct {
				Team             string
				Failed, Degraded int
				Nodes            []struct{ ID, State string }
			}
			Unowned int
		} `json:"byTeam"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.ByTeam.Teams) != 1 || doc.ByTeam.Teams[0].Team != "sai" {
		t.Fatalf("teams = %+v, want sai alone", doc.ByTeam.Teams)
	}
	sai := doc.ByTeam.Teams[0]
	if sai.Failed == 0 || doc.ByTeam.Unowned == 0 || sai.Failed > doc.Summary.Failed {
		t.Errorf("sai %d failed, %d unowned, of %d failed in all", sai.Failed, doc.ByTeam.Unowned, doc.Summary.Failed)
	}
	for _, n := range sai.Nodes {
		if !strings.HasPrefix(n.ID, "aws-dr-") {
			t.Errorf("%s listed for sai", n.ID)
		}
	}
}
