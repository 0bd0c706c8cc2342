package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/internal/natstest"
)

// call sends an authorised request to a node and returns the status and
// body.
func (n *clusterNode) call(t *testing.T, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, n.url+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+clusterToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s %s: %v", n.name, method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestClusterSavedSearches: a saved search created on one node goes
// through the log to every node, under the same id; an article posted
// to another node that matches it is in the search's new list on all
// three, numbered alike; its webhook is posted once for the cluster,
// not once per node. Updates and deletes go the same way.
func TestClusterSavedSearches(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 3 nats-servers and 3 newsfind processes")
	}
	var mu sync.Mutex
	posts := map[string]int{} // delivery id -> posts
	var bodies []engine.WebhookBody
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var d engine.WebhookBody
		_ = json.Unmarshal(b, &d)
		mu.Lock()
		posts[r.Header.Get(engine.DeliveryHeader)]++
		bodies = append(bodies, d)
		mu.Unlock()
	}))
	defer rc.Close()
	u, _ := url.Parse(rc.URL)
	nc := natstest.Start(t, 3)
	var ns []*clusterNode
	for i := 1; i <= 3; i++ {
		s := startFaultServer(t, t.TempDir(), "--nats", nc.URLs(), "--node", fmt.Sprint("node", i), "--seeds=false", "--drain", "0s", "--webhook-hosts", u.Host)
		ns = append(ns, &clusterNode{faultServer: s, name: fmt.Sprint("node", i)})
	}
	waitWritable(t, ns[0])

	// Created on node1: every node lists it, under the same id.
	st, b := ns[0].call(t, "POST", "/api/searches", `{"name":"zanzibar cloves","q":"zanzibar","webhook":"`+rc.URL+`/hook"}`)
	if st != http.StatusCreated {
		t.Fatalf("POST /api/searches on node1: %d %s", st, b)
	}
	var ss struct {
		ID, Secret string
		Seq        uint64
	}
	_ = json.Unmarshal([]byte(b), &ss)
	if ss.ID == "" || ss.Seq == 0 {
		t.Fatalf("the create's answer has no id or no seq: %s", b)
	}
	for _, n := range ns {
		st, b := n.call(t, "GET", fmt.Sprintf("/api/searches?min_seq=%d", ss.Seq), "")
		var list struct {
			Searches []struct{ ID, Name, Secret string }
		}
		_ = json.Unmarshal([]byte(b), &list)
		if st != http.StatusOK || len(list.Searches) != 1 || list.Searches[0].ID != ss.ID || list.Searches[0].Secret != ss.Secret {
			t.Errorf("%s lists %d %s; want the search %s created on node1, with its secret", n.name, st, b, ss.ID)
		}
	}

	// Posted to node2: a match on every node, numbered alike.
	st, seq, _, _ := post(t, ns[1].url, []map[string]string{
		{"id": "z1", "title": "Zanzibar clove harvest", "body": "The clove harvest of Zanzibar rose by a tenth, the growers said.", "published": "2024-03-02", "source": "test"},
		{"id": "z2", "title": "Copper in Chile", "body": "Chilean copper output fell.", "published": "2024-03-02", "source": "test"},
	})
	if st != http.StatusOK || seq == 0 {
		t.Fatalf("POST to node2: %d, seq %d", st, seq)
	}
	var lists []string
	for _, n := range ns {
		st, b := n.call(t, "GET", fmt.Sprintf("/api/searches/%s/new?min_seq=%d", ss.ID, seq), "")
		var nm struct {
			Hits []struct {
				Seq     uint64
				Article string
			}
		}
		_ = json.Unmarshal([]byte(b), &nm)
		if st != http.StatusOK || len(nm.Hits) != 1 || nm.Hits[0].Article != "z1" {
			t.Errorf("%s: new matches %d %s; want z1 alone", n.name, st, b)
		}
		lists = append(lists, fmt.Sprint(nm.Hits))
	}
	if lists[0] != lists[1] || lists[1] != lists[2] {
		t.Errorf("the nodes' new lists differ (a ?since= cursor would mean different things): %v", lists)
	}

	// The webhook: once for the cluster.
	deadline := time.Now().Add(15 * time.Second)
	for {
		mu.Lock()
		n := len(bodies)
		mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(3 * time.Second) // time for any second copy to arrive
	mu.Lock()
	if len(bodies) != 1 || bodies[0].Article.ID != "z1" || len(posts) != 1 {
		t.Errorf("the receiver got %d posts (%v); want one, of z1", len(bodies), posts)
	}
	mu.Unlock()

	// Updated on node3, deleted on node2: every node follows.
	st, b = ns[2].call(t, "PUT", "/api/searches/"+ss.ID, `{"name":"copper","q":"copper"}`)
	var up struct {
		Name, Secret string
		Seq          uint64
	}
	_ = json.Unmarshal([]byte(b), &up)
	if st != http.StatusOK || up.Seq <= seq || up.Secret != ss.Secret {
		t.Fatalf("PUT on node3: %d %s; want seq after %d and the secret kept", st, b, seq)
	}
	for _, n := range ns {
		st, b := n.call(t, "GET", fmt.Sprintf("/api/searches/%s?min_seq=%d", ss.ID, up.Seq), "")
		if st != http.StatusOK || !strings.Contains(b, `"copper"`) {
			t.Errorf("%s after the update: %d %s", n.name, st, b)
		}
	}
	if st, b := ns[1].call(t, "DELETE", "/api/searches/"+ss.ID, ""); st != http.StatusNoContent {
		t.Fatalf("DELETE on node2: %d %s", st, b)
	}
	if st, b := ns[1].call(t, "DELETE", "/api/searches/"+ss.ID, ""); st != http.StatusNotFound {
		t.Errorf("DELETE again: %d %s; want 404", st, b)
	}
	last := ns[1].status(t).AppliedSeq
	for _, n := range ns {
		st, b := n.call(t, "GET", fmt.Sprintf("/api/searches/%s?min_seq=%d", ss.ID, last), "")
		if st != http.StatusNotFound {
			t.Errorf("%s after the delete: %d %s; want 404", n.name, st, b)
		}
	}
}

