package agentcmd

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/asgctl/asgctl/agent/internal/config"
	"github.com/asgctl/asgctl/agent/internal/fetch"
	"github.com/asgctl/asgctl/agent/internal/proc"
	"github.com/asgctl/asgctl/agent/internal/release"
	"github.com/asgctl/asgctl/agent/internal/rotate"
	"github.com/asgctl/asgctl/internal/awslog"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// awsClients are the agent's only AWS calls: S3 GetObject for artifacts and
// CompleteLifecycleAction.
type awsClients struct {
	s3          *s3.Client
	autoscaling *autoscaling.Client
}

// newAWS loads the SDK's standard chain (instance profile on EC2). When an
// S3 endpoint is set in the environment (AWS_ENDPOINT_URL_S3 or
// AWS_ENDPOINT_URL: an S3-compatible store or a test server) path-style
// addressing is used, which such endpoints need. The SDK's own messages
// go to log, as JSON like every other line the agent writes.
func newAWS(ctx context.Context, region string, log *slog.Logger) (awsClients, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(region), awsconfig.WithLogger(awslog.New(log)))
	if err != nil {
		return awsClients{}, fmt.Errorf("aws config: %w", err)
	}
	pathStyle := os.Getenv("AWS_ENDPOINT_URL_S3") != "" || os.Getenv("AWS_ENDPOINT_URL") != ""
	return awsClients{
		s3:          s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = pathStyle }),
		autoscaling: autoscaling.NewFromConfig(cfg),
	}, nil
}

// newFetcher builds the artifact fetcher from cfg.Artifacts; downloads are
// timed by the real clock and log their progress to log.
func newFetcher(cfg *config.Config, client *s3.Client, log *slog.Logger) (*fetch.Fetcher, error) {
	pub, err := loadPublicKey(cfg.Artifacts.PublicKeyFile)
	if err != nil {
		return nil, err
	}
	a := cfg.Artifacts
	return &fetch.Fetcher{S3: client, Allow: a.Allow, PubKey: pub, Dir: cfg.Dirs.Releases,
		Limits:          release.Limits{MaxBytes: a.MaxBytes, MaxEntries: a.MaxEntries, MaxRatio: a.MaxRatio},
		DownloadTimeout: a.DownloadTimeout.D(), StallTimeout: a.StallTimeout.D(), Log: log}, nil
}

// loadPublicKey reads the release signing key: a PEM "PUBLIC KEY" block
// (what `openssl pkey -pubout` writes for an ed25519 key) or the raw 32-byte
// key in standard base64. An empty path means signatures are not checked.
func loadPublicKey(path string) (ed25519.PublicKey, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("artifacts.public_key_file: %w", err)
	}
	if block, _ := pem.Decode(data); block != nil {
		key, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("artifacts.public_key_file %s: %w", path, err)
		}
		pub, ok := key.(ed25519.PublicKey)
		if !ok {
			return nil, fmt.Errorf("artifacts.public_key_file %s: a %T key, want ed25519", path, key)
		}
		return pub, nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("artifacts.public_key_file %s: want a PEM public key or the base64 of a %d-byte ed25519 key", path, ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(raw), nil
}

// newDriver builds the rotation driver and its cleanup.
func newDriver(cfg *config.Config, log *slog.Logger) (rotate.Driver, func(), error) {
	r := cfg.Rotation
	drain := r.DrainTimeout.D()
	addrs := map[int]string{}
	names := map[int]string{}
	for k := range cfg.Processes {
		addrs[k] = "127.0.0.1:" + strconv.Itoa(cfg.Port(k))
		names[k] = cfg.HAProxyServer(k)
	}
	switch r.Driver {
	case config.RotationHAProxy:
		return rotate.NewHAProxy(r.HAProxySocket, r.HAProxyBackend, names, drain, log), func() {}, nil
	case config.RotationNginx:
		n, err := rotate.NewNginx(rotate.NginxConfig{UpstreamFile: r.NginxUpstreamFile, Servers: addrs,
			ConfFile: r.NginxConfFile, PidFile: r.NginxPIDFile, TestArgs: []string{"-e", "stderr"}, DrainTimeout: drain}, log)
		return n, func() {}, err
	}
	b, err := rotate.NewBuiltin(cfg.Listen, addrs, drain, r.DrainLongLived.D(), log)
	if err != nil {
		return nil, nil, err
	}
	return b, func() { _ = b.Close() }, nil
}

// newSupervisor builds the process supervisor and its cleanup.
func newSupervisor(ctx context.Context, cfg *config.Config, log *slog.Logger) (proc.Supervisor, func(), error) {
	if cfg.Supervisor.Driver == config.SupervisorSystemd {
		s, err := proc.ConnectSystemd(ctx, cfg.Unit, log)
		if err != nil {
			return nil, nil, err
		}
		return s, s.Close, nil
	}
	s, err := proc.NewExecSupervisor(log, cfg.Supervisor.StopTimeout.D(), cfg.Supervisor.RunAs)
	if err != nil {
		return nil, nil, err
	}
	return s, func() {}, nil
}
