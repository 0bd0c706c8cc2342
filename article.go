package newsfind

import (
	"context"
	"regexp"
	"time"
)

// DateLayout is how newsfind writes a calendar day.
const DateLayout = "2006-01-02"

// Article is one news article as newsfind stores it. The stored article is the
// source of truth; passages and tags are derived from it and can be rebuilt.
type Article struct {
	ID     string `json:"id"`
	URL    string `json:"url"`
	Title  string `json:"title"`
	Source string `json:"source"`
	// Byline names the authors as the article gives them ("By Jane Doe
	// and Li Wei"), when it does.
	Byline string `json:"byline,omitempty"`
	// Section is the part of the publication the article ran in
	// ("POLITICS", "World news"), as its publisher names it, when given.
	Section string `json:"section,omitempty"`
	// Lang is the article's language as a BCP 47 tag ("de", "pt-BR"),
	// when given; indexing detects it when not (Summary.Lang).
	Lang string `json:"lang,omitempty"`
	// Published is the day the article appeared, zero when it is not known.
	// An unknown date is kept unknown rather than guessed; DateNote says
	// what is known instead (for example "after 2025-10-30").
	Published time.Time `json:"published"`
	DateNote  string    `json:"date_note,omitempty"`
	// Dateline is where (and, as wire copy writes it, when) the story was
	// filed: "NEW YORK, March 3". The tagger reads it as a strong sign of
	// the subject.
	Dateline string `json:"dateline,omitempty"`
	Body     string `json:"body"`
	// Countries and Commodities given with the article add to what the
	// tagger finds in its text.
	Countries   []string `json:"countries,omitempty"`
	Commodities []string `json:"commodities,omitempty"`
}

// Dated reports whether the article's publication day is known.
func (a *Article) Dated() bool { return !a.Published.IsZero() }

// Summary is an article without its text: what a hit shows, what the store
// keeps apart so that start-up need not read every article, and what the
// catalog holds for facets. store.Meta, catalog.Entry and Hit embed it, so a
// field added here reaches all three. Its JSON names are the store's
// persisted ones and the API's.
type Summary struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	Source string `json:"source"`
	Byline string `json:"byline,omitempty"`
	// Section is the publisher's section, when given.
	Section string `json:"section,omitempty"`
	// Lang is the article's language, given or detected ("" when
	// unknown): its passages were analyzed with that language's stemmer
	// and stop words.
	Lang string `json:"lang,omitempty"`
	// Published is zero when the article does not say. The store writes
	// it as RFC 3339; the API shadows it with YYYY-MM-DD or null.
	Published time.Time `json:"published"`
	DateNote  string    `json:"date_note,omitempty"`
	Dateline  string    `json:"dateline,omitempty"`
	// Countries and Commodities are the article's tags, given and found:
	// what it mentions.
	Countries   []string `json:"countries"`
	Commodities []string `json:"commodities"`
	// About is what the article is about, a subset of the mentions
	// (docs/tagger.md). Left out of the JSON when empty, so that a store
	// written before it existed reads back the same.
	About TagSet `json:"about,omitzero"`
	// StoryID names the article's story: the copies of one text across
	// outlets and re-sends (docs/design.md, "Stories"). It is given when
	// the article is stored and kept across restarts and re-indexing.
	StoryID string `json:"story_id,omitempty"`
}

// TagSet is one set of an article's tags.
type TagSet struct {
	Countries   []string `json:"countries"`
	Commodities []string `json:"commodities"`
}

// Tag sets that filters and facets can count.
const (
	TagsMentions = "mentions" // every country and commodity the article names
	TagsAbout    = "about"    // what the article is about
)

// Summary returns the article's summary with the tags indexing gave it.
// The tags are passed in because the article's own are only those given
// with it: taking them silently would drop every tag the tagger found.
// About is left for the caller, who has it from the same indexing.
func (a *Article) Summary(countries, commodities []string) Summary {
	return Summary{
		ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, Byline: a.Byline,
		Published: a.Published, DateNote: a.DateNote, Dateline: a.Dateline,
		Section: a.Section, Lang: a.Lang,
		Countries: countries, Commodities: commodities,
	}
}

