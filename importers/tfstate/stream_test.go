package tfstate

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/blast-dev/blast/fixtures/gen/synth"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/terraform"
)

// snapshot imports data and renders everything the graph holds, hidden
// fields included, or the error.
func snapshot(data []byte, fast bool) string {
	old := fastPath
	fastPath = fast
	defer func() { fastPath = old }()
	g := graph.New()
	if err := (Importer{}).Import(importers.Input{Name: "in.tfstate", Data: data}, g); err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, n := range g.Nodes() {
		fmt.Fprintf(&b, "%+v\n", *n)
		for _, grp := range g.Groups(n.ID) {
			fmt.Fprintf(&b, "  group %+v\n", grp)
		}
	}
	for _, e := range g.Edges() {
		fmt.Fprintf(&b, "%+v\n", e)
	}
	for _, w := range g.Warnings() {
		fmt.Fprintf(&b, "warning %s\n", w)
	}
	return b.String()
}

func sameAsSlow(t *testing.T, name string, data []byte) {
	t.Helper()
	fast, slow := snapshot(data, true), snapshot(data, false)
	if fast != slow {
		fl, sl := strings.Split(fast, "\n"), strings.Split(slow, "\n")
		for i := 0; i < len(fl) && i < len(sl); i++ {
			if fl[i] != sl[i] {
				t.Errorf("%s: streaming reader differs from encoding/json at line %d:\nfast: %s\nslow: %s", name, i+1, fl[i], sl[i])
				return
			}
		}
		t.Errorf("%s: streaming reader differs: %d lines, encoding/json %d", name, len(fl), len(sl))
	}
}

