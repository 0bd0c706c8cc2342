package arrive

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/ingest"
)

// Sub-folders of a watched folder.
const (
	DoneDir   = "done"
	FailedDir = "failed"
)

// WatcherOptions configure a Watcher.
type WatcherOptions struct {
	Dir      string
	Writer   newsfind.Writer
	Interval time.Duration // between scans; 250 ms when 0
	Lenient  bool          // leave unknown JSON fields out without a warning
	Logger   zerolog.Logger
}

// Watcher ingests the files dropped into a folder. A file is taken once
// it has stopped changing (same size and time at two scans), so that one
// still being copied is not read half-written; writers that can should
// still write elsewhere (or to a name starting with ".") and rename.
// After ingesting, a file moves to done/, or to failed/ with a .error file
// beside it saying what was wrong. If the store cannot be written, the
// file stays where it is and is tried again.
//
// The folder is polled rather than watched with inotify: polling works
// the same on every file system (network mounts included), and at a
// quarter of a second it keeps "searchable within a second".
type Watcher struct {
	opt  WatcherOptions
	seen map[string]fileState
}

type fileState struct {
	size int64
	mod  time.Time
}

// NewWatcher returns a watcher; it creates the folder and its done/ and
// failed/ sub-folders.
func NewWatcher(opt WatcherOptions) (*Watcher, error) {
	if opt.Interval <= 0 {
		opt.Interval = 250 * time.Millisecond
	}
	for _, d := range []string{opt.Dir, filepath.Join(opt.Dir, DoneDir), filepath.Join(opt.Dir, FailedDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("watch folder: %w", err)
		}
	}
	return &Watcher{opt: opt, seen: map[string]fileState{}}, nil
}

// Run scans the folder until ctx ends.
func (w *Watcher) Run(ctx context.Context) {
	t := time.NewTicker(w.opt.Interval)
	defer t.Stop()
	for {
		if _, err := w.Scan(ctx); err != nil {
			w.opt.Logger.Warn().Err(err).Str("dir", w.opt.Dir).Msg("watch folder scan failed")
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Scan looks at the folder once and ingests the files that are ready. It
// returns how many files it moved to done/ or failed/.
func (w *Watcher) Scan(ctx context.Context) (int, error) {
	entries, err := os.ReadDir(w.opt.Dir)
	if err != nil {
		return 0, err
	}
	now := map[string]fileState{}
	moved := 0
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || skipName(name) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		st := fileState{size: info.Size(), mod: info.ModTime()}
		now[name] = st
		if prev, ok := w.seen[name]; !ok || prev != st {
			continue // new or still changing: look again at the next scan
		}
		if ctx.Err() != nil {
			break
		}
		ok, err := w.ingest(ctx, name)
		if err != nil {
			return moved, err
		}
		if ok {
			moved++
			delete(now, name)
		}
	}
	w.seen = now
	return moved, nil
}

// skipName tells the files a writer has not finished: hidden ones and the
// usual temporary names, and our own .error notes.
func skipName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, ".part") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".error")
}

// ingest reads and stores one file and moves it aside. It returns false,
// leaving the file, when the store could not be written.
func (w *Watcher) ingest(ctx context.Context, name string) (bool, error) {
	path := filepath.Join(w.opt.Dir, name)
	log := w.opt.Logger.With().Str("file", path).Logger()
	items, err := ingest.ParseFile(path, ingest.Options{Lenient: w.opt.Lenient})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return true, w.fail(name, newsfind.ErrorMessage(err)+"\n", log)
	}
	outs, err := ingest.Add(ctx, w.opt.Writer, items)
	if err != nil {
		log.Error().Err(err).Msg("could not store the file's articles; will try again")
		return false, nil
	}
	var problems, warnings []string
	stored := 0
	for _, o := range outs {
		for _, wn := range o.Warnings {
			// A dataset's field is the same warning on every item; a few
			// distinct ones say what the file lost.
			if len(warnings) < 20 && !slices.Contains(warnings, wn) {
				warnings = append(warnings, wn)
			}
		}
		if o.Status == newsfind.StatusError {
			problems = append(problems, fmt.Sprintf("item %d: %s", o.Index, o.Error))
		} else {
			stored++
		}
	}
	if len(items) == 0 {
		problems = append(problems, "no articles in the file")
	}
	if len(problems) > 0 {
		msg := strings.Join(problems, "\n") + "\n"
		if stored > 0 {
			msg += fmt.Sprintf("the other %d articles of the file were stored\n", stored)
		}
		return true, w.fail(name, msg, log)
	}
	ev := log.Info().Int("articles", stored)
	if len(warnings) > 0 {
		ev = ev.Strs("warnings", warnings)
	}
	ev.Msg("ingested a dropped file")
	return true, w.move(name, DoneDir)
}

func (w *Watcher) fail(name, msg string, log zerolog.Logger) error {
	log.Warn().Str("error", strings.TrimSpace(msg)).Msg("dropped file refused; see failed/")
	if err := w.move(name, FailedDir); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(w.opt.Dir, FailedDir, name+".error"), []byte(msg), 0o644)
}

// move renames a file into a sub-folder, keeping an earlier file of the
// same name there (the new one gets a time suffix).
func (w *Watcher) move(name, sub string) error {
	dst := filepath.Join(w.opt.Dir, sub, name)
	if _, err := os.Stat(dst); err == nil {
		ext := filepath.Ext(name)
		dst = filepath.Join(w.opt.Dir, sub, strings.TrimSuffix(name, ext)+"."+time.Now().UTC().Format("20060102T150405.000000000")+ext)
	}
	return os.Rename(filepath.Join(w.opt.Dir, name), dst)
}
