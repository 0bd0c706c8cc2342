package web

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// readBody reads a write request's body, decoding a gzip Content-Encoding.
// max bounds the body as sent and, for gzip, the body once decompressed:
// a few kilobytes of gzip can inflate to gigabytes, so the decompressed
// bytes are counted as they come and reading stops one byte past max.
func readBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	tooLarge := func(what string) error {
		return newsfind.LimitErrorf(newsfind.ETOOLARGE, "max_body_bytes",
			"the request body%s is over %d MB (max_body_bytes): send the articles in several requests", what, max>>20)
	}
	sent := http.MaxBytesReader(w, r.Body, max)
	var body io.Reader = sent
	enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding")))
	switch enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(sent)
		if err != nil {
			if errors.As(err, new(*http.MaxBytesError)) {
				return nil, tooLarge("")
			}
			return nil, newsfind.Errorf(newsfind.EINVALID, "the body is marked Content-Encoding: gzip but is not gzip: %v", err)
		}
		defer zr.Close()
		body = zr
	default:
		return nil, &newsfind.Error{Code: wire.UnsupportedMediaType,
			Message: fmt.Sprintf("Content-Encoding %q is not accepted: send the body as it is, or gzip-compressed (Content-Encoding: gzip)", newsfind.Echo(enc))}
	}
	var buf bytes.Buffer
	if enc == "" && r.ContentLength > 0 && r.ContentLength <= max {
		buf.Grow(int(r.ContentLength) + 1) // read once into place, not by doubling
	}
	n, err := buf.ReadFrom(io.LimitReader(body, max+1))
	switch {
	case errors.As(err, new(*http.MaxBytesError)):
		return nil, tooLarge("")
	case err != nil && enc != "" && enc != "identity":
		return nil, newsfind.Errorf(newsfind.EINVALID, "the gzip body cannot be decompressed: %v", err)
	case err != nil:
		return nil, newsfind.Errorf(newsfind.EINVALID, "reading the request body: %v", err)
	case n > max:
		return nil, tooLarge(" decompressed")
	}
	return buf.Bytes(), nil
}
