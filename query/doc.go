// Package query is newsfind's query language: the tree a query parses to
// (Word, Phrase, Field, Title, And, Or), Parse with the limits a query is held
// to before any index is touched, walks over the tree (Visit, Map, Fold)
// and the rewrites that need only its syntax (LiftFields).
//
// It knows nothing of Bleve: search folds a tree into a Bleve query over
// passages, bench's baseline into one over plain Bleve's default mapping.
// Every node's String is query syntax that parses back to the same tree,
// so a tree can be shown or logged as a query someone could type.
package query
