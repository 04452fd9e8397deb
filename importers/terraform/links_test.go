package terraform

import "testing"

func TestLinkable(t *testing.T) {
	for _, c := range []struct {
		v, path string
		want    bool
	}{
		{"arn:aws:iam::1:role/app", "role_arn", true},
		{"subnet-0a1b2c3d", "subnet_id", true},
		{"db.x.rds.amazonaws.com:5432", "endpoint", true},
		{"ZE3A048B61A463", "zone_id", true},        // a hosted zone
		{"Z0123456789ABCDEFGHIJ", "zone_id", true}, // a newer one
		{"Z1H1FL5HABSF5", "alias.zone_id", true},   // AWS's own: the shape, linking nothing
		{"ZONEIDENTIFIER", "zone_id", false},       // a word, no digit
		{"Z12345678", "zone_id", false},            // too short
		{"Zab12345678", "zone_id", false},          // lower case
		{"acme-logs", "bucket", true},
		{"acme-logs", "name", false},
		{"main", "name", false},
		{"10.0.0.0/16", "cidr_block", false},
	} {
		if got := Linkable(c.v, c.path); got != c.want {
			t.Errorf("Linkable(%q, %q) = %v, want %v", c.v, c.path, got, c.want)
		}
		if got := Linkable([]byte(c.v), c.path); got != c.want {
			t.Errorf("Linkable([]byte(%q), %q) = %v, want %v", c.v, c.path, got, c.want)
		}
	}
}

// TestContains: contains finds a pattern anywhere in either form, at the
// start, in the middle and at the very end, and nothing past the end.
func TestContains(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"/projects/acme", true},
		{"v1/projects/acme/zones/a", true},
		{"acme/projects/", true},
		{"acme/projects", false},
		{"/proj", false},
		{"", false},
	} {
		if got := contains(c.v, "/projects/"); got != c.want {
			t.Errorf("contains(%q) = %v, want %v", c.v, got, c.want)
		}
		if got := contains([]byte(c.v), "/projects/"); got != c.want {
			t.Errorf("contains([]byte(%q)) = %v, want %v", c.v, got, c.want)
		}
	}
}

// TestLinkableBytesAllocateNothing: the reader asks about every leaf of a
// state in its []byte form; none of them may be copied to the heap.
func TestLinkableBytesAllocateNothing(t *testing.T) {
	long := []byte("some-long-value-that-is-neither-an-id-nor-a-host-name-at-all/projects/x")
	if n := testing.AllocsPerRun(100, func() { Linkable(long, "description") }); n != 0 {
		t.Errorf("Linkable of a []byte allocated %v times a call", n)
	}
}
