// Package tagger finds the countries and commodities a news text names:
// a dictionary look-up of word n-grams over one normalised pass of the
// text (tokenize.go), with the knowledge in data files a person can edit
// (data/countries.tsv, data/commodities.tsv, data/functionwords.txt) on
// top of the country list of github.com/biter777/countries. A Tagger is
// built once by New and is safe for concurrent use; docs/tagger.md has
// its precision and recall on Reuters.
package tagger
