package proc_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/coreos/go-systemd/v22/dbus"
	godbus "github.com/godbus/dbus/v5"
)

// fakeUnit is the state the fake systemd keeps per unit.
type fakeUnit struct {
	active string // ActiveState
	pid    uint32 // MainPID
	result string // service Result
	// startJob is the result the next start job reports ("" means done);
	// "hold" never reports, like a job stuck in activating.
	startJob string
}

// fakeSystemd is a state-based stand-in for *dbus.Conn: units listed in
// units are loaded instances, any other name is not found.
type fakeSystemd struct {
	mu      sync.Mutex
	units   map[string]*fakeUnit
	nextPID uint32
	closed  bool
}

func newFakeSystemd(units ...string) *fakeSystemd {
	f := &fakeSystemd{units: map[string]*fakeUnit{}, nextPID: 1000}
	for _, u := range units {
		f.units[u] = &fakeUnit{active: "inactive", result: "success"}
	}
	return f
}

func (f *fakeSystemd) unit(name string) *fakeUnit {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.units[name]
}

func noSuchUnit(name string) error {
	return godbus.Error{Name: "org.freedesktop.systemd1.NoSuchUnit", Body: []any{fmt.Sprintf("Unit %s not loaded.", name)}}
}

func (f *fakeSystemd) StartUnitContext(_ context.Context, name, _ string, ch chan<- string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.units[name]
	if !ok {
		return 0, noSuchUnit(name)
	}
	switch u.startJob {
	case "", "done":
		f.nextPID++
		u.active, u.pid, u.result = "active", f.nextPID, "success"
		ch <- "done"
	case "hold":
		u.active = "activating"
	default:
		u.active, u.result = "failed", "exit-code"
		ch <- u.startJob
	}
	return 1, nil
}

func (f *fakeSystemd) StopUnitContext(_ context.Context, name, _ string, ch chan<- string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.units[name]
	if !ok {
		return 0, noSuchUnit(name)
	}
	u.active, u.pid = "inactive", 0
	ch <- "done"
	return 2, nil
}

func (f *fakeSystemd) ResetFailedUnitContext(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.units[name]
	if !ok {
		return noSuchUnit(name)
	}
	if u.active == "failed" {
		u.active, u.result = "inactive", "success"
	}
	return nil
}

func (f *fakeSystemd) GetUnitPropertiesContext(_ context.Context, name string) (map[string]any, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.units[name]
	if !ok {
		return map[string]any{"Id": name, "LoadState": "not-found", "ActiveState": "inactive"}, nil
	}
	return map[string]any{"Id": name, "LoadState": "loaded", "ActiveState": u.active}, nil
}

func (f *fakeSystemd) GetServicePropertyContext(_ context.Context, name, prop string) (*dbus.Property, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.units[name]
	if !ok {
		return nil, noSuchUnit(name)
	}
	switch prop {
	case "MainPID":
		return &dbus.Property{Name: prop, Value: godbus.MakeVariant(u.pid)}, nil
	case "Result":
		return &dbus.Property{Name: prop, Value: godbus.MakeVariant(u.result)}, nil
	}
	return nil, godbus.Error{Name: "org.freedesktop.DBus.Error.UnknownProperty"}
}

func (f *fakeSystemd) Close() {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
}
