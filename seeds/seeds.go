// Package seeds embeds newsfind's default corpus: the articles a fresh
// install indexes so that it searches something real at once.
package seeds

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/ingest"
)

//go:embed *.md
var files embed.FS

// Articles returns the seed articles in file order.
func Articles() ([]newsfind.Article, error) {
	names, err := fs.Glob(files, "*.md")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []newsfind.Article
	for _, name := range names {
		if name == "README.md" {
			continue
		}
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		a, err := ingest.ParseMarkdown(data)
		if err != nil {
			return nil, fmt.Errorf("seed %s: %w", path.Base(name), err)
		}
		out = append(out, a)
	}
	return out, nil
}