// streamCases are small states that exercise the streaming reader's
// edges: each must import exactly as the encoding/json reader does.
var streamCases = map[string]string{
	"escapes and unicode": `{"version":4,"resources":[
{"mode":"managed","type":"aws_subnet","name":"s","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"index_key":0,"attributes":{"arn":"arn:aws:ec2:us-east-1:1:subnet/subnet-1","id":"subnet-1","tags":{"Name":"caf\u00e9 \ud83d\ude00 \ud800 x \udc00\u0041 \ud83d","key":"v"},"availability_zone":"us-east-1a"}}]},
{"mode":"managed","type":"aws_instance","name":"i","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"attributes":{"id":"i-1","policy":"{\"a\":\"subnet-1\"}","subnet_id":"subnet\u002d1","user":"sub\/net"},"dependencies":["aws_subnet.s"]}]}]}`,
	"unsorted keys": `{"version":4,"resources":[
{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"index_key":0,"attributes":{"id":"vpc-1","arn":"arn:aws:ec2:eu-west-1:1:vpc/vpc-1"}},{"index_key":1,"attributes":{"id":"vpc-2","arn":"arn:aws:ec2:eu-west-1:1:vpc/vpc-2"}}]},
{"mode":"managed","type":"aws_subnet","name":"s","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"attributes":{"x":{"b":"vpc-2","a":"vpc-1"},"id":"subnet-9"},"dependencies":["aws_vpc.v"]}]}]}`,
	"unsorted lists of objects": `{"version":4,"resources":[
{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"index_key":0,"attributes":{"id":"vpc-1"}},{"index_key":1,"attributes":{"id":"vpc-2"}}]},
{"mode":"managed","type":"aws_x","name":"x","provider":"provider.aws","instances":[{"index_key":0,"attributes":{"z":[{"y":"vpc-1","b":{"q":"vpc-2","p":"vpc-1"}},{"x":"vpc-2","a":"vpc-1"}],"id":"x-1","m":{"k":"vpc-2","c":"vpc-2"}},"dependencies":["aws_vpc.v"]}]}]}`,
	"unsorted duplicate":        `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"attributes":{"id":"vpc-1","b":{"y":"vpc-1","x":"a","y":"vpc-2"},"region":"us-east-1","id":"vpc-3"}}]}]}`,
	"duplicate attribute":       `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"attributes":{"id":"vpc-1","id":"vpc-2","region":"us-east-1"}}]}]}`,
	"repeated key out of order": `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"index_key":0,"attributes":{"region":"us-east-1","id":"vpc-1","tags":{"b":"vpc-2","a":"x"}}},{"index_key":1,"attributes":{"region":"us-east-1","id":"vpc-2","region":"eu-west-1","tags":{"b":"vpc-1","a":"x","b":"vpc-3"}}},{"index_key":2,"attributes":{"region":"us-east-1","id":"vpc-3","tags":{"b":"vpc-1","a":"x"}}}]},{"mode":"managed","type":"aws_subnet","name":"s","provider":"provider.aws","instances":[{"attributes":{"x":{"b":"vpc-2","a":"vpc-1"},"id":"subnet-9"},"dependencies":["aws_vpc.v"]}]}]}`,
	"duplicate field":           `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","type":"aws_subnet","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[]}]}`,
	"folded field":              `{"version":4,"resources":[{"mode":"managed","Type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[]}]}`,
	"kelvin field":              `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"index_\u212aey":1,"attributes":{}}]}]}`,
	"sensitive": `{"version":4,"resources":[
{"mode":"managed","type":"aws_db_instance","name":"d","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"attributes":{"id":"db-1","password":"vpc-1","tags":{"a":"b"},"multi_az":true,"region":"us-east-1"},"sensitive_attributes":[[{"type":"get_attr","value":"password"}],[{"type":"get_attr","value":"tags"}]],"dependencies":["aws_vpc.v"]}]},
{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"index_key":"a","attributes":{"id":"vpc-1"}},{"index_key":"b","attributes":{"id":"vpc-2"}}]}]}`,
	"escaped key":      `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"attributes":{"id":"vpc-1","tags":{"k\u00e9y":"v"}}}]}]}`,
	"deposed overflow": `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"deposed":"abc","attributes":{"id":"vpc-old","n":1e999}}]}]}`,
	"deposed and flat": `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[
{"deposed":"abc","attributes":{"id":"vpc-old","n":1e99}},{"attributes_flat":{"id":"vpc-1","tags.%":"1","tags.Name":"x","availability_zones.#":"1","availability_zones.0":"us-east-1a"}}]}]}`,
	"flat list at top":    `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"attributes_flat":{"#":"1","0":"x"}}]}]}`,
	"flat type error":     `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"deposed":"x","attributes_flat":{"id":1}}]}]}`,
	"number out of range": `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"attributes":{"id":"vpc-1","size":1e999}}]}]}`,
	"bad index key":       `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"index_key":true,"attributes":{"id":"vpc-1"}}]}]}`,
	"null everywhere":     `{"version":4,"terraform_version":null,"resources":[{"module":null,"mode":null,"type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","depends_on":null,"instances":[{"index_key":null,"status":null,"attributes":null,"sensitive_attributes":null,"dependencies":["aws_x.y",null]}]}]}`,
	"version string":      `{"version":"4","resources":[]}`,
	"version later":       `{"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"attributes":{"id":"vpc-1"}}]}],"version":4}`,
	"version 3 shape":     `{"version":3,"modules":[{"path":["root"],"resources":{"aws_vpc.v":{"type":"aws_vpc","primary":{"id":"vpc-1","attributes":{"id":"vpc-1"}}}}}]}`,
	"trailing garbage":    `{"version":4,"resources":[]} x`,
	"truncated":           `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc"`,
	"bad escape":          `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v\q","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[]}]}`,
	"control character":   "{\"version\":4,\"resources\":[{\"mode\":\"managed\",\"type\":\"aws_vpc\",\"name\":\"v\x01\",\"provider\":\"provider.aws\",\"instances\":[]}]}",
	"invalid utf8":        "{\"version\":4,\"resources\":[{\"mode\":\"managed\",\"type\":\"aws_vpc\",\"name\":\"v\",\"provider\":\"provider.aws\",\"instances\":[{\"attributes\":{\"id\":\"vpc-\xff\",\"tags\":{\"a\":\"\xff\"}}},{\"index_key\":1,\"attributes\":{\"x\":\"\xfe\",\"id\":\"\xef\xbf\xbd\"}}]}]}",
	"bad mode":            `{"version":4,"resources":[{"mode":"other","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[]}]}`,
	"bad provider":        `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"nope","instances":[]}]}`,
	"deep":                `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"attributes":{"id":"vpc-1","x":` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `}}]}]}`,
	"empty key":           `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"index_key":0,"attributes":{"":{"id":"vpc-2","x":"vpc-2"},"id":"vpc-1"}},{"index_key":1,"attributes":{"id":"vpc-2"}}]},{"mode":"managed","type":"aws_subnet","name":"s","provider":"provider.aws","instances":[{"attributes":{"":{"id":"vpc-2"}, "id":"s-1"},"dependencies":["aws_vpc.v"]}]}]}`,
	"held paths":          `{"version":4,"resources":[{"mode":"managed","type":"aws_iam_policy","name":"p","provider":"provider.aws","instances":[{"index_key":0,"attributes":{"id":"pol-1","arn":"arn:aws:iam::1:policy/a"}},{"index_key":1,"attributes":{"id":"pol-2","arn":"arn:aws:iam::1:policy/b"}}]},{"mode":"managed","type":"aws_x_attachment","name":"a","provider":"provider.aws","instances":[{"index_key":"a","attributes":{"id":"a","cfg":[{"policy":"arn:aws:iam::1:policy/a"}],"name":"x"},"dependencies":["aws_iam_policy.p"]},{"index_key":"b","attributes":{"id":"arn:aws:iam::1:policy/b","cfg":[{"policy":"arn:aws:iam::aws:policy\/Other"},{"policy":"two words"}],"name":"y"},"dependencies":["aws_iam_policy.p"]},{"index_key":"c","attributes":{"id":"c","cfg":[{"policy":"{\"a\":1}"}],"p":"arn:aws:iam::1:policy/b","pw":"arn:aws:iam::aws:policy/S"},"sensitive_attributes":[[{"type":"get_attr","value":"pw"}]],"dependencies":["aws_iam_policy.p"]}]}]}`,
	"guessed keys and repeated tokens": `{"version":4,"resources":[
{"module":"module.m[\"a\"]","mode":"managed","type":"aws_x","name":"y","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"index_key":0,"attributes":{"id":"x-1"}}]},
{"module":"module.m[\u0022a\"]","mode":"managed","type":"aws_x","name":"z","provider":"provider[\u0022registry.terraform.io/hashicorp/aws\"]","instances":[{"index_key":0,"attributes":{"id":"x-2"}}]},
{"module":"module.m[\"a\"]","mode":"managed","type":"aws_vpc","name":"v","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[
{"index_key":0,"attributes":{"id":"vpc-1","tags":{"ab":"x","c":"vpc-2"}},"dependencies":["module.m.aws_x.y","module.m.aws_x.z"]},
{"index_key":1,"attributes":{"id":"vpc-2","tags":{"a":"x","abc":"vpc-1","c":"y"}},"dependencies":["module.m.aws_x.y","module.m.aws_x.z"]},
{"index_key":2,"attributes":{"i":"vpc-3","id":"vpc-3","tags":{"ab":"z","c ":"x-1"}},"dependencies":[ "module.m.aws_x.y", "module.m.aws_x.z" ]},
{"index_key":3,"attributes":{"id":"vpc-4","tags":{"ab":"x-2","c":"x"}},"dependencies":["module.m.aws_x.\u0079",null,"module.m.aws_x.z"]},
{"index_key":4,"attributes":{"id":"vpc-5","tags":{"ab":"x","ab":"y"}},"dependencies":["module.m.aws_x.y","module.m.aws_x.z"]}]}]}`,
	"guessed key without its colon": `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"index_key":0,"attributes":{"id":"vpc-1"}},{"index_key":1,"attributes":{"id" "vpc-2"}}]}]}`,
	"fields in other orders":        `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"schema_version":0,"attributes":{"id":"vpc-1"},"private":"x"}]},{"instances":[{"private":"y","dependencies":["aws_vpc.v"],"attributes":{"id":"s-1","vpc_id":"vpc-1"},"schema_version":1}],"provider":"provider.aws","extra":{"a":[1]},"name":"s","type":"aws_subnet","mode":"managed"}]}`,
	"folded field later":            `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"schema_version":0,"attributes":{"id":"vpc-1"}}]},{"mode":"managed","type":"aws_vpc","name":"w","provider":"provider.aws","instances":[{"schema_version":0,"Attributes":{"id":"vpc-2"}}]}]}`,
	"identity attribute as a list":  `{"version":4,"resources":[{"mode":"managed","type":"aws_vpc","name":"v","provider":"provider.aws","instances":[{"index_key":0,"attributes":{"id":"vpc-1","arn":"arn:aws:ec2:us-east-1:1:vpc/vpc-1"}},{"index_key":1,"attributes":{"id":["vpc-1","vpc-9"],"arn":{"a":"arn:aws:ec2:us-east-1:1:vpc/vpc-1"}},"dependencies":["aws_vpc.v"]}]}]}`,
	"own identity first":            `{"version":4,"resources":[{"mode":"managed","type":"aws_iam_role","name":"r","provider":"provider.aws","instances":[{"index_key":0,"attributes":{"id":"app","name":"app"}},{"index_key":1,"attributes":{"id":"web","name":"web"}}]},{"mode":"managed","type":"aws_iam_instance_profile","name":"p","provider":"provider.aws","instances":[{"attributes":{"id":"app","role":"app"},"dependencies":["aws_iam_role.r"]}]}]}`,
}

