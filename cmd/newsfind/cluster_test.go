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
	"sort"
	"strings"
	"sync"
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

// TestClusterKillNineLosesNothing ingests continuously through node1 and
// node2 while node3 is killed with SIGKILL and restarted, round after
// round (one NATS server is killed and restarted in some rounds too).
// Afterwards every acknowledged article is on all three, once, with the
// same story, and a fourth node started empty reaches the same state.
func TestClusterKillNineLosesNothing(t *testing.T) {
	rounds := 20
	if testing.Short() {
		rounds = 3
	}
	nc, ns := startCluster(t, 3)
	var mu sync.Mutex
	acked := map[string]bool{"c000000": true}
	var lastSeq uint64
	var refused int
	var slowest time.Duration
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Go(func() {
			for i := 1 + w; ; i += 2 {
				select {
				case <-stop:
					return
				default:
				}
				arts := []map[string]string{clusterArticle(i)}
				// Retry until acknowledged: a 503 while a NATS server is
				// down is the answer to retry, and a retry logs it once.
				for {
					st, seq, _, took := post(t, ns[w].url, arts)
					mu.Lock()
					slowest = max(slowest, took)
					if st != http.StatusOK {
						refused++
					}
					mu.Unlock()
					if st == http.StatusOK {
						mu.Lock()
						acked[arts[0]["id"]] = true
						lastSeq = max(lastSeq, seq)
						mu.Unlock()
						break
					}
					time.Sleep(100 * time.Millisecond)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	victim := ns[2]
	for r := 0; r < rounds; r++ {
		time.Sleep(300 * time.Millisecond)
		victim.kill9()
		if r%4 == 1 {
			s := nc.Servers[r%3]
			s.Kill()
			time.Sleep(300 * time.Millisecond)
			if err := s.Restart(); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(200 * time.Millisecond)
		victim.restart(t)
	}
	close(stop)
	wg.Wait()
	mu.Lock()
	want := len(acked)
	seq := lastSeq
	mu.Unlock()
	waitApplied(t, seq, 60*time.Second, ns...)
	fourth := startClusterNode(t, nc.URLs(), "node4", t.TempDir())
	start := time.Now()
	waitApplied(t, seq, 60*time.Second, fourth)
	t.Logf("%d rounds; %d articles acknowledged (log entry %d; %d answers were not 200, the slowest answer took %s); node4 caught up in %s",
		rounds, want, seq, refused, slowest, time.Since(start))
	ref := ns[0].exportIDs(t)
	for id := range acked {
		if _, ok := ref[id]; !ok {
			t.Errorf("node1 lacks acknowledged article %s", id)
		}
	}
	if len(ref) != want {
		t.Errorf("node1 has %d articles, %d were acknowledged", len(ref), want)
	}
	stories := map[string]bool{}
	for _, st := range ref {
		stories[st] = true
	}
	if len(stories) >= len(ref) {
		t.Errorf("%d stories for %d articles: the copies formed none", len(stories), len(ref))
	}
	for _, n := range append(ns[1:], fourth) {
		got := n.exportIDs(t)
		if len(got) != len(ref) {
			t.Errorf("%s has %d articles, node1 %d", n.name, len(got), len(ref))
		}
		diff := 0
		for id, st := range ref {
			if got[id] != st {
				diff++
				if diff <= 3 {
					t.Errorf("%s: article %s in story %q, on node1 in %q", n.name, id, got[id], st)
				}
			}
		}
		if diff > 0 {
			t.Errorf("%s: %d articles differ from node1", n.name, diff)
		}
	}
}

// TestClusterNoQuorum: with two of three NATS servers down, a write gets
// 503 with Retry-After within 2 s, nothing of it is applied, and every
// node still answers searches.
func TestClusterNoQuorum(t *testing.T) {
	nc, ns := startCluster(t, 3)
	before := ns[0].status(t).AppliedSeq
	waitApplied(t, before, 10*time.Second, ns...)
	nc.Servers[1].Kill()
	nc.Servers[2].Kill()
	for i := 0; i < 3; i++ {
		st, _, h, took := post(t, ns[i].url, []map[string]string{clusterArticle(1000 + i)})
		if st != http.StatusServiceUnavailable || h.Get("Retry-After") == "" {
			t.Errorf("POST to %s without quorum: %d, Retry-After %q; want 503 with Retry-After", ns[i].name, st, h.Get("Retry-After"))
		}
		if took > 2*time.Second {
			t.Errorf("POST to %s without quorum took %s; want under 2 s", ns[i].name, took)
		}
	}
	for _, n := range ns {
		var a struct {
			Total int `json:"total_articles"`
		}
		if c := getJSON(t, n.url+"/api/search?q=dispatch", &a); c != http.StatusOK || a.Total != 1 {
			t.Errorf("%s search without quorum: %d, %d hits; want 200 and the one article", n.name, c, a.Total)
		}
	}
	// No NATS server at all: the nodes lose their connection, refuse
	// writes at once and go on answering reads.
	nc.Servers[0].Kill()
	for deadline := time.Now().Add(15 * time.Second); ns[0].status(t).Connected; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("node1 still says it is connected 15 s after the last NATS server died")
		}
	}
	st, _, _, took := post(t, ns[0].url, []map[string]string{clusterArticle(1500)})
	if st != http.StatusServiceUnavailable || took > 2*time.Second {
		t.Errorf("POST without any NATS server: %d after %s; want 503 within 2 s", st, took)
	}
	for _, n := range ns {
		var a struct {
			Total int `json:"total_articles"`
		}
		if c := getJSON(t, n.url+"/api/search?q=dispatch", &a); c != http.StatusOK || a.Total != 1 {
			t.Errorf("%s search without NATS: %d, %d hits; want 200 and the one article", n.name, c, a.Total)
		}
	}
	// Back to a quorum: the nodes reconnect and write again by
	// themselves. A 503 is "not acknowledged", not "not logged": a
	// publish the surviving server had taken may be committed once the
	// quorum is back. So the refused articles must be on every node or on
	// none, and sending them again, as the 503 asks, logs none twice.
	for _, s := range nc.Servers[:2] {
		if err := s.Restart(); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, seq, _, _ := post(t, ns[0].url, []map[string]string{clusterArticle(2000)})
		if st == http.StatusOK {
			waitApplied(t, seq, 10*time.Second, ns...)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no write accepted 30 s after the quorum came back (last %d)", st)
		}
		time.Sleep(200 * time.Millisecond)
	}
	ref := ns[0].exportIDs(t)
	for _, n := range ns[1:] {
		if got := n.exportIDs(t); fmt.Sprint(got) != fmt.Sprint(ref) {
			t.Errorf("%s has %v after the quorum came back, node1 %v", n.name, got, ref)
		}
	}
	var seq uint64
	for _, i := range []int{1000, 1001, 1002, 1500} {
		st, s, _, _ := post(t, ns[0].url, []map[string]string{clusterArticle(i)})
		if st != http.StatusOK {
			t.Fatalf("sending c%06d again: %d", i, st)
		}
		seq = max(seq, s)
	}
	waitApplied(t, seq, 10*time.Second, ns...)
	for _, n := range ns {
		if ids := n.exportIDs(t); len(ids) != 6 {
			t.Errorf("%s has %d articles; want 6 (%v)", n.name, len(ids), ids)
		}
	}
	if last := ns[0].status(t).LastSeq; last != 6 {
		t.Errorf("the log has %d entries for 6 articles: a retry was logged twice", last)
	}
}

// TestClusterLag measures, under a steady ingest to node1, the time from
// node1's answer until node2 and node3 have applied the write (their lag
// as a reader sees it), and holds its p99 under 1 s. With
// NEWSFIND_CLUSTER_MEASURE=1 it runs longer, for docs/cluster.md.
func TestClusterLag(t *testing.T) {
	_, ns := startCluster(t, 3)
	dur, rate := 5*time.Second, 20 // writes a second, 5 articles each
	if os.Getenv("NEWSFIND_CLUSTER_MEASURE") == "1" {
		dur = 30 * time.Second
	}
	type write struct {
		seq    uint64
		answer time.Time
	}
	var mu sync.Mutex
	var writes []write
	var latencies []time.Duration
	stop := make(chan struct{})
	seen := make([]map[uint64]time.Time, len(ns))
	var pollers sync.WaitGroup
	for k := 1; k < len(ns); k++ {
		seen[k] = map[uint64]time.Time{}
		pollers.Go(func() {
			var last uint64
			for {
				select {
				case <-stop:
					return
				default:
				}
				st := ns[k].status(t)
				now := time.Now()
				mu.Lock()
				for s := last + 1; s <= st.AppliedSeq; s++ {
					seen[k][s] = now
				}
				mu.Unlock()
				last = max(last, st.AppliedSeq)
				time.Sleep(2 * time.Millisecond)
			}
		})
	}
	tick := time.NewTicker(time.Second / time.Duration(rate))
	end := time.Now().Add(dur)
	i := 10000
	for time.Now().Before(end) {
		<-tick.C
		var arts []map[string]string
		for j := 0; j < 5; j++ {
			arts = append(arts, clusterArticle(i))
			i++
		}
		st, seq, _, took := post(t, ns[0].url, arts)
		if st != http.StatusOK {
			t.Fatalf("POST: %d", st)
		}
		mu.Lock()
		writes = append(writes, write{seq, time.Now()})
		latencies = append(latencies, took)
		mu.Unlock()
	}
	tick.Stop()
	waitApplied(t, writes[len(writes)-1].seq, 10*time.Second, ns...)
	time.Sleep(50 * time.Millisecond)
	close(stop)
	pollers.Wait()
	var lags []time.Duration
	for _, w := range writes {
		for k := 1; k < len(ns); k++ {
			at, ok := seen[k][w.seq]
			if !ok {
				t.Fatalf("node%d: no time seen for entry %d", k+1, w.seq)
			}
			lags = append(lags, max(0, at.Sub(w.answer)))
		}
	}
	q := func(d []time.Duration, p float64) time.Duration {
		s := append([]time.Duration(nil), d...)
		sort.Slice(s, func(a, b int) bool { return s[a] < s[b] })
		return s[min(len(s)-1, int(p*float64(len(s))))]
	}
	t.Logf("%d writes of 5 articles at %d/s for %s: write answer p50 %s p99 %s; replica lag after the answer p50 %s p99 %s max %s",
		len(writes), rate, dur, q(latencies, .5), q(latencies, .99), q(lags, .5), q(lags, .99), q(lags, 1))
	if p99 := q(lags, .99); p99 > time.Second {
		t.Errorf("replica lag p99 %s; want under 1 s", p99)
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