// TestClusterDeleteSeq: a delete's answer carries its log entry, and a
// read on another node given min_seq= of it no longer finds the article.
func TestClusterDeleteSeq(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 3 nats-servers and 3 newsfind processes")
	}
	_, ns := startCluster(t, 3)
	st, seq, _, _ := post(t, ns[0].url, []map[string]string{clusterArticle(1), clusterArticle(2)})
	if st != http.StatusOK {
		t.Fatalf("POST: %d", st)
	}
	st, b := ns[0].call(t, "DELETE", "/api/articles/c000001", "")
	var d struct {
		Deleted []string
		Seq     uint64
	}
	_ = json.Unmarshal([]byte(b), &d)
	if st != http.StatusOK || d.Seq <= seq {
		t.Fatalf("DELETE on node1: %d %s; want a seq after the write's %d", st, b, seq)
	}
	st, b = ns[0].call(t, "POST", "/api/delete", `{"ids":["c000002"]}`)
	var d2 struct{ Seq uint64 }
	_ = json.Unmarshal([]byte(b), &d2)
	if st != http.StatusOK || d2.Seq <= d.Seq {
		t.Fatalf("POST /api/delete on node1: %d %s; want a seq after %d", st, b, d.Seq)
	}
	// Asked at once, with min_seq: the other nodes have applied both.
	for _, n := range ns[1:] {
		for _, id := range []string{"c000001", "c000002"} {
			st, b := n.call(t, "GET", fmt.Sprintf("/api/articles/%s?min_seq=%d", id, d2.Seq), "")
			if st != http.StatusNotFound {
				t.Errorf("%s: %s after its delete: %d %s; want 404", n.name, id, st, b)
			}
		}
	}
}

// waitWritable waits until a node takes a write (JetStream elects its
// leaders a moment after the servers start).
func waitWritable(t *testing.T, n *clusterNode) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, _, _, _ := post(t, n.url, []map[string]string{clusterArticle(0)})
		if st == http.StatusOK {
			return
		}
		if st >= 400 && st < 500 || time.Now().After(deadline) {
			t.Fatalf("no write accepted in 30 s (last %d); %s log:\n%s", st, n.name, tail(n.log(), 3000))
		}
		time.Sleep(200 * time.Millisecond)
	}
}