func TestStreamMatchesDecoder(t *testing.T) {
	for name, data := range streamCases {
		sameAsSlow(t, name, []byte(data))
	}
	// read by the stream reader, not left to encoding/json whole
	for _, name := range []string{"guessed keys and repeated tokens", "fields in other orders"} {
		if _, ok := readV4Fast([]byte(streamCases[name])); !ok {
			t.Errorf("%s: the stream reader refused the state", name)
		}
	}
	if _, ok := readV4Fast([]byte(streamCases["folded field later"])); ok {
		t.Error("folded field later: the stream reader read a key encoding/json folds to a field")
	}
	for _, dir := range []string{"../../../shared/realworld/tfstate", "../../../shared/realworld/legacy", "../../../shared/realworld/broken", "testdata/fuzz/FuzzImport", "../../fixtures/corpus/*"} {
		pattern := "*"
		if strings.Contains(dir, "corpus") {
			pattern = "*.tfstate" // the corpus's raw states, each area's
		}
		files, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(name, "fuzz") {
				data = corpusBytes(data)
			}
			sameAsSlow(t, name, data)
		}
	}
	for _, seed := range []uint64{1, 2} {
		var b strings.Builder
		if _, err := synth.Write(&b, synth.Options{Resources: 400, Seed: seed, Regions: int(seed) + 1}); err != nil {
			t.Fatal(err)
		}
		sameAsSlow(t, fmt.Sprintf("synthetic seed %d", seed), []byte(b.String()))
	}
	for _, shape := range synth.ShapeNames {
		opt := synth.Shapes[shape]
		opt.Resources, opt.Seed = 400, 5
		var b strings.Builder
		if _, err := synth.Write(&b, opt); err != nil {
			t.Fatal(err)
		}
		sameAsSlow(t, "synthetic shape "+shape, []byte(b.String()))
	}
}

