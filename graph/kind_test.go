package graph

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestEdgeKindText: a kind is a byte that reads and writes as its name
// (in JSON, in fmt, in ParseEdgeKind); none given writes as "" and reads
// back as none; an unknown name is an error naming it.
func TestEdgeKindText(t *testing.T) {
	for _, k := range []EdgeKind{Hard, Soft, Control} {
		got, err := ParseEdgeKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseEdgeKind(%q) = %v, %v", k.String(), got, err)
		}
	}
	b, err := json.Marshal([]Edge{{From: "a", To: "b", Kind: Control}, {From: "a", To: "c"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"from":"a","to":"b","kind":"control"},{"from":"a","to":"c","kind":""}]`
	if string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	var back []Edge
	if err := json.Unmarshal(b, &back); err != nil || back[0].Kind != Control || back[1].Kind != 0 {
		t.Errorf("read back %v, %v", back, err)
	}
	if s := fmt.Sprint(Edge{From: "a", To: "b", Kind: Soft}); s != "{a b soft  false }" {
		t.Errorf("fmt: %s", s)
	}
	if _, err := ParseEdgeKind("weak"); err == nil || !strings.Contains(err.Error(), `"weak"`) {
		t.Errorf("weak: %v", err)
	}
	if err := json.Unmarshal([]byte(`{"kind":"hard!"}`), &Edge{}); err == nil {
		t.Error("an unknown kind was read")
	}
}
