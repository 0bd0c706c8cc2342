// Package catalog keeps one small record per article in memory, beside
// the index and without Bleve: its summary, passage count and story, and
// its facet values as numbers in a row of their own, so that search counts
// facets and checks filters per article rather than per passage. A search
// reads a View of it, which later writes never change, so no search holds
// a lock a write needs.
package catalog