// TestUnsortedKeysStayOnTheFastPath reads the same organisation with
// attribute keys sorted and unsorted, indented and compact: no instance
// is left to encoding/json, and the two read the same instances, leaves
// and held paths.
func TestUnsortedKeysStayOnTheFastPath(t *testing.T) {
	read := func(opt synth.Options) []*terraform.Instance {
		t.Helper()
		opt.Resources, opt.Seed = 800, 6
		var b strings.Builder
		if _, err := synth.Write(&b, opt); err != nil {
			t.Fatal(err)
		}
		r := newReader([]byte(b.String()), 0)
		if !r.document() {
			t.Fatalf("%+v: the fast reader refused the state", opt)
		}
		for i, p := range r.pend {
			if p.fallback {
				t.Fatalf("%+v: %s left to encoding/json", opt, r.insts[i].Address)
			}
		}
		insts, ok := readV4Fast([]byte(b.String()))
		if !ok {
			t.Fatalf("%+v: the fast reader refused the state", opt)
		}
		return insts
	}
	sorted := read(synth.Options{Attributes: 8})
	for _, opt := range []synth.Options{{Attributes: 8, Unsorted: true}, {Attributes: 8, Unsorted: true, Compact: true}} {
		got := read(opt)
		if len(got) != len(sorted) {
			t.Fatalf("%+v: %d instances, sorted keys %d", opt, len(got), len(sorted))
		}
		for i := range got {
			a, b := fmt.Sprintf("%v %v %v", got[i].Address, got[i].Leaves, got[i].Held), fmt.Sprintf("%v %v %v", sorted[i].Address, sorted[i].Leaves, sorted[i].Held)
			if a != b {
				t.Fatalf("%+v: instance %d differs:\n got %s\nwant %s", opt, i, a, b)
			}
		}
	}
}

