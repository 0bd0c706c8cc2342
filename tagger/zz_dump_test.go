package tagger_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/tagger"
)

func TestZZDump(t *testing.T) {
	tg, _ := tagger.New()
	f, _ := os.Open("/tmp/reuters.jsonl")
	out, _ := os.Create("/tmp/feat.jsonl")
	defer out.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var raw struct {
			ID       string   `json:"id"`
			Split    string   `json:"lewissplit"`
			Places   []string `json:"places"`
			Topics   []string `json:"topics"`
			Withheld bool     `json:"labels_withheld"`
		}
		json.Unmarshal(sc.Bytes(), &raw)
		if raw.Withheld || raw.Split == "TEST" {
			continue
		}
		items, err := ingest.ParseJSON(sc.Bytes(), ingest.Options{})
		if err != nil || items[0].Err != nil {
			t.Log(raw.ID, err, items[0].Err)
			continue
		}
		a := items[0].Article
		if ingest.Normalize(&a) != nil {
			continue
		}
		ps := index.Passages(a)
		in := tagger.Article{Title: a.Title, Dateline: a.Dateline, Published: a.Published}
		for _, p := range ps {
			if p.Index > 0 {
				in.Body = append(in.Body, p.Text)
			}
		}
		at := tg.TagArticle(in)
		b, _ := json.Marshal(map[string]any{"id": raw.ID, "split": raw.Split, "places": raw.Places, "topics": raw.Topics,
			"title": a.Title, "kind": at.Kind, "about": at.About, "dateline": a.Dateline, "npass": len(in.Body), "body": a.Body[:min(len(a.Body), 600)], "signals": at.Signals, "lead": strings.Join(in.Body[:min(1, len(in.Body))], "")})
		fmt.Fprintln(out, string(b))
	}
}
