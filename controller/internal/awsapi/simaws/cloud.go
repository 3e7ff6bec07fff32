package simaws

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

var (
	_ awsapi.AutoScaling = (*Cloud)(nil)
	_ awsapi.EC2         = (*Cloud)(nil)
	_ awsapi.ELBv2       = (*Cloud)(nil)
	_ awsapi.CloudWatch  = (*Cloud)(nil)
)

// Cloud is one simulated AWS account and region. It is safe for concurrent
// use: one mutex guards all state.
type Cloud struct {
	mu     sync.Mutex
	cfg    Config
	world  *rand.Rand // instance ids, boot and start times, flapping
	chaos  *rand.Rand // fault rolls, latency
	names  *rand.Rand // ids of scaling policies, scheduled actions, alarms
	now    time.Time  // the simulation has processed every event up to now
	evSeq  uint64
	events eventQueue
	launch uint64 // launch order of instances

	templates    map[string]*launchTemplate   // by id
	groups       map[string]*group            // by name
	instances    map[string]*instance         // by id
	targetGroups map[string]*targetGroup      // by ARN
	listeners    map[string]*listener         // by ARN
	rules        map[string]*rule             // by ARN, default rules included
	alarms       map[string]*alarm            // by name
	metrics      map[metricSeries][]datapoint // metric data, oldest put first
	brokenAMIs   map[string]AppFault
	albARN       string
	albDNS       string    // the load balancer's DNS name (SetLoadBalancerDNS)
	albCreated   time.Time // when New made the load balancer

	faults   FaultConfig
	failNext map[string][]scripted
	calls    map[string]int
}

// New returns an empty Cloud: no templates, groups or load balancer
// resources until the setup helpers create them.
func New(cfg Config) *Cloud {
	cfg = cfg.withDefaults()
	c := &Cloud{
		cfg:          cfg,
		world:        rand.New(rand.NewPCG(cfg.Seed, 0x73696d6177732d77)),
		chaos:        rand.New(rand.NewPCG(cfg.Seed, 0x73696d6177732d63)),
		names:        rand.New(rand.NewPCG(cfg.Seed, 0x73696d6177732d6e)),
		now:          cfg.Clock.Now(),
		templates:    map[string]*launchTemplate{},
		groups:       map[string]*group{},
		instances:    map[string]*instance{},
		targetGroups: map[string]*targetGroup{},
		listeners:    map[string]*listener{},
		rules:        map[string]*rule{},
		alarms:       map[string]*alarm{},
		metrics:      map[metricSeries][]datapoint{},
		brokenAMIs:   map[string]AppFault{},
		failNext:     map[string][]scripted{},
		calls:        map[string]int{},
	}
	c.albARN = c.elbARN("loadbalancer/app/" + albName + "/" + c.hexID(16))
	c.albDNS, c.albCreated = c.defaultLoadBalancerDNS(), c.now
	return c
}

// Clients returns all four interfaces backed by c.
func (c *Cloud) Clients() awsapi.Clients {
	return awsapi.Clients{AutoScaling: c, EC2: c, ELBv2: c, CloudWatch: c}
}

// LoadBalancerARN returns the ARN of the one simulated ALB that owns every
// listener.
func (c *Cloud) LoadBalancerARN() string { return c.albARN }

// callCtx is what admission decided about one API call.
type callCtx struct {
	stale bool // describes may show resources as before their last change
}

// run is the frame of every API operation: honour the context, count the
// call, apply faults (a failed call changes nothing), add latency, bring the
// simulation up to the clock and run f under the lock.
func run[T any](ctx context.Context, c *Cloud, op string, f func(cc callCtx) (*T, error)) (*T, error) {
	if ctx != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	adm := c.admit(op)
	if adm.latency > 0 && c.cfg.Advance != nil {
		c.cfg.Advance(adm.latency)
	}
	if adm.err != nil {
		return nil, adm.err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance()
	return f(callCtx{stale: adm.stale})
}

// locked runs f under the lock after bringing the simulation up to the
// clock; setup and observation helpers use it.
func (c *Cloud) locked(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance()
	f()
}
