package cmd

// Tests over real states of providers beyond AWS, Google Cloud and Azure,
// kept in fixtures/realworld/providers (see its SOURCES.md, which says what
// each outage must fail and spare, written before blast was run on them).

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func providerState(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join(moduleRoot(t), "fixtures", "realworld", "providers", name)
}

// TestProvidersZoneOutages: a zone or region down fails what lives in it
// and spares the rest, on Yandex Cloud and Hetzner Cloud states.
func TestProvidersZoneOutages(t *testing.T) {
	alb := "yandex-alb-two-zones.tfstate"
	zoneB := []string{"yandex_compute_instance.vm2", "yandex_compute_instance.bastion", "yandex_compute_instance.elastic",
		"yandex_compute_instance.grafana", "yandex_compute_instance.kibana", "yandex_compute_instance.prometheus",
		"yandex_vpc_subnet.subnet-b", "yandex_vpc_subnet.public"}
	zoneA := []string{"yandex_compute_instance.vm1", "yandex_vpc_subnet.subnet-a"}
	servers := []string{"hcloud_server.authos_control_plane", `hcloud_server.workers["k8swk1"]`,
		`hcloud_server.workers["k8swk2"]`, `hcloud_server.workers["k8swk3"]`}
	subnets := []string{"hcloud_network_subnet.cp_authos_subnet", "hcloud_network_subnet.db_authos_subnet",
		"hcloud_network_subnet.lb_authos_subnet", "hcloud_network_subnet.worker_authos_subnet"}
	cases := []struct {
		file, down      string
		failed, healthy []string
		notFailed, degr []string
	}{
		{file: alb, down: "yandex:ru-central1-a", failed: zoneA, healthy: zoneB,
			notFailed: []string{"yandex_alb_target_group.target_group", "yandex_alb_backend_group.backend-group"}},
		{file: alb, down: "yandex:ru-central1-b", failed: append(append([]string(nil), zoneB...), "yandex_alb_load_balancer.nginx-lb"), healthy: zoneA,
			notFailed: []string{"yandex_alb_target_group.target_group"}},
		{file: alb, down: "yandex:ru-central1", failed: append(append(append([]string(nil), zoneA...), zoneB...),
			"yandex_alb_load_balancer.nginx-lb", "yandex_alb_target_group.target_group", "yandex_alb_backend_group.backend-group", "yandex_alb_virtual_host.vh")},
		{file: "yandex-modules-zone-a.tfstate", down: "yandex:ru-central1-a", failed: []string{
			"module.tf-yc-instance.yandex_compute_instance.vm-1", "module.tf-yc-instance.yandex_compute_disk.secondary_disk",
			"module.tf-yc-instance.yandex_compute_disk.thirdary_disk", "module.tf-yc-instance.yandex_vpc_address.addr"}},
		{file: "hcloud-k8s-hel1.tfstate", down: "hcloud:hel1", failed: servers, degr: subnets,
			healthy: []string{"hcloud_network.authos_network", "hcloud_firewall.authos_cluster_firewall"}},
		{file: "hcloud-k8s-hel1.tfstate", down: "hcloud:hel1-dc2", failed: servers, healthy: subnets},
	}
	for _, c := range cases {
		t.Run(c.down+" "+c.file, func(t *testing.T) {
			states := impactStates(t, c.down, providerState(t, c.file))
			want := func(addrs []string, ok func(string) bool, what string) {
				for _, a := range addrs {
					s, found := states[a]
					if !found {
						t.Errorf("%s: not in the report", a)
					} else if !ok(s) {
						t.Errorf("%s: %s, want %s", a, s, what)
					}
				}
			}
			want(c.failed, func(s string) bool { return s == "failed" }, "failed")
			want(c.healthy, func(s string) bool { return s == "healthy" }, "healthy")
			want(c.degr, func(s string) bool { return s == "degraded" }, "degraded")
			want(c.notFailed, func(s string) bool { return s != "failed" }, "not failed")
			failed := 0
			for _, s := range states {
				if s == "failed" {
					failed++
				}
			}
			if failed != len(c.failed) {
				t.Errorf("%d failed, want exactly %v", failed, c.failed)
			}
		})
	}
}

// TestProvidersPlacedFromTheirAttributes: every managed resource of these
// states that carries a location attribute is placed, and none is said to
// have no location when it has one.
func TestProvidersPlacedFromTheirAttributes(t *testing.T) {
	for _, name := range []string{"yandex-alb-two-zones.tfstate", "yandex-modules-zone-a.tfstate", "hcloud-k8s-hel1.tfstate"} {
		file := providerState(t, name)
		nodes := map[string]graphDocNode{}
		for _, n := range graphNodes(t, file) {
			nodes[n.Address] = n
		}
		for _, in := range stateInstances(t, file) {
			n, ok := nodes[in.address]
			if !ok {
				t.Errorf("%s: %s not imported", name, in.address)
				continue
			}
			placed := n.Placement.Region != "" || n.Placement.Zone != "" || len(n.Placement.Zones) > 0
			if in.signal != "" && !placed {
				t.Errorf("%s: %s has %s but no placement", name, in.address, in.signal)
			}
		}
		out, _, _ := runBlast("graph", "--format", "text", file)
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "no region, zone") && (strings.Contains(line, "yandex_compute") || strings.Contains(line, "hcloud_server")) {
				t.Errorf("%s: %s", name, line)
			}
		}
	}
}

