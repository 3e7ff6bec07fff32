package release

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// doublingChain is L0 -> ".", L1 -> "L0/L0", ..., L(n-1) -> "L(n-2)/L(n-2)":
// each link resolves to the release root, but following Lk naively walks
// 2^k links.
func doublingChain(n int) []tarEntry {
	es := []tarEntry{linkEntry(tar.TypeSymlink, "L0", ".")}
	for k := 1; k < n; k++ {
		prev := fmt.Sprintf("L%d", k-1)
		es = append(es, linkEntry(tar.TypeSymlink, fmt.Sprintf("L%d", k), prev+"/"+prev))
	}
	return es
}

// linearChain is C0 -> ".", C1 -> "C0", ..., C(n-1) -> "C(n-2)": looking
// C(n-1) up follows n links.
func linearChain(n int) []tarEntry {
	es := []tarEntry{linkEntry(tar.TypeSymlink, "C0", ".")}
	for k := 1; k < n; k++ {
		es = append(es, linkEntry(tar.TypeSymlink, fmt.Sprintf("C%d", k), fmt.Sprintf("C%d", k-1)))
	}
	return es
}

func TestExtractRejectsExponentialSymlinkChainQuickly(t *testing.T) {
	data := tarGz(t, doublingChain(30)...)
	dest := filepath.Join(t.TempDir(), "r1")
	type result struct {
		err     error
		elapsed time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		_, err := Extract(bytes.NewReader(data), dest, Limits{})
		done <- result{err, time.Since(start)}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(2 * time.Second):
		t.Fatalf("Extract of a %d-byte archive of 30 chained symlinks still running after 2s", len(data))
	}
	t.Logf("%d-byte archive rejected in %s: %v", len(data), r.elapsed, r.err)
	var re *RejectError
	if !errors.As(r.err, &re) || re.Rule != RuleSymlinkEscape || !strings.Contains(r.err.Error(), errLinkLoop.Error()) {
		t.Fatalf("got %v, want a %s rejection saying %q", r.err, RuleSymlinkEscape, errLinkLoop)
	}
	// L4 follows 1+30 links, L5 1+62: the kernel fails L5 with ELOOP too.
	if re.Entry != "L5" {
		t.Errorf("rejected entry %q, want L5, the first link whose lookup follows more than 40 links", re.Entry)
	}
	assertGone(t, dest)
}

func TestExtractFollowsALegitimateChainOfLinks(t *testing.T) {
	data := tarGz(t,
		fileEntry("app/v2/bin/web", "#!/bin/sh\n", 0o755),
		linkEntry(tar.TypeSymlink, "app/current", "v2"),
		linkEntry(tar.TypeSymlink, "bin", "app/current/bin"),
		linkEntry(tar.TypeSymlink, "web", "bin/web"),
		linkEntry(tar.TypeSymlink, "app/v2/lib", "../current/bin/../bin"),
		linkEntry(tar.TypeSymlink, "run", "app/v2/lib/web"),
	)
	dest := filepath.Join(t.TempDir(), "r1")
	st, err := Extract(bytes.NewReader(data), dest, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Symlinks != 5 {
		t.Errorf("Symlinks = %d, want 5", st.Symlinks)
	}
	for _, p := range []string{"web", "run"} {
		if b, err := os.ReadFile(filepath.Join(dest, p)); err != nil || string(b) != "#!/bin/sh\n" {
			t.Errorf("%s reads %q, %v; want the file through the chain", p, b, err)
		}
	}
}

// TestLinkHopBudgetMatchesTheKernel builds the same links on disk and
// compares the extractor's verdict with what the kernel does when it looks
// the last link up: both must fail exactly when more than 40 links are
// followed.
func TestLinkHopBudgetMatchesTheKernel(t *testing.T) {
	type chain struct {
		name    string
		entries []tarEntry
	}
	var cases []chain
	for _, n := range []int{1, 2, 38, 39, 40, 41, 42, 60} {
		cases = append(cases, chain{fmt.Sprintf("linear %d", n), linearChain(n)})
	}
	for _, n := range []int{1, 2, 3, 4, 5, 6, 8} {
		cases = append(cases, chain{fmt.Sprintf("doubling %d", n), doublingChain(n)})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			last := c.entries[len(c.entries)-1].hdr
			kernelLoop := kernelLookupLoops(t, c.entries, last.Name)
			s := newSymlinkSet(defaultMaxLinkSteps)
			for _, e := range c.entries[:len(c.entries)-1] {
				s.add(e.hdr.Name, e.hdr.Linkname)
			}
			err := s.check(last.Name, last.Linkname)
			if err != nil && !errors.Is(err, errLinkLoop) {
				t.Fatalf("check = %v, want nil or a loop", err)
			}
			if got := err != nil; got != kernelLoop {
				t.Fatalf("extractor loop verdict %v (%v), kernel ELOOP %v", got, err, kernelLoop)
			}
		})
	}
}

