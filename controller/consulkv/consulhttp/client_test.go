package consulhttp_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// TestClientRoundTrip drives every Backend operation through the real
// Consul client and checks the facade against the Memory behind it.
func TestClientRoundTrip(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()

	// KV: put, get (the same entry and index as the Memory), list, CAS,
	// delete, absent.
	if err := f.c.Put(ctx, "asgctl/a/1", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := f.m.Put(ctx, "asgctl/a/2", nil); err != nil {
		t.Fatal(err)
	}
	got, gotIdx, err := f.c.Get(ctx, "asgctl/a/1", &consulkv.QueryOptions{Consistent: true})
	want, wantIdx, _ := f.m.Get(ctx, "asgctl/a/1", nil)
	if err != nil || !reflect.DeepEqual(got, want) || gotIdx != wantIdx {
		t.Fatalf("Get = %+v at %d, %v; the Memory has %+v at %d", got, gotIdx, err, want, wantIdx)
	}
	list, listIdx, err := f.c.List(ctx, "asgctl/a/", &consulkv.QueryOptions{Stale: true})
	mlist, mIdx, _ := f.m.List(ctx, "asgctl/a/", nil)
	if err != nil || len(list) != 2 || listIdx != mIdx || list[0].Key != "asgctl/a/1" || len(list[1].Value) != 0 {
		t.Fatalf("List = %+v at %d, %v; the Memory has %+v at %d", list, listIdx, err, mlist, mIdx)
	}
	if ok, err := f.c.CAS(ctx, "asgctl/a/1", []byte("x"), 0); ok || err != nil {
		t.Fatalf("CAS 0 on a present key = %v, %v", ok, err)
	}
	if ok, err := f.c.CAS(ctx, "asgctl/a/1", []byte("x"), want.ModifyIndex+100); ok || err != nil {
		t.Fatalf("CAS on a wrong index = %v, %v", ok, err)
	}
	if ok, err := f.c.CAS(ctx, "asgctl/a/1", []byte("two"), want.ModifyIndex); !ok || err != nil {
		t.Fatalf("CAS on the current index = %v, %v", ok, err)
	}
	if ok, err := f.c.CAS(ctx, "asgctl/a/3", []byte("new"), 0); !ok || err != nil {
		t.Fatalf("CAS 0 on an absent key = %v, %v", ok, err)
	}
	if err := f.c.Delete(ctx, "asgctl/a/3"); err != nil {
		t.Fatal(err)
	}
	if err := f.c.Delete(ctx, "asgctl/a/3"); err != nil {
		t.Fatalf("deleting an absent key: %v", err)
	}
	e, idx, err := f.c.Get(ctx, "asgctl/a/3", nil)
	if _, memIdx, _ := f.m.Get(ctx, "asgctl/a/3", nil); err != nil || e != nil || idx != memIdx {
		t.Fatalf("Get of a deleted key = %+v at %d, %v; want nil at %d", e, idx, err, memIdx)
	}
	if list, _, err := f.c.List(ctx, "asgctl/none/", nil); err != nil || len(list) != 0 {
		t.Fatalf("List of an empty prefix = %+v, %v", list, err)
	}

	// A blocking Get parks on the Memory, wakes on a write made in process
	// (not through the facade), and a short wait time ends it unchanged.
	cur, _, _ := f.c.Get(ctx, "asgctl/a/1", nil)
	ch := goGet(ctx, f.c, "asgctl/a/1", &consulkv.QueryOptions{WaitIndex: cur.ModifyIndex})
	waitParked(t, f.m, 1, ch)
	if err := f.m.Put(ctx, "asgctl/a/1", []byte("three")); err != nil {
		t.Fatal(err)
	}
	if r := recv(t, ch); r.err != nil || string(r.e.Value) != "three" || r.index <= cur.ModifyIndex {
		t.Fatalf("blocking Get = %+v", r)
	}
	_, idx, _ = f.c.Get(ctx, "asgctl/a/1", nil)
	const wait = 50 * time.Millisecond
	r := recv(t, goGet(ctx, f.c, "asgctl/a/1", &consulkv.QueryOptions{WaitIndex: idx, WaitTime: wait}))
	if r.err != nil || r.index != idx || r.took < wait {
		t.Fatalf("blocking Get with wait %s = %+v; want the same index after the wait", wait, r)
	}

	// Sessions and locks.
	s1, err := f.c.CreateSession(ctx, "one", consulkv.SessionTTLMin, 0)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := f.c.CreateSession(ctx, "two", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.CreateSession(ctx, "short", time.Second, 0); err == nil {
		t.Fatal("a TTL under the minimum was accepted")
	}
	if ok, err := f.c.Acquire(ctx, "asgctl/lock", []byte("s1"), s1); !ok || err != nil {
		t.Fatalf("acquire = %v, %v", ok, err)
	}
	if ok, err := f.c.Acquire(ctx, "asgctl/lock", []byte("s2"), s2); ok || err != nil {
		t.Fatalf("acquire of a held key = %v, %v", ok, err)
	}
	if e, _, _ := f.m.Get(ctx, "asgctl/lock", nil); e.Session != s1 || string(e.Value) != "s1" {
		t.Fatalf("held entry in the Memory = %+v", e)
	}
	if err := f.c.RenewSession(ctx, s1); err != nil {
		t.Fatal(err)
	}
	if ok, err := f.c.Release(ctx, "asgctl/lock", s2); ok || err != nil {
		t.Fatalf("release by a non-holder = %v, %v", ok, err)
	}
	if ok, err := f.c.Release(ctx, "asgctl/lock", s1); !ok || err != nil {
		t.Fatalf("release = %v, %v", ok, err)
	}
	if e, _, _ := f.c.Get(ctx, "asgctl/lock", nil); e.Session != "" || string(e.Value) != "s1" {
		t.Fatalf("released entry = %+v; want free with the value kept", e)
	}
	if ok, err := f.c.Acquire(ctx, "asgctl/lock", []byte("s2"), s2); !ok || err != nil {
		t.Fatalf("acquire of the released key = %v, %v", ok, err)
	}
	if err := f.c.DestroySession(ctx, s2); err != nil {
		t.Fatal(err)
	}
	if e, _, _ := f.c.Get(ctx, "asgctl/lock", nil); e.Session != "" || string(e.Value) != "s2" {
		t.Fatalf("entry after its holder was destroyed = %+v; want free with the value kept", e)
	}
	if err := f.c.RenewSession(ctx, s2); !errors.Is(err, consulkv.ErrSessionInvalid) {
		t.Fatalf("renew of a destroyed session: %v", err)
	}
	if _, err := f.c.Acquire(ctx, "asgctl/lock", nil, s2); !errors.Is(err, consulkv.ErrSessionInvalid) {
		t.Fatalf("acquire with a destroyed session: %v", err)
	}
	if err := f.c.DestroySession(ctx, s2); err != nil {
		t.Fatalf("destroying a destroyed session: %v", err)
	}
}

// TestWatchKeySeesWrites runs consulkv.WatchKey, as the agent does, on the
// facade: it sees the current value, then writes through the facade and
// in process, and the delete.
func TestWatchKeySeesWrites(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const key = "asgctl/deploys/web"
	if err := f.c.Put(ctx, key, []byte("v1")); err != nil {
		t.Fatal(err)
	}
	seen := make(chan *consulkv.Entry)
	done := make(chan error, 1)
	go func() {
		done <- consulkv.WatchKey(ctx, clock.Real{}, f.c, key, consulkv.WatchOptions{}, func(ctx context.Context, e *consulkv.Entry) error {
			select {
			case seen <- e:
			case <-ctx.Done():
			}
			return nil
		})
	}()
	value := func(e *consulkv.Entry) string {
		if e == nil {
			return "<absent>"
		}
		return string(e.Value)
	}
	steps := []struct {
		write func() error
		want  string
	}{
		{func() error { return nil }, "v1"},
		{func() error { return f.c.Put(ctx, key, []byte("v2")) }, "v2"},
		{func() error { return f.m.Put(ctx, key, []byte("v3")) }, "v3"},
		{func() error { return f.c.Delete(ctx, key) }, "<absent>"},
		{func() error { return f.c.Put(ctx, key, []byte("v4")) }, "v4"},
	}
	for i, s := range steps {
		if i > 0 {
			waitParked(t, f.m, 1, done)
		}
		if err := s.write(); err != nil {
			t.Fatal(err)
		}
		if got := value(recv(t, seen)); got != s.want {
			t.Fatalf("step %d: watch saw %s, want %s", i, got, s.want)
		}
	}
	cancel()
	if err := recv(t, done); !errors.Is(err, context.Canceled) {
		t.Fatalf("WatchKey ended with %v", err)
	}
}

// TestSessionTTLOnTheWallClock waits out one real session TTL (the
// minimum, 10 s): the lapsed session's key is released with its value kept,
// a blocking Get on it wakes without any other call, and a session renewed
// meanwhile lives on.
func TestSessionTTLOnTheWallClock(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	const ttl, key = consulkv.SessionTTLMin, "asgctl/agents/web/i-1"
	before := time.Now() // the session's TTL runs from after this
	lapses, err := f.c.CreateSession(ctx, "lapses", ttl, 0)
	if err != nil {
		t.Fatal(err)
	}
	renewed, err := f.c.CreateSession(ctx, "renewed", ttl, 0)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := f.c.Acquire(ctx, key, []byte("report"), lapses); !ok || err != nil {
		t.Fatalf("acquire = %v, %v", ok, err)
	}
	held, idx, _ := f.c.Get(ctx, key, nil)
	ch := goGet(ctx, f.c, key, &consulkv.QueryOptions{WaitIndex: idx, WaitTime: 3 * ttl})
	waitParked(t, f.m, 1, ch)

	// Renew the other session at a third and two thirds of the TTL.
	for range 2 {
		timer := time.NewTimer(ttl / 3)
		select {
		case r := <-ch:
			t.Fatalf("the key was released before its TTL: %+v", r)
		case <-timer.C:
		}
		if err := f.c.RenewSession(ctx, renewed); err != nil {
			t.Fatal(err)
		}
	}

	timer := time.NewTimer(ttl + safetyTimeout)
	defer timer.Stop()
	var r getResult
	select {
	case r = <-ch:
	case <-timer.C:
		t.Fatal("the lapsed session's key was not released")
	}
	lapsed := time.Since(before)
	t.Logf("released %s after the session was created (TTL %s)", lapsed.Round(time.Millisecond), ttl)
	if lapsed < ttl {
		t.Fatalf("released after %s, before the TTL %s", lapsed, ttl)
	}
	if r.err != nil || r.e == nil || r.e.Session != "" || string(r.e.Value) != "report" || r.index <= held.ModifyIndex {
		t.Fatalf("after the TTL: %+v; want released with the value kept", r)
	}
	if err := f.c.RenewSession(ctx, lapses); !errors.Is(err, consulkv.ErrSessionInvalid) {
		t.Fatalf("renew of the lapsed session: %v", err)
	}
	if err := f.c.RenewSession(ctx, renewed); err != nil {
		t.Fatalf("the renewed session lapsed: %v", err)
	}
	if ok, err := f.c.Acquire(ctx, key, []byte("again"), renewed); !ok || err != nil {
		t.Fatalf("acquire after the lapse = %v, %v", ok, err)
	}
}
