package newsfind

import (
	"context"
	"time"
)

// A write's wait is bounded from where it queues, not from where it
// arrives: reading, parsing and preparing a big request is work done for
// it, not waiting, and a deadline over all of it refused a 32 MB request
// on an idle server as "backed up" once the parsing alone took 5 s.

type queueWaitKey struct{}

// WithQueueWait returns ctx carrying d: how long a Writer may keep the
// write waiting for its turn, counted from when it joins the queue. A
// write still waiting then is withdrawn, unstored, with an EUNAVAILABLE
// error; one whose turn came is finished whatever the time.
func WithQueueWait(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, queueWaitKey{}, d)
}

// QueueWait returns the wait WithQueueWait put in ctx, if any.
func QueueWait(ctx context.Context) (time.Duration, bool) {
	d, ok := ctx.Value(queueWaitKey{}).(time.Duration)
	return d, ok
}
