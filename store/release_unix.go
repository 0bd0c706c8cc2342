//go:build unix

package store

import (
	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// ReleasePages drops this process's mappings of the store file's pages;
// they stay in the kernel's page cache and come back on the next read.
// Reading the catalog at start touches the meta bucket's pages, which lie
// all over the file, and the kernel maps their neighbours too: without
// this the whole file (most of it article text that search reads a few
// articles at a time) would count in the server's resident memory.
func (s *Store) ReleasePages() error {
	return s.db.View(func(tx *bolt.Tx) error { // a read transaction keeps the mapping in place
		if _, _, errno := unix.Syscall(unix.SYS_MADVISE, s.db.Info().Data, uintptr(tx.Size()), unix.MADV_DONTNEED); errno != 0 {
			return errno
		}
		return nil
	})
}
