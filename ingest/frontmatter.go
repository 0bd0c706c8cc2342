package ingest

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/newsfind/newsfind"
)

// frontMatter is the header of a Markdown or text article.
type frontMatter struct {
	ID          string   `yaml:"id"`
	Title       string   `yaml:"title"`
	URL         string   `yaml:"url"`
	Source      string   `yaml:"source"`
	Byline      string   `yaml:"byline"`
	Published   string   `yaml:"published"`
	DateNote    string   `yaml:"date_note"`
	Dateline    string   `yaml:"dateline"`
	Countries   []string `yaml:"countries"`
	Commodities []string `yaml:"commodities"`
	Lang        string   `yaml:"lang"`
}

// ParseMarkdown reads an article written as front matter between "---"
// lines followed by its body.
func ParseMarkdown(data []byte) (newsfind.Article, error) {
	var a newsfind.Article
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	if !strings.HasPrefix(text, "---\n") {
		return a, newsfind.Errorf(newsfind.EINVALID, "front matter: the file must start with a line \"---\"")
	}
	header, body, ok := strings.Cut(text[len("---\n"):], "\n---\n")
	if !ok {
		if h, found := strings.CutSuffix(text[len("---\n"):], "\n---"); found {
			header, body, ok = h, "", true
		}
	}
	if !ok {
		return a, newsfind.Errorf(newsfind.EINVALID, "front matter: no closing \"---\" line")
	}
	var fm frontMatter
	dec := yaml.NewDecoder(strings.NewReader(header))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil && err.Error() != "EOF" {
		return a, newsfind.Errorf(newsfind.EINVALID, "front matter: %s", yamlMessage(err))
	}
	published, err := ParseDate(fm.Published)
	if err != nil {
		return a, err
	}
	a = newsfind.Article{
		ID:          strings.TrimSpace(fm.ID),
		URL:         strings.TrimSpace(fm.URL),
		Title:       strings.TrimSpace(fm.Title),
		Source:      strings.TrimSpace(fm.Source),
		Byline:      fm.Byline,
		Lang:        fm.Lang,
		Published:   published,
		DateNote:    strings.TrimSpace(fm.DateNote),
		Dateline:    fm.Dateline,
		Body:        strings.TrimSpace(body),
		Countries:   fm.Countries,
		Commodities: fm.Commodities,
	}
	return a, nil
}

func yamlMessage(err error) string {
	return strings.TrimPrefix(fmt.Sprint(err), "yaml: ")
}
