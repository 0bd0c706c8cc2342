package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsfind/newsfind/internal/natstest"
	"github.com/newsfind/newsfind/seeds"
)

// The cluster tests run real nats-server processes (3, JetStream R=3)
// and real `newsfind serve --nats` processes on loopback, and check what
// docs/cluster.md promises: a write to one node is searchable on all;
// kill -9 of a node or a NATS server loses and duplicates nothing; a new
// node catches up; without a quorum writes get 503 fast and reads work.

const clusterToken = faultToken

type clusterNode struct {
	*faultServer
	name, data, nats string
}

func startClusterNode(t *testing.T, nats, name, data string) *clusterNode {
	t.Helper()
	s := startFaultServer(t, data, "--nats", nats, "--node", name, "--seeds=false", "--drain", "0s")
	return &clusterNode{faultServer: s, name: name, data: data, nats: nats}
}

// kill9 kills the node's process with SIGKILL.
func (n *clusterNode) kill9() {
	n.cmd.Process.Signal(syscall.SIGKILL)
	n.cmd.Wait()
}

func (n *clusterNode) restart(t *testing.T) {
	t.Helper()
	n.faultServer = startFaultServer(t, n.data, "--nats", n.nats, "--node", n.name, "--seeds=false", "--drain", "0s")
}

type clusterStatus struct {
	Node       string `json:"node"`
	Connected  bool   `json:"connected"`
	LastSeq    uint64 `json:"last_seq"`
	AppliedSeq uint64 `json:"applied_seq"`
	Lag        uint64 `json:"lag"`
}

func (n *clusterNode) status(t *testing.T) clusterStatus {
	t.Helper()
	var st clusterStatus
	getJSON(t, n.url+"/api/cluster", &st)
	return st
}

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v: %s", url, err, b)
		}
	}
	return res.StatusCode
}

// post sends articles to a node and returns the status, the answer's
// log sequence and how long it took.
func post(t *testing.T, url string, arts []map[string]string) (int, uint64, http.Header, time.Duration) {
	t.Helper()
	body, _ := json.Marshal(arts)
	req, _ := http.NewRequest(http.MethodPost, url+"/api/articles", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+clusterToken)
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	res, err := http.DefaultClient.Do(req)
	took := time.Since(start)
	if err != nil {
		return 0, 0, nil, took
	}
	defer res.Body.Close()
	var a struct {
		Seq uint64 `json:"seq"`
	}
	b, _ := io.ReadAll(res.Body)
	json.Unmarshal(b, &a)
	return res.StatusCode, a.Seq, res.Header, took
}

// clusterArticle is article i of a test's ingest: every fifth copies the
// body of an earlier one under another title, so stories form, and the
// story ids depend on the order the nodes applied them in.
func clusterArticle(i int) map[string]string {
	body := fmt.Sprintf("Reporters filed dispatch number %d about the harbour of town%d.\n\nThe cargo of ship%d was grain and copper, said the port authority of town%d.", i, i%97, i, i%89)
	if i%5 == 4 {
		j := i - 3
		body = fmt.Sprintf("Reporters filed dispatch number %d about the harbour of town%d.\n\nThe cargo of ship%d was grain and copper, said the port authority of town%d.", j, j%97, j, j%89)
	}
	return map[string]string{"id": fmt.Sprintf("c%06d", i), "title": fmt.Sprintf("Dispatch %d", i), "body": body,
		"published": "2024-03-01", "source": "test"}
}

