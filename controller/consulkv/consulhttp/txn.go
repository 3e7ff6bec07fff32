package consulhttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// Transaction verbs the facade serves.
const (
	verbCheckIndex = "check-index"
	verbUnlock     = "unlock"
)

// txnOp is one operation of a /v1/txn body; only KV operations are served.
type txnOp struct {
	KV      *txnKVOp
	Node    json.RawMessage
	Service json.RawMessage
	Check   json.RawMessage
}

// txnKVOp is Consul's KVTxnOp on the wire.
type txnKVOp struct {
	Verb    string
	Key     string
	Value   []byte
	Flags   uint64
	Index   uint64
	Session string
}

// txnResponse is Consul's answer to a transaction: 200 with Results, or
// 409 with Errors naming the operation that failed.
type txnResponse struct {
	Results []txnResult
	Errors  []txnError
}

type txnResult struct{ KV *kvPair }

type txnError struct {
	OpIndex int
	What    string
}

// txn serves PUT /v1/txn for the transactions consulkv.Consul.Release
// sends: KV check-index operations and at most one unlock, last. The
// operations are checked and applied in order, not atomically: see
// Handler.
func (s *server) txn(w http.ResponseWriter, r *http.Request) {
	if !checkParams(w, r, "consistent", "stale") {
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	var ops []txnOp
	if err := json.Unmarshal(body, &ops); err != nil {
		text(w, http.StatusBadRequest, "Failed to parse body: %v", err)
		return
	}
	if err := checkTxn(ops); err != nil {
		text(w, http.StatusBadRequest, "%v", err)
		return
	}
	var results []txnResult
	for i, op := range ops {
		kv := op.KV
		e, _, err := s.b.Get(r.Context(), kv.Key, &consulkv.QueryOptions{Consistent: true})
		if err != nil {
			backendError(w, r, "", err)
			return
		}
		if what := txnCheck(kv, e); what != "" {
			writeJSON(w, http.StatusConflict, txnResponse{Errors: []txnError{{OpIndex: i, What: what}}})
			return
		}
		if kv.Verb == verbUnlock {
			released, err := s.b.Release(r.Context(), kv.Key, kv.Session)
			if err != nil {
				backendError(w, r, kv.Session, err)
				return
			}
			if !released {
				writeJSON(w, http.StatusConflict, txnResponse{Errors: []txnError{{OpIndex: i, What: notHeld(kv.Key)}}})
				return
			}
			after, _, err := s.b.Get(r.Context(), kv.Key, &consulkv.QueryOptions{Consistent: true})
			if err != nil || after == nil {
				// Released, then gone or unreadable: report the entry
				// read before, without its holder.
				c := *e
				c.Session = ""
				after = &c
			}
			e = after
		}
		p := pair(*e)
		p.Value = nil // Consul returns values only for the get verbs.
		results = append(results, txnResult{KV: &p})
	}
	writeJSON(w, http.StatusOK, txnResponse{Results: results})
}

// checkTxn refuses what the facade does not serve: anything but KV
// check-index operations followed by at most one unlock, or flags.
func checkTxn(ops []txnOp) error {
	if len(ops) == 0 {
		return errors.New("transaction contains no operations")
	}
	for i, op := range ops {
		if op.KV == nil || present(op.Node) || present(op.Service) || present(op.Check) {
			return fmt.Errorf("operation %d: the asgctl Consul facade serves only KV operations in a transaction", i)
		}
		switch op.KV.Verb {
		case verbCheckIndex:
		case verbUnlock:
			if i != len(ops)-1 {
				return fmt.Errorf("operation %d: the asgctl Consul facade serves at most one unlock, as the last operation of a transaction", i)
			}
		default:
			return fmt.Errorf("operation %d: KV verb %q is not supported by the asgctl Consul facade (only %q and %q)", i, op.KV.Verb, verbCheckIndex, verbUnlock)
		}
		if op.KV.Flags != 0 {
			return fmt.Errorf("operation %d: the asgctl Consul facade stores no flags (only 0)", i)
		}
		if err := validTxnKey(op.KV.Key); err != nil {
			return fmt.Errorf("operation %d: %w", i, err)
		}
	}
	return nil
}

// txnCheck is the check of one operation against the entry e read for it
// (nil when absent): "" when it passes, else Consul's reason.
func txnCheck(kv *txnKVOp, e *consulkv.Entry) string {
	switch {
	case kv.Verb == verbCheckIndex && e == nil:
		return fmt.Sprintf("failed to check index for key %q, key doesn't exist", kv.Key)
	case kv.Verb == verbCheckIndex && e.ModifyIndex != kv.Index:
		return fmt.Sprintf("failed index check for key %q, current modify index %d != %d", kv.Key, e.ModifyIndex, kv.Index)
	case kv.Verb == verbUnlock && (e == nil || e.Session == "" || e.Session != kv.Session):
		return notHeld(kv.Key)
	case kv.Verb == verbUnlock && !bytes.Equal(e.Value, kv.Value):
		return fmt.Sprintf("failed to unlock key %q: the asgctl Consul facade keeps the value on unlock and the value given is not the current one; read the key again and retry", kv.Key)
	}
	return ""
}

// notHeld is Consul's reason for a failed unlock.
func notHeld(key string) string {
	return fmt.Sprintf("failed to unlock key %q, lock isn't held, or is held by another session", key)
}

// validTxnKey refuses a key Consul cannot take.
func validTxnKey(key string) error {
	if key == "" || key[0] == '/' {
		return fmt.Errorf("invalid key %q", key)
	}
	return nil
}

// present reports whether a JSON field holds something other than null.
func present(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && string(raw) != "null"
}
