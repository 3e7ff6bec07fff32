package rotate

import (
	"io"
	"sync"
)

// releaseBody calls done exactly once when the body is closed.
type releaseBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (r *releaseBody) Close() error {
	err := r.ReadCloser.Close()
	r.once.Do(r.done)
	return err
}

// releaseRWBody keeps io.Writer visible so that upgraded (101) connections,
// whose body is an io.ReadWriteCloser, still pass through the proxy.
type releaseRWBody struct {
	*releaseBody
	w io.Writer
}

func (r *releaseRWBody) Write(p []byte) (int, error) { return r.w.Write(p) }

func wrapBody(body io.ReadCloser, done func()) io.ReadCloser {
	rb := &releaseBody{ReadCloser: body, done: done}
	if w, ok := body.(io.Writer); ok {
		return &releaseRWBody{releaseBody: rb, w: w}
	}
	return rb
}
