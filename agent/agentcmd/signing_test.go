package agentcmd

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/release"
	"github.com/asgctl/asgctl/internal/testenv"
)

// TestOpenSSLSignedReleaseVerifies follows the signing steps of
// agent/README.md with the real openssl: the agent loads the PEM public
// key and accepts the signature of the artifact's raw SHA-256 digest, and
// refuses it for another artifact.
func TestOpenSSLSignedReleaseVerifies(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		testenv.SkipOrFail(t, "openssl not installed: %v", err)
	}
	dir := t.TempDir()
	artifact := bytes.Repeat([]byte("release bytes "), 1000)
	sum := sha256.Sum256(artifact)
	digest := filepath.Join(dir, "digest.bin")
	if err := os.WriteFile(digest, sum[:], 0o600); err != nil {
		t.Fatal(err)
	}
	key, pub, sig := filepath.Join(dir, "k.pem"), filepath.Join(dir, "k.pub"), filepath.Join(dir, "a.sig")
	for _, args := range [][]string{
		{"genpkey", "-algorithm", "ed25519", "-out", key},
		{"pkey", "-in", key, "-pubout", "-out", pub},
		{"pkeyutl", "-sign", "-rawin", "-inkey", key, "-in", digest, "-out", sig},
	} {
		if out, err := exec.Command("openssl", args...).CombinedOutput(); err != nil {
			t.Fatalf("openssl %v: %v: %s", args, err, out)
		}
	}
	pubKey, err := loadPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	signature, err := os.ReadFile(sig)
	if err != nil {
		t.Fatal(err)
	}
	if err := release.Verify(bytes.NewReader(artifact), hex.EncodeToString(sum[:]), signature, pubKey, io.Discard); err != nil {
		t.Fatalf("openssl signature refused: %v", err)
	}
	other := append(bytes.Clone(artifact), '!')
	otherSum := sha256.Sum256(other)
	err = release.Verify(bytes.NewReader(other), hex.EncodeToString(otherSum[:]), signature, pubKey, io.Discard)
	var rej *release.RejectError
	if !errors.As(err, &rej) || rej.Rule != release.RuleSignature {
		t.Fatalf("signature of another artifact: %v, want a %s rejection", err, release.RuleSignature)
	}
}

func TestLoadPublicKeyRefusesOtherFormats(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"short": "c2hvcnQ=", "garbage": "not a key at all"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := loadPublicKey(path); err == nil {
			t.Errorf("%s key accepted", name)
		}
	}
	if _, err := loadPublicKey(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing key file accepted")
	}
}
