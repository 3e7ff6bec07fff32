package consulkv

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// semaphoreRecordName is the key, under a semaphore's prefix, of the record
// of its limit and holders (the name Consul's own semaphore uses).
const semaphoreRecordName = ".lock"

// semaphoreRecord is the JSON at prefix + ".lock", in Consul's layout:
// {"Limit": n, "Holders": {"<session id>": true, ...}}. It is only ever
// written with check-and-set on its ModifyIndex.
type semaphoreRecord struct {
	Limit   int
	Holders map[string]bool
}

// semaphoreView is a semaphore's prefix as one List read it.
type semaphoreView struct {
	record semaphoreRecord
	// recordIndex is the record's ModifyIndex, 0 when it is absent: the
	// index a check-and-set of the record must name.
	recordIndex uint64
	// live maps a session id to its contender entry, for every contender
	// key (prefix + id) still held by the session it is named after.
	live map[string]Entry
	// deadKeys are contender keys no session holds: their session ended
	// (sessions with behaviour "release" leave the key behind).
	deadKeys []string
}

// readSemaphore sorts the entries under prefix into the record, the live
// contenders and the dead contender keys. Keys deeper under prefix (with a
// further '/') are not contenders and are left alone. An undecodable record
// is an error naming the key and the fix.
func readSemaphore(prefix string, entries []Entry) (semaphoreView, error) {
	v := semaphoreView{live: map[string]Entry{}}
	recordKey := prefix + semaphoreRecordName
	for _, e := range entries {
		name, ok := strings.CutPrefix(e.Key, prefix)
		switch {
		case !ok || name == "" || strings.Contains(name, "/"):
			continue
		case e.Key == recordKey:
			rec, err := decodeSemaphoreRecord(e.Value)
			if err != nil {
				return semaphoreView{}, fmt.Errorf("semaphore record %s: %w: %w; delete the key to reset the semaphore", recordKey, errBadSemaphoreRecord, err)
			}
			v.record, v.recordIndex = rec, e.ModifyIndex
		case e.Session == "":
			v.deadKeys = append(v.deadKeys, e.Key)
		case e.Session == name:
			v.live[name] = e
		}
	}
	return v, nil
}

// decodeSemaphoreRecord parses a record; an empty value is an empty record,
// as Consul's client treats it.
func decodeSemaphoreRecord(value []byte) (semaphoreRecord, error) {
	rec := semaphoreRecord{}
	if len(value) > 0 {
		if err := json.Unmarshal(value, &rec); err != nil {
			return semaphoreRecord{}, fmt.Errorf("not the semaphore's JSON {\"Limit\": n, \"Holders\": {...}}: %w", err)
		}
	}
	if rec.Holders == nil {
		rec.Holders = map[string]bool{}
	}
	return rec, nil
}

// encodeSemaphoreRecord renders a record. Holders is always an object,
// never null: Consul's client adds to the map it decodes.
func encodeSemaphoreRecord(rec semaphoreRecord) []byte {
	if rec.Holders == nil {
		rec.Holders = map[string]bool{}
	}
	b, err := json.Marshal(rec)
	if err != nil {
		panic(fmt.Sprintf("encode semaphore record: %v", err)) // a map of bools always encodes
	}
	return b
}

// liveHolders returns the record's holders that still have a live
// contender key, sorted: the pruned holder set.
func (v semaphoreView) liveHolders() []string {
	var out []string
	for id, held := range v.record.Holders {
		if _, ok := v.live[id]; ok && held {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// grantVerdict is what a contender does after one read of its semaphore.
type grantVerdict int

const (
	// verdictWait: every slot is taken; block until the prefix changes.
	verdictWait grantVerdict = iota
	// verdictTake: a slot is free; write Record at RecordIndex to take it.
	verdictTake
	// verdictHeld: the record already lists the contender (an earlier
	// write landed although its answer was lost); nothing to write.
	verdictHeld
	// verdictRejoin: the contender's own key is gone or no longer held by
	// its session: the session ended, so start over with a new one.
	verdictRejoin
)

// grantDecision is decideGrant's answer.
type grantDecision struct {
	Verdict grantVerdict
	// Record is the record to write (verdictTake only): the pruned holders
	// plus the contender, with the limit of this attempt.
	Record      []byte
	RecordIndex uint64
	// Holders are the live holders' session ids before the contender
	// joins, sorted.
	Holders []string
}

// decideGrant is the grant decision of one attempt: prune the record's
// holders to those with a live contender key, then grant the contender a
// slot when fewer than limit remain. A limit below 1 grants nothing. The
// contender's own key must be live, or it must rejoin.
func decideGrant(v semaphoreView, session string, limit int) grantDecision {
	holders := v.liveHolders()
	d := grantDecision{Holders: holders, RecordIndex: v.recordIndex}
	switch {
	case !isLive(v, session):
		d.Verdict = verdictRejoin
	case contains(holders, session):
		d.Verdict = verdictHeld
	case len(holders) < limit:
		next := semaphoreRecord{Limit: limit, Holders: map[string]bool{session: true}}
		for _, id := range holders {
			next.Holders[id] = true
		}
		d.Verdict, d.Record = verdictTake, encodeSemaphoreRecord(next)
	default:
		d.Verdict = verdictWait
	}
	return d
}

// isLive reports whether session's contender key is held by it.
func isLive(v semaphoreView, session string) bool {
	_, ok := v.live[session]
	return ok
}

// contains reports whether sorted holds s.
func contains(sorted []string, s string) bool {
	i := sort.SearchStrings(sorted, s)
	return i < len(sorted) && sorted[i] == s
}

// withoutHolder returns the record value with session removed from its
// holders, and whether it was there at all.
func withoutHolder(rec semaphoreRecord, session string) ([]byte, bool) {
	if _, ok := rec.Holders[session]; !ok {
		return nil, false
	}
	delete(rec.Holders, session)
	return encodeSemaphoreRecord(rec), true
}
