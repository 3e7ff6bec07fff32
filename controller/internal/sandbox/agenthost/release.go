package agenthost

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// SampleRelease is the release tarball of the sample app: bin/app runs the
// built app with flags (for example "--fail-health" for a release whose
// processes never pass their health check). It returns the tarball and its
// hex SHA-256.
func SampleRelease(app string, flags string) ([]byte, string, error) {
	script := fmt.Sprintf("#!/bin/sh\nexec %q %s \"$@\"\n", app, flags)
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
