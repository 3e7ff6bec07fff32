package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/user"
	"sync"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/awssdk"
)

// ProductionDeps are Main's dependencies: Consul from the global flags and
// the standard environment, AWS clients from the SDK's standard chain (the
// spec's role assumed on top), the real clock, random request ids, and
// user@host as the requester.
func ProductionDeps() Deps {
	return Deps{
		Backend: consulBackend,
		Clients: sdkClients(),
		Clock:   clock.Real{},
		NewID:   randomID,
		User:    currentUser(),
		IsTTY:   isTerminal,
	}
}

// sdkClients returns a Clients func over one awssdk.Factory made on first
// use (so verbs that never touch AWS never load its configuration), logging
// through the verb's logger and reporting retries on its stderr.
func sdkClients() func(ctx context.Context, spec api.ServiceSpec) (awsapi.Clients, error) {
	var (
		once    sync.Once
		factory *awssdk.Factory
		ferr    error
	)
	return func(ctx context.Context, spec api.ServiceSpec) (awsapi.Clients, error) {
		once.Do(func() {
			out := verbOutputOf(ctx)
			factory, ferr = awssdk.New(ctx, awssdk.Options{
				SessionName: "asgctl-cli", Logger: out.log, OnRetry: retryReporter(out.stderr), AttemptTimeout: out.timeout,
			})
		})
		if ferr != nil {
			return awsapi.Clients{}, ferr
		}
		return factory.For(ctx, spec.Region, spec.RoleARN, spec.ExternalID)
	}
}

// randomID is 16 random bytes in hex.
func randomID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err)) // never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}

// currentUser is the CI identity when there is one (ciIdentity), else
// user@host, with fallbacks when either is unknown.
func currentUser() string {
	if ci := ciIdentity(os.Getenv); ci != "" {
		return ci
	}
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if name == "" {
		name = "unknown"
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown"
	}
	return name + "@" + host
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
