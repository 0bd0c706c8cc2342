package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSearchScope: scope=article and scope=passage reach the search, the
// default is article, and a scope the API does not know is a 400 naming
// the values it does.
func TestSearchScope(t *testing.T) {
	ts := newSeedServer(t)
	q := url.QueryEscape("rare earth Kazakhstan")
	_, byDefault := get(t, ts, "/api/search?q="+q)
	code, article := get(t, ts, "/api/search?q="+q+"&scope=article")
	if code != http.StatusOK {
		t.Fatalf("scope=article: %d %+v", code, article.Error)
	}
	code, passage := get(t, ts, "/api/search?q="+q+"&scope=Passage")
	if code != http.StatusOK {
		t.Fatalf("scope=Passage: %d %+v", code, passage.Error)
	}
	t.Logf("rare earth Kazakhstan: article scope %d articles, passage scope %d", article.TotalArticles, passage.TotalArticles)
	if article.TotalArticles <= passage.TotalArticles || ids(byDefault) != ids(article) {
		t.Errorf("article %d (default %d), passage %d: article scope must be the default and wider here",
			article.TotalArticles, byDefault.TotalArticles, passage.TotalArticles)
	}
	code, bad := get(t, ts, "/api/search?q="+q+"&scope=sentence")
	if code != http.StatusBadRequest || bad.Error == nil || !strings.Contains(bad.Error.Message, "article or passage") {
		t.Errorf("scope=sentence: %d %+v", code, bad.Error)
	}

	resp, err := http.Get(ts.URL + "/search?q=" + q + "&scope=passage")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `<option value="passage" selected>`) {
		t.Errorf("the search page does not show scope=passage as chosen")
	}
}
