package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind"
)

// Options tune how an index is opened.
type Options struct {
	// LockTimeout bounds the wait for another process's lock on the index;
	// Bleve would otherwise wait forever.
	LockTimeout time.Duration
	// OnAsyncError receives errors of Bleve's background persister, which
	// reach nowhere else. It must be safe for concurrent use.
	OnAsyncError func(error)
}

// Index is a Bleve index of passages.
type Index struct {
	dir    string
	bleve  bleve.Index
	shared *sharedAnalysis
	queue  *bindex.AnalysisQueue // its own analysis queue (OpenMem); nil: Bleve's
}

// ErrLocked is returned when another process holds the index.
var ErrLocked = errors.New("index is locked by another process")

// Open opens the index in dir, creating it when dir does not exist.
func Open(dir string, opt Options) (*Index, error) {
	if opt.LockTimeout == 0 {
		opt.LockTimeout = 2 * time.Second
	}
	cfg := map[string]any{
		"bolt_timeout": opt.LockTimeout.String(),
	}
	if opt.OnAsyncError != nil {
		cfg["asyncErrorCallbackName"] = asyncCallbackName
	}
	var b bleve.Index
	var err error
	if _, statErr := os.Stat(dir); errors.Is(statErr, os.ErrNotExist) {
		m, merr := NewMapping()
		if merr != nil {
			return nil, merr
		}
		b, err = bleve.NewUsing(dir, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, cfg)
	} else {
		b, err = bleve.OpenUsing(dir, cfg)
	}
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("%w: %s", ErrLocked, dir)
		}
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if opt.OnAsyncError != nil {
		// scorch reports the path of its own store folder; route both.
		asyncHandlers.Store(filepath.Clean(dir), opt.OnAsyncError)
		asyncHandlers.Store(filepath.Join(dir, "store"), opt.OnAsyncError)
	}
	return &Index{dir: dir, bleve: b, shared: &sharedAnalysis{mapping: b.Mapping()}}, nil
}

// Bleve returns the underlying Bleve index, for the search package.
func (x *Index) Bleve() bleve.Index { return x.bleve }

// Reader returns a reader over a snapshot of the index, for searchers
// built by hand; the caller closes it.
func (x *Index) Reader() (bindex.IndexReader, error) {
	adv, err := x.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// Dir returns the index directory.
func (x *Index) Dir() string { return x.dir }

// Close closes the index; it waits for searches in flight.
func (x *Index) Close() error {
	asyncHandlers.Delete(filepath.Clean(x.dir))
	asyncHandlers.Delete(filepath.Join(x.dir, "store"))
	err := x.bleve.Close()
	if x.queue != nil {
		x.queue.Close()
	}
	return err
}

// PassageID is the Bleve document id of passage i of an article.
func PassageID(articleID string, i int) string {
	return articleID + "/" + strconv.Itoa(i)
}

// ParsePassageID splits a passage document id.
func ParsePassageID(id string) (articleID string, i int, ok bool) {
	j := strings.LastIndexByte(id, '/')
	if j < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(id[j+1:])
	if err != nil {
		return "", 0, false
	}
	return id[:j], n, true
}

// Write indexes documents in one batch, replacing their earlier passages.
// stale gives, per article id, how many passage documents it had before
// (0 or absent for a new article); the ones the new version lacks are
// deleted. Passage ids are positional, so writing the same document again
// is idempotent: a retry after a failed batch never duplicates passages.
func (x *Index) Write(docs []newsfind.Document, stale map[string]int) error {
	b := x.bleve.NewBatch()
	for i := range docs {
		d := &docs[i]
		err := EachPassageDoc(d, func(id string, doc any) error {
			bd, err := x.shared.document(id, doc)
			if err != nil {
				return err
			}
			return b.IndexAdvanced(bd)
		})
		if err != nil {
			return fmt.Errorf("index %s: %w", d.ID, err)
		}
		keep := map[int]bool{}
		for _, p := range d.Passages {
			keep[p.Index] = true
		}
		for j := 0; j < stale[d.ID]+1; j++ {
			// Old passages were numbered 0..n (0 the title), so a
			// version with fewer passages leaves ids to delete.
			if !keep[j] {
				b.Delete(PassageID(d.ID, j))
			}
		}
	}
	return x.bleve.Batch(b)
}

// Delete removes articles' passages in one batch: passages gives, per
// article id, how many passage documents it may have (0..n, the title
// first), as Write's stale does.
func (x *Index) Delete(passages map[string]int) error {
	b := x.bleve.NewBatch()
	for id, n := range passages {
		for j := 0; j < n+1; j++ {
			b.Delete(PassageID(id, j))
		}
	}
	return x.bleve.Batch(b)
}

// EachPassageDoc calls fn with the Bleve id and document of every passage
// of d: what Write indexes, and what the benchmark's plain-Bleve baseline
// indexes under Bleve's default mapping.
func EachPassageDoc(d *newsfind.Document, fn func(id string, doc any) error) error {
	date := ""
	if d.Dated() {
		date = d.Published.Format(time.RFC3339)
	}
	lang := LangTerms(d.Lang)
	for _, p := range d.Passages {
		err := fn(PassageID(d.ID, p.Index), passageDoc{
			Text: p.Text, Article: d.ID,
			Country: d.Countries, Commodity: d.Commodities,
			AboutCountry: d.About.Countries, AboutCommodity: d.About.Commodities,
			Source: d.Source, Date: date,
			Title: p.Index == 0,
			Forms: p.Text,
			Lang:  lang,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Count returns the number of passage documents.
func (x *Index) Count() (uint64, error) { return x.bleve.DocCount() }
