//go:build linux

package store

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

// mappedKB is the resident size of this process's mappings of path.
func mappedKB(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps")
	}
	defer f.Close()
	var kb int64
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			continue
		}
		if strings.Contains(fs[0], "-") && !strings.HasSuffix(fs[0], ":") {
			in = len(fs) >= 6 && fs[5] == path
			continue
		}
		if in && fs[0] == "Rss:" {
			n, _ := strconv.ParseInt(fs[1], 10, 64)
			kb += n
		}
	}
	return kb
}

// TestReadsReleasePages: reading articles maps the store's pages into the
// process; after every ReleaseEvery reads they are released, so a server
// that reads articles for its hits does not come to hold the whole file
// in its resident memory.
func TestReadsReleasePages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.db")
	s, err := Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	body := strings.Repeat("Crude oil prices rose in thin trading. ", 200) // ~8 KB
	const n = 2 * ReleaseEvery
	var recs []Record
	for i := range n {
		recs = append(recs, Record{Article: newsfind.Article{ID: fmt.Sprintf("a%05d", i), Title: "T", Body: body}, Passages: 2})
		if len(recs) == 500 || i == n-1 {
			if _, _, err := s.Put(recs); err != nil {
				t.Fatal(err)
			}
			recs = recs[:0]
		}
	}
	if err := s.ReleasePages(); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	peak := int64(0)
	for i := range n {
		if _, ok, err := s.Get(fmt.Sprintf("a%05d", i)); !ok || err != nil {
			t.Fatalf("a%05d: %v %v", i, ok, err)
		}
		if i%256 == 255 {
			peak = max(peak, mappedKB(t, path))
		}
	}
	fileKB := st.Size() / 1024
	t.Logf("file %d KB, at most %d KB of it mapped while reading every article", fileKB, peak)
	if peak > fileKB/3 {
		t.Errorf("reading every article mapped %d KB of the %d KB store", peak, fileKB)
	}
}
