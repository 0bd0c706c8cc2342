package main

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestComposeFileHangsTogether checks docker-compose.yml and
// deploy/nats.conf, which no test here can run (no Docker): every node
// names every NATS server, has its own name and volume, and the servers
// route to one another and take the largest article.
func TestComposeFileHangsTogether(t *testing.T) {
	b, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Command     []string          `yaml:"command"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	conf, err := os.ReadFile("../../deploy/nats.conf")
	if err != nil {
		t.Fatal(err)
	}
	var natsNames, nodes []string
	for name, s := range f.Services {
		if strings.HasPrefix(name, "nats") {
			natsNames = append(natsNames, name)
			if s.Environment["NATS_NAME"] != name {
				t.Errorf("%s: NATS_NAME %q", name, s.Environment["NATS_NAME"])
			}
			if !strings.Contains(string(conf), "nats-route://"+name+":6222") {
				t.Errorf("deploy/nats.conf does not route to %s", name)
			}
		}
	}
	names, volumes := map[string]bool{}, map[string]bool{}
	for name, s := range f.Services {
		if !strings.HasPrefix(name, "node") {
			continue
		}
		nodes = append(nodes, name)
		for _, n := range natsNames {
			if !strings.Contains(s.Environment["NEWSFIND_NATS"], "nats://"+n+":4222") {
				t.Errorf("%s: NEWSFIND_NATS %q lacks %s", name, s.Environment["NEWSFIND_NATS"], n)
			}
		}
		if nn := s.Environment["NEWSFIND_NODE"]; nn == "" || names[nn] {
			t.Errorf("%s: node name %q missing or shared", name, nn)
		} else {
			names[nn] = true
		}
		if len(s.Volumes) != 1 || volumes[s.Volumes[0]] || !strings.HasSuffix(s.Volumes[0], ":/data") {
			t.Errorf("%s: volumes %v: want one of its own on /data", name, s.Volumes)
		} else {
			volumes[s.Volumes[0]] = true
		}
	}
	if len(natsNames) != 3 || len(nodes) != 3 {
		t.Errorf("%d NATS servers and %d nodes; want 3 and 3", len(natsNames), len(nodes))
	}
	mb := 0
	if m := regexp.MustCompile(`max_payload:\s*(\d+)MB`).FindStringSubmatch(string(conf)); m != nil {
		mb, _ = strconv.Atoi(m[1])
	}
	if mb <= 2 {
		t.Errorf("deploy/nats.conf: max_payload must be over 2 MB (an article's body may be 2 MB)")
	}
}
