package release

import (
	"archive/tar"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// deliver is the agent's order of operations for one artifact: verify the
// bytes while streaming them to a spool, then extract the spool.
func deliver(data []byte, wantSHA string, sig []byte, pub ed25519.PublicKey, dest string, lim Limits) error {
	var spool bytes.Buffer
	if err := Verify(bytes.NewReader(data), wantSHA, sig, pub, &spool); err != nil {
		return err
	}
	_, err := Extract(bytes.NewReader(spool.Bytes()), dest, lim)
	return err
}

type maliciousCase struct {
	name  string
	data  []byte
	sha   string // "" means the data's own digest
	sig   []byte // nil means signed correctly
	lim   Limits
	rule  Rule
	entry string // entry the rejection must name, if any
}

func maliciousCases(t *testing.T) []maliciousCase {
	good := tarGz(t, fileEntry("bin/web", "#!/bin/sh\n", 0o755))
	_, otherKey := testKey(t, 2)
	bigRandom := tarGz(t, sizedEntry("blob", 256<<10, bytes.NewReader(randomBytes(256<<10))))
	badCRC := append([]byte(nil), good...)
	badCRC[len(badCRC)-8] ^= 0xff
	goodDigest := sha256.Sum256(good)
	return []maliciousCase{
		{name: "path traversal", data: tarGz(t, fileEntry("../evil", "x", 0o644)), rule: RuleTraversal, entry: "../evil"},
		{name: "nested path traversal", data: tarGz(t, dirEntry("a/", 0o755), fileEntry("a/../../evil", "x", 0o644)), rule: RuleTraversal, entry: "a/../../evil"},
		{name: "absolute path", data: tarGz(t, fileEntry("/etc/cron.d/evil", "x", 0o644)), rule: RuleAbsolutePath, entry: "/etc/cron.d/evil"},
		{name: "symlink escape", data: tarGz(t, linkEntry(tar.TypeSymlink, "etc", "../../etc")), rule: RuleSymlinkEscape, entry: "etc"},
		{name: "absolute symlink", data: tarGz(t, linkEntry(tar.TypeSymlink, "etc", "/etc")), rule: RuleSymlinkEscape, entry: "etc"},
		{name: "symlink parent escape", data: tarGz(t,
			linkEntry(tar.TypeSymlink, "here", "."),
			linkEntry(tar.TypeSymlink, "up", "here/x/../..")), rule: RuleSymlinkEscape, entry: "up"},
		{name: "symlink escape via later symlink", data: tarGz(t,
			linkEntry(tar.TypeSymlink, "a", "b/.."),
			linkEntry(tar.TypeSymlink, "b", ".")), rule: RuleSymlinkEscape, entry: "a"},
		{name: "write through symlink", data: tarGz(t,
			dirEntry("d/", 0o755),
			linkEntry(tar.TypeSymlink, "l", "d"),
			fileEntry("l/x", "x", 0o644)), rule: RuleThroughSymlink, entry: "l/x"},
		{name: "replace symlink", data: tarGz(t,
			linkEntry(tar.TypeSymlink, "l", "d"),
			fileEntry("l", "x", 0o644)), rule: RuleThroughSymlink, entry: "l"},
		{name: "hard link", data: tarGz(t, fileEntry("a", "x", 0o644), linkEntry(tar.TypeLink, "b", "a")), rule: RuleHardLink, entry: "b"},
		{name: "hard link escape", data: tarGz(t, linkEntry(tar.TypeLink, "passwd", "/etc/passwd")), rule: RuleHardLink, entry: "passwd"},
		{name: "char device", data: tarGz(t, specialEntry(tar.TypeChar, "null")), rule: RuleDevice, entry: "null"},
		{name: "block device", data: tarGz(t, specialEntry(tar.TypeBlock, "sda")), rule: RuleDevice, entry: "sda"},
		{name: "fifo", data: tarGz(t, specialEntry(tar.TypeFifo, "pipe")), rule: RuleFIFO, entry: "pipe"},
		{name: "duplicate entry", data: tarGz(t, fileEntry("a", "1", 0o644), fileEntry("a", "2", 0o644)), rule: RuleDuplicate, entry: "a"},
		{name: "file where a directory is needed", data: tarGz(t, fileEntry("a", "1", 0o644), fileEntry("a/b", "2", 0o644)), rule: RuleDuplicate, entry: "a/b"},
		{name: "directory over a file", data: tarGz(t, fileEntry("a", "1", 0o644), dirEntry("a/", 0o755)), rule: RuleDuplicate, entry: "a/"},
		{name: "name component too long", data: tarGz(t, fileEntry("d/"+strings.Repeat("n", 256), "x", 0o644)), rule: RuleBadName, entry: "d/" + strings.Repeat("n", 256)},
		{name: "symlink target too long", data: tarGz(t, linkEntry(tar.TypeSymlink, "l", strings.Repeat("a/", 2048))), rule: RuleSymlinkEscape, entry: "l"},
		{name: "symlink loop", data: tarGz(t, linkEntry(tar.TypeSymlink, "a", "b"), linkEntry(tar.TypeSymlink, "b", "a")), rule: RuleSymlinkEscape, entry: "a"},
		{name: "decompression bomb", data: tarGz(t, sizedEntry("zeros", 64<<20, zeroReader{})), rule: RuleRatio, entry: "zeros"},
		{name: "declared size over max bytes", data: bigRandom, lim: Limits{MaxBytes: 64 << 10}, rule: RuleTooLarge, entry: "blob"},
		{name: "too many entries", data: manyFiles(t, 11), lim: Limits{MaxEntries: 10}, rule: RuleTooManyEntries, entry: "f10"},
		{name: "checksum mismatch", data: good, sha: sha256Hex([]byte("something else")), rule: RuleChecksum},
		{name: "bad signature", data: good, sig: Sign(otherKey, goodDigest[:]), rule: RuleSignature},
		{name: "missing signature", data: good, sig: []byte{}, rule: RuleSignature},
		{name: "truncated gzip", data: bigRandom[:len(bigRandom)/2], rule: RuleTruncated, entry: "blob"},
		{name: "truncated gzip trailer", data: good[:len(good)-4], rule: RuleTruncated},
		{name: "corrupt gzip crc", data: badCRC, rule: RuleCorrupt},
		{name: "not gzip", data: []byte("this is a README, not a release\n"), rule: RuleNotGzip},
		{name: "gzip of not a tarball", data: gzipOf(t, bytes.Repeat([]byte("not a tar header "), 64)), rule: RuleNotTarball},
		{name: "empty archive", data: gzipOf(t, nil), rule: RuleNotTarball},
		{name: "no free disk", data: good, lim: Limits{freeSpace: func(string) (uint64, error) { return 100, nil }}, rule: RuleDiskSpace},
	}
}

func manyFiles(t *testing.T, n int) []byte {
	var es []tarEntry
	for i := range n {
		es = append(es, fileEntry(fmt.Sprintf("f%d", i), "x", 0o644))
	}
	return tarGz(t, es...)
}

func TestMaliciousArtifacts(t *testing.T) {
	pub, priv := testKey(t, 1)
	for _, c := range maliciousCases(t) {
		t.Run(c.name, func(t *testing.T) {
			sha, sig := c.sha, c.sig
			if sha == "" {
				sha = sha256Hex(c.data)
			}
			if sig == nil {
				d := sha256.Sum256(c.data)
				sig = Sign(priv, d[:])
			}
			dest := filepath.Join(t.TempDir(), "r1")
			err := deliver(c.data, sha, sig, pub, dest, c.lim)
			var re *RejectError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a *RejectError with rule %s", err, c.rule)
			}
			if re.Rule != c.rule || re.Entry != c.entry {
				t.Fatalf("got rule %s entry %q (%v), want rule %s entry %q", re.Rule, re.Entry, err, c.rule, c.entry)
			}
			if c.entry != "" && !strings.Contains(err.Error(), `"`+c.entry+`"`) {
				t.Errorf("message %q does not name the entry", err)
			}
			if _, statErr := os.Lstat(dest); !errors.Is(statErr, os.ErrNotExist) {
				t.Errorf("dest left behind after rejection (%v)", statErr)
			}
			t.Log(err)
		})
	}
}
