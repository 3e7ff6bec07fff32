package agenthost

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// SampleRelease is the release tarball of the sample app: bin/app runs the
// app command with flags (for example "--fail-health" for a release whose
// processes never pass their health check). It returns the tarball and its
// hex SHA-256.
func SampleRelease(app Command, flags string) ([]byte, string, error) {
	words := make([]string, 0, len(app.Args)+1)
	for _, w := range append([]string{app.Path}, app.Args...) {
		words = append(words, shellQuote(w))
	}
	script := fmt.Sprintf("#!/bin/sh\nexec %s %s \"$@\"\n", strings.Join(words, " "), flags)
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, h := range []*tar.Header{
		{Name: "bin/", Typeflag: tar.TypeDir, Mode: 0o755},
		{Name: "bin/app", Typeflag: tar.TypeReg, Mode: 0o755, Size: int64(len(script))},
	} {
		if err := tw.WriteHeader(h); err != nil {
			return nil, "", err
		}
	}
	if _, err := tw.Write([]byte(script)); err != nil {
		return nil, "", err
	}
	if err := tw.Close(); err != nil {
		return nil, "", err
	}
	if err := gz.Close(); err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(buf.Bytes())
	return buf.Bytes(), hex.EncodeToString(sum[:]), nil
}

// shellQuote quotes s as one word for /bin/sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