// Passage is a searchable piece of an article: a paragraph, part of a long
// one, or the title (index 0).
type Passage struct {
	ArticleID   string   `json:"article_id"`
	Index       int      `json:"index"`
	Text        string   `json:"text"`
	Countries   []string `json:"countries,omitempty"`
	Commodities []string `json:"commodities,omitempty"`
}

// Document is an article with what indexing derived from it: its passages
// (title first, at index 0, when it has one) and the tags rolled up from them.
type Document struct {
	Article
	Passages []Passage `json:"passages"`
	// Countries and Commodities shadow the article's given tags with the
	// union of given and found tags.
	Countries   []string `json:"countries"`
	Commodities []string `json:"commodities"`
	// About is what the article is about, decided from where and how often
	// it names each of Countries and Commodities.
	About TagSet `json:"about"`
	// Labels are the display names of the Countries and Commodities
	// values ("KZ": "Kazakhstan"), where the vocabulary has one.
	Labels map[string]string `json:"-"`
	// StoryID is the article's story and Copies its other articles, the
	// story's canonical (earliest) article first; empty when the
	// article's story has no other.
	StoryID string `json:"story_id,omitempty"`
	Copies  []Copy `json:"-"`
}

// Copy is another article of a story: what a list of copies shows.
type Copy struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Source string `json:"source"`
	// Published is YYYY-MM-DD, or empty when the article does not say.
	Published string `json:"published,omitempty"`
	// Canonical marks the story's earliest article.
	Canonical bool `json:"canonical,omitempty"`
}

// Deleter removes articles. Delete removes each stored article named by
// ids durably (from the store first, as writes are stored first) and from
// the index, the catalog and its story before it returns; it reports the
// ids it found and removed, the others being unknown.
type Deleter interface {
	Delete(ctx context.Context, ids []string) (deleted []string, err error)
}

// A LoggedDeleter is a Deleter whose deletes go through a cluster's log
// (cluster/): DeleteLogged also returns the delete's log sequence number,
// which its answer carries as a write's does, so that a read given
// min_seq=seq on any node waits until that node has applied the delete.
type LoggedDeleter interface {
	DeleteLogged(ctx context.Context, ids []string) (deleted []string, seq uint64, err error)
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$`)

// ValidID reports whether id can name an article: it must be safe to put in
// a URL path without escaping.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// Outcome says what happened to one article of a write.
type Outcome struct {
	Index  int    `json:"index"`           // position in the request
	ID     string `json:"id,omitempty"`    // the article's id, when it has one
	Status string `json:"status"`          // created, updated, unchanged or error
	Error  string `json:"error,omitempty"` // why the article was refused
	// Warnings say what of the item was not taken, though the article
	// was (an unknown JSON field: a typo loses data silently otherwise).
	Warnings []string `json:"warnings,omitempty"`
	// Seq is the article's sequence number in a cluster's log (cluster/):
	// a search given min_seq=Seq waits until its node has applied it.
	Seq uint64 `json:"seq,omitempty"`
}

// Outcome statuses.
const (
	StatusCreated   = "created"
	StatusUpdated   = "updated"
	StatusUnchanged = "unchanged"
	StatusError     = "error"
	// StatusAccepted is an article a cluster's log holds, on a quorum of
	// its servers, that the answering node had not yet applied when it
	// answered: it will be, on every node.
	StatusAccepted = "accepted"
)

// Writer takes articles in. Add stores every valid article durably before
// it returns and reports per article what happened.
type Writer interface {
	Add(ctx context.Context, arts []Article) ([]Outcome, error)
}

// Tally counts the outcomes of writes by status.
type Tally struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Accepted  int `json:"accepted,omitempty"`
	Errors    int `json:"errors"`
}

// Add counts one outcome.
func (t *Tally) Add(o Outcome) {
	switch o.Status {
	case StatusCreated:
		t.Created++
	case StatusUpdated:
		t.Updated++
	case StatusUnchanged:
		t.Unchanged++
	case StatusAccepted:
		t.Accepted++
	default:
		t.Errors++
	}
}

// Stored is how many articles are in the store after the writes.
func (t Tally) Stored() int { return t.Created + t.Updated + t.Unchanged + t.Accepted }
