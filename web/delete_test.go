package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/wire"
)

// TestDeleteMany: POST /api/delete removes a list of articles in one
// request and answers the ids it removed, leaving out unknown ones; bad
// lists are refused with a JSON error and nothing removed.
func TestDeleteMany(t *testing.T) {
	arts := []newsfind.Article{
		{ID: "lead-1", Title: "Lead stocks fall", Body: "Lead stocks at the exchange fell for a third week."},
		{ID: "lead-2", Title: "Lead smelter closes", Body: "A lead smelter in Missouri closed on Friday."},
		{ID: "tin-1", Title: "Tin output rises", Body: "Bolivia's tin output rose in the quarter."},
	}
	eng := enginetest.Open(t, enginetest.Articles(arts))
	srv, err := NewServer(Options{Searcher: eng.Searcher(), Deleter: eng, Token: "tok", Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	post := func(token, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/api/delete", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	tooMany := make([]string, 10_001)
	for i := range tooMany {
		tooMany[i] = fmt.Sprintf("x-%d", i)
	}
	many, _ := json.Marshal(wire.DeleteRequest{IDs: tooMany})
	for _, tt := range []struct {
		name, token, body string
		status            int
		code, limit       string
	}{
		{"no token", "", `{"ids":["lead-1"]}`, http.StatusUnauthorized, newsfind.EUNAUTHORIZED, ""},
		{"not JSON", "tok", `lead-1`, http.StatusBadRequest, newsfind.EINVALID, ""},
		{"no ids", "tok", `{"ids":[]}`, http.StatusBadRequest, newsfind.EINVALID, ""},
		{"misspelt field", "tok", `{"id":["lead-1"]}`, http.StatusBadRequest, newsfind.EINVALID, ""},
		{"bad id", "tok", `{"ids":["lead-1","../etc"]}`, http.StatusBadRequest, newsfind.EINVALID, ""},
		{"over the cap", "tok", string(many), http.StatusRequestEntityTooLarge, newsfind.ETOOLARGE, "max_delete_ids"},
		{"over the body cap", "tok", `{"ids":["` + strings.Repeat("a", 3<<20) + `"]}`, http.StatusRequestEntityTooLarge, newsfind.ETOOLARGE, "max_body_bytes"},
	} {
		rec := post(tt.token, tt.body)
		if rec.Code != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, rec.Code, rec.Body, tt.status)
			continue
		}
		if e := errorOf(t, rec).Error; e.Code != tt.code || e.Limit != tt.limit {
			t.Errorf("%s: error %+v, want code %q limit %q", tt.name, e, tt.code, tt.limit)
		}
	}
	if n := eng.Articles(); n != 3 {
		t.Fatalf("%d articles after the refused deletes, want 3", n)
	}

	rec := post("tok", `{"ids":["lead-2","no-such","lead-1","lead-2"]}`)
	var ans wire.DeleteAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &ans); rec.Code != http.StatusOK || err != nil {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body)
	}
	if !slices.Equal(ans.Deleted, []string{"lead-2", "lead-1"}) {
		t.Errorf("deleted %v, want [lead-2 lead-1]", ans.Deleted)
	}
	if n := eng.Articles(); n != 1 {
		t.Errorf("%d articles after the delete, want 1 (tin-1)", n)
	}
	// Nothing it knows: 200 with none deleted, as the list says which.
	rec = post("tok", `{"ids":["lead-1"]}`)
	ans.Deleted = nil
	if err := json.Unmarshal(rec.Body.Bytes(), &ans); rec.Code != http.StatusOK || err != nil || ans.Deleted == nil || len(ans.Deleted) != 0 {
		t.Errorf("again: %d %s", rec.Code, rec.Body)
	}
}
