package main

import (
	"context"
	"errors"
	"io"

	"github.com/newsfind/newsfind/client"
)

// answerFlags are what the commands answering one research question
// (timeline, compare, terms) take beside the query: where to ask, and
// the answer as a table, CSV or the API's JSON.
type answerFlags struct {
	fs                  *flagSet
	asCSV, asJSON       *bool
	data, server, token *string
}

// addAnswerFlags adds the flags; csvHelp says what a CSV row is and
// dataHelp what the data directory is used for.
func addAnswerFlags(fs *flagSet, csvHelp, dataHelp string) *answerFlags {
	return &answerFlags{
		fs:     fs,
		asCSV:  fs.Bool("csv", false, csvHelp),
		asJSON: fs.Bool("json", false, "print the API's JSON"),
		data:   fs.String("data", "./data", dataHelp),
		server: fs.String("server", "", "server to ask (default: the one serving --data, else "+defaultServer+")"),
		token:  fs.String("token", "", "token for a --private server (default: read from DATA/token when readable)"),
	}
}

// check refuses flags that contradict each other, before anything is
// opened.
func (a *answerFlags) check() error {
	if *a.asCSV && *a.asJSON {
		return errors.New("--csv and --json: choose one")
	}
	return nil
}

// client reaches the server holding the data directory, or opens the
// directory itself (searchClient).
func (a *answerFlags) client(ctx context.Context, stderr io.Writer) (c *client.Client, remote string, closeLocal func(), err error) {
	return searchClient(ctx, placeOf(a.fs, *a.data, *a.server), *a.token, "", stderr)
}