// TestLeavesAndHeldAreOwnLists reads a state whose instances' leaves
// and held paths are written side by side in shared arenas: each list's
// capacity is its length, so that appending to one instance's (as a
// caller may) copies it rather than overwriting the next instance's.
func TestLeavesAndHeldAreOwnLists(t *testing.T) {
	opt := synth.Shapes["lean"]
	opt.Resources, opt.Seed = 2000, 7
	var b strings.Builder
	if _, err := synth.Write(&b, opt); err != nil {
		t.Fatal(err)
	}
	insts, ok := readV4Fast([]byte(b.String()))
	if !ok {
		t.Fatal("the fast reader refused the state")
	}
	show := func() []string {
		out := make([]string, len(insts))
		for i, in := range insts {
			out[i] = fmt.Sprintf("%v %v", in.Leaves, in.Held)
		}
		return out
	}
	before := show()
	leaves, held := 0, 0
	for _, in := range insts {
		if n := in.Leaves.Len(); n > 0 {
			leaves++
			l := in.Leaves.List()
			if cap(l) != len(l) {
				t.Fatalf("%s: leaves of capacity %d, length %d", in.Address, cap(l), len(l))
			}
			_ = append(l, terraform.Leaf{Value: "appended", Path: "appended"})
		}
		if len(in.Held) > 0 {
			held++
			if cap(in.Held) != len(in.Held) {
				t.Fatalf("%s: held paths of capacity %d, length %d", in.Address, cap(in.Held), len(in.Held))
			}
			_ = append(in.Held, "appended")
		}
	}
	if leaves < 100 || held < 10 {
		t.Fatalf("%d instances with leaves, %d with held paths: too few to test", leaves, held)
	}
	if after := show(); !slices.Equal(before, after) {
		t.Fatal("appending to one instance's leaves or held paths changed another's")
	}
}

