package e2e_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// appScript is a release's bin/app: it runs the test app with extra flags
// and environment (PORT and ASGCTL_RELEASE come from the agent).
func appScript(env, flags string) string {
	return fmt.Sprintf("#!/bin/sh\n%s exec %q %s \"$@\"\n", env, bins.testapp, flags)
}

// goodApp starts after startDelay and answers its health checks.
func goodApp(startDelay string) string { return appScript("", "--start-delay "+startDelay) }

// sickApp starts but fails every health check.
func sickApp() string {
	return appScript("TESTAPP_FAIL_HEALTH=1", "--start-delay 100ms")
}

// tarGz is a release tarball holding bin/app.
func tarGz(script string) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	_ = tw.WriteHeader(&tar.Header{Name: "bin/", Typeflag: tar.TypeDir, Mode: 0o755})
	_ = tw.WriteHeader(&tar.Header{Name: "bin/app", Typeflag: tar.TypeReg, Mode: 0o755, Size: int64(len(script))})
	_, _ = tw.Write([]byte(script))
	_ = tw.Close()
	_ = gz.Close()
	return buf.Bytes()
}

func (b *box) s3() *s3.Client {
	return s3.NewFromConfig(b.moto.Config(b.t), func(o *s3.Options) { o.UsePathStyle = true })
}

func (b *box) createBucket() {
	b.t.Helper()
	if _, err := b.s3().CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(b.bucket)}); err != nil {
		b.t.Fatalf("create bucket: %v", err)
	}
}

// upload puts data at web/<name>.tar.gz and returns its s3:// URL and
// hex SHA-256.
func (b *box) upload(name string, data []byte) (string, string) {
	b.t.Helper()
	key := "web/" + name + ".tar.gz"
	_, err := b.s3().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(b.bucket),
		Key: aws.String(key), Body: bytes.NewReader(data)})
	if err != nil {
		b.t.Fatalf("upload %s: %v", key, err)
	}
	sum := sha256.Sum256(data)
	return "s3://" + b.bucket + "/" + key, hex.EncodeToString(sum[:])
}

// tarEntries is a tarball of regular files by name, written as given
// (names are not cleaned, so malicious ones stay malicious).
func tarEntries(files map[string]string) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, body := range files {
		_ = tw.WriteHeader(&tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o755, Size: int64(len(body))})
		_, _ = tw.Write([]byte(body))
	}
	_ = tw.Close()
	_ = gz.Close()
	return buf.Bytes()
}

func itoa(n int) string { return strconv.Itoa(n) }

// symlinkChain is a tarball of bin/app and n chained symlinks: L0 -> . and
// Lk -> L(k-1)/L(k-1).
func symlinkChain(n int) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	app := goodApp("0s")
	_ = tw.WriteHeader(&tar.Header{Name: "bin/app", Typeflag: tar.TypeReg, Mode: 0o755, Size: int64(len(app))})
	_, _ = tw.Write([]byte(app))
	_ = tw.WriteHeader(&tar.Header{Name: "L0", Typeflag: tar.TypeSymlink, Linkname: "."})
	for k := 1; k < n; k++ {
		prev := "L" + strconv.Itoa(k-1)
		_ = tw.WriteHeader(&tar.Header{Name: "L" + strconv.Itoa(k), Typeflag: tar.TypeSymlink, Linkname: prev + "/" + prev})
	}
	_ = tw.Close()
	_ = gz.Close()
	return buf.Bytes()
}
