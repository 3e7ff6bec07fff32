package motoserver

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Region is the region every Config uses.
const Region = "us-east-1"

// Config returns a real SDK configuration for the server: region
// us-east-1, static test credentials, every service's endpoint at s.URL.
// Nothing is read from the environment or shared config files, so a
// developer's AWS profile can never be used by mistake.
func (s *Server) Config(tb testing.TB) aws.Config {
	tb.Helper()
	return aws.Config{
		Region:           Region,
		Credentials:      credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint:     aws.String(s.URL),
		RetryMaxAttempts: 1, // moto is local: a failure is an answer, not congestion
	}
}
