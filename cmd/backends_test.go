package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A backend service whose only backend is a zonal managed instance group
// (named by its instance_group link, in another API version) fails with
// that zone, and says so; one spread over two zones' groups is degraded.
func TestWhatifBackendServiceByGroupLink(t *testing.T) {
	state, err := os.ReadFile(filepath.Join("testdata", "gcp-backends-by-link.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := blastRun(t, string(state), "whatif", "--down", "gcp:us-central1-a", "--format", "json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Nodes []struct {
			Address, State, Reason string
		} `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, n := range r.Nodes {
		got[n.Address] = n.State + " | " + n.Reason
	}
	if s := got["google_compute_backend_service.solo"]; !strings.HasPrefix(s, "failed | ") || !strings.Contains(s, "via backend.group") {
		t.Errorf("solo: %q, want failed via backend.group", s)
	}
	if s := got["google_compute_backend_service.spread"]; !strings.HasPrefix(s, "degraded | ") {
		t.Errorf("spread: %q, want degraded", s)
	}
	if s := got["google_compute_instance_group_manager.web[1]"]; !strings.HasPrefix(s, "healthy") {
		t.Errorf("web[1]: %q, want healthy", s)
	}
}
