package wire

import "github.com/newsfind/newsfind"

// ArticleAnswer is the GET /api/articles/{id} answer: the article with its
// passages and tags. It has neither the body (the passages are it) nor the
// tags' labels.
type ArticleAnswer struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	URL       string  `json:"url"`
	Source    string  `json:"source"`
	Byline    string  `json:"byline,omitempty"`
	Section   string  `json:"section,omitempty"`
	Lang      string  `json:"lang,omitempty"`
	Published *string `json:"published"`
	DateNote  string  `json:"date_note,omitempty"`
	Dateline  string  `json:"dateline,omitempty"`
	// Countries and Commodities are what the article mentions, given and
	// found; About is what it is about.
	Countries   []string           `json:"countries"`
	Commodities []string           `json:"commodities"`
	About       newsfind.TagSet    `json:"about"`
	Passages    []newsfind.Passage `json:"passages"`
	// StoryID is the article's story; Copies the ids of its other
	// articles (the canonical one first), CopiesDetail the same with their
	// titles, sources and days. Copies is [] when the story has no other.
	StoryID      string          `json:"story_id,omitempty"`
	Copies       []string        `json:"copies"`
	CopiesDetail []newsfind.Copy `json:"copies_detail,omitempty"`
}

// NewArticleAnswer is d as the server writes it.
func NewArticleAnswer(d *newsfind.Document) ArticleAnswer {
	return ArticleAnswer{
		ID: d.ID, Title: d.Title, URL: d.URL, Source: d.Source, Byline: d.Byline, Section: d.Section, Lang: d.Lang,
		Published: Day(d.Published), DateNote: d.DateNote, Dateline: d.Dateline,
		Countries: d.Countries, Commodities: d.Commodities, About: tagSet(d.About), Passages: d.Passages,
		StoryID: d.StoryID, Copies: append([]string{}, copyIDs(d.Copies)...), CopiesDetail: d.Copies,
	}
}

// Document is the newsfind.Document a reads as, its Body and Labels
// empty, and its given tags only among the found ones.
func (a *ArticleAnswer) Document() (*newsfind.Document, error) {
	pub, err := ParseDay(a.Published)
	if err != nil {
		return nil, err
	}
	return &newsfind.Document{
		Article: newsfind.Article{ID: a.ID, URL: a.URL, Title: a.Title, Source: a.Source, Byline: a.Byline,
			Section: a.Section, Lang: a.Lang, Published: pub, DateNote: a.DateNote, Dateline: a.Dateline},
		Passages: a.Passages, Countries: a.Countries, Commodities: a.Commodities, About: a.About,
		StoryID: a.StoryID, Copies: a.CopiesDetail,
	}, nil
}