// exportIDs returns every article id on a node with its story id.
func (n *clusterNode) exportIDs(t *testing.T) map[string]string {
	t.Helper()
	res, err := http.Get(n.url + "/api/export?format=ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("%s export: %d %s", n.name, res.StatusCode, b)
	}
	out := map[string]string{}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var row struct {
			ID    string `json:"id"`
			Story string `json:"story_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		if _, dup := out[row.ID]; dup {
			t.Errorf("%s exports %s twice", n.name, row.ID)
		}
		out[row.ID] = row.Story
	}
	return out
}

// waitApplied waits until every node has applied seq.
func waitApplied(t *testing.T, seq uint64, d time.Duration, nodes ...*clusterNode) {
	t.Helper()
	deadline := time.Now().Add(d)
	for _, n := range nodes {
		for {
			st := n.status(t)
			if st.AppliedSeq >= seq {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s applied %d of %d after %s; log:\n%s", n.name, st.AppliedSeq, seq, d, tail(n.log(), 3000))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func startCluster(t *testing.T, nodes int) (*natstest.Cluster, []*clusterNode) {
	t.Helper()
	nc := natstest.Start(t, 3)
	var ns []*clusterNode
	for i := 0; i < nodes; i++ {
		ns = append(ns, startClusterNode(t, nc.URLs(), fmt.Sprintf("node%d", i+1), t.TempDir()))
	}
	// The first write waits for the stream: JetStream elects its leaders
	// a moment after the servers start.
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, _, _, _ := post(t, ns[0].url, []map[string]string{clusterArticle(0)})
		if st == http.StatusOK {
			break
		}
		if st >= 400 && st < 500 || time.Now().After(deadline) {
			t.Fatalf("no write accepted in 30 s (last %d); node1 log:\n%s", st, tail(ns[0].log(), 3000))
		}
		time.Sleep(200 * time.Millisecond)
	}
	return nc, ns
}

func TestClusterWriteSearchableOnAll(t *testing.T) {
	_, ns := startCluster(t, 3)
	art := map[string]string{"id": "zanzibar-1", "title": "Cloves from Zanzibar", "body": "Zanzibar shipped cloves.", "published": "2024-03-02"}
	st, seq, _, _ := post(t, ns[0].url, []map[string]string{art})
	if st != http.StatusOK || seq == 0 {
		t.Fatalf("POST to node1: %d, seq %d", st, seq)
	}
	posted := time.Now()
	for _, n := range ns {
		for {
			var a struct {
				Total int `json:"total_articles"`
			}
			if getJSON(t, n.url+"/api/search?q=zanzibar", &a) == http.StatusOK && a.Total == 1 {
				break
			}
			if time.Since(posted) > time.Second {
				t.Fatalf("%s does not find the article posted to node1 after 1 s", n.name)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	t.Logf("searchable on all three %s after node1's answer", time.Since(posted))
	// min_seq makes a search wait for the write on any node.
	var a struct {
		Total int `json:"total_articles"`
	}
	if c := getJSON(t, fmt.Sprintf("%s/api/search?q=zanzibar&min_seq=%d", ns[2].url, seq), &a); c != http.StatusOK || a.Total != 1 {
		t.Fatalf("node3 search with min_seq=%d: %d, %d hits", seq, c, a.Total)
	}
	// Bad input is a 400; an entry the log does not have yet, a bounded
	// wait and a 503 to ask again.
	if c := getJSON(t, ns[2].url+"/api/search?q=zanzibar&min_seq=abc", &a); c != http.StatusBadRequest {
		t.Errorf("min_seq=abc: %d; want 400", c)
	}
	start := time.Now()
	if c := getJSON(t, fmt.Sprintf("%s/api/search?q=zanzibar&min_seq=%d", ns[2].url, seq+1000), &a); c != http.StatusServiceUnavailable || time.Since(start) > 7*time.Second {
		t.Errorf("min_seq past the log: %d after %s; want 503 within the 5 s bound", c, time.Since(start))
	}
	// A delete through node2 leaves every node.
	req, _ := http.NewRequest(http.MethodDelete, ns[1].url+"/api/articles/zanzibar-1", nil)
	req.Header.Set("Authorization", "Bearer "+clusterToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("DELETE on node2: %d", res.StatusCode)
	}
	last := ns[1].status(t).AppliedSeq
	waitApplied(t, last, 5*time.Second, ns...)
	for _, n := range ns {
		if getJSON(t, n.url+"/api/search?q=zanzibar", &a); a.Total != 0 {
			t.Errorf("%s still finds the article deleted through node2", n.name)
		}
	}
	// The same article sent again after its delete, within JetStream's
	// de-duplication window, is logged again, not taken for a retry.
	st, seq, _, _ = post(t, ns[0].url, []map[string]string{art})
	if st != http.StatusOK {
		t.Fatalf("POST again after the delete: %d", st)
	}
	waitApplied(t, seq, 5*time.Second, ns...)
	for _, n := range ns {
		if getJSON(t, n.url+"/api/search?q=zanzibar", &a); a.Total != 1 {
			t.Errorf("%s does not find the article sent again after its delete", n.name)
		}
	}
	// A node's directory takes no write that bypasses the log.
	ns[2].stop()
	file := filepath.Join(t.TempDir(), "a.json")
	os.WriteFile(file, []byte(`{"id":"bypass","title":"Bypass","body":"Straight into the directory."}`), 0o644)
	for _, args := range [][]string{{"ingest", "--data", ns[2].data, file}, {"delete", "--data", ns[2].data, "c000000"}, {"serve", "--data", ns[2].data, "--addr", "127.0.0.1:0"}} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		out, err := exec.CommandContext(ctx, newsfindBinary(t), args...).CombinedOutput()
		cancel()
		if err == nil || !strings.Contains(string(out), "cluster node's data directory") {
			t.Errorf("newsfind %s on node3's directory: %v\n%s", args[0], err, out)
		}
	}
}

// TestClusterSeedsOnce: nodes started with the seeds on a new cluster log
// them once for the cluster, not once per node.
func TestClusterSeedsOnce(t *testing.T) {
	nc := natstest.Start(t, 3)
	var ns []*clusterNode
	for i := 1; i <= 2; i++ {
		data := t.TempDir()
		s := startFaultServer(t, data, "--nats", nc.URLs(), "--node", fmt.Sprintf("node%d", i), "--drain", "0s")
		ns = append(ns, &clusterNode{faultServer: s, name: fmt.Sprintf("node%d", i), data: data, nats: nc.URLs()})
	}
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, n := range ns {
		for {
			st := n.status(t)
			if st.AppliedSeq >= uint64(len(arts)) && st.Lag == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s applied %d entries; want the %d seeds; log:\n%s", n.name, st.AppliedSeq, len(arts), tail(n.log(), 3000))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	time.Sleep(time.Second) // a second logging of the seeds would show by now
	for _, n := range ns {
		if st := n.status(t); st.LastSeq != uint64(len(arts)) {
			t.Errorf("%s: the log has %d entries; want the %d seeds once", n.name, st.LastSeq, len(arts))
		}
		if got := len(n.exportIDs(t)); got != len(arts) {
			t.Errorf("%s has %d articles; want the %d seeds", n.name, got, len(arts))
		}
	}
}

// TestClusterFlagsChecked: a cluster configuration that cannot work stops
// serve at once with a message, before anything listens.
func TestClusterFlagsChecked(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--nats-stream", "a.b"}, "stream name"},
		{[]string{"--nats-subject", "news.>"}, "subject prefix"},
		{[]string{"--nats-replicas", "7"}, "replicas"},
		{[]string{"--nats-tls-cert", "c.pem"}, "needs its key"},
		{[]string{"--node", ""}, "needs a name"},
	} {
		args := append([]string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--nats", "nats://127.0.0.1:1"}, tt.args...)
		code, _, errOut := runCLI(t, args...)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("serve %v: exit %d, %q; want an error saying %q", tt.args, code, errOut, tt.want)
		}
	}
}
