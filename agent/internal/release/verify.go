package release

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// Signing scheme (what CI does):
//
// The message signed is the raw 32-byte SHA-256 digest of the artifact
// file exactly as uploaded to S3 (not its hex form), signed with pure
// Ed25519 (RFC 8032, no pre-hash or context). The signature is the raw
// 64 bytes. With OpenSSL 3:
//
//	openssl dgst -sha256 -binary app.tar.gz > app.tar.gz.digest
//	openssl pkeyutl -sign -rawin -inkey ci-ed25519.pem \
//	    -in app.tar.gz.digest -out app.tar.gz.sig
//
// Sign does the same in Go and is what the tests use.

// Sign returns the Ed25519 signature over digest (the raw 32-byte SHA-256
// of the artifact), in the form Verify accepts.
func Sign(priv ed25519.PrivateKey, digest []byte) []byte {
	return ed25519.Sign(priv, digest)
}

// Verify copies r to w while hashing it, then checks the SHA-256 against
// wantSHA256 (64 hex digits) and, when pub is set, sig (see Sign) against
// the digest. w has received every byte by the time Verify returns, so on
// error the caller must discard what it wrote. A mismatch or a bad or
// missing signature is a *RejectError; a read or write failure is not.
func Verify(r io.Reader, wantSHA256 string, sig []byte, pub ed25519.PublicKey, w io.Writer) error {
	want, err := parseDigest(wantSHA256)
	if err != nil {
		return err
	}
	if pub != nil && len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("verify artifact: signing public key has %d bytes, want %d", len(pub), ed25519.PublicKeySize)
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(w, h), r); err != nil {
		return fmt.Errorf("verify artifact: stream: %w", err)
	}
	got := h.Sum(nil)
	if !bytes.Equal(got, want) {
		return reject(RuleChecksum, "", "checksum mismatch: got %x, want %x; the object in S3 is not the one the release names (re-upload it or fix --sha256)", got, want)
	}
	if pub == nil {
		return nil
	}
	return checkSignature(got, sig, pub)
}

// CheckSignature checks, before any byte is downloaded, what a release
// record claims: wantSHA256 must be 64 hex digits and, when pub is set,
// sig must be a valid signature (see Sign) of that digest. Verify then
// only has to find that the bytes hash to wantSHA256. Refusals are
// *RejectError; a malformed pub is a configuration error.
func CheckSignature(wantSHA256 string, sig []byte, pub ed25519.PublicKey) error {
	want, err := parseDigest(wantSHA256)
	if err != nil {
		return err
	}
	if pub == nil {
		return nil
	}
	if len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("verify artifact: signing public key has %d bytes, want %d", len(pub), ed25519.PublicKeySize)
	}
	return checkSignature(want, sig, pub)
}

// parseDigest decodes a release record's SHA-256 (64 hex digits).
func parseDigest(wantSHA256 string) ([]byte, error) {
	want, err := hex.DecodeString(wantSHA256)
	if err != nil || len(want) != sha256.Size {
		return nil, reject(RuleChecksum, "", "expected SHA-256 %q is not 64 hex digits; fix the release record", wantSHA256)
	}
	return want, nil
}

func checkSignature(digest, sig []byte, pub ed25519.PublicKey) error {
	switch {
	case len(sig) == 0:
		return reject(RuleSignature, "", "signature missing: a signing key is configured, so every release needs a signature (release --signature FILE)")
	case len(sig) != ed25519.SignatureSize:
		return reject(RuleSignature, "", "signature has %d bytes, want a raw %d-byte Ed25519 signature", len(sig), ed25519.SignatureSize)
	case !ed25519.Verify(pub, digest, sig):
		return reject(RuleSignature, "", "signature does not verify against the configured public key for digest %x; sign the raw SHA-256 digest with the matching CI key", digest)
	}
	return nil
}
