package consulkv

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

const semP = "asgctl/sem/web/"

// semLive is a contender key held by the session it is named after.
func semLive(id, name string) Entry {
	return Entry{Key: semP + id, Value: []byte(name), Session: id, ModifyIndex: 7}
}

// semRecordEntry is the semaphore record at index 40 with limit and holders.
func semRecordEntry(limit int, holders ...string) Entry {
	rec := semaphoreRecord{Limit: limit, Holders: map[string]bool{}}
	for _, h := range holders {
		rec.Holders[h] = true
	}
	return Entry{Key: semP + ".lock", Value: encodeSemaphoreRecord(rec), ModifyIndex: 40}
}

func TestSemaphoreDecideGrant(t *testing.T) {
	dead := Entry{Key: semP + "b", Value: []byte("i-b")} // session ended
	stolen := Entry{Key: semP + "c", Session: "x"}       // held by a session it is not named after
	tests := []struct {
		name      string
		entries   []Entry
		limit     int
		verdict   grantVerdict
		holders   []string // live holders before joining
		record    *semaphoreRecord
		recordIdx uint64
		deadKeys  []string
	}{
		{name: "first contender creates the record", entries: []Entry{semLive("me", "i-me")}, limit: 2,
			verdict: verdictTake, record: &semaphoreRecord{Limit: 2, Holders: map[string]bool{"me": true}}},
		{name: "full", entries: []Entry{semRecordEntry(2, "a", "b"), semLive("a", "i-a"), semLive("b", "i-b"), semLive("me", "i-me")}, limit: 2,
			verdict: verdictWait, holders: []string{"a", "b"}, recordIdx: 40},
		{name: "holder whose key is gone is pruned", entries: []Entry{semRecordEntry(2, "a", "gone"), semLive("a", "i-a"), semLive("me", "i-me")}, limit: 2,
			verdict: verdictTake, holders: []string{"a"}, recordIdx: 40,
			record: &semaphoreRecord{Limit: 2, Holders: map[string]bool{"a": true, "me": true}}},
		{name: "holder whose key lost its session is pruned and its key swept", entries: []Entry{semRecordEntry(1, "b"), dead, semLive("me", "i-me")}, limit: 1,
			verdict: verdictTake, recordIdx: 40, deadKeys: []string{semP + "b"},
			record: &semaphoreRecord{Limit: 1, Holders: map[string]bool{"me": true}}},
		{name: "holder whose key another session holds is pruned, key kept", entries: []Entry{semRecordEntry(1, "c"), stolen, semLive("me", "i-me")}, limit: 1,
			verdict: verdictTake, recordIdx: 40, record: &semaphoreRecord{Limit: 1, Holders: map[string]bool{"me": true}}},
		{name: "a holder set to false does not count", entries: []Entry{{Key: semP + ".lock", Value: []byte(`{"Limit":1,"Holders":{"a":false}}`), ModifyIndex: 3}, semLive("a", "i-a"), semLive("me", "i-me")}, limit: 1,
			verdict: verdictTake, recordIdx: 3, record: &semaphoreRecord{Limit: 1, Holders: map[string]bool{"me": true}}},
		{name: "already a holder", entries: []Entry{semRecordEntry(2, "a", "me"), semLive("a", "i-a"), semLive("me", "i-me")}, limit: 2,
			verdict: verdictHeld, holders: []string{"a", "me"}, recordIdx: 40},
		{name: "already a holder even over a lowered limit", entries: []Entry{semRecordEntry(2, "a", "me"), semLive("a", "i-a"), semLive("me", "i-me")}, limit: 1,
			verdict: verdictHeld, holders: []string{"a", "me"}, recordIdx: 40},
		{name: "own key gone: rejoin", entries: []Entry{semRecordEntry(2)}, limit: 2, verdict: verdictRejoin, recordIdx: 40},
		{name: "own key lost its session: rejoin and sweep", entries: []Entry{{Key: semP + "me"}}, limit: 2,
			verdict: verdictRejoin, deadKeys: []string{semP + "me"}},
		{name: "limit 0 grants nothing", entries: []Entry{semLive("me", "i-me")}, limit: 0, verdict: verdictWait},
		{name: "a smaller limit than recorded stops grants", entries: []Entry{semRecordEntry(5, "a"), semLive("a", "i-a"), semLive("me", "i-me")}, limit: 1,
			verdict: verdictWait, holders: []string{"a"}, recordIdx: 40},
		{name: "a larger limit than recorded grants and is written", entries: []Entry{semRecordEntry(1, "a"), semLive("a", "i-a"), semLive("me", "i-me")}, limit: 3,
			verdict: verdictTake, holders: []string{"a"}, recordIdx: 40,
			record: &semaphoreRecord{Limit: 3, Holders: map[string]bool{"a": true, "me": true}}},
		{name: "empty record value is an empty record", entries: []Entry{{Key: semP + ".lock", ModifyIndex: 9}, semLive("me", "i-me")}, limit: 1,
			verdict: verdictTake, recordIdx: 9, record: &semaphoreRecord{Limit: 1, Holders: map[string]bool{"me": true}}},
		{name: "deeper keys and other prefixes are no contenders", entries: []Entry{{Key: semP + "sub/x"}, {Key: "asgctl/sem/webx"}, semLive("me", "i-me")}, limit: 1,
			verdict: verdictTake, record: &semaphoreRecord{Limit: 1, Holders: map[string]bool{"me": true}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := readSemaphore(semP, tc.entries)
			if err != nil {
				t.Fatal(err)
			}
			d := decideGrant(v, "me", tc.limit)
			if d.Verdict != tc.verdict {
				t.Fatalf("verdict = %d, want %d", d.Verdict, tc.verdict)
			}
			if !reflect.DeepEqual(d.Holders, tc.holders) {
				t.Errorf("holders = %q, want %q", d.Holders, tc.holders)
			}
			if d.RecordIndex != tc.recordIdx {
				t.Errorf("record index = %d, want %d", d.RecordIndex, tc.recordIdx)
			}
			if !reflect.DeepEqual(v.deadKeys, tc.deadKeys) {
				t.Errorf("dead keys = %q, want %q", v.deadKeys, tc.deadKeys)
			}
			checkSemRecord(t, d.Record, tc.record)
		})
	}
}

