package instance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// maxMetadataBytes caps one metadata value; ids and names are short.
const maxMetadataBytes = 64 << 10

// errNoMetadata stands in for an IMDS client when the caller has none.
var errNoMetadata = errors.New("no IMDS client")

// readMetadata returns the value at meta-data/<path>, trimmed. An empty
// value is an error.
func readMetadata(ctx context.Context, md Metadata, path string) (string, error) {
	if md == nil {
		return "", errNoMetadata
	}
	out, err := md.GetMetadata(ctx, &imds.GetMetadataInput{Path: path})
	if err != nil {
		return "", err
	}
	defer func() { _ = out.Content.Close() }()
	b, err := io.ReadAll(io.LimitReader(out.Content, maxMetadataBytes))
	if err != nil {
		return "", fmt.Errorf("read meta-data/%s: %w", path, err)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("meta-data/%s is empty", path)
	}
	return v, nil
}

// httpStatus returns the HTTP status IMDS answered err with, if it did.
func httpStatus(err error) (int, bool) {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode(), true
	}
	return 0, false
}

// isNotFound reports whether IMDS answered 404.
func isNotFound(err error) bool {
	code, ok := httpStatus(err)
	return ok && code == http.StatusNotFound
}

// imdsError explains why field could not come from IMDS: it did not
// answer at all, or it answered with an HTTP error.
func imdsError(field string, md Metadata, err error) error {
	at := endpointOf(md)
	if md == nil {
		return fmt.Errorf("%s is empty and there is no IMDS client: %w; %s", field, err, outsideEC2Hint)
	}
	if code, ok := httpStatus(err); ok {
		return fmt.Errorf("%s is empty and IMDS at %s answered HTTP %d: %w; %s", field, at, code, err, outsideEC2Hint)
	}
	return fmt.Errorf("%s is empty and IMDS at %s did not answer: %w; %s", field, at, err, outsideEC2Hint)
}
