package terraform

import (
	"cmp"
	"slices"
	"strings"
)

// Links across inputs: a linker joins the states and plans of one load
// (package crossstate) by the values they share. Build hands it, through
// Options.Link, what it needs of each instance once the instance's own
// input is resolved: the string leaves that look like identifiers of
// another input's resources, and for a terraform_remote_state data
// source the attributes that say which state it reads.

// LinkInfo is what Build tells Options.Link about one instance.
type LinkInfo struct {
	// ID is the instance's node ID.
	ID string
	// Address is its instance address, Mode "managed" or "data", Type its
	// resource type.
	Address, Mode, Type string
	// Leaves are the string leaves of its attributes that Linkable
	// accepts, each value once with the attribute path it was met at
	// (Leaves.Add's rule), sorted by path, then value; its own identity
	// attributes (id, arn, self_link, name) are left out.
	Leaves []Leaf
	// Attrs are, for a terraform_remote_state data source only, its
	// attributes (backend, config, workspace, outputs); nil otherwise.
	Attrs Attrs
}

// RemoteStateType is the data source that reads another state's outputs.
const RemoteStateType = "terraform_remote_state"

// remoteStateAttrs are the attributes of a terraform_remote_state data
// source the cross-state linker reads (which state, and its outputs as
// read); importers that stream attributes keep them (NeededAttr).
var remoteStateAttrs = map[string]bool{"backend": true, "config": true, "workspace": true, "outputs": true}

// Linkable reports whether a string leaf met at an attribute path may
// name a resource of another input: an ARN, a GCP resource link, an
// Azure resource ID, an AWS-style ID (vpc-0a1b2c3d), a Route 53 hosted
// zone ID (Z0123456789ABCDEFGHIJ), a DNS name or URL of a host, or any
// value of an attribute named after a bucket. Names in
// general are not (two states both have a "main"), nor numbers, CIDR
// blocks or IP addresses.
func Linkable[S ~string | ~[]byte](v S, path string) bool {
	n := len(v)
	if n < 8 || n > 2048 {
		return n >= 3 && n <= 2048 && bucketPath(path)
	}
	switch {
	case hasPrefix(v, "arn:"), hasPrefix(v, "/subscriptions/"), hasPrefix(v, "projects/"),
		hasPrefix(v, "https://"), hasPrefix(v, "http://"):
		return true
	}
	if awsID(v) || hostedZoneID(v) || hostName(v) {
		return true
	}
	if contains(v[:min(n, 64)], "/projects/") {
		return true
	}
	return bucketPath(path)
}

func hasPrefix[S ~string | ~[]byte](v S, p string) bool {
	return len(v) >= len(p) && string(v[:len(p)]) == p
}

// contains is strings.Contains for either form, without converting a
// []byte into a string (a copy to the heap past 32 bytes).
func contains[S ~string | ~[]byte](v S, p string) bool {
	for i := 0; i+len(p) <= len(v); i++ {
		if hasPrefix(v[i:], p) {
			return true
		}
	}
	return false
}

// bucketPath reports whether the last name of an attribute path is about
// a bucket (bucket, log_bucket, target_bucket).
func bucketPath(path string) bool {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	return strings.HasSuffix(path, "bucket") || strings.HasSuffix(path, "bucket_name")
}

// awsID reports whether v reads as an AWS resource ID: lower-case words
// joined by dashes, the last one 8 or 17 hex digits (subnet-0a1b2c3d,
// sg-0123456789abcdef0, eipalloc-...).
func awsID[S ~string | ~[]byte](v S) bool {
	i := len(v) - 1
	for i >= 0 && (v[i] >= '0' && v[i] <= '9' || v[i] >= 'a' && v[i] <= 'f') {
		i--
	}
	hex := len(v) - 1 - i
	if (hex != 8 && hex != 17) || i < 1 || v[i] != '-' {
		return false
	}
	for j := 0; j < i; j++ {
		c := v[j]
		if !(c >= 'a' && c <= 'z' || c == '-' || c >= '0' && c <= '9') {
			return false
		}
	}
	return v[0] >= 'a' && v[0] <= 'z'
}

// hostedZoneID reports whether v reads as a Route 53 hosted zone ID: Z
// and 9 to 31 upper-case letters and digits, at least one a digit
// (Z2FDTNDATAQYW2, Z0123456789ABCDEFGHIJ). AWS's own zones (a region's
// load balancers share one) have the shape too, but no managed resource
// holds them as its identity, so they link nothing.
func hostedZoneID[S ~string | ~[]byte](v S) bool {
	if len(v) < 10 || len(v) > 32 || v[0] != 'Z' {
		return false
	}
	digit := false
	for j := 1; j < len(v); j++ {
		c := v[j]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'A' && c <= 'Z':
		default:
			return false
		}
	}
	return digit
}

// hostName reports whether v reads as a DNS name of at least three
// labels, the last alphabetic, optionally with a port (db.x.rds.amazonaws.com:5432).
func hostName[S ~string | ~[]byte](v S) bool {
	dots, last := 0, 0
	for j := 0; j < len(v); j++ {
		c := v[j]
		switch {
		case c == '.':
			if j == last {
				return false
			}
			dots++
			last = j + 1
		case c == ':':
			for k := j + 1; k < len(v); k++ {
				if v[k] < '0' || v[k] > '9' {
					return false
				}
			}
			v = v[:j]
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	if dots < 2 || last >= len(v) {
		return false
	}
	for j := last; j < len(v); j++ {
		if c := v[j] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// linkLeaves returns the leaves of an instance Linkable accepts, without
// its own identity attributes, sorted by path, then value (the first
// path naming a resource is the one a link says). The list is carved
// from *block (capacity its length), which it refills as blockSize says:
// a map, then a sorted copy, for each instance of a thousand states were
// a tenth of their load's allocations.
func linkLeaves(leaves *Leaves, block *[]Leaf) []Leaf {
	n := 0
	for _, lf := range leaves.List() {
		if !ownIdentity[lf.Path] && Linkable(lf.Value, lf.Path) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	if cap(*block)-len(*block) < n {
		*block = make([]Leaf, 0, max(n, blockSize(cap(*block), 64, 1024)))
	}
	lo := len(*block)
	for _, lf := range leaves.List() { // each value once: Leaves holds it once
		if !ownIdentity[lf.Path] && Linkable(lf.Value, lf.Path) {
			*block = append(*block, lf)
		}
	}
	out := (*block)[lo:len(*block):len(*block)]
	slices.SortFunc(out, func(a, b Leaf) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Value, b.Value))
	})
	return out
}
