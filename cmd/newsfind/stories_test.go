package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const cliWire = `A senior Ivory Coast Agriculture Ministry official confirmed his country's backing for a new international cocoa pact and said Ivorian delegates would be present at talks on its buffer stock starting this week.\n\nThe official told Reuters that Ivorian Agriculture Minister Denis Bra Kanon would attend the talks in London, which open on March 23 and are due to last two weeks.\n\nIvory Coast, the world's largest cocoa producer with a crop of 565,000 tonnes last season, did not participate in the last international cocoa pact.`

// storyArticles is a wire story, a copy of it in another outlet, and
// another cocoa story, as NDJSON.
func storyArticles() string {
	return `{"id":"wire-1","url":"https://wire.example/1","title":"Ivory Coast at cocoa talks","source":"Reuters","published":"1987-03-15","body":"` + cliWire + `"}
{"id":"copy-1","url":"https://courier.example/1","title":"Ivorians to attend","source":"Daily Courier","published":"1987-03-16","body":"By a staff writer, with Reuters\n\n` + cliWire + `"}
{"id":"other-1","url":"https://wire.example/2","title":"Cocoa prices firmer","source":"Reuters","published":"1987-03-18","body":"Cocoa prices rose in London on Wednesday as traders weighed the chances of a deal on buffer stock rules, dealers said.\n\nThe May position gained 15 stg to 1,342 stg a tonne in thin trading."}
`
}

// TestStoriesCLI: search --distinct story shows each story once with its
// copies; delete removes an article and says which ids it did not know.
func TestStoriesCLI(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "stories.jsonl")
	if err := os.WriteFile(file, []byte(storyArticles()), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "ingest", "--data", data, file); code != 0 {
		t.Fatalf("ingest: exit %d %s", code, errOut)
	}
	code, out, errOut := runCLI(t, "search", "--data", data, "--distinct", "story", "cocoa")
	if code != 0 || !strings.Contains(out, "2 stories in 3 articles") || !strings.Contains(out, "1 copy in 2 outlets:") {
		t.Errorf("search --distinct story: exit %d %s\n%s", code, errOut, out)
	}
	if code, _, errOut := runCLI(t, "search", "--data", data, "--distinct", "outlet", "cocoa"); code == 0 || !strings.Contains(errOut, "--distinct") {
		t.Errorf("--distinct outlet: exit %d %s", code, errOut)
	}
	code, out, errOut = runCLI(t, "delete", "--data", data, "wire-1", "no-such")
	if code != 1 || !strings.Contains(out, "deleted wire-1") || !strings.Contains(errOut, "no-such") {
		t.Errorf("delete: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, "search", "--data", data, "--json", "--distinct", "story", "cocoa")
	if code != 0 || hitOrCopy(out, "wire-1") || !strings.Contains(out, `"total_stories": 2`) {
		t.Errorf("after delete: exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "delete", "--data", data); code != 2 {
		t.Errorf("delete without ids: exit %d, want 2 (usage)", code)
	}
}

// TestDeleteKillNine: a delete the server acknowledged stays done when the
// server is killed with SIGKILL right after, and after a re-index; the
// CLI deletes through the server that holds the directory.
func TestDeleteKillNine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	data := t.TempDir()
	const token = "delete-kill-token"
	s := startServer(t, data, token)
	req, _ := http.NewRequest(http.MethodPost, s.url+"/api/articles", strings.NewReader(storyArticles()))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("post: %v %v", resp, err)
	}
	resp.Body.Close()
	req, _ = http.NewRequest(http.MethodDelete, s.url+"/api/articles/wire-1", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("delete: %v %v", resp, err)
	}
	resp.Body.Close()
	s.cmd.Process.Kill() // SIGKILL right after the answer
	s.cmd.Wait()

	s = startServer(t, data, token)
	defer func() { s.cmd.Process.Kill(); s.cmd.Wait() }()
	gone := func(when, id string) {
		t.Helper()
		resp, err := http.Get(s.url + "/api/articles/" + id)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: GET %s is %d, want 404", when, id, resp.StatusCode)
		}
		resp, err = http.Get(s.url + "/api/search?q=cocoa&distinct=story")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if hitOrCopy(string(b), id) {
			t.Errorf("%s: the search still shows %s: %s", when, id, b)
		}
	}
	gone("after kill -9", "wire-1")
	code, out, errOut := runCLI(t, "delete", "--data", data, "--server", s.url, "--token", token, "copy-1")
	if code != 0 || !strings.Contains(out, "deleted copy-1") {
		t.Errorf("delete through the server: exit %d %s %s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "reindex", "--data", data, "--server", s.url, "--token", token); code != 0 {
		t.Errorf("reindex: exit %d %s %s", code, out, errOut)
	}
	gone("after a re-index", "wire-1")
	gone("after a re-index", "copy-1")
}

// hitOrCopy reports whether a search answer names the article as a hit or
// as a copy (its story may keep the id: stories are named after their
// first article).
func hitOrCopy(answer, id string) bool {
	var r struct {
		Hits []struct {
			ID     string   `json:"id"`
			Copies []string `json:"copies"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(answer), &r); err != nil {
		return true
	}
	for _, h := range r.Hits {
		if h.ID == id {
			return true
		}
		for _, c := range h.Copies {
			if c == id {
				return true
			}
		}
	}
	return false
}
