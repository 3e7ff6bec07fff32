package fetch

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
)

var epoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// scriptedFetcher is a Fetcher over s with a fake clock, allowed
// s3://artifacts/web/, spooling into a temp dir.
func scriptedFetcher(t *testing.T, s *scriptedS3, download, stall time.Duration) (*Fetcher, *clocktest.Fake) {
	clk := clocktest.New(epoch)
	return &Fetcher{S3: s, Allow: []string{"s3://artifacts/web/"}, Dir: t.TempDir(),
		DownloadTimeout: download, StallTimeout: stall, Clock: clk}, clk
}

// assertCleanFailure checks what every failed download leaves: no
// release directory, no spool file, no timer still armed.
func assertCleanFailure(t *testing.T, f *Fetcher, clk *clocktest.Fake, dest string) {
	t.Helper()
	if _, err := os.Lstat(dest); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists after a failed download (%v)", dest, err)
	}
	if left, _ := os.ReadDir(f.Dir); len(left) != 0 {
		t.Errorf("spool dir holds %v", left)
	}
	if n := clk.Pending(); n != 0 {
		t.Errorf("%d timers still armed after Fetch returned", n)
	}
}

func TestDataKeepsADownloadAliveAndSilenceEndsIt(t *testing.T) {
	s := newScriptedS3(80_000_000)
	f, clk := scriptedFetcher(t, s, 15*time.Minute, 30*time.Second)
	dest := filepath.Join(t.TempDir(), "r1")
	result := fetchAsync(context.Background(), f, record([]byte("never complete")), dest)
	chunk := make([]byte, 4_100_000)
	s.body.await(t, result)
	s.body.feed(t, result, chunk)
	clk.Advance(25 * time.Second)
	s.body.feed(t, result, chunk) // 25s after the first: the stall timer restarts
	clk.Advance(25 * time.Second) // 50s after the start, 25s after the last data
	s.body.feed(t, result, chunk)
	clk.Advance(30 * time.Second)
	err := waitResult(t, result)
	// Had the first 30s of the download ended it, the message would count 8.2 MB.
	want := "fetch release r1: download s3://artifacts/web/r1.tar.gz: no data for 30s after 12.3 MB of 80.0 MB (artifacts.stall_timeout)"
	if err == nil || err.Error() != want {
		t.Fatalf("Fetch = %v\nwant %s", err, want)
	}
	if !Transient(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a stall must be transient and a deadline: Transient=%v", Transient(err))
	}
	assertCleanFailure(t, f, clk, dest)
}

func TestTheDeadlineBoundsADownloadThatKeepsTrickling(t *testing.T) {
	s := newScriptedS3(10_000)
	f, clk := scriptedFetcher(t, s, time.Minute, 30*time.Second)
	dest := filepath.Join(t.TempDir(), "r1")
	result := fetchAsync(context.Background(), f, record([]byte("never complete")), dest)
	s.body.await(t, result)
	for range 3 {
		s.body.feed(t, result, make([]byte, 1000))
		clk.Advance(20 * time.Second) // never 30s without data
	}
	err := waitResult(t, result)
	want := "download s3://artifacts/web/r1.tar.gz: not finished within 1m0s (artifacts.download_timeout) after 3.0 kB of 10.0 kB"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("Fetch = %v\nwant ...%s", err, want)
	}
	if !Transient(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the download deadline must be transient and a deadline: Transient=%v", Transient(err))
	}
	assertCleanFailure(t, f, clk, dest)
}

func TestARequestWithoutAnswerEnds(t *testing.T) {
	cases := []struct {
		name            string
		download, stall time.Duration
		advance         time.Duration
		want            string
	}{
		{"deadline", time.Minute, 0, time.Minute, "no response within 1m0s (artifacts.download_timeout)"},
		{"stall", 15 * time.Minute, 30 * time.Second, 30 * time.Second, "no response for 30s (artifacts.stall_timeout)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newScriptedS3(0)
			s.noAnswer = true
			f, clk := scriptedFetcher(t, s, c.download, c.stall)
			dest := filepath.Join(t.TempDir(), "r1")
			result := fetchAsync(context.Background(), f, record([]byte("x")), dest)
			select {
			case <-s.calls:
			case <-time.After(guard):
				t.Fatal("GetObject never called")
			}
			clk.Advance(c.advance - time.Nanosecond)
			select {
			case err := <-result:
				t.Fatalf("ended before its time: %v", err)
			default:
			}
			clk.Advance(time.Nanosecond)
			err := waitResult(t, result)
			if err == nil || !strings.HasSuffix(err.Error(), c.want) || !Transient(err) {
				t.Fatalf("Fetch = %v, want a transient error ending %q", err, c.want)
			}
			assertCleanFailure(t, f, clk, dest)
		})
	}
}

