package newsfind

import "context"

// IntakeOptions tune how an input is read.
type IntakeOptions struct {
	// By default an unknown JSON field is left out with a warning in the
	// item's outcome: a dataset's own fields are no reason to refuse it,
	// and a typo ("pubished") must not lose data silently. Strict refuses
	// the item instead; Lenient leaves the field out without a warning.
	Strict  bool
	Lenient bool
	// URL is where the input came from, when known: the address of an
	// HTML page, the base of a feed's relative links.
	URL string
	// MaxItems, when not 0, bounds the items of one input: one with more
	// is refused whole (ETOOLARGE, nothing written), read no further
	// than the first item past the bound.
	MaxItems int
}

// Intake reads the articles of one input, in any format newsfind reads,
// and writes them. It lets a way in (the web server) take raw bodies
// without knowing the formats.
type Intake interface {
	// Take parses data, whose name and content type (either may be
	// empty) help tell its format, writes its valid articles through w,
	// and returns one outcome per item of the input, in the input's
	// order, each with the item's position in the input as Index. The
	// error is for the input as a whole (a format that cannot be told or
	// read) or for the write as a whole; an input with no items has no
	// outcomes and is not an error.
	Take(ctx context.Context, w Writer, data []byte, name, contentType string, opt IntakeOptions) ([]Outcome, error)
}
