//go:build !unix

package store

// ReleasePages does nothing where madvise is not available.
func (s *Store) ReleasePages() error { return nil }
