package coord

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// A serving box waits (fetching, then for its slot), rolls while it holds
// the slot, and is ready after; the events say it was paced.
func TestRollTakesASlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t)
		w.agents(4)
		box := &fakeBox{serving: tg("r1"), fetchFor: time.Second, rollFor: 5 * time.Second}
		var mu sync.Mutex
		var events []Event
		c := w.coordinator("i-0", box, func(e Event) { mu.Lock(); events = append(events, e); mu.Unlock() })
		w.put(release("r2", 2, release("r1", 1, nil)))
		w.offer(c)
		time.Sleep(time.Minute)
		synctest.Wait()
		if got := box.states(); !slices.Equal(got, []string{"waiting", "deploying", "ready"}) {
			t.Fatalf("states %v, want waiting, deploying, ready", got)
		}
		if box.Serving() != tg("r2") || box.last().Seq != 2 || box.last().Desired != "r2" {
			t.Fatalf("serving %s, last status %+v", box.Serving(), box.last())
		}
		mu.Lock()
		defer mu.Unlock()
		kinds := []EventKind{}
		for _, e := range events {
			kinds = append(kinds, e.Kind)
		}
		if !slices.Equal(kinds, []EventKind{EventRollStart, EventRollEnd, EventSlotReleased}) || !events[0].Paced ||
			events[0].Limit != 1 || events[0].Index == 0 {
			t.Fatalf("events %+v", events)
		}
	})
}

// A box serving nothing brings up the last good release without a slot,
// then takes the desired one in its turn.
func TestNewBoxServesTheLastGoodFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t)
		w.agents(2)
		box := &fakeBox{rollFor: time.Second}
		c := w.coordinator("i-0", box, nil)
		w.put(release("r2", 2, release("r1", 1, nil)))
		w.offer(c)
		time.Sleep(time.Minute)
		synctest.Wait()
		if !slices.Equal(box.rolls, []fleet.Target{tg("r1"), tg("r2")}) {
			t.Fatalf("rolls %v, want r1 then r2", box.rolls)
		}
		if got := box.states(); !slices.Equal(got, []string{"starting", "waiting", "deploying", "ready"}) {
			t.Fatalf("states %v", got)
		}
	})
}

// While the release is halted a serving box holds and a new box serves the
// last good release: neither runs the halted one.
func TestHaltedReleaseReachesNoBox(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t)
		w.agents(2)
		rec := release("r2", 2, release("r1", 1, nil))
		rec.Halt = &api.Halt{InstanceID: "i-9", Error: "process 0: health failed", At: time.Now()}
		w.put(rec)
		serving, fresh := &fakeBox{serving: tg("r1")}, &fakeBox{}
		w.offer(w.coordinator("i-0", serving, nil))
		w.offer(w.coordinator("i-1", fresh, nil))
		time.Sleep(time.Minute)
		synctest.Wait()
		if len(serving.rolls) != 0 || serving.last().State != api.AgentWaiting {
			t.Fatalf("serving box rolled %v, status %+v", serving.rolls, serving.last())
		}
		if !slices.Equal(fresh.rolls, []fleet.Target{tg("r1")}) || fresh.last().State != api.AgentWaiting {
			t.Fatalf("new box rolled %v, status %+v", fresh.rolls, fresh.last())
		}
	})
}

// A transient fetch error is retried with backoff and never recorded as a
// failure; the report says what is retried.
func TestTransientFetchIsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t)
		w.agents(1)
		box := &fakeBox{serving: tg("r1"), fetchErr: func(_ api.ReleaseRef, n int) error {
			if n <= 3 {
				return errNotYet
			}
			return nil
		}}
		c := w.coordinator("i-0", box, nil)
		w.put(release("r2", 2, release("r1", 1, nil)))
		w.offer(c)
		time.Sleep(2 * time.Second) // after the first failure and the 1 s retry
		synctest.Wait()
		if st := box.last(); st.State != api.AgentWaiting || !strings.Contains(st.Error, "does not exist (yet)") || !strings.Contains(st.Error, "retrying in") {
			t.Fatalf("while retrying: %+v", st)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if box.Serving() != tg("r2") || box.failed != (fleet.Failure{}) || len(box.fetches) != 4 {
			t.Fatalf("serving %s, failed %+v, %d fetches", box.Serving(), box.failed, len(box.fetches))
		}
	})
}

