package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
)

//go:embed templates static
var assets embed.FS

// pageNames are the pages, each a templates/<name>.html defining "content"
// and "title" inside templates/layout.html.
var pageNames = []string{"home", "search", "article", "error", "compare", "terms", "saved", "savenew"}

// pages holds one parsed template set per page.
type pages map[string]*template.Template

// parsePages parses the embedded templates once, at start-up.
func parsePages() (pages, error) {
	base, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(assets, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("web templates: %w", err)
	}
	out := pages{}
	for _, name := range pageNames {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(assets, "templates/"+name+".html"); err != nil {
			return nil, fmt.Errorf("web template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// staticFS is the static files, served under /static/.
func staticFS() (fs.FS, error) { return fs.Sub(assets, "static") }

var templateFuncs = template.FuncMap{
	"plural": pluralize,
}
