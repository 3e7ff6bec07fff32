package proc

import (
	"context"
	"errors"
	"fmt"

	godbus "github.com/godbus/dbus/v5"
)

// unitState is what the supervisor needs to know about a unit before
// acting on it.
type unitState struct {
	load   string // LoadState: loaded, not-found, bad-setting, error, masked
	active string // ActiveState: active, reloading, inactive, failed, activating, deactivating
}

// running reports whether the unit has (or is about to have) processes.
func (u unitState) running() bool {
	return u.active != "inactive" && u.active != "failed"
}

func (s *Systemd) state(ctx context.Context, unit string) (unitState, error) {
	props, err := s.conn.GetUnitPropertiesContext(ctx, unit)
	if err != nil {
		return unitState{}, fmt.Errorf("read state of unit %s: %w", unit, err)
	}
	load, _ := props["LoadState"].(string)
	active, _ := props["ActiveState"].(string)
	return unitState{load: load, active: active}, nil
}

// serviceProperty reads one property of the org.freedesktop.systemd1.Service
// interface of unit.
func (s *Systemd) serviceProperty(ctx context.Context, unit, name string) (any, error) {
	p, err := s.conn.GetServicePropertyContext(ctx, unit, name)
	if err != nil {
		return nil, fmt.Errorf("read %s of unit %s: %w", name, unit, err)
	}
	return p.Value.Value(), nil
}

// PID returns the MainPID of process index's service unit: 0 when the unit
// is not running (or not loaded).
func (s *Systemd) PID(ctx context.Context, index int) (int, error) {
	unit := s.unit(index)
	v, err := s.serviceProperty(ctx, unit, "MainPID")
	if isNoSuchUnit(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	pid, ok := v.(uint32)
	if !ok {
		return 0, fmt.Errorf("read MainPID of unit %s: unexpected type %T", unit, v)
	}
	return int(pid), nil
}

// isNoSuchUnit reports whether err is systemd's "unit not loaded" error.
func isNoSuchUnit(err error) bool {
	var e godbus.Error
	return errors.As(err, &e) && e.Name == "org.freedesktop.systemd1.NoSuchUnit"
}
