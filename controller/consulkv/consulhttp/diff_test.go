package consulhttp_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/consulkv/consultest"
)

// wireStep is one raw request of TestWireMatchesConsul. {S} in path or
// body is the session the step named "create" made on that server.
type wireStep struct {
	name, method, path, body string
	// contains, when set, is what both bodies must contain instead of being
	// equal (where the facade's wording differs).
	contains string
	// drop lists JSON fields compared by presence only (node, checks).
	drop []string
}

// TestWireMatchesConsul sends the same raw requests to a real Consul dev
// agent and to the facade and compares status codes, the X-Consul-* read
// headers and the bodies (JSON compared as data, indexes and session ids
// masked). It needs a consul binary (consultest): skipped without one,
// failed in CI.
func TestWireMatchesConsul(t *testing.T) {
	t.Parallel()
	agent := consultest.Start(t)
	f := start(t)
	big := strings.Repeat("x", 512<<10)
	const missing = "0badc0de-0000-4000-8000-000000000000"
	txn := func(index, session string) string {
		return `[{"KV":{"Verb":"check-index","Key":"l","Index":` + index + `}},` +
			`{"KV":{"Verb":"unlock","Key":"l","Value":"dg==","Session":"` + session + `"}}]`
	}
	steps := []wireStep{
		{name: "get missing", method: "GET", path: "/v1/kv/missing"},
		{name: "put", method: "PUT", path: "/v1/kv/a/b", body: "hello"},
		{name: "get", method: "GET", path: "/v1/kv/a/b"},
		{name: "put empty", method: "PUT", path: "/v1/kv/a/e"},
		{name: "get empty", method: "GET", path: "/v1/kv/a/e?consistent"},
		{name: "list", method: "GET", path: "/v1/kv/a/?recurse&stale"},
		{name: "list empty", method: "GET", path: "/v1/kv/zz/?recurse"},
		{name: "get no key", method: "GET", path: "/v1/kv/"},
		{name: "put no key", method: "PUT", path: "/v1/kv/", body: "x"},
		{name: "bad index", method: "GET", path: "/v1/kv/a/b?index=x"},
		{name: "bad wait", method: "GET", path: "/v1/kv/a/b?index=1&wait=zz"},
		{name: "post", method: "POST", path: "/v1/kv/a/b", body: "x"},
		{name: "too large", method: "PUT", path: "/v1/kv/big", body: big + "x"},
		{name: "largest", method: "PUT", path: "/v1/kv/big", body: big},
		{name: "cas absent", method: "PUT", path: "/v1/kv/a/b?cas=0", body: "y"},
		{name: "delete absent", method: "DELETE", path: "/v1/kv/nothere"},
		{name: "create", method: "PUT", path: "/v1/session/create", body: `{"Name":"n","Behavior":"release","LockDelay":"2000ms","TTL":"10s"}`},
		{name: "acquire", method: "PUT", path: "/v1/kv/l?acquire={S}", body: "v"},
		{name: "get held", method: "GET", path: "/v1/kv/l"},
		{name: "acquire unknown session", method: "PUT", path: "/v1/kv/l?acquire=" + missing, body: "v", contains: `invalid session "` + missing + `"`},
		{name: "renew", method: "PUT", path: "/v1/session/renew/{S}", drop: []string{"Node", "NodeChecks", "ServiceChecks", "CreateIndex", "ModifyIndex"}},
		{name: "renew unknown", method: "PUT", path: "/v1/session/renew/" + missing},
		{name: "renew by GET", method: "GET", path: "/v1/session/renew/{S}"},
		{name: "ttl too short", method: "PUT", path: "/v1/session/create", body: `{"TTL":"5s"}`},
		{name: "txn stale index", method: "PUT", path: "/v1/txn", body: txn("1", "{S}")},
		{name: "txn not holder", method: "PUT", path: "/v1/txn", body: txn("{I}", missing)},
		// Consul keeps counting LockIndex after a release; the facade
		// cannot (see Handler).
		{name: "txn release", method: "PUT", path: "/v1/txn", body: txn("{I}", "{S}"), drop: []string{"LockIndex"}},
		{name: "get released", method: "GET", path: "/v1/kv/l", drop: []string{"LockIndex"}},
		{name: "destroy", method: "PUT", path: "/v1/session/destroy/{S}"},
		{name: "unknown endpoint", method: "GET", path: "/v1/nope", contains: "Invalid URL path: not a recognized HTTP API endpoint"},
	}
	client := &http.Client{Timeout: safetyTimeout}
	type side struct{ addr, session, index string }
	consul, facade := &side{addr: agent.Addr}, &side{addr: f.addr}
	for _, st := range steps {
		var got [2]response
		for i, s := range []*side{consul, facade} {
			subst := strings.NewReplacer("{S}", s.session, "{I}", s.index)
			got[i] = do(t, client, s.addr, st.method, subst.Replace(st.path), subst.Replace(st.body))
			switch st.name {
			case "create":
				var out struct{ ID string }
				if err := json.Unmarshal([]byte(got[i].body), &out); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				s.session = out.ID
			case "get held":
				var out []struct{ ModifyIndex json.Number }
				if err := json.Unmarshal([]byte(got[i].body), &out); err != nil || len(out) != 1 {
					t.Fatalf("%s: %v", st.name, err)
				}
				s.index = out[0].ModifyIndex.String()
			}
		}
		c, fa := got[0], got[1]
		if c.code != fa.code {
			t.Errorf("%s: HTTP %d from Consul (%s), %d from the facade (%s)", st.name, c.code, c.body, fa.code, fa.body)
			continue
		}
		for _, h := range []string{"X-Consul-Index", "X-Consul-Knownleader", "X-Consul-Lastcontact"} {
			if (c.header.Get(h) == "") != (fa.header.Get(h) == "") {
				t.Errorf("%s: header %s is %q from Consul, %q from the facade", st.name, h, c.header.Get(h), fa.header.Get(h))
			}
		}
		if st.contains != "" {
			if !strings.Contains(c.body, st.contains) || !strings.Contains(fa.body, st.contains) {
				t.Errorf("%s: bodies should contain %q:\nconsul: %s\nfacade: %s", st.name, st.contains, c.body, fa.body)
			}
			continue
		}
		cb, fb := normalize(c.body, consul.session, st.drop), normalize(fa.body, facade.session, st.drop)
		if cb != fb {
			t.Errorf("%s: bodies differ:\nconsul: %s\nfacade: %s", st.name, cb, fb)
		}
	}
}

// indexes matches index numbers in bodies and error texts.
var indexes = regexp.MustCompile(`("(?:Create|Modify)Index":)\d+|(modify index )\d+ != \d+`)

// normalize makes a body comparable across servers: JSON is re-encoded
// (compact, keys sorted) with the fields in drop reduced to their presence,
// indexes are masked and the session id replaced.
func normalize(body, session string, drop []string) string {
	out := body
	var v any
	if err := json.Unmarshal([]byte(body), &v); err == nil {
		dropFields(v, drop)
		data, _ := json.Marshal(v)
		out = string(data)
	}
	if session != "" {
		out = strings.ReplaceAll(out, session, "<session>")
	}
	return indexes.ReplaceAllString(out, "${1}${2}N")
}

// dropFields replaces the named fields of every object in v by true.
func dropFields(v any, drop []string) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			dropFields(e, drop)
		}
	case map[string]any:
		for _, k := range drop {
			if _, ok := x[k]; ok {
				x[k] = true
			}
		}
		for _, e := range x {
			dropFields(e, drop)
		}
	}
}
