package fleetsim

import (
	"context"
	"encoding/json"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// slotsRecordKey is the pacing semaphore's record: its limit and holders,
// in Consul's semaphore layout.
var slotsRecordKey = api.KeyReleaseSlots(svc) + ".lock"

// slotsRecord is the semaphore record's JSON, {"Limit": n, "Holders":
// {"<session id>": true, ...}}: each grant writes it with the holder
// added and the limit the grant was decided under.
type slotsRecord struct {
	Limit   int
	Holders map[string]bool
}

// grant is a pacing slot granted to a box: the limit it was granted
// under, the live agent reports counted then, and when.
type grant struct {
	limit int
	live  int
	at    time.Time
}

// slotsEntry hears of every value written to the semaphore's record (w.mu
// held: see storeLog) and notes the grant of each holder it adds, named
// by the value of its contender key (the holder's instance id).
func (w *world) slotsEntry(e *consulkv.Entry) {
	var rec slotsRecord
	if err := json.Unmarshal(e.Value, &rec); err != nil {
		return
	}
	for session := range rec.Holders {
		if w.chk.slotHolders[session] {
			continue
		}
		c, _, err := w.mem.Get(context.Background(), api.KeyReleaseSlots(svc)+session, nil)
		if err != nil || c == nil {
			continue
		}
		w.chk.grants[string(c.Value)] = grant{limit: rec.Limit, live: w.liveCount(), at: w.clk.Now()}
	}
	w.chk.slotHolders = rec.Holders
}
