package platform

import (
	"fmt"
	"strings"

	"github.com/blast-dev/blast/glob"
)

// Store marks the resource types that hold data of their own (databases,
// tables, buckets, volumes, file systems, caches with persistence, queues
// and streams with retention): losing every copy of one loses data.
type Store struct {
	// Match is a resource type or a pattern with *.
	Match string `toml:"match"`
	// What says what kind of store it is: database, table, bucket, ...
	What   string `toml:"what"`
	Source string `toml:"source"`
	Note   string `toml:"note"`
}

// Copy kinds: how a copy is made, which decides how much data a failover
// to it can lose.
const (
	CopySync   = "sync"   // written before the write is acknowledged: nothing lost
	CopyAsync  = "async"  // replicated after the write: seconds to minutes lost
	CopyBackup = "backup" // taken periodically: up to the backup interval lost
)

// Copy places (Copy.Where): where a copy of a store lives.
const (
	// WhereZones: in other zones of the store's region (Multi-AZ standby,
	// a regional service's storage across zones).
	WhereZones = "zones"
	// WhereRegion: in the store's region, in no one zone (automated
	// backups, snapshots).
	WhereRegion = "region"
	// WhereZone: in the store's own zone (an EBS volume's replicas, Azure
	// LRS).
	WhereZone = "zone"
	// WhereReplicas: in each replica region the inference read (global
	// table replicas, S3 replication destinations, Cosmos DB locations,
	// RA-GRS).
	WhereReplicas = "replicas"
	// WhereStandby: in the regions holding a copy served only after a
	// failover (Azure GRS and GZRS paired region).
	WhereStandby = "standby"
	// WherePaired: in the paired region of the store's region (Azure
	// geo-redundant backups).
	WherePaired = "paired"
	// WhereLocation: in the region or multi-region named by the store's
	// attribute From; when it is empty, in Fallback ("multi-region": the
	// multi-region nearest the store).
	WhereLocation = "location"
	// WhereResource: in the region (and zone) of the resource By, or of
	// Through when given (a read replica, a backup plan's vault).
	WhereResource = "resource"
	// WhereARN: in the regions of the ARNs held by attribute From of the
	// resource By, or of Through when given (a copy action's destination
	// vault).
	WhereARN = "arn"
)

// Copy is one mechanism that copies a store's data, read from the store's
// own attributes or from another resource that names it.
type Copy struct {
	// Store matches the store types it applies to (a type or pattern).
	Store string `toml:"store"`
	// Kind is sync, async or backup.
	Kind string `toml:"kind"`
	// Name says what the mechanism is, for reports: "Multi-AZ standby".
	Name string `toml:"name"`
	// Attr, when set, is an attribute of the holder (Through when set,
	// else By when set, else the store) that must hold: true, a number other than 0, or a non-empty
	// value; with Values, one of them (case-insensitive).
	Attr   string   `toml:"attr"`
	Values []string `toml:"values"`
	// Unless is an attribute that, when it holds, rules the copy out (a
	// One Zone file system has no copies in other zones).
	Unless string `toml:"unless"`
	// By is a resource type that makes the copy by naming the store: its
	// edge to the store has an attribute path starting with Via.
	By  string `toml:"by"`
	Via string `toml:"via"`
	// Shared: By and the store both name one same resource through Via
	// (the members of one Aurora global database, one ElastiCache global
	// datastore), rather than By naming the store.
	Shared bool `toml:"shared"`
	// Through is a resource type By names (through an edge whose path
	// starts with ThroughVia) where the copy's location is read: a backup
	// selection names its plan, the plan its vaults.
	Through    string `toml:"through"`
	ThroughVia string `toml:"through_via"`
	// Where says where the copy lives (see the Where constants); From is
	// the holder's attribute it reads for location and arn.
	Where    string `toml:"where"`
	From     string `toml:"from"`
	Fallback string `toml:"fallback"`
	// Window is what a failover or restore to this copy loses, in words:
	// "up to 5 min (transaction logs uploaded every 5 minutes)".
	Window string `toml:"window"`
	Source string `toml:"source"`
	Note   string `toml:"note"`
}

func checkStore(s Store) error {
	if s.Match == "" || s.What == "" || s.Source == "" {
		return fmt.Errorf("needs match, what and source")
	}
	return nil
}

func checkCopy(c Copy) error {
	if c.Store == "" || c.Name == "" || c.Source == "" {
		return fmt.Errorf("needs store, name and source")
	}
	switch c.Kind {
	case CopySync, CopyAsync, CopyBackup:
	default:
		return fmt.Errorf("%s: unknown kind %q (want sync, async or backup)", c.Name, c.Kind)
	}
	if c.Window == "" && c.Kind != CopySync {
		return fmt.Errorf("%s: an %s copy needs its loss window", c.Name, c.Kind)
	}
	if (c.By == "") != (c.Via == "") {
		return fmt.Errorf("%s: by and via go together", c.Name)
	}
	if c.Through != "" && (c.By == "" || c.ThroughVia == "") {
		return fmt.Errorf("%s: through needs by and through_via", c.Name)
	}
	switch c.Where {
	case WhereZones, WhereRegion, WhereZone, WhereReplicas, WhereStandby, WherePaired:
	case WhereLocation:
		if c.From == "" {
			return fmt.Errorf("%s: where = location needs from (the attribute naming the location)", c.Name)
		}
		switch c.Fallback {
		case "", "multi-region":
		default:
			return fmt.Errorf("%s: unknown fallback %q (want multi-region)", c.Name, c.Fallback)
		}
	case WhereResource:
		if c.By == "" {
			return fmt.Errorf("%s: where = resource needs by", c.Name)
		}
	case WhereARN:
		if c.By == "" || c.From == "" {
			return fmt.Errorf("%s: where = arn needs by and from", c.Name)
		}
	default:
		return fmt.Errorf("%s: unknown where %q (want zones, region, zone, replicas, standby, paired, location, resource or arn)", c.Name, c.Where)
	}
	return nil
}

// StoreOf returns the store entry of a type: an exact match, else the
// first pattern of the longest literal text that matches.
func (k *Knowledge) StoreOf(typ string) (Store, bool) {
	var best Store
	found := false
	for _, s := range k.stores {
		if s.Match == typ {
			return s, true
		}
		if strings.Contains(s.Match, "*") && glob.Star(s.Match, typ) &&
			(!found || len(strings.ReplaceAll(s.Match, "*", "")) > len(strings.ReplaceAll(best.Match, "*", ""))) {
			best, found = s, true
		}
	}
	return best, found
}

// Stores returns every store entry, in file order.
func (k *Knowledge) Stores() []Store { return append([]Store(nil), k.stores...) }

// CopiesOf returns the copy mechanisms that apply to a store type, in
// file order.
func (k *Knowledge) CopiesOf(typ string) []Copy {
	var out []Copy
	for _, c := range k.copies {
		if c.Store == typ || glob.Star(c.Store, typ) {
			out = append(out, c)
		}
	}
	return out
}

// Copies returns every copy mechanism, in file order.
func (k *Knowledge) Copies() []Copy { return append([]Copy(nil), k.copies...) }
