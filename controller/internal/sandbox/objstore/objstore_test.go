package objstore_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/asgctl/asgctl/controller/internal/sandbox/objstore"
)

// client is the real SDK's S3 client on the store, path-style, as the
// agent builds it when AWS_ENDPOINT_URL_S3 is set.
func client(t *testing.T, endpoint string) *s3.Client {
	t.Helper()
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(endpoint),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "sandbox", SecretAccessKey: "sandbox"}, nil
		})}
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
}

func TestSDKGetObjectReadsWhatTheSandboxPut(t *testing.T) {
	store := objstore.New()
	endpoint, stop, err := objstore.Serve(store)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	data := bytes.Repeat([]byte("release"), 10000)
	store.Put("artifacts", "web/r1.tar.gz", data, time.Now())
	c := client(t, endpoint)

	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("artifacts"), Key: aws.String("web/r1.tar.gz")})
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(out.Body)
	out.Body.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes (%v), want %d", len(got), err, len(data))
	}
	if out.ContentLength == nil || *out.ContentLength != int64(len(data)) {
		t.Errorf("content length %v, want %d", out.ContentLength, len(data))
	}

	_, err = c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("artifacts"), Key: aws.String("web/missing.tar.gz")})
	var nsk *s3types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Fatalf("missing object: %v, want NoSuchKey", err)
	}
	_, err = c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("artifacts"), Key: aws.String("x"), Body: bytes.NewReader([]byte("x"))})
	if err == nil {
		t.Fatal("PutObject over HTTP succeeded; the store is filled in-process only")
	}
}
