package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/web"
)

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("search", "search [flags] QUERY", stderr)
	var countries, commodities, sources listFlag
	fs.Var(&countries, "country", "only articles about this country (code or name; repeatable)")
	fs.Var(&commodities, "commodity", "only articles about this commodity (repeatable)")
	fs.Var(&sources, "source", "only articles from this source (repeatable)")
	from := fs.String("from", "", "only articles published on or after this day (YYYY-MM-DD)")
	to := fs.String("to", "", "only articles published on or before this day (YYYY-MM-DD)")
	sortBy := fs.String("sort", "relevance", "relevance or date")
	page := fs.Int("page", 1, "page of results")
	size := fs.Int("size", 10, "articles per page (at most 100)")
	after := fs.String("after", "", "start after this cursor (the \"next\" a previous search printed) instead of at --page")
	asJSON := fs.Bool("json", false, "print the API's JSON instead of text")
	data := fs.String("data", "./data", "data directory to search when no server is running")
	server := fs.String("server", "http://localhost:8080", "server to ask when the data directory is in use")
	token := fs.String("token", "", "token for a --private server (default: read from DATA/token when readable)")
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	v := url.Values{}
	v.Set("q", strings.Join(words, " "))
	for _, c := range countries {
		v.Add("country", c)
	}
	for _, c := range commodities {
		v.Add("commodity", c)
	}
	for _, s := range sources {
		v.Add("source", s)
	}
	for k, s := range map[string]string{"from": *from, "to": *to, "sort": *sortBy} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if *after != "" {
		v.Set("after", *after)
	} else {
		v.Set("page", fmt.Sprint(*page))
	}
	v.Set("size", fmt.Sprint(*size))

	status, body, err := query(ctx, *data, *server, *token, "/api/search?"+v.Encode())
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
			return errors.New(e.Error.Message)
		}
		return fmt.Errorf("server answered %d", status)
	}
	if *asJSON {
		_, err := stdout.Write(body)
		return err
	}
	return printResults(stdout, body, isTerminal(stdout))
}

// query answers an API request from the data directory when no server
// holds it, else from the server. Both go through the same handler, so the
// command line prints exactly what the API returns.
func query(ctx context.Context, data, server, token, path string) (int, []byte, error) {
	eng, err := openLocal(ctx, data)
	if errors.Is(err, engine.ErrLocked) {
		req, rerr := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(server, "/")+path, nil)
		if rerr != nil {
			return 0, nil, rerr
		}
		// A private server wants the token for reads too; an open one
		// ignores it. The local token file only goes to a server on this
		// machine: it is the write token of whatever holds data.
		if token == "" && isLoopback(server) {
			token, _ = engine.ReadToken(data)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, rerr := http.DefaultClient.Do(req)
		if rerr != nil {
			return 0, nil, fmt.Errorf("%v; and the server at %s did not answer: %v", err, server, rerr)
		}
		defer resp.Body.Close()
		b, rerr := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		return resp.StatusCode, b, rerr
	}
	if err != nil {
		return 0, nil, err
	}
	defer eng.Close()
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop()})
	if err != nil {
		return 0, nil, err
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, path, nil))
	return rec.Code, rec.Body.Bytes(), nil
}

type cliResult struct {
	TotalArticles int     `json:"total_articles"`
	TotalPassages int     `json:"total_passages"`
	TookMS        float64 `json:"took_ms"`
	Next          string  `json:"next"`
	Hits          []struct {
		ID, Title, URL, Source string
		Published              *string
		Countries              []string
		Commodities            []string
		MatchedPassages        int `json:"matched_passages"`
		Passages               []struct {
			Index     int
			Highlight string
		}
	}
}

func printResults(w io.Writer, body []byte, color bool) error {
	var r cliResult
	if err := json.Unmarshal(body, &r); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d articles, %d passages (%.1f ms)\n", r.TotalArticles, r.TotalPassages, r.TookMS)
	for _, h := range r.Hits {
		date := "undated"
		if h.Published != nil {
			date = *h.Published
		}
		fmt.Fprintf(w, "\n%s\n  %s · %s · %s\n  %s\n", h.Title, h.Source, date, h.ID, h.URL)
		if len(h.Countries)+len(h.Commodities) > 0 {
			fmt.Fprintf(w, "  [%s]\n", strings.Join(append(append([]string{}, h.Countries...), h.Commodities...), " "))
		}
		for _, p := range h.Passages {
			fmt.Fprintf(w, "  ¶%d  %s\n", p.Index, indent(terminalMarks(p.Highlight, color)))
		}
		if more := h.MatchedPassages - len(h.Passages); more > 0 {
			fmt.Fprintf(w, "  … %d more matching passages\n", more)
		}
	}
	if r.Next != "" {
		fmt.Fprintf(w, "\nmore: --after %s\n", r.Next)
	}
	return nil
}

// terminalMarks shows <mark>ed matches in bold on a terminal, and between
// ** elsewhere, and unescapes the rest.
func terminalMarks(s string, color bool) string {
	open, close := "**", "**"
	if color {
		open, close = "\x1b[1;33m", "\x1b[0m"
	}
	var b bytes.Buffer
	for {
		i := strings.Index(s, "<mark>")
		if i < 0 {
			b.WriteString(html.UnescapeString(s))
			return b.String()
		}
		j := strings.Index(s[i:], "</mark>")
		if j < 0 {
			b.WriteString(html.UnescapeString(s))
			return b.String()
		}
		b.WriteString(html.UnescapeString(s[:i]))
		b.WriteString(open + html.UnescapeString(s[i+len("<mark>"):i+j]) + close)
		s = s[i+j+len("</mark>"):]
	}
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n       ") }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// isLoopback reports whether a server URL names this machine.
func isLoopback(server string) bool {
	u, err := url.Parse(server)
	if err != nil {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}
