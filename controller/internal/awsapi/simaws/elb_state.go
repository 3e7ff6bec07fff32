package simaws

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// targetGroup is an ALB target group of instance targets.
type targetGroup struct {
	arn, name  string
	hc         HealthCheckConfig
	deregDelay time.Duration
	targets    map[string]*target // by instance id
}

// target is one registered instance and its health.
type target struct {
	inst   *instance
	state  types.TargetHealthStateEnum
	reason types.TargetHealthReasonEnum
	passes int // consecutive passes while unhealthy
	fails  int // consecutive failures
}

const (
	stateInitial   = types.TargetHealthStateEnumInitial
	stateHealthy   = types.TargetHealthStateEnumHealthy
	stateUnhealthy = types.TargetHealthStateEnumUnhealthy
	stateDraining  = types.TargetHealthStateEnumDraining
)

// forward is one target group of a weighted forward action.
type forward struct {
	tg     string
	weight int
}

// forwarding is a forward action that API writes change; describes younger
// than the change may show prev.
type forwarding struct {
	fwd       []forward
	prev      []forward
	changedAt time.Time
}

func (f *forwarding) set(now time.Time, fwd []forward) {
	f.prev, f.fwd, f.changedAt = f.fwd, fwd, now
}

func (f *forwarding) weights() map[string]int {
	m := make(map[string]int, len(f.fwd))
	for _, x := range f.fwd {
		m[x.tg] = x.weight
	}
	return m
}

type listener struct {
	arn         string
	port        int32
	protocol    types.ProtocolEnum // HTTP or HTTPS
	defaultRule string             // ARN of the listener's default rule
	rules       int                // rules created so far, for priorities
	forwarding
}

type rule struct {
	arn, listener string
	priority      int // 0 for the default rule
	forwarding
}

func (r *rule) isDefault() bool { return r.priority == 0 }

// TargetGroupOptions overrides a target group's settings.
type TargetGroupOptions struct {
	HealthCheck         HealthCheckConfig // zero: Config.HealthCheck
	DeregistrationDelay time.Duration     // zero: Config.DeregistrationDelay
}

// CreateTargetGroup creates an instance target group with the configured
// health check and returns its ARN; an existing name returns the existing
// ARN, as AWS does for an identical create.
func (c *Cloud) CreateTargetGroup(name string) string {
	return c.CreateTargetGroupWith(name, TargetGroupOptions{})
}

// CreateTargetGroupWith is CreateTargetGroup with per-group settings.
func (c *Cloud) CreateTargetGroupWith(name string, o TargetGroupOptions) string {
	var arn string
	c.locked(func() {
		for _, tg := range c.targetGroups {
			if tg.name == name {
				arn = tg.arn
				return
			}
		}
		tg := &targetGroup{name: name, hc: c.cfg.HealthCheck, deregDelay: c.cfg.DeregistrationDelay, targets: map[string]*target{}}
		if o.HealthCheck != (HealthCheckConfig{}) {
			tg.hc = o.HealthCheck.normalized()
		}
		if o.DeregistrationDelay > 0 {
			tg.deregDelay = o.DeregistrationDelay
		}
		tg.arn = c.elbARN(fmt.Sprintf("targetgroup/%s/%s", name, c.hexID(16)))
		arn = tg.arn
		c.targetGroups[arn] = tg
	})
	return arn
}

// CreateListener creates an HTTP listener on the simulated ALB whose
// default action forwards to the given target groups with these weights,
// and returns its ARN. The nth listener made listens on port 80+n-1, or
// on the next port up when CreateListenerOn took that one. It panics on
// an unknown target group.
func (c *Cloud) CreateListener(weights map[string]int) string {
	var arn string
	c.locked(func() {
		port := 80 + int32(len(c.listeners))
		for c.portTaken(port) {
			port++
		}
		arn = c.addListener(port, types.ProtocolEnumHttp, weights)
	})
	return arn
}

// CreateListenerOn creates a listener on the simulated ALB on port with
// protocol "HTTP" or "HTTPS" (the simulation keeps no certificate),
// whose default action forwards to the given target groups with these
// weights, and returns its ARN. It panics on a port outside 1-65535 or
// already taken by a listener (AWS: DuplicateListener), another
// protocol, or an unknown target group.
func (c *Cloud) CreateListenerOn(port int32, protocol string, weights map[string]int) string {
	p := types.ProtocolEnum(protocol)
	if p != types.ProtocolEnumHttp && p != types.ProtocolEnumHttps {
		panic(fmt.Sprintf("simaws: listener protocol %q: an application load balancer listens with HTTP or HTTPS", protocol))
	}
	if port < 1 || port > 65535 {
		panic(fmt.Sprintf("simaws: listener port %d is outside 1-65535", port))
	}
	var arn string
	c.locked(func() {
		if c.portTaken(port) {
			panic(fmt.Sprintf("simaws: the load balancer already has a listener on port %d", port))
		}
		arn = c.addListener(port, p, weights)
	})
	return arn
}

func (c *Cloud) portTaken(port int32) bool {
	for _, l := range c.listeners {
		if l.port == port {
			return true
		}
	}
	return false
}

// addListener makes a listener and its default rule.
func (c *Cloud) addListener(port int32, protocol types.ProtocolEnum, weights map[string]int) string {
	fwd := c.mustForwards(weights)
	lbID := c.albARN[strings.LastIndex(c.albARN, "/")+1:]
	l := &listener{port: port, protocol: protocol}
	l.arn = c.elbARN(fmt.Sprintf("listener/app/%s/%s/%s", albName, lbID, c.hexID(16)))
	l.fwd = fwd
	def := &rule{listener: l.arn}
	def.arn = c.ruleARN(l.arn)
	l.defaultRule = def.arn
	c.listeners[l.arn], c.rules[def.arn] = l, def
	return l.arn
}

// CreateRule adds a rule (path /*, next priority) with a weighted forward
// action to a listener and returns its ARN. It panics on an unknown
// listener or target group.
func (c *Cloud) CreateRule(listenerARN string, weights map[string]int) string {
	var arn string
	c.locked(func() {
		l, ok := c.listeners[listenerARN]
		if !ok {
			panic(fmt.Sprintf("simaws: unknown listener %q", listenerARN))
		}
		l.rules++
		r := &rule{listener: l.arn, priority: l.rules, arn: c.ruleARN(l.arn)}
		r.fwd = c.mustForwards(weights)
		c.rules[r.arn] = r
		arn = r.arn
	})
	return arn
}

func (c *Cloud) ruleARN(listenerARN string) string {
	_, path, _ := strings.Cut(listenerARN, ":listener/")
	return c.elbARN(fmt.Sprintf("listener-rule/%s/%s", path, c.hexID(16)))
}

func (c *Cloud) mustForwards(weights map[string]int) []forward {
	var fwd []forward
	for _, arn := range sortedKeys(weights) {
		if _, ok := c.targetGroups[arn]; !ok {
			panic(fmt.Sprintf("simaws: unknown target group %q", arn))
		}
		fwd = append(fwd, forward{tg: arn, weight: weights[arn]})
	}
	return fwd
}
