package cmd

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// The claims, end to end over the states written from real
// configurations (fixtures/data-loss, fixtures/realworld/data): in every
// single region or zone down, S3 with cross-region replication, the
// DynamoDB global table and the GRS storage account are never at risk;
// the RDS instance whose backups stay in eu-west-1 is at risk with
// eu-west-1, and the two with a copy in us-east-1 are not with
// ap-south-1.
func TestDataLossMatrixOverRealPatterns(t *testing.T) {
	dir := filepath.Join(moduleRoot(t), "fixtures", "data-loss")
	var out, errb bytes.Buffer
	if code := Run([]string{"matrix", "--view", "data", "--format", "json", dir}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var doc struct {
		Domains []string `json:"domains"`
		Data    struct {
			Stores []struct {
				Store  string   `json:"store"`
				Cells  []string `json:"cells"`
				AtRisk []string `json:"atRisk"`
			} `json:"stores"`
		} `json:"data"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	atRisk := map[string][]string{}
	cell := map[string]map[string]string{}
	for _, s := range doc.Data.Stores {
		atRisk[s.Store] = s.AtRisk
		cell[s.Store] = map[string]string{}
		for i, c := range s.Cells {
			cell[s.Store][doc.Domains[i]] = c
		}
	}
	for _, id := range []string{"s3-dynamodb:aws_s3_bucket.source", "s3-dynamodb:aws_dynamodb_table.my_dynamo_db", "azure:azurerm_storage_account.storage_account"} {
		if _, ok := atRisk[id]; !ok {
			t.Errorf("%s is not a row of the data matrix", id)
		}
		if len(atRisk[id]) > 0 {
			t.Errorf("%s at risk in %v", id, atRisk[id])
		}
	}
	if _, listed := atRisk["s3-dynamodb:aws_s3_bucket.destination"]; listed {
		t.Errorf("the replication destination is a row of its own")
	}
	if got := atRisk["rds-same-region:aws_db_instance.default"]; len(got) != 1 || got[0] != "aws:eu-west-1" {
		t.Errorf("the database backed up in its own region only: at risk in %v, want aws:eu-west-1", got)
	}
	for _, id := range []string{"rds:aws_db_instance.naveed-backups", "rds:module.rds.aws_db_instance.this[0]"} {
		if c := cell[id]["aws:ap-south-1"]; c != "unavailable" {
			t.Errorf("%s with ap-south-1 down: %q, want unavailable", id, c)
		}
	}
	if c := cell["azure:azurerm_storage_account.storage_account"]["azure:eastus"]; c != "unavailable" {
		t.Errorf("GRS account with eastus down: %q, want unavailable (its copy is served after a failover)", c)
	}
}

// whatif's html page has the Data section, with the store at risk.
func TestWhatifHTMLHasTheDataSection(t *testing.T) {
	dir := filepath.Join(moduleRoot(t), "fixtures", "data-loss")
	var out, errb bytes.Buffer
	if code := Run([]string{"whatif", "--down", "aws:eu-west-1", "--format", "html", dir}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	page := out.String()
	i := strings.Index(page, `<section id="data">`)
	if i < 0 {
		t.Fatal("no data section")
	}
	sec := page[i:]
	sec = sec[:strings.Index(sec, "</section>")]
	if !strings.Contains(sec, "Data (1 store whose location is down)") || !strings.Contains(sec, "data at risk") ||
		!strings.Contains(sec, "rds-same-region:aws_db_instance.default") {
		t.Errorf("data section:\n%s", sec)
	}
}
