package query

// LiftFields takes the facet fields a query requires at its top level
// ("country:JP trade") out of it, returning the rest and the fields: the
// rest AND every field is the same query, so search can check the fields
// as filter constraints, per hit on its catalog where a value is common,
// instead of Bleve intersecting a posting list of most of the index.
// Fields under OR or NOT stay in the query, and so do the fields of a
// query that has nothing else to search by ("country:JP",
// "country:JP -oil"): Bleve walks their posting lists faster than the
// catalog can be scanned.
func LiftFields(n Node) (Node, []Field) {
	switch n := n.(type) {
	case And:
		var rest []Node
		var fields []Field
		for _, m := range n.Must {
			if f, ok := m.(Field); ok {
				fields = append(fields, f)
			} else {
				rest = append(rest, m)
			}
		}
		switch {
		case len(fields) == 0 || len(rest) == 0:
			return n, nil
		case len(rest) == 1 && len(n.Not) == 0:
			return rest[0], fields
		}
		return And{Must: rest, Not: n.Not}, fields
	}
	return n, nil
}