// checkSemRecord compares an encoded record with want (nil: none written).
func checkSemRecord(t *testing.T, got []byte, want *semaphoreRecord) {
	t.Helper()
	if want == nil {
		if got != nil {
			t.Errorf("record written: %s", got)
		}
		return
	}
	var rec semaphoreRecord
	if err := json.Unmarshal(got, &rec); err != nil {
		t.Fatalf("record %q: %v", got, err)
	}
	if !reflect.DeepEqual(rec, *want) {
		t.Errorf("record = %+v, want %+v", rec, *want)
	}
}

func TestSemaphoreRecordEncoding(t *testing.T) {
	// Consul's layout, and Holders never null (Consul's client adds to it).
	if got := string(encodeSemaphoreRecord(semaphoreRecord{Limit: 2})); got != `{"Limit":2,"Holders":{}}` {
		t.Errorf("empty record = %s", got)
	}
	if _, err := readSemaphore(semP, []Entry{{Key: semP + ".lock", Value: []byte("not json")}}); !errors.Is(err, errBadSemaphoreRecord) {
		t.Errorf("bad record: %v, want errBadSemaphoreRecord", err)
	}
	value, listed := withoutHolder(semaphoreRecord{Limit: 2, Holders: map[string]bool{"a": true, "b": true}}, "a")
	if !listed || string(value) != `{"Limit":2,"Holders":{"b":true}}` {
		t.Errorf("withoutHolder = %s, %v", value, listed)
	}
	if _, listed := withoutHolder(semaphoreRecord{Holders: map[string]bool{"b": true}}, "a"); listed {
		t.Error("withoutHolder listed an absent session")
	}
}

func TestSemaphoreNextWaitIndex(t *testing.T) {
	for _, tc := range []struct{ prev, got, want uint64 }{
		{0, 12, 12}, {12, 15, 15}, {12, 12, 12}, {15, 12, 0}, {0, 0, 1},
	} {
		if got := NextWaitIndex(tc.prev, tc.got); got != tc.want {
			t.Errorf("NextWaitIndex(%d, %d) = %d, want %d", tc.prev, tc.got, got, tc.want)
		}
	}
}

func TestNewSemaphoreRejectsBadInput(t *testing.T) {
	m, clk := newMemory()
	for _, tc := range []struct {
		name, prefix, holder string
		opt                  SemaphoreOptions
	}{
		{name: "no prefix", holder: "i-1"},
		{name: "absolute prefix", prefix: "/asgctl/sem/", holder: "i-1"},
		{name: "no holder", prefix: "asgctl/sem/"},
		{name: "short TTL", prefix: "asgctl/sem/", holder: "i-1", opt: SemaphoreOptions{TTL: time.Second}},
		{name: "long wait", prefix: "asgctl/sem/", holder: "i-1", opt: SemaphoreOptions{WaitTime: time.Hour}},
	} {
		if _, err := NewSemaphore(m, clk, tc.prefix, tc.holder, tc.opt); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	s, err := NewSemaphore(m, clk, "asgctl/sem/web", "i-1", SemaphoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Prefix() != "asgctl/sem/web/" || s.opt.TTL != DefaultLockTTL || s.opt.WaitTime != DefaultSemaphoreWaitTime {
		t.Errorf("prefix %q, options %+v: want the trailing '/' and the defaults", s.Prefix(), s.opt)
	}
}
