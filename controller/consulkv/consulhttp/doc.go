// Package consulhttp serves a consulkv.Backend (meant for consulkv.Memory on
// clock.Real) over the subset of Consul's HTTP API that consulkv.Consul and
// github.com/hashicorp/consul/api use, with Consul's wire format, so real
// asgctl-agent and controller processes can share one in-memory store on a
// machine with no Consul binary (`asgctl sandbox`).
//
// Served, on 127.0.0.1 only (Serve):
//
//   - GET /v1/kv/<key>: one KVPair in a JSON array, or 404 with an empty
//     body when absent; ?recurse lists a prefix (404 when nothing is under
//     it); ?index=&wait= make it a blocking query on the backend's own
//     blocking queries (wait defaults to 5m and is capped at 10m, as in
//     Consul; the request's context ends the wait); ?consistent and ?stale
//     are accepted. Every answer carries X-Consul-Index,
//     X-Consul-KnownLeader: true and X-Consul-LastContact: 0.
//   - PUT /v1/kv/<key>: a plain write, ?cas=<index> or ?acquire=<session>;
//     the body is the value (at most 512 KiB, else 413); the answer is
//     true or false.
//   - DELETE /v1/kv/<key>: true, also for an absent key.
//   - PUT /v1/session/create with Name, Behavior ("release"), LockDelay and
//     TTL; PUT /v1/session/renew/<id> (404 when the session is gone);
//     PUT /v1/session/destroy/<id>.
//   - PUT /v1/txn made of KV check-index and at most one unlock: the shape
//     consulkv.Consul.Release sends.
//
// Everything else is refused with a plain-text body saying what the facade
// serves: unknown paths 404, wrong methods 405, unsupported parameters and
// transaction verbs 400. See Handler for what of Consul's semantics the
// facade does not reproduce.
//
// It may import controller/api, controller/consulkv and the standard
// library.
package consulhttp
