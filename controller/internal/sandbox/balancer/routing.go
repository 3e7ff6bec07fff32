package balancer

import (
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Target is one registered target as the last refresh saw it.
type Target struct {
	ID string
	// State is the ELB target health state: healthy, initial, unhealthy,
	// draining, unused or unavailable.
	State string
	// Addr is where Config.Addr places the target; "" when it does not.
	Addr string
}

// Route is one target group of the followed forward action, as the last
// refresh saw it.
type Route struct {
	TargetGroup string
	Weight      int
	Targets     []Target // registered targets, by id
	// Serving lists, by id, the targets that get new requests: the healthy
	// ones, or the fail-open set when none is healthy, without the targets
	// Config.Addr cannot place.
	Serving  []string
	FailOpen bool // no target is healthy; Serving is the fail-open set
}

// route is a Route with its serving targets resolved; never changed once
// installed.
type route struct {
	arn      string
	weight   int
	targets  []Target
	serving  []Target
	failOpen bool
}

// failOpenStates are the registered states an ALB routes to when no target
// of the group is healthy.
var failOpenStates = []string{
	string(types.TargetHealthStateEnumInitial),
	string(types.TargetHealthStateEnumUnhealthy),
	string(types.TargetHealthStateEnumUnavailable),
}

// newRoute decides which of a group's targets serve. The health states
// decide, as on the ALB; Addr only drops targets it cannot place.
func newRoute(w weighted, targets []Target, addr func(string) (string, bool)) route {
	r := route{arn: w.arn, weight: w.weight, targets: targets}
	for i := range r.targets {
		if a, ok := addr(r.targets[i].ID); ok {
			r.targets[i].Addr = a
		}
	}
	healthy := func(t Target) bool { return t.State == string(types.TargetHealthStateEnumHealthy) }
	open := func(t Target) bool { return slices.Contains(failOpenStates, t.State) }
	in := healthy
	if !slices.ContainsFunc(targets, healthy) {
		in, r.failOpen = open, true
	}
	for _, t := range r.targets {
		if in(t) && t.Addr != "" {
			r.serving = append(r.serving, t)
		}
	}
	return r
}

func (r route) export() Route {
	out := Route{TargetGroup: r.arn, Weight: r.weight, Targets: slices.Clone(r.targets), FailOpen: r.failOpen}
	for _, t := range r.serving {
		out.Serving = append(out.Serving, t.ID)
	}
	return out
}

// router holds the routing table and the selection state: smooth weighted
// round robin over the groups (nginx's), plain round robin within one.
type router struct {
	mu      sync.Mutex
	routes  []route
	current []int             // SWRR current weight, per route
	next    map[string]uint64 // round-robin position, per target group
}

func (r *router) init() { r.next = map[string]uint64{} }

// install replaces the table. Selection restarts when the weights change,
// so that a new split is exact from its first request; round-robin
// positions carry over.
func (r *router) install(routes []route) {
	r.mu.Lock()
	defer r.mu.Unlock()
	same := slices.EqualFunc(r.routes, routes, func(a, b route) bool { return a.arn == b.arn && a.weight == b.weight })
	if !same {
		r.current = make([]int, len(routes))
	}
	r.routes = routes
	for arn := range r.next {
		if !slices.ContainsFunc(routes, func(x route) bool { return x.arn == arn }) {
			delete(r.next, arn)
		}
	}
}

// pick chooses a group, and a target in it when it has one. ok is false
// when no group has a weight.
func (r *router) pick() (g route, t Target, found, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := r.pickGroup()
	if i < 0 {
		return route{}, Target{}, false, false
	}
	g = r.routes[i]
	t, found = r.pickTarget(g)
	return g, t, found, true
}

// another chooses the target of g after exclude, for a retry. It leaves
// the round robin alone, so a dead target does not shift the turns of the
// others and costs one retry per turn, not one per request.
func another(g route, exclude string) (Target, bool) {
	i := slices.IndexFunc(g.serving, func(t Target) bool { return t.ID == exclude })
	for k := 1; k <= len(g.serving); k++ {
		if t := g.serving[(i+k)%len(g.serving)]; t.ID != exclude {
			return t, true
		}
	}
	return Target{}, false
}

// pickGroup is one step of smooth weighted round robin; -1 when no group
// has a weight.
func (r *router) pickGroup() int {
	total, best := 0, -1
	for i, g := range r.routes {
		if g.weight <= 0 {
			continue
		}
		r.current[i] += g.weight
		total += g.weight
		if best < 0 || r.current[i] > r.current[best] {
			best = i
		}
	}
	if best >= 0 {
		r.current[best] -= total
	}
	return best
}

// pickTarget takes g's next target in turn.
func (r *router) pickTarget(g route) (Target, bool) {
	if len(g.serving) == 0 {
		return Target{}, false
	}
	t := g.serving[r.next[g.arn]%uint64(len(g.serving))]
	r.next[g.arn]++
	return t, true
}

func (r *router) snapshot() []Route {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Route, 0, len(r.routes))
	for _, g := range r.routes {
		out = append(out, g.export())
	}
	return out
}
