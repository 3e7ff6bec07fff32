package release

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"math/rand"
	"strings"
	"testing"
)

func testKey(t *testing.T, seed int64) (ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.New(rand.NewSource(seed)))
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

func TestVerifyGood(t *testing.T) {
	data := []byte("release bytes")
	digest := sha256.Sum256(data)
	pub, priv := testKey(t, 1)
	var out bytes.Buffer
	if err := Verify(bytes.NewReader(data), sha256Hex(data), Sign(priv, digest[:]), pub, &out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), data) {
		t.Fatalf("streamed %q, want %q", out.Bytes(), data)
	}
	out.Reset()
	if err := Verify(bytes.NewReader(data), strings.ToUpper(sha256Hex(data)), nil, nil, &out); err != nil {
		t.Fatalf("no key configured: %v", err)
	}
}

func TestVerifyRejects(t *testing.T) {
	data := []byte("release bytes")
	digest := sha256.Sum256(data)
	pub, priv := testKey(t, 1)
	cases := []struct {
		name string
		want string
		sig  []byte
		rule Rule
		msg  string
	}{
		{"bad expected digest", "abc", nil, RuleChecksum, "not 64 hex digits"},
		{"mismatch", sha256Hex([]byte("other")), nil, RuleChecksum, "checksum mismatch: got " + sha256Hex(data) + ", want " + sha256Hex([]byte("other"))},
		{"missing signature", sha256Hex(data), nil, RuleSignature, "signature missing"},
		{"short signature", sha256Hex(data), []byte{1, 2}, RuleSignature, "has 2 bytes"},
		{"signature over hex not raw digest", sha256Hex(data), Sign(priv, []byte(sha256Hex(data))), RuleSignature, "does not verify"},
		{"tampered signature", sha256Hex(data), flipLast(Sign(priv, digest[:])), RuleSignature, "does not verify"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Verify(bytes.NewReader(data), c.want, c.sig, pub, &bytes.Buffer{})
			var re *RejectError
			if !errors.As(err, &re) || re.Rule != c.rule || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("got %v, want rule %s containing %q", err, c.rule, c.msg)
			}
		})
	}
}

func TestVerifyBadPublicKey(t *testing.T) {
	data := []byte("x")
	err := Verify(bytes.NewReader(data), sha256Hex(data), nil, ed25519.PublicKey{1, 2, 3}, &bytes.Buffer{})
	var re *RejectError
	if err == nil || errors.As(err, &re) {
		t.Fatalf("got %v, want a configuration error", err)
	}
}

func flipLast(b []byte) []byte {
	out := append([]byte(nil), b...)
	out[len(out)-1] ^= 1
	return out
}

func TestCheckSignatureNeedsNoBytes(t *testing.T) {
	digest := sha256.Sum256([]byte("release bytes"))
	pub, priv := testKey(t, 1)
	good := Sign(priv, digest[:])
	hexDigest := sha256Hex([]byte("release bytes"))
	if err := CheckSignature(hexDigest, good, pub); err != nil {
		t.Fatalf("good signature: %v", err)
	}
	if err := CheckSignature(hexDigest, nil, nil); err != nil {
		t.Fatalf("no key configured: %v", err)
	}
	cases := []struct {
		name, digest string
		sig          []byte
		rule         Rule
	}{
		{"digest not hex", "xyz", good, RuleChecksum},
		{"signature of another digest", sha256Hex([]byte("other")), good, RuleSignature},
		{"signature missing", hexDigest, nil, RuleSignature},
		{"signature tampered", hexDigest, flipLast(good), RuleSignature},
	}
	for _, c := range cases {
		err := CheckSignature(c.digest, c.sig, pub)
		var re *RejectError
		if !errors.As(err, &re) || re.Rule != c.rule {
			t.Errorf("%s: got %v, want rule %s", c.name, err, c.rule)
		}
	}
	var re *RejectError
	if err := CheckSignature(hexDigest, good, ed25519.PublicKey{1}); err == nil || errors.As(err, &re) {
		t.Errorf("malformed key: got %v, want a configuration error", err)
	}
}