// A final failure of a paced roll halts the release with check-and-set
// (the record names this instance), is not retried, and says failed.
func TestFinalFailureHalts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t)
		w.agents(4)
		box := &fakeBox{serving: tg("r1"), rollErr: func(fleet.Target) error {
			return Final(errors.New("process 0: health failed"))
		}}
		c := w.coordinator("i-0", box, nil)
		w.put(release("r2", 2, release("r1", 1, nil)))
		w.offer(c)
		time.Sleep(time.Minute)
		synctest.Wait()
		got := w.record().rec
		if got.Halt == nil || got.Halt.InstanceID != "i-0" || !strings.Contains(got.Halt.Error, "health failed") || got.Seq != 2 {
			t.Fatalf("record after the failure: %+v", got)
		}
		w.offer(c) // the watch delivers the halted record
		time.Sleep(time.Minute)
		synctest.Wait()
		if len(box.rolls) != 1 || box.failed != (fleet.Failure{Seq: 2, Target: tg("r2")}) || box.last().State != api.AgentFailed ||
			!strings.Contains(box.last().Error, "health failed") {
			t.Fatalf("rolls %v, failed %+v, status %+v", box.rolls, box.failed, box.last())
		}
	})
}

// A new box that fails the last good release reports it but does not halt
// the fleet's release: it had no capacity to lose.
func TestStartFailureDoesNotHalt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t)
		w.agents(2)
		box := &fakeBox{rollErr: func(fleet.Target) error { return Final(errors.New("process 0: start failed")) }}
		c := w.coordinator("i-0", box, nil)
		w.put(release("r2", 2, release("r1", 1, nil)))
		w.offer(c)
		time.Sleep(time.Minute)
		synctest.Wait()
		if w.record().rec.Halt != nil || box.last().State != api.AgentFailed || len(box.rolls) != 1 {
			t.Fatalf("record %+v, status %+v, rolls %v", w.record().rec, box.last(), box.rolls)
		}
	})
}

// A record that arrives while the box waits for its slot replaces the
// one it waited for.
func TestNewerRecordSupersedesTheWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t)
		w.agents(1)
		blocker := &fakeBox{serving: tg("r1"), rollFor: time.Hour}
		rolling := make(chan fleet.Target, 4)
		blocker.rolling = rolling
		w.put(release("r2", 2, release("r1", 1, nil)))
		w.offer(w.coordinator("i-1", blocker, nil)) // takes the only slot for an hour
		<-rolling
		box := &fakeBox{serving: tg("r1")}
		c := w.coordinator("i-0", box, nil)
		w.offer(c)
		time.Sleep(time.Minute)
		synctest.Wait()
		if box.last().State != api.AgentWaiting || len(box.rolls) != 0 {
			t.Fatalf("box not waiting for its slot: %+v, rolls %v", box.last(), box.rolls)
		}
		w.put(release("r1", 3, release("r1", 1, nil))) // back to r1: nothing to do
		w.offer(c)
		time.Sleep(time.Minute)
		synctest.Wait()
		if box.last().State != api.AgentReady || box.last().Seq != 3 || len(box.rolls) != 0 {
			t.Fatalf("after the newer record: %+v, rolls %v", box.last(), box.rolls)
		}
	})
}

// The watch's records are followed in its order even when the index went
// backwards (Consul rebuilt from nothing): the newer record has the
// smaller index.
func TestRecordFromARebuiltConsulIsFollowed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t)
		w.agents(1)
		box := &fakeBox{serving: tg("r1")}
		c := w.coordinator("i-0", box, nil)
		c.Offer(release("r1", 7, nil), 900) // before the rebuild
		time.Sleep(time.Minute)
		synctest.Wait()
		w.put(release("r2", 1, nil)) // the rebuilt Consul's first record
		w.offer(c)
		time.Sleep(time.Minute)
		synctest.Wait()
		if w.record().idx >= 900 || box.Serving() != tg("r2") || box.last().State != api.AgentReady {
			t.Fatalf("after a record at index %d: serving %s, status %+v", w.record().idx, box.Serving(), box.last())
		}
	})
}
