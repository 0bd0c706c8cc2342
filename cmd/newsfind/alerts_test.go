package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind/engine"
)

// TestAlertsSurviveKill: the real server killed with -9 right after a
// write was answered, and again while a webhook delivery was in flight,
// still records each match once in the search's new list and has the
// receiver accept each once, signed, after it restarts.
func TestAlertsSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real binary four times")
	}
	var mu sync.Mutex
	var secret string
	hang := map[string]bool{"b1": true} // the article whose first delivery hangs
	accepted := map[string]int{}
	bad := 0
	firstB := make(chan struct{}, 1)
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var d engine.WebhookBody
		_ = json.Unmarshal(body, &d)
		mu.Lock()
		if hang[d.Article.ID] {
			hang[d.Article.ID] = false
			mu.Unlock()
			firstB <- struct{}{}
			<-r.Context().Done() // the server dies with the request open
			return
		}
		if r.Header.Get(engine.SignatureHeader) != engine.Sign(secret, body) {
			bad++
		}
		accepted[d.Article.ID]++
		mu.Unlock()
	}))
	defer rc.Close()
	u, _ := url.Parse(rc.URL)
	data := t.TempDir()
	args := []string{"--seeds=false", "--webhook-hosts", u.Host}
	s := startFaultServer(t, data, args...)
	call := func(s *faultServer, method, path, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, s.url+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+faultToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v\nlog:\n%s", method, path, err, s.log())
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	st, b := call(s, "POST", "/api/searches", `{"name":"barley","q":"barley","webhook":"`+rc.URL+`/hook"}`)
	if st != http.StatusCreated {
		t.Fatalf("POST /api/searches: %d %s", st, b)
	}
	var ss struct{ ID, Secret string }
	_ = json.Unmarshal([]byte(b), &ss)
	mu.Lock()
	secret = ss.Secret
	mu.Unlock()
	kill := func(s *faultServer) {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}

	// Killed as soon as the write is answered: percolation and delivery
	// may not have begun.
	if st, b := call(s, "POST", "/api/articles", `{"id":"a1","title":"Barley exports","body":"Barley exports from France rose."}`); st != 200 {
		t.Fatalf("POST a1: %d %s", st, b)
	}
	kill(s)
	s = startFaultServer(t, data, args...)
	// Killed while the receiver holds the delivery open.
	if st, b := call(s, "POST", "/api/articles", `{"id":"b1","title":"Barley prices","body":"Barley prices fell in Canada."}`); st != 200 {
		t.Fatalf("POST b1: %d %s", st, b)
	}
	select {
	case <-firstB:
	case <-time.After(10 * time.Second):
		t.Fatalf("b1's delivery never came; log:\n%s", s.log())
	}
	kill(s)
	s = startFaultServer(t, data, args...)
	deadline := time.Now().Add(15 * time.Second)
	for {
		mu.Lock()
		done := accepted["a1"] > 0 && accepted["b1"] > 0
		mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	mu.Lock()
	if accepted["a1"] != 1 || accepted["b1"] != 1 || bad != 0 {
		t.Errorf("accepted %v with %d bad signatures; want a1 and b1 once each, all signed", accepted, bad)
	}
	mu.Unlock()
	_, b = call(s, "GET", "/api/searches/"+ss.ID+"/new", "")
	var nm struct{ Hits []struct{ Article string } }
	_ = json.Unmarshal([]byte(b), &nm)
	if len(nm.Hits) != 2 || nm.Hits[0].Article != "a1" || nm.Hits[1].Article != "b1" {
		t.Errorf("new list after two kills: %s", b)
	}
}
