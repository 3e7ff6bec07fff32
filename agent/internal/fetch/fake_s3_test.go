package fetch

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// guard bounds every wait on the code under test, so a broken fetcher
// fails the test instead of hanging it. No test waits for it to pass.
const guard = 10 * time.Second

// scriptedS3 answers GetObject with a body the test feeds chunk by chunk
// (what no real backend does on demand); with noAnswer, GetObject waits
// for its request to end instead.
type scriptedS3 struct {
	size     *int64
	noAnswer bool
	calls    chan struct{} // one value per GetObject call
	body     *scriptedBody
}

func newScriptedS3(size int64) *scriptedS3 {
	return &scriptedS3{size: &size, calls: make(chan struct{}, 10),
		body: &scriptedBody{waiting: make(chan struct{}), chunks: make(chan []byte)}}
}

func (s *scriptedS3) GetObject(ctx context.Context, _ *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	s.calls <- struct{}{}
	if s.noAnswer {
		<-ctx.Done()
		return nil, &smithy.OperationError{ServiceID: "S3", OperationName: "GetObject", Err: ctx.Err()}
	}
	s.body.ctx = ctx
	return &s3.GetObjectOutput{Body: s.body, ContentLength: s.size}, nil
}

// scriptedBody blocks in Read until the test feeds a chunk or the request
// ends, like a network body whose peer went quiet.
type scriptedBody struct {
	ctx         context.Context
	waiting     chan struct{} // Read took every earlier chunk and waits for more
	chunks      chan []byte   // closed: end of body
	pending     []byte
	eofOnCancel bool // end quietly, not with the context's error, when the request ends
}

func (b *scriptedBody) Read(p []byte) (int, error) {
	if len(b.pending) == 0 {
		select {
		case b.waiting <- struct{}{}:
		case <-b.ctx.Done():
			return 0, b.canceled()
		}
		select {
		case c, ok := <-b.chunks:
			if !ok {
				return 0, io.EOF
			}
			b.pending = c
		case <-b.ctx.Done():
			return 0, b.canceled()
		}
	}
	n := copy(p, b.pending)
	b.pending = b.pending[n:]
	return n, nil
}

func (b *scriptedBody) canceled() error {
	if b.eofOnCancel {
		return io.EOF
	}
	return b.ctx.Err()
}

func (b *scriptedBody) Close() error { return nil }

// await returns once the reader has counted every byte fed so far and
// waits for the next chunk; it fails if the download ended instead.
func (b *scriptedBody) await(t *testing.T, result <-chan error) {
	t.Helper()
	select {
	case <-b.waiting:
	case err := <-result:
		t.Fatalf("download ended while the test still had data to send: %v", err)
	case <-time.After(guard):
		t.Fatal("reader never came back for more data")
	}
}

// feed hands chunk to the waiting reader and awaits its next read.
func (b *scriptedBody) feed(t *testing.T, result <-chan error, chunk []byte) {
	t.Helper()
	select {
	case b.chunks <- chunk:
	case err := <-result:
		t.Fatalf("download ended before the chunk was taken: %v", err)
	}
	b.await(t, result)
}

// fetchAsync runs f.Fetch in the background; its error arrives on the channel.
func fetchAsync(ctx context.Context, f *Fetcher, rel *api.Release, dest string) <-chan error {
	result := make(chan error, 1)
	go func() { result <- f.Fetch(ctx, rel, dest) }()
	return result
}

func waitResult(t *testing.T, result <-chan error) error {
	t.Helper()
	select {
	case err := <-result:
		return err
	case <-time.After(guard):
		t.Fatal("Fetch did not return")
		return nil
	}
}

// record names data as release r1 at s3://artifacts/web/r1.tar.gz.
func record(data []byte) *api.Release {
	sum := sha256.Sum256(data)
	return &api.Release{Version: api.ReleaseVersion, Release: "r1", Artifact: "s3://artifacts/web/r1.tar.gz", SHA256: hex.EncodeToString(sum[:])}
}

// tarGzOf is a .tar.gz holding one file.
func tarGzOf(t *testing.T, name string, body []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
		t.Fatal(err)
	}
	for _, step := range []func() error{func() error { _, err := tw.Write(body); return err }, tw.Close, gz.Close} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// logRecords is a slog handler that hands every record, with the
// attributes of With, to the test.
type logRecords struct {
	ch    chan slog.Record
	attrs []slog.Attr
}

func newLogRecords() *logRecords { return &logRecords{ch: make(chan slog.Record, 100)} }

func (h *logRecords) Enabled(context.Context, slog.Level) bool { return true }

func (h *logRecords) Handle(_ context.Context, r slog.Record) error {
	r = r.Clone()
	r.AddAttrs(h.attrs...)
	h.ch <- r
	return nil
}

func (h *logRecords) WithAttrs(as []slog.Attr) slog.Handler {
	return &logRecords{ch: h.ch, attrs: append(append([]slog.Attr(nil), h.attrs...), as...)}
}

func (h *logRecords) WithGroup(string) slog.Handler { return h }

// next returns the next record logged.
func (h *logRecords) next(t *testing.T) slog.Record {
	t.Helper()
	select {
	case r := <-h.ch:
		return r
	case <-time.After(guard):
		t.Fatal("no log record")
		return slog.Record{}
	}
}

// attrs returns a record's attributes by key.
func attrs(r slog.Record) map[string]slog.Value {
	m := map[string]slog.Value{}
	r.Attrs(func(a slog.Attr) bool {
		m[a.Key] = a.Value
		return true
	})
	return m
}
