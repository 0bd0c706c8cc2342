package bench

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
)

// Resident is the process's memory at one point of a run, read after a
// full collection that returns the freed heap to the OS. Without it the
// figure depends on where the collector happened to be in its cycle (at
// GOGC=100 the garbage may grow to the size of the live heap before the
// next one) and on whatever phase ran before: the serving figure of the
// seventh session was read after three full exports and a terms run, so it
// could not be compared with the builds that had neither.
type Resident struct {
	// RSSBytes is VmRSS after the collection. AnonBytes (RssAnon: the Go
	// heap, stacks, the runtime) and FileBytes (RssFile + RssShmem: the
	// pages of the mapped index segments and article store that were
	// touched) split it.
	RSSBytes  int64 `json:"rss_bytes"`
	AnonBytes int64 `json:"anon_bytes"`
	FileBytes int64 `json:"file_bytes"`
	// StoreFileBytes and IndexFileBytes are the part of FileBytes that is
	// the article store's mapping and the index segments' (from
	// /proc/self/smaps); the rest is the binary and libraries.
	StoreFileBytes int64 `json:"store_file_bytes"`
	IndexFileBytes int64 `json:"index_file_bytes"`
	// RSSBeforeGCBytes is VmRSS just before the collection, at the same
	// point: comparable with the serving RSS of runs before this field.
	RSSBeforeGCBytes int64 `json:"rss_before_gc_bytes"`
	// HeapLiveBytes is the heap the collection found live
	// (/gc/heap/live:bytes), BenchHeapBytes the part of it that is the
	// bench's and not the server's: the corpus it read, measured the same
	// way before the engine opened.
	HeapLiveBytes  int64 `json:"heap_live_bytes"`
	BenchHeapBytes int64 `json:"bench_heap_bytes"`
}

// heapLive collects, returns the freed heap to the OS and reports the live
// heap the collection found.
func heapLive() int64 {
	freeMemory()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// readResident collects and reads the process's memory (see Resident);
// bench is the live heap that is the bench's own. When profile is set, it
// receives a heap profile taken at that point, after the collection.
func readResident(dir string, bench int64, profile io.Writer) (Resident, error) {
	r := Resident{RSSBeforeGCBytes: RSS(), BenchHeapBytes: bench}
	r.HeapLiveBytes = heapLive()
	r.RSSBytes = RSS()
	r.AnonBytes = procStatus("RssAnon")
	r.FileBytes = procStatus("RssFile") + procStatus("RssShmem")
	r.StoreFileBytes, r.IndexFileBytes = mappedRSS(dir)
	if profile != nil {
		// The heap profile reports as of the last collection: the one
		// just made.
		if err := pprof.Lookup("heap").WriteTo(profile, 0); err != nil {
			return r, err
		}
	}
	return r, nil
}

// mappedRSS sums the resident pages of the mappings of files in the data
// directory dir: the article store (articles.db) and the rest (the index
// segments).
func mappedRSS(dir string) (store, index int64) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	dir = filepath.Clean(dir) + string(filepath.Separator)
	var into *int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fs := strings.Fields(line)
		if len(fs) == 0 {
			continue
		}
		if strings.Contains(fs[0], "-") && !strings.HasSuffix(fs[0], ":") {
			// A mapping's header: address range, perms, offset, device,
			// inode, path.
			into = nil
			if len(fs) >= 6 && strings.HasPrefix(fs[5], dir) {
				into = &index
				if filepath.Base(fs[5]) == "articles.db" {
					into = &store
				}
			}
			continue
		}
		if fs[0] == "Rss:" && into != nil && len(fs) >= 2 {
			kb, _ := strconv.ParseInt(fs[1], 10, 64)
			*into += kb * 1024
		}
	}
	return store, index
}
