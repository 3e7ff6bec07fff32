// Package watch follows a service's release key, deploys/<svc>, for the
// agent (docs/consul.md): blocking queries under consulkv.WatchKey's index
// rules, retried forever; values decoded strictly with api.DecodeRelease
// (a malformed one is logged and reported, never delivered, so the last
// good release keeps running); identical payloads ignored; delivery single
// flight, latest wins; and a stale signal while Consul does not answer.
//
// It may import controller/api, controller/clock and controller/consulkv.
package watch
