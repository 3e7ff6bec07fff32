package consultest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// client is the HTTP client for the harness's own calls.
var client = &http.Client{Timeout: 5 * time.Second}

// call makes one request to the agent's HTTP API with its token and
// returns the status and body. A status outside ok is an error.
func (a *Agent) call(method, path string, ok ...int) (int, []byte, error) {
	req, err := http.NewRequest(method, "http://"+a.Addr+path, nil)
	if err != nil {
		return 0, nil, err
	}
	if a.Token != "" {
		req.Header.Set("X-Consul-Token", a.Token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	for _, code := range ok {
		if resp.StatusCode == code {
			return resp.StatusCode, body, nil
		}
	}
	return resp.StatusCode, body, fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, strings.TrimSpace(string(body)))
}

// waitReady polls until the agent has a leader and serves a consistent KV
// read with its token (with ACLs, the management token exists by then),
// for at most limit. This is real time against a real process: bounded
// polling, not a clock under test.
func (a *Agent) waitReady(limit time.Duration) error {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		if a.exited() {
			return fmt.Errorf("consul agent exited during start-up (last check: %v)", last)
		}
		if last = a.ready(); last == nil {
			return nil
		}
		select {
		case <-deadline.C:
			return fmt.Errorf("consul agent at %s not ready after %s: %w", a.Addr, limit, last)
		case <-tick.C:
		}
	}
}

// ready checks once for a leader and a working consistent read.
func (a *Agent) ready() error {
	_, body, err := a.call("GET", "/v1/status/leader", http.StatusOK)
	if err != nil {
		return err
	}
	var leader string
	if err := json.Unmarshal(body, &leader); err != nil || leader == "" {
		return fmt.Errorf("no leader yet (%s)", strings.TrimSpace(string(body)))
	}
	_, _, err = a.call("GET", "/v1/kv/consultest/ready?consistent", http.StatusOK, http.StatusNotFound)
	return err
}

// Reset empties the agent for the next test: it deletes every key (so
// everything under asgctl/ and deploys/) and then destroys every session.
// Keys go first, so destroying the sessions starts no lock-delay.
//
// A lock-delay already running (a session that held a key was invalidated
// during the last test) cannot be cleared: Consul keeps it on the leader
// until it runs out. Tests that invalidate a holder's session use keys of
// their own or short lock-delays.
func (a *Agent) Reset() error {
	if _, _, err := a.call("DELETE", "/v1/kv/?recurse", http.StatusOK); err != nil {
		return fmt.Errorf("reset consul: delete every key: %w", err)
	}
	_, body, err := a.call("GET", "/v1/session/list", http.StatusOK)
	if err != nil {
		return fmt.Errorf("reset consul: list sessions: %w", err)
	}
	var sessions []struct{ ID string }
	if err := json.Unmarshal(body, &sessions); err != nil {
		return fmt.Errorf("reset consul: list sessions: %w", err)
	}
	for _, s := range sessions {
		if _, _, err := a.call("PUT", "/v1/session/destroy/"+s.ID, http.StatusOK); err != nil {
			return fmt.Errorf("reset consul: destroy session %s: %w", s.ID, err)
		}
	}
	return nil
}
