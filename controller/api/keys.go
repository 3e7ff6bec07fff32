package api

import "fmt"

// Consul KV key layout (docs/consul.md).

// KeyServicePrefix is the folder of one service's controller state.
func KeyServicePrefix(svc string) string { return KeyServicesPrefix + svc + "/" }

// KeySpec is where a service's ServiceSpec lives.
func KeySpec(svc string) string { return KeyServicePrefix(svc) + "spec" }

// KeyDesired is where a service's desired-state request lives.
func KeyDesired(svc string) string { return KeyServicePrefix(svc) + "desired" }

// KeyRollout is where a service's current (or last) Rollout record lives.
func KeyRollout(svc string) string { return KeyServicePrefix(svc) + "rollout" }

// KeyChecks holds the results of the verify hooks of the service's latest
// rollout that ran any (HookResults).
func KeyChecks(svc string) string { return KeyServicePrefix(svc) + "checks" }

// KeyHistoryPrefix is the folder of a service's finished rollouts.
func KeyHistoryPrefix(svc string) string { return KeyServicePrefix(svc) + "history/" }

// KeyHistory is where finished rollout seq is kept (zero-padded so keys sort).
func KeyHistory(svc string, seq int) string {
	return fmt.Sprintf("%s%06d", KeyHistoryPrefix(svc), seq)
}

// KeyServicesPrefix is the folder holding every service.
const KeyServicesPrefix = "asgctl/services/"

// KeyLock is the per-service reconciler lock.
func KeyLock(svc string) string { return "asgctl/locks/" + svc }

// KeyDeploy is the agent's release key for a service.
func KeyDeploy(svc string) string { return "deploys/" + svc }

// HistoryLimit is how many finished rollouts are kept per service.
const HistoryLimit = 50

// GroupName is the deterministic ASG name of a service's rollout seq.
func GroupName(svc string, seq int) string { return fmt.Sprintf("%s-v%03d", svc, seq) }

// Tag keys asgctl puts on every ASG it creates.
const (
	TagService = "asgctl:service"
	TagRollout = "asgctl:rollout"
	TagSeq     = "asgctl:seq"
	TagAMI     = "asgctl:ami"
	// TagSourceVersion is the launch template version the group's own
	// version was made from (the template's default when the rollout
	// started); TagLaunch fingerprints the spec fields that reach
	// instances. With the AMI they say what the group launches.
	TagSourceVersion = "asgctl:source-version"
	TagLaunch        = "asgctl:launch"
)

// KeyReleasesPrefix is the folder of a service's in-place release
// bookkeeping: pacing slots, history and the release id registry.
func KeyReleasesPrefix(svc string) string { return "asgctl/releases/" + svc + "/" }

// KeyReleaseSlots is the semaphore prefix that paces a service's releases
// (Consul's semaphore layout: one key per contender session and ".lock").
func KeyReleaseSlots(svc string) string { return KeyReleasesPrefix(svc) + "slots/" }

// KeyReleaseHistoryPrefix is the folder of a service's finished release
// records.
func KeyReleaseHistoryPrefix(svc string) string { return KeyReleasesPrefix(svc) + "history/" }

// KeyReleaseHistory is where finished release record seq is kept.
func KeyReleaseHistory(svc string, seq int) string {
	return fmt.Sprintf("%s%06d", KeyReleaseHistoryPrefix(svc), seq)
}

// KeyReleaseIDsPrefix is the folder of a service's release id registry.
func KeyReleaseIDsPrefix(svc string) string { return KeyReleasesPrefix(svc) + "ids/" }

// KeyReleaseID is where release id records which artifact it names,
// forever: an id names one digest.
func KeyReleaseID(svc, id string) string { return KeyReleaseIDsPrefix(svc) + id }

// ReleaseHistoryLimit is how many finished release records are kept per
// service.
const ReleaseHistoryLimit = 50