// TestStreamChunks reads states cut into chunks read in parallel, the
// cuts found by indentation, including one where the indentation lies,
// their instances allocated in slabs.
func TestStreamChunks(t *testing.T) {
	old, oldSlab := chunkMin, slabMin
	chunkMin, slabMin = 1, 1 // instances from slabs too
	defer func() { chunkMin, slabMin = old, oldSlab }()
	var b strings.Builder
	if _, err := synth.Write(&b, synth.Options{Resources: 600, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	data := []byte(b.String())
	if insts, ok := readV4Fast(data); !ok || len(insts) != 600 {
		t.Fatalf("synthetic state: ok %v, %d instances", ok, len(insts))
	}
	sameAsSlow(t, "synthetic state in chunks", data)
	// a nested list written with the elements' indentation: the cut
	// lands inside an element, and the reader must notice
	lying := "{\"version\":4,\"resources\":[\n  {\"mode\":\"managed\",\"type\":\"aws_subnet\",\"name\":\"s\",\"provider\":\"provider.aws\",\"instances\":[{\"attributes\":{\"id\":\"subnet-1\",\"vpc_id\":\"vpc-1\"},\"dependencies\":[\"aws_vpc.v\"]}]},\n  {\"mode\":\"managed\",\"type\":\"aws_vpc\",\"name\":\"v\",\"provider\":\"provider.aws\",\"instances\":[{\"attributes\":{\"id\":\"vpc-1\",\"pad\":\"" + strings.Repeat("x", 400) + "\",\"l\":[{\n  },\n  {\"id\":\"x\"\n  },\n  {\"id\":\"y\"}]}}]}\n]}"
	sameAsSlow(t, "misleading indentation", []byte(lying))
	for name, data := range streamCases {
		sameAsSlow(t, name+" in chunks", []byte(data))
	}
}

// TestParallelSame imports a state large enough for the parallel parts
// of reading and building on one core and on several: same graph.
func TestParallelSame(t *testing.T) {
	var b strings.Builder
	if _, err := synth.Write(&b, synth.Options{Resources: 5000, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	data := []byte(b.String())
	old := chunkMin
	chunkMin = 1
	defer func() { chunkMin = old }()
	prev := runtime.GOMAXPROCS(1)
	one := snapshot(data, true)
	runtime.GOMAXPROCS(4)
	many := snapshot(data, true)
	runtime.GOMAXPROCS(prev)
	if one != many {
		t.Fatal("the graph depends on the number of cores")
	}
}

// corpusBytes extracts the []byte value of a go test fuzz corpus file.
func corpusBytes(file []byte) []byte {
	lines := strings.Split(string(file), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "[]byte(") {
			var s string
			if _, err := fmt.Sscanf(strings.TrimSuffix(strings.TrimPrefix(l, "[]byte("), ")"), "%q", &s); err == nil {
				return []byte(s)
			}
		}
	}
	return file
}

// FuzzStreamMatchesDecoder checks that the streaming reader and the
// encoding/json reader never disagree.
func FuzzStreamMatchesDecoder(f *testing.F) {
	for _, data := range streamCases {
		f.Add([]byte(data))
	}
	files, _ := filepath.Glob("../../../shared/realworld/tfstate/*")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil && len(data) < 40_000 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsSlow(t, "fuzz input", data)
	})
}

// TestMatchSet holds the identity set to a map's answers for every size
// from empty to a few hundred (a table that filled up would never end a
// probe for a value it lacks), repeats included.
func TestMatchSet(t *testing.T) {
	for n := 0; n <= 300; n += 1 + n/10 {
		for _, repeats := range []bool{false, true} {
			matchSetCase(t, n, repeats)
		}
	}
}

func matchSetCase(t *testing.T, n int, repeats bool) {
	want := map[string]bool{}
	var a, b []string
	for i := range n {
		v := fmt.Sprintf("id-%d", i)
		want[v] = true
		a = append(a, v)
		if repeats && i%3 == 0 {
			b = append(b, v) // the same identity read by another chunk
		}
	}
	s := newMatchSet([][]string{a, b})
	// a probe for a value the set lacks (past the filter, on a false
	// hit) ends at an empty slot: the table is never full
	if !slices.Contains(s.slots, "") {
		t.Fatalf("size %d (repeats %v): no empty slot in %d", n, repeats, len(s.slots))
	}
	for i := range n + 50 {
		v := fmt.Sprintf("id-%d", i)
		got, ok := s.get([]byte(v))
		if ok != want[v] || (ok && got != v) {
			t.Fatalf("size %d (repeats %v): get(%q) = %q, %v; want found %v", n, repeats, v, got, ok, want[v])
		}
	}
}

// BenchmarkReadV4Fast measures the stream reader alone (readV4Fast: the
// tokenizing, the kept values, the leaves and finish), without
// terraform.Build, on the synthetic states of BLAST_BENCH_SIZES and
// BLAST_BENCH_SHAPE.
func BenchmarkReadV4Fast(b *testing.B) {
	for _, n := range synth.BenchSizes() {
		data := synth.State(n)
		b.Run(synth.SizeName(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				b.StartTimer()
				start := ProcessCPU(b)
				insts, ok := readV4Fast(data)
				cpu += ProcessCPU(b) - start
				if !ok || len(insts) == 0 {
					b.Fatalf("the fast reader refused the state (%d instances)", len(insts))
				}
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// ProcessCPU is the CPU time (user+sys) the process has used so far, the
// collector's work included (exported for the package's external
// benchmarks, in tfstate_bench_test.go).
func ProcessCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestManyLeafInstancesShareAnArena: instances with more leaf references
// than an arena holds (an IP set's 1,500 addresses, one of which names
// another instance) keep their few leaves in one arena, one after the
// other, not each in a fresh arena sized for every reference and left
// mostly empty (which kept 60 MB alive on 3,000 such sets).
func TestManyLeafInstancesShareAnArena(t *testing.T) {
	const sets, addrs = 4, leafArenaMost + 500
	var b strings.Builder
	b.WriteString(`{"version":4,"terraform_version":"1.9.0","serial":1,"lineage":"l","outputs":{},"resources":[`)
	b.WriteString(`{"mode":"managed","type":"aws_wafv2_ip_set","name":"s","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[`)
	for i := range sets {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"index_key":%d,"schema_version":0,"attributes":{"addresses":[`, i)
		for j := range addrs {
			fmt.Fprintf(&b, `"10.%d.%d.%d/32",`, i, j/250, j%250)
		}
		fmt.Fprintf(&b, `"ipset-%04d"],"id":"ipset-%04d","name":"s%d"},"sensitive_attributes":[]}`, (i+1)%sets, i, i)
	}
	b.WriteString(`]}]}`)
	insts, ok := readV4Fast([]byte(b.String()))
	if !ok || len(insts) != sets {
		t.Fatalf("the fast reader read %d instances (ok %v)", len(insts), ok)
	}
	for i, in := range insts {
		want := fmt.Sprintf("ipset-%04d", (i+1)%sets)
		if p, ok := in.Leaves.Path(want); !ok || p != "addresses" {
			t.Fatalf("%s: leaf %s at %q (%v), want at addresses", in.Address, want, p, ok)
		}
	}
	for i := 1; i < sets; i++ {
		prev, next := insts[i-1].Leaves.List(), insts[i].Leaves.List()
		end := unsafe.Add(unsafe.Pointer(unsafe.SliceData(prev)), uintptr(len(prev))*unsafe.Sizeof(prev[0]))
		if unsafe.Pointer(unsafe.SliceData(next)) != end {
			t.Errorf("%s's leaves do not follow %s's in one arena", insts[i].Address, insts[i-1].Address)
		}
	}
}
