package bench

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"
)

//go:embed queries.tsv
var defaultQueries string

// Query is one line of a query file.
type Query struct {
	Class string `json:"class"`
	Text  string `json:"query"`
}

// DefaultQueries returns the embedded query file (bench/queries.tsv).
func DefaultQueries() []Query {
	qs, err := ParseQueries(strings.NewReader(defaultQueries))
	if err != nil {
		panic(err)
	}
	return qs
}

// LoadQueries reads a query file.
func LoadQueries(path string) ([]Query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	qs, err := ParseQueries(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return qs, nil
}

// ParseQueries reads lines "CLASS<TAB>QUERY"; blank lines and lines
// starting with # are skipped.
func ParseQueries(r io.Reader) ([]Query, error) {
	var qs []Query
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		class, text, ok := strings.Cut(s, "\t")
		class, text = strings.TrimSpace(class), strings.TrimSpace(text)
		if !ok || class == "" || text == "" {
			return nil, fmt.Errorf("line %d: want CLASS<TAB>QUERY, got %q", line, s)
		}
		qs = append(qs, Query{Class: class, Text: text})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("no queries")
	}
	return qs, nil
}
