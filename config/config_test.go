package config

import (
	"strings"
	"testing"
)

func TestDecodeReportsUnknownKeyWithLine(t *testing.T) {
	src := "[[scenario]]\nname = \"x\"\ndown = [\"aws:us-east-1\"]\nbogus = 1\n"
	f, err := Parse("blast.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Scenario []struct {
			Name string   `toml:"name"`
			Down []string `toml:"down"`
		} `toml:"scenario"`
	}
	err = f.Decode("scenario", &v.Scenario)
	if err == nil || !strings.Contains(err.Error(), `line 4: unknown key "scenario.bogus"`) {
		t.Fatalf("want unknown key error on line 4, got %v", err)
	}
}

func TestParseRejectsUnknownSection(t *testing.T) {
	_, err := Parse("blast.toml", []byte("x = 1\n\n[nope]\na = 1\n"))
	if err == nil || !strings.Contains(err.Error(), `unknown section "nope"`) || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("got %v", err)
	}
}

func TestParseSyntaxErrorHasLine(t *testing.T) {
	_, err := Parse("b.toml", []byte("[[scenario]]\nname = \n"))
	if err == nil || !strings.Contains(err.Error(), "b.toml: line 2") {
		t.Fatalf("got %v", err)
	}
}

func TestDecodeKnownSection(t *testing.T) {
	f, err := Parse("blast.toml", []byte("[k8s]\ncluster = \"aws_eks_cluster.main\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var k struct {
		Cluster string `toml:"cluster"`
	}
	if err := f.Decode("k8s", &k); err != nil || k.Cluster != "aws_eks_cluster.main" {
		t.Fatalf("got %+v, %v", k, err)
	}
}
