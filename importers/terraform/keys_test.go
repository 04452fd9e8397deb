package terraform

import (
	"maps"
	"strings"
	"testing"
)

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

// TestIdentitiesFromFewAttributes: an instance with fewer attributes
// than there are identity keys gets the same identities, in the same
// order, as one with many (where every key is looked up).
func TestIdentitiesFromFewAttributes(t *testing.T) {
	if len(identityKeys) > 64 {
		t.Fatalf("%d identity keys do not fit identities' bit set", len(identityKeys))
	}
	fewMap := map[string]any{"name": "web", "arn": "arn:aws:s3:::web", "bucket": "web", "id": "web", "tags": map[string]any{}}
	manyMap := maps.Clone(fewMap)
	for i := range len(identityKeys) {
		manyMap["padding_"+strings.Repeat("x", i)] = "y"
	}
	few, many := AttrsOf(fewMap), AttrsOf(manyMap)
	a, b := identities(&Instance{Attrs: few}, nil), identities(&Instance{Attrs: many}, nil)
	if strings.Join(a, " ") != "web arn:aws:s3:::web web web" || strings.Join(a, " ") != strings.Join(b, " ") {
		t.Errorf("identities: few attributes %q, many %q", a, b)
	}
	s := identities(&Instance{Attrs: few, Sensitive: map[string]bool{"arn": true}}, nil)
	if strings.Join(s, " ") != "web web web" {
		t.Errorf("identities with a sensitive arn: %q", s)
	}
}

// TestARNService: the service field of an ARN, or nothing.
func TestARNService(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:s3:::bucket":                      "s3",
		"arn:aws:iam::123456789012:role/x":         "iam",
		"arn:aws-cn:ec2:cn-north-1:1:instance/i-1": "ec2",
		"arn:aws::rest":                            "",
		"arn:aws:s3":                               "",
		"arn:":                                     "",
		"ARN:aws:s3:::bucket":                      "",
		"":                                         "",
		"sg-123":                                   "",
	} {
		if got := arnService(arn); got != want {
			t.Errorf("arnService(%q) = %q, want %q", arn, got, want)
		}
	}
	if ServiceOf("aws_subnet", "arn:aws::rest") != "ec2" {
		t.Errorf("an ARN without a service falls back to the type")
	}
}
