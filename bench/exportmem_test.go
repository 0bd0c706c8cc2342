package bench

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/newsfind/newsfind/internal/corpus"
)

// TestExportMemory exports all of Reuters-21578 as CSV from the real
// server and reads its peak resident set (VmHWM, reset just before): an
// export streams, so the peak may grow by at most 100 MB whatever the
// count (issue 25's bound).
//
//	go test ./bench -run TestExportMemory -v
func TestExportMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the server and indexes Reuters-21578: not with -short")
	}
	path := corpus.Path(t, "reuters21578.jsonl.gz")
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	data := filepath.Join(dir, "data")
	if out, err := exec.Command(bin, "ingest", "--data", data, path).CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	srv := serveData(t, bin, data)
	// A first search loads what every search needs; the export is to add
	// nothing lasting to it.
	if resp, err := http.Get(srv.url + "/api/search?q=oil"); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	srv.resetPeak(t)
	base := srv.status(t, "VmRSS")
	resp, err := http.Get(srv.url + "/api/export?q=&format=csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	records := csv.NewReader(resp.Body)
	records.ReuseRecord = true
	n := 0
	var err2 error
	for ; ; n++ {
		if _, err2 = records.Read(); err2 != nil {
			break
		}
	}
	if err := err2; err != io.EOF || resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d after %d lines: %v", resp.StatusCode, n, err)
	}
	growth := srv.status(t, "VmHWM") - base
	t.Logf("export of %d rows: peak RSS +%d MB (from %d MB)", n-1, growth>>20, base>>20)
	if n-1 != 21577 {
		t.Errorf("%d rows; want all 21,577 articles", n-1)
	}
	if growth > 100<<20 {
		t.Errorf("peak RSS grew %s during the export; the bound is 100 MB", fmt.Sprintf("%d MB", growth>>20))
	}
}
