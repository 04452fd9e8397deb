package terraform

import "testing"

// TestClusterNameKeys holds the positions linkClusters looks a cluster
// up by to the names they stand for in matchKeys.
func TestClusterNameKeys(t *testing.T) {
	want := []string{"name", "id", "arn", "self_link"}
	for i, k := range clusterNameKeys {
		if matchKeys[k] != want[i] {
			t.Errorf("clusterNameKeys[%d] is %q in matchKeys, want %q", i, matchKeys[k], want[i])
		}
	}
}
