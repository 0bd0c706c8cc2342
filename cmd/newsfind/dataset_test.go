package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/internal/enginetest"
)

// TestIngestHuffPostCLI: the HuffPost sample ingests whole with the
// default flags (its category and authors are read as section and
// byline), and a field newsfind does not know is a warning said once with
// its count, not a refusal; --strict refuses it.
func TestIngestHuffPostCLI(t *testing.T) {
	corpus.Long(t)
	path := corpus.Path(t, "huffpost_news_category_sample.jsonl.gz")
	data := filepath.Join(t.TempDir(), "hp")
	code, out, errOut := runCLI(t, "ingest", "--data", data, path)
	if code != 0 || !strings.HasPrefix(out, "13456 stored, 0 skipped") || strings.Contains(errOut, "warning") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	eng := enginetest.Open(t, enginetest.Dir(data))
	r, err := eng.Searcher().Search(context.Background(), newsfind.Query{Text: "American Airlines flyer punching flight attendant"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 || r.Hits[0].Byline != "Mary Papenfuss" || r.Hits[0].Section != "U.S. NEWS" {
		t.Errorf("first hit: %+v", r.Hits)
	}
	eng.Close()

	extra := `{"id":"x-1","title":"Zinc","body":"Peru zinc mines reopened.","mood":"calm"}` + "\n" + `{"id":"x-2","title":"Tin","body":"Tin rose.","mood":"up"}`
	code, out, errOut = runCLIStdin(t, extra, "ingest", "--data", data, "-")
	if code != 0 || !strings.HasPrefix(out, "2 stored, 0 skipped") || !strings.Contains(errOut, `warning: unknown field "mood" left out (2 articles;`) {
		t.Errorf("unknown field: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = runCLIStdin(t, strings.Replace(extra, "x-", "y-", 2), "ingest", "--strict", "--data", data, "-")
	if code != 1 || !strings.HasPrefix(out, "0 stored, 2 skipped") || !strings.Contains(errOut, `unknown field "mood"`) {
		t.Errorf("--strict: exit %d\n%s\n%s", code, out, errOut)
	}
}
