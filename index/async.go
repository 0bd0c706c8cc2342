package index

import (
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Scorch finds its async error callback by name in a process-wide registry
// that must not change once indexes are open, so one callback is registered
// at start-up and routes each error, by index path, to the handler of the
// index that raised it.
const asyncCallbackName = "newsfind"

var asyncHandlers sync.Map // cleaned index path -> func(error)

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncCallbackName] = func(err error, path string) {
		if fn, ok := asyncHandlers.Load(filepath.Clean(path)); ok {
			fn.(func(error))(err)
		}
	}
}
