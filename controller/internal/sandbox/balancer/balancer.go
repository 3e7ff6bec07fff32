package balancer

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// DefaultRefresh is how often the routing table is rebuilt when
// Config.Refresh is zero.
const DefaultRefresh = 250 * time.Millisecond

// Config configures a Balancer. Zero fields take the documented defaults.
type Config struct {
	// ELB is read for the forward action and target health (required).
	ELB ELB
	// ListenerARN is the listener whose default action is followed.
	ListenerARN string
	// RuleARN, when set, is the listener rule whose action is followed
	// instead of the listener's default action.
	RuleARN string
	// Addr maps an instance id to the host:port where it serves
	// (required); a target it does not know is skipped.
	Addr func(instanceID string) (string, bool)
	// Clock drives the refresh loop; default clock.Real{}.
	Clock clock.Clock
	// Refresh is the period of the refresh loop; default DefaultRefresh.
	Refresh time.Duration
	// RetryOnConnectError retries a bodyless request that failed at the
	// transport once on another target of the same group; nil means true.
	// The ALB does not retry; see the package doc.
	RetryOnConnectError *bool
	// Transport carries proxied requests; default a clone of
	// http.DefaultTransport without proxy and with a deeper idle pool.
	Transport http.RoundTripper
	// OnRefresh, when set, is called after every refresh of the loop with
	// its error, once the next refresh is already scheduled on Clock (so a
	// test driving a fake clock can advance it at once).
	OnRefresh func(error)
	// OnAnswer, when set, is called once for every request routed to a
	// target group, when its answer is complete, on the request's
	// goroutine (so it must be quick and safe for concurrent use). A
	// request no group has a weight for is not routed and not reported;
	// nor is one whose answer was cut off after it had started.
	OnAnswer func(Answer)
	// Log receives refresh failures and routing changes; default discard.
	Log *slog.Logger
}

func (cfg Config) withDefaults() Config {
	switch {
	case cfg.ELB == nil:
		panic("balancer: Config.ELB is required")
	case cfg.ListenerARN == "" && cfg.RuleARN == "":
		panic("balancer: Config.ListenerARN or Config.RuleARN is required")
	case cfg.Addr == nil:
		panic("balancer: Config.Addr is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if cfg.Refresh <= 0 {
		cfg.Refresh = DefaultRefresh
	}
	if cfg.RetryOnConnectError == nil {
		yes := true
		cfg.RetryOnConnectError = &yes
	}
	if cfg.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.Proxy = nil // straight to the targets, like the ALB
		t.MaxIdleConnsPerHost = 64
		cfg.Transport = t
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return cfg
}

// Balancer is a weighted reverse proxy following one listener or rule. It
// is safe for concurrent use.
type Balancer struct {
	cfg    Config
	proxy  *httputil.ReverseProxy
	router router
	stats  counters

	refreshMu sync.Mutex // one refresh at a time, installed in order
	lastErr   error      // guarded by refreshMu: for logging changes only

	cancel    context.CancelFunc
	loopDone  chan struct{}
	closeOnce sync.Once
	srvMu     sync.Mutex
	srv       *http.Server
	closed    bool // guarded by srvMu
}

// New returns a Balancer for cfg and starts its refresh loop: the first
// refresh runs at once, then one every cfg.Refresh on cfg.Clock. Until the
// first refresh succeeds every request is answered 503. It panics when a
// required field is missing. Close stops the loop.
func New(cfg Config) *Balancer {
	b := &Balancer{cfg: cfg.withDefaults(), loopDone: make(chan struct{})}
	b.router.init()
	b.stats.init()
	b.proxy = b.newProxy()
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	go b.loop(ctx)
	return b
}

// loop refreshes every cfg.Refresh until ctx is done.
func (b *Balancer) loop(ctx context.Context) {
	defer close(b.loopDone)
	for {
		err := b.Refresh(ctx)
		if ctx.Err() != nil {
			return
		}
		t := b.cfg.Clock.NewTimer(b.cfg.Refresh)
		if b.cfg.OnRefresh != nil {
			b.cfg.OnRefresh(err)
		}
		select {
		case <-t.C():
		case <-ctx.Done():
			t.Stop()
			return
		}
	}
}

// Listen serves the balancer on addr (say "127.0.0.1:0") in the
// background and returns the address it listens on. A Balancer listens at
// most once (Listen or Serve).
func (b *Balancer) Listen(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	if err := b.Serve(ln); err != nil {
		_ = ln.Close()
		return "", err
	}
	return ln.Addr().String(), nil
}

// Serve serves the balancer on ln in the background, for a caller that
// needs the address before the balancer exists (a listener created on
// the port it serves). Close closes ln. A Balancer listens at most once.
func (b *Balancer) Serve(ln net.Listener) error {
	b.srvMu.Lock()
	defer b.srvMu.Unlock()
	switch {
	case b.closed:
		return errors.New("balancer: closed")
	case b.srv != nil:
		return errors.New("balancer: already listening")
	}
	b.srv = &http.Server{Handler: b, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = b.srv.Serve(ln) }()
	return nil
}

// Close stops the refresh loop and the listener (requests in flight are
// cut) and closes idle connections to targets. It is idempotent.
func (b *Balancer) Close() error {
	var err error
	b.closeOnce.Do(func() {
		b.cancel()
		<-b.loopDone
		b.srvMu.Lock()
		b.closed = true
		if b.srv != nil {
			err = b.srv.Close()
		}
		b.srvMu.Unlock()
		if t, ok := b.cfg.Transport.(interface{ CloseIdleConnections() }); ok {
			t.CloseIdleConnections()
		}
	})
	return err
}
