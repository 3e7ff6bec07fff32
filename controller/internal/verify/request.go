package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// maxBody is how much of an answer's body is read.
const maxBody = 64 << 10

// errInterrupted is what do returns when the run's context ended.
var errInterrupted = errors.New("interrupted")

// request is one request of a hook.
type request struct {
	method  string
	url     *url.URL
	headers map[string]string // the hook's
	fixed   map[string]string // set after the hook's, so they win
	body    []byte
	timeout time.Duration
}

// answer is what one request got back: its status and the first maxBody
// bytes of its body.
type answer struct {
	status int
	body   []byte
}

// do sends rq, waiting at most rq.timeout for the whole answer. Its error
// is errInterrupted when ctx ended, or else says in words what went wrong
// ("no answer within 10s", "connection refused").
func do(ctx context.Context, client *http.Client, rq request) (answer, error) {
	reqCtx, cancel := context.WithTimeout(ctx, rq.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(reqCtx, rq.method, rq.url.String(), bytes.NewReader(rq.body))
	if err != nil {
		return answer{}, fmt.Errorf("build the request: %w", err)
	}
	req.Header.Set("User-Agent", "asgctl-verify")
	for k, v := range rq.headers {
		if strings.EqualFold(k, "Host") {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	for k, v := range rq.fixed {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, describe(ctx, reqCtx, err, fmt.Sprintf("no answer within %s", rq.timeout))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return answer{}, describe(ctx, reqCtx, err, fmt.Sprintf("status %d, but the body did not arrive within %s", resp.StatusCode, rq.timeout))
	}
	return answer{status: resp.StatusCode, body: body}, nil
}

// describe turns err, from a request made with reqCtx under the run's
// ctx, into errInterrupted, the words timedOut when the request's deadline
// passed, or the error without the request that the caller names anyway.
func describe(ctx, reqCtx context.Context, err error, timedOut string) error {
	switch {
	case ctx.Err() != nil:
		return errInterrupted
	case errors.Is(reqCtx.Err(), context.DeadlineExceeded):
		return errors.New(timedOut)
	case errors.Is(err, syscall.ECONNREFUSED):
		return errors.New("connection refused")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
