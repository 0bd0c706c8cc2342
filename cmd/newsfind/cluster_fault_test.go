package main

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

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
	// A node restarted while no NATS server runs starts, serves its
	// articles and says it is ready: what it has is the log up to there.
	ns[2].kill9()
	ns[2].restart(t)
	var a struct {
		Total int `json:"total_articles"`
	}
	if c := getJSON(t, ns[2].url+"/api/search?q=dispatch", &a); c != http.StatusOK || a.Total != 1 {
		t.Errorf("node3 restarted without NATS: search %d, %d hits", c, a.Total)
	}
	if c := getJSON(t, ns[2].url+"/readyz", &a); c != http.StatusOK {
		t.Errorf("node3 restarted without NATS: /readyz %d; want 200", c)
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
