package client

import "github.com/newsfind/newsfind/wire"

// responseError rebuilds the *newsfind.Error an error answer was written
// from (wire.ReadError says how an answer of something else reads).
func responseError(a *answer) error {
	return wire.ReadError(a.status, a.body)
}