// kernelLookupLoops creates the links in a fresh directory and reports
// whether opening name relative to it fails with ELOOP.
func kernelLookupLoops(t *testing.T, entries []tarEntry, name string) bool {
	t.Helper()
	dir := t.TempDir()
	for _, e := range entries {
		if err := os.Symlink(e.hdr.Linkname, filepath.Join(dir, e.hdr.Name)); err != nil {
			t.Fatal(err)
		}
	}
	dirfd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(dirfd)
	fd, err := syscall.Openat(dirfd, name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err == nil {
		_ = syscall.Close(fd)
		return false
	}
	if !errors.Is(err, syscall.ELOOP) {
		t.Fatalf("kernel lookup of %s: %v", name, err)
	}
	return true
}

func assertGone(t *testing.T, dest string) {
	t.Helper()
	if _, err := os.Lstat(dest); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("dest left behind after rejection (%v)", err)
	}
}

// fanOut is a chain of n links each adding depth components to the one
// before, then fans links that each resolve through the whole chain.
func fanOut(n, depth, fans int) []tarEntry {
	deep := strings.TrimSuffix(strings.Repeat("a/", depth), "/")
	es := []tarEntry{linkEntry(tar.TypeSymlink, "D0", deep)}
	for k := 1; k < n; k++ {
		es = append(es, linkEntry(tar.TypeSymlink, fmt.Sprintf("D%d", k), fmt.Sprintf("D%d/%s", k-1, deep)))
	}
	for j := range fans {
		es = append(es, linkEntry(tar.TypeSymlink, fmt.Sprintf("M%d", j), fmt.Sprintf("D%d", n-1)))
	}
	return es
}

func TestExtractBoundsTheWorkOfVerifyingSymlinks(t *testing.T) {
	// Each fan link walks about 10*200 components, twice (when written
	// and in the final recheck): about 200k steps in all.
	data := tarGz(t, fanOut(10, 200, 50)...)
	if _, err := Extract(bytes.NewReader(data), filepath.Join(t.TempDir(), "ok"), Limits{}); err != nil {
		t.Fatalf("within the default budget: %v", err)
	}
	dest := filepath.Join(t.TempDir(), "r1")
	_, err := Extract(bytes.NewReader(data), dest, Limits{maxLinkSteps: 50000})
	var re *RejectError
	if !errors.As(err, &re) || re.Rule != RuleSymlinkEscape || !strings.Contains(err.Error(), "more than 50000 path steps") {
		t.Fatalf("got %v, want a %s rejection for too many steps", err, RuleSymlinkEscape)
	}
	if !strings.HasPrefix(re.Entry, "M") {
		t.Errorf("rejected entry %q, want one of the fan links", re.Entry)
	}
	assertGone(t, dest)
}

func TestSymlinkRejectionQuotesALongTargetShort(t *testing.T) {
	target := strings.Repeat("a/", 3000)
	err := symlinkReject("l", target, errLinkTooLong)
	if len(err.Error()) > 400 || !strings.Contains(err.Error(), "(6000 bytes)") {
		t.Fatalf("message of %d bytes: %.500s", len(err.Error()), err)
	}
}

// TestWritesCannotLeaveTheReleaseEvenPastTheChecks plants a symlink the
// archive checks never saw (as a case-insensitive file system would make
// "L" and "l" one name) and requires the os.Root walk to refuse every kind
// of write through it.
func TestWritesCannotLeaveTheReleaseEvenPastTheChecks(t *testing.T) {
	for _, e := range []tarEntry{
		fileEntry("l/evil", "x", 0o644),
		fileEntry("l/sub/evil", "x", 0o644),
		dirEntry("l/evil/", 0o755),
		linkEntry(tar.TypeSymlink, "l/evil", "."),
	} {
		t.Run(fmt.Sprintf("%c %s", e.hdr.Typeflag, e.hdr.Name), func(t *testing.T) {
			parent := t.TempDir()
			dest := filepath.Join(parent, "r1")
			mustMkdir(t, dest)
			must(t, os.Symlink("..", filepath.Join(dest, "l")))
			root, err := os.OpenRoot(dest)
			must(t, err)
			defer root.Close()
			x := newExtractor(root, Limits{}.withDefaults())
			hdr := e.hdr
			body := e.body
			if body == nil {
				body = strings.NewReader("")
			}
			err = x.entry(body, &hdr)
			var re *RejectError
			if !errors.As(err, &re) || re.Rule != RuleThroughSymlink {
				t.Fatalf("got %v, want a %s rejection", err, RuleThroughSymlink)
			}
			for _, p := range []string{"evil", "sub"} {
				if _, err := os.Lstat(filepath.Join(parent, p)); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s written outside the release directory (%v)", p, err)
				}
			}
		})
	}
}
