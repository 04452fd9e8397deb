package platform

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/glob"
)

// Every copy mechanism applies to some store, cites a source, and says
// what it loses; every store cites a source. The three providers each
// have stores with a copy outside their region.
func TestStoresAndCopies(t *testing.T) {
	k := Default()
	stores := k.Stores()
	if len(stores) < 20 {
		t.Fatalf("%d stores, want the databases, tables, buckets, volumes ... of three providers", len(stores))
	}
	outside := map[string]bool{}
	for _, c := range k.Copies() {
		matched := false
		for _, s := range stores {
			if glob.Star(c.Store, s.Match) || glob.Star(s.Match, c.Store) {
				matched = true
			}
		}
		if !matched {
			t.Errorf("copy %q applies to %s, which is no store", c.Name, c.Store)
		}
		if !strings.HasPrefix(c.Source, "https://") {
			t.Errorf("copy %q: source %q", c.Name, c.Source)
		}
		switch c.Where {
		case WhereReplicas, WhereStandby, WherePaired, WhereARN, WhereResource, WhereLocation:
			outside[strings.SplitN(c.Store, "_", 2)[0]] = true
		}
	}
	for _, p := range []string{"aws", "google", "azurerm"} {
		if !outside[p] {
			t.Errorf("%s: no copy mechanism that can leave the store's region", p)
		}
	}
	for _, typ := range []string{"aws_db_instance", "aws_s3_bucket", "aws_dynamodb_table", "google_sql_database_instance", "azurerm_storage_account"} {
		if _, ok := k.StoreOf(typ); !ok {
			t.Errorf("%s is not a store", typ)
		}
		if len(k.CopiesOf(typ)) == 0 {
			t.Errorf("%s has no copy mechanism", typ)
		}
	}
	if _, ok := k.StoreOf("aws_fsx_lustre_file_system"); !ok {
		t.Errorf("pattern aws_fsx_*_file_system does not match")
	}
	if _, ok := k.StoreOf("aws_lambda_function"); ok {
		t.Errorf("a Lambda function is a store")
	}
}

// Invalid entries are refused with the file and entry named.
func TestStoreEntriesAreValidated(t *testing.T) {
	cases := map[string]string{
		"[[store]]\nmatch = \"x\"\nwhat = \"db\"\n":                                                                               "store[0]: needs match, what and source",
		"[[copy]]\nstore = \"x\"\nname = \"n\"\nkind = \"mirror\"\nsource = \"s\"\nwhere = \"region\"\n":                          "unknown kind",
		"[[copy]]\nstore = \"x\"\nname = \"n\"\nkind = \"async\"\nsource = \"s\"\nwhere = \"region\"\n":                           "needs its loss window",
		"[[copy]]\nstore = \"x\"\nname = \"n\"\nkind = \"sync\"\nsource = \"s\"\nwhere = \"moon\"\n":                              "unknown where",
		"[[copy]]\nstore = \"x\"\nname = \"n\"\nkind = \"sync\"\nsource = \"s\"\nwhere = \"resource\"\n":                          "needs by",
		"[[copy]]\nstore = \"x\"\nname = \"n\"\nkind = \"backup\"\nwindow = \"w\"\nsource = \"s\"\nwhere = \"arn\"\nby = \"b\"\n": "and via go together",
	}
	for in, want := range cases {
		_, err := load(fstest.MapFS{"data/x.toml": {Data: []byte(in)}})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "data/x.toml") {
			t.Errorf("%q: error %v, want one naming the file and %q", in, err, want)
		}
	}
}

// docs/data-loss.md lists every store and copy mechanism the knowledge
// has, with its source, so the page cannot drift from the data.
func TestDataLossDocListsTheKnowledge(t *testing.T) {
	raw, err := os.ReadFile("../../docs/data-loss.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	k := Default()
	for _, s := range k.Stores() {
		if !strings.Contains(doc, "| `"+s.Match+"` | "+s.What+" | "+s.Source+" |") {
			t.Errorf("docs/data-loss.md: no row for store %s (%s, %s)", s.Match, s.What, s.Source)
		}
	}
	for _, c := range k.Copies() {
		if !strings.Contains(doc, "| `"+c.Store+"` | "+c.Name+" | "+c.Kind+" |") || !strings.Contains(doc, c.Source) {
			t.Errorf("docs/data-loss.md: no row for copy %q of %s (%s)", c.Name, c.Store, c.Source)
		}
	}
}
