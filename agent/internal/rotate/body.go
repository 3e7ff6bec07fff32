package rotate

import (
	"context"
	"io"
	"sync"
)

// releaseBody calls done exactly once, when the body is closed. It also
// closes the body when ctx ends, so that a response the proxy gives up on
// without closing it (an upgrade it refuses after the backend switched)
// neither holds the backend connection nor stays counted in flight. The
// proxy is finished with the body by then: the request's context ends
// when the client goes away or the handler returns.
type releaseBody struct {
	io.ReadCloser
	once sync.Once
	done func()
	stop func() bool // unregisters the close on ctx end
}

func (r *releaseBody) Close() error {
	err := r.ReadCloser.Close()
	r.once.Do(r.done)
	r.stop()
	return err
}

// closeOnCancel is run when ctx ends.
func (r *releaseBody) closeOnCancel() {
	_ = r.ReadCloser.Close()
	r.once.Do(r.done)
}

// releaseRWBody keeps io.Writer visible so that upgraded (101) connections,
// whose body is an io.ReadWriteCloser, still pass through the proxy.
type releaseRWBody struct {
	*releaseBody
	w io.Writer
}

func (r *releaseRWBody) Write(p []byte) (int, error) { return r.w.Write(p) }

func wrapBody(ctx context.Context, body io.ReadCloser, done func()) io.ReadCloser {
	rb := &releaseBody{ReadCloser: body, done: done}
	rb.stop = context.AfterFunc(ctx, rb.closeOnCancel)
	if w, ok := body.(io.Writer); ok {
		return &releaseRWBody{releaseBody: rb, w: w}
	}
	return rb
}