// TestProvidersDomainChecks: a domain of a listed provider that no input
// holds is a warning (an error with --strict); one that is no region or
// zone of the provider and no input holds is an error listing the domains
// present.
func TestProvidersDomainChecks(t *testing.T) {
	hc := providerState(t, "hcloud-k8s-hel1.tfstate")
	ya := providerState(t, "yandex-alb-two-zones.tfstate")
	cases := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"whatif", "--down", "hcloud:ash", hc}, 0, "warning: hcloud:ash: no imported resource lives in this domain"},
		{[]string{"whatif", "--strict", "--down", "hcloud:ash", hc}, 1, "--strict: --down: hcloud:ash"},
		{[]string{"whatif", "--down", "hcloud:fsn9", hc}, 1, "domains present: hcloud, hcloud:eu-central, hcloud:hel1, hcloud:hel1-dc2"},
		{[]string{"whatif", "--down", "yandex:ru-central1-d", ya}, 0, "warning: yandex:ru-central1-d"},
		{[]string{"whatif", "--down", "yandex:ru-central1-q", ya}, 1, "ru-central1-q is not a region or zone of yandex"},
		{[]string{"whatif", "--down", "foo", ya}, 1, "domains present: yandex,"},
		{[]string{"whatif", "--down", "aws:us-east-9", ya}, 1, "us-east-9 is not a region or zone of aws"},
		{[]string{"whatif", "--strict", "--down", "azure:foo", ya}, 1, "foo is not a region or zone of azure"},
		{[]string{"why", "yandex_compute_instance.vm1", "--strict", "--down", "yandex:ru-central1-d", ya}, 1, "--strict: --down: yandex:ru-central1-d"},
		{[]string{"whatif", "--down", "ru-central1-a", ya}, 0, "yandex:ru-central1-a:"},
	}
	for _, c := range cases {
		out, errOut, code := runBlast(c.args...)
		if code != c.code || !strings.Contains(out+errOut, c.contains) {
			t.Errorf("%v: exit %d, want %d and %q; stderr %q", c.args, code, c.code, c.contains, errOut)
		}
		if c.code == 1 && strings.Count(strings.TrimSuffix(errOut, "\n"), "\n") > 0 {
			t.Errorf("%v: the error is not one line: %q", c.args, errOut)
		}
	}
}

// TestProvidersDomainChecksInConfig: scenarios declared in blast.toml are
// checked the same way.
func TestProvidersDomainChecksInConfig(t *testing.T) {
	hc := providerState(t, "hcloud-k8s-hel1.tfstate")
	dir := t.TempDir()
	write := func(down string) string {
		p := filepath.Join(dir, "blast.toml")
		if err := os.WriteFile(p, []byte("[[scenario]]\nname = \"s\"\ndown = [\""+down+"\"]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, errOut, code := runBlast("whatif", "--config", write("aws:us-east-9"), "--scenario", "s", hc); code != 1 || !strings.Contains(errOut, "us-east-9 is not a region or zone of aws") {
		t.Errorf("a region that is none: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runBlast("whatif", "--config", write("hcloud:ash"), "--scenario", "s", hc); code != 0 || !strings.Contains(errOut, "warning: hcloud:ash") {
		t.Errorf("a real location no input holds: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runBlast("whatif", "--strict", "--config", write("hcloud:ash"), "--scenario", "s", hc); code != 1 || !strings.Contains(errOut, "--strict") {
		t.Errorf("--strict: exit %d, %q", code, errOut)
	}
	if out, errOut, code := runBlast("whatif", "--config", write("hcloud:hel1-dc2"), "--scenario", "s", hc); code != 0 || !strings.Contains(out, "4 failed") {
		t.Errorf("a zone the input holds: exit %d, %q %q", code, out, errOut)
	}
}

// TestScenarioRegionOnlyInputsHold: a blast.toml scenario may name a
// region newer than blast's list when the inputs hold it; blast
// scenarios lists it as written.
func TestScenarioRegionOnlyInputsHold(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "future.tfstate")
	os.WriteFile(state, []byte(`{"version":4,"terraform_version":"1.9.0","serial":1,"lineage":"x","outputs":{},"resources":[
{"mode":"managed","type":"aws_instance","name":"web","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[
{"schema_version":1,"attributes":{"id":"i-1","arn":"arn:aws:ec2:ap-future-1:123456789012:instance/i-1","availability_zone":"ap-future-1a"}}]}]}`), 0o644)
	cfg := filepath.Join(dir, "blast.toml")
	os.WriteFile(cfg, []byte("[[scenario]]\nname = \"future\"\ndown = [\"aws:ap-future-1\"]\n"), 0o644)
	if out, errOut, code := runBlast("whatif", "--config", cfg, "--scenario", "future", state); code != 0 || !strings.Contains(out, "1 failed") {
		t.Errorf("whatif: exit %d, %q %q", code, out, errOut)
	}
	if out, errOut, code := runBlast("scenarios", "--config", cfg); code != 0 || !strings.Contains(out, "aws:ap-future-1") {
		t.Errorf("scenarios: exit %d, %q %q", code, out, errOut)
	}
	if _, errOut, code := runBlast("whatif", "--config", cfg, "--scenario", "future"); code != 1 || !strings.Contains(errOut, "ap-future-1 is not a region or zone of aws") {
		t.Errorf("without the input that holds it: exit %d, %q", code, errOut)
	}
}