// TestACutShortBodyIsNotAVerdict: a body that ends early, or ends quietly
// when the request is ended, fails the checksum, yet the artifact was
// never judged; the error must be transient and say what happened.
func TestACutShortBodyIsNotAVerdict(t *testing.T) {
	t.Run("ends early", func(t *testing.T) {
		s := newScriptedS3(10_000)
		f, clk := scriptedFetcher(t, s, time.Minute, 30*time.Second)
		dest := filepath.Join(t.TempDir(), "r1")
		result := fetchAsync(context.Background(), f, record([]byte("x")), dest)
		s.body.await(t, result)
		s.body.feed(t, result, make([]byte, 3000))
		close(s.body.chunks)
		err := waitResult(t, result)
		if err == nil || !Transient(err) || !strings.HasSuffix(err.Error(), "download s3://artifacts/web/r1.tar.gz: the body ended after 3.0 kB of 10.0 kB") {
			t.Fatalf("Fetch = %v, want a transient 'the body ended after 3.0 kB of 10.0 kB'", err)
		}
		assertCleanFailure(t, f, clk, dest)
	})
	t.Run("ends quietly on a stall", func(t *testing.T) {
		s := newScriptedS3(10_000)
		s.body.eofOnCancel = true
		f, clk := scriptedFetcher(t, s, time.Minute, 30*time.Second)
		dest := filepath.Join(t.TempDir(), "r1")
		result := fetchAsync(context.Background(), f, record([]byte("x")), dest)
		s.body.await(t, result)
		s.body.feed(t, result, make([]byte, 3000))
		clk.Advance(30 * time.Second)
		err := waitResult(t, result)
		if err == nil || !Transient(err) || !strings.HasSuffix(err.Error(), "no data for 30s after 3.0 kB of 10.0 kB (artifacts.stall_timeout)") {
			t.Fatalf("Fetch = %v, want the transient stall", err)
		}
		assertCleanFailure(t, f, clk, dest)
	})
}

func TestCallerCancellationIsNotAStall(t *testing.T) {
	s := newScriptedS3(10_000)
	f, clk := scriptedFetcher(t, s, time.Minute, 30*time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	dest := filepath.Join(t.TempDir(), "r1")
	result := fetchAsync(ctx, f, record([]byte("x")), dest)
	s.body.await(t, result)
	cancel()
	err := waitResult(t, result)
	if !errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || !Transient(err) {
		t.Fatalf("Fetch = %v, want a transient context.Canceled and no deadline", err)
	}
	assertCleanFailure(t, f, clk, dest)
}

func TestProgressIsLoggedEveryFiveSecondsAndAtTheEnd(t *testing.T) {
	payload := make([]byte, 30_000)
	rand.New(rand.NewSource(1)).Read(payload) // incompressible: the artifact is ~30 kB
	data := tarGzOf(t, "bin/web", payload)
	parts := [][]byte{data[:10_000], data[10_000:25_000], data[25_000:]}
	s := newScriptedS3(int64(len(data)))
	f, clk := scriptedFetcher(t, s, 15*time.Minute, 30*time.Second)
	logs := newLogRecords()
	f.Log = slog.New(logs)
	dest := filepath.Join(t.TempDir(), "r1")
	result := fetchAsync(context.Background(), f, record(data), dest)
	s.body.await(t, result)
	s.body.feed(t, result, parts[0])
	clk.Advance(5 * time.Second)
	assertProgress(t, logs.next(t), "artifact downloading", 10_000, int64(len(data)), "2.0 kB/s")
	s.body.feed(t, result, parts[1])
	clk.Advance(5 * time.Second)
	assertProgress(t, logs.next(t), "artifact downloading", 25_000, int64(len(data)), "3.0 kB/s")
	s.body.feed(t, result, parts[2])
	clk.Advance(2 * time.Second)
	close(s.body.chunks)
	if err := waitResult(t, result); err != nil {
		t.Fatal(err)
	}
	end := logs.next(t)
	assertProgress(t, end, "artifact downloaded", int64(len(data)), -1, humanBytes(int64(len(data))/12)+"/s")
	if d := attrs(end)["duration"].Duration(); d != 12*time.Second {
		t.Errorf("duration %s, want 12s of the fake clock", d)
	}
	select {
	case r := <-logs.ch:
		t.Errorf("logged after the end: %s", r.Message)
	default:
	}
	if got, err := os.ReadFile(filepath.Join(dest, "bin/web")); err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("bin/web not extracted (%v)", err)
	}
	if n := clk.Pending(); n != 0 {
		t.Errorf("%d timers still armed after Fetch returned", n)
	}
}

// assertProgress checks a progress record; total -1 means it must not
// carry total_bytes.
func assertProgress(t *testing.T, r slog.Record, msg string, n, total int64, rate string) {
	t.Helper()
	a := attrs(r)
	if r.Message != msg || r.Level != slog.LevelInfo {
		t.Errorf("record %s %q, want info %q", r.Level, r.Message, msg)
	}
	if got := a["bytes"].Int64(); got != n {
		t.Errorf("%s: bytes %d, want %d", msg, got, n)
	}
	if v, ok := a["total_bytes"]; (total >= 0) != ok || (ok && v.Int64() != total) {
		t.Errorf("%s: total_bytes %v (present %v), want %d", msg, v, ok, total)
	}
	if got := a["rate"].String(); got != rate {
		t.Errorf("%s: rate %q, want %q", msg, got, rate)
	}
	if a["release"].String() != "r1" || a["artifact"].String() != "s3://artifacts/web/r1.tar.gz" {
		t.Errorf("%s: record does not name the release and artifact: %v", msg, a)
	}
}

func TestProgressTicksResumeFromNowAfterASuspend(t *testing.T) {
	clk := clocktest.New(epoch)
	tr := &transfer{clock: clk}
	next := epoch.Add(5 * time.Second)
	clk.Advance(5 * time.Second)
	tr.armTick(&next)
	if want := epoch.Add(10 * time.Second); !next.Equal(want) {
		t.Fatalf("on time: next tick %s, want %s", next, want)
	}
	clk.Advance(10 * time.Minute) // the machine slept through 120 ticks
	tm := tr.armTick(&next)
	if want := clk.Now().Add(5 * time.Second); !next.Equal(want) {
		t.Fatalf("after a suspend: next tick %s, want %s (5s from now, not one of the missed ones)", next, want)
	}
	select {
	case <-tm.C():
		t.Fatal("the re-armed tick fired at once")
	default:
	}
}
