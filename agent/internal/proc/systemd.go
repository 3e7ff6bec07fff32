package proc

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/coreos/go-systemd/v22/dbus"
)

// SystemdConn is the part of *dbus.Conn (github.com/coreos/go-systemd/v22/dbus)
// the systemd supervisor uses, with the same signatures, so tests can
// substitute a fake.
type SystemdConn interface {
	StartUnitContext(ctx context.Context, name, mode string, ch chan<- string) (int, error)
	StopUnitContext(ctx context.Context, name, mode string, ch chan<- string) (int, error)
	ResetFailedUnitContext(ctx context.Context, name string) error
	GetUnitPropertiesContext(ctx context.Context, unit string) (map[string]any, error)
	GetServicePropertyContext(ctx context.Context, service, propertyName string) (*dbus.Property, error)
	Close()
}

var (
	_ SystemdConn = (*dbus.Conn)(nil)
	_ Supervisor  = (*Systemd)(nil)
)

// Systemd is the systemd supervisor: process k is the service unit unit(k),
// normally an instance of a template unit such as web@.service, started and
// stopped through systemd's D-Bus API. The unit file defines the command,
// environment, user and limits; Systemd only drives its lifecycle. It is safe
// for concurrent use.
type Systemd struct {
	conn SystemdConn
	unit func(index int) string
	log  *slog.Logger
}

// NewSystemd returns a systemd supervisor driving conn; unit names the
// service unit of process index (see UnitTemplate). A nil log discards.
func NewSystemd(conn SystemdConn, unit func(index int) string, log *slog.Logger) *Systemd {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Systemd{conn: conn, unit: unit, log: log}
}

// DialSystemd connects with dial and returns a systemd supervisor over the
// connection; Close releases it. The connection must outlive ctx.
func DialSystemd(ctx context.Context, dial func(context.Context) (SystemdConn, error), unit func(index int) string, log *slog.Logger) (*Systemd, error) {
	conn, err := dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect to systemd: %w", err)
	}
	return NewSystemd(conn, unit, log), nil
}

// ConnectSystemd connects to the system manager over the system D-Bus (as
// root falling back to systemd's private socket /run/systemd/private) and
// returns a systemd supervisor; Close releases the connection. go-systemd
// closes a connection when its context ends, so only ctx's values reach it:
// the connection lives until Close.
func ConnectSystemd(ctx context.Context, unit func(index int) string, log *slog.Logger) (*Systemd, error) {
	return DialSystemd(ctx, func(ctx context.Context) (SystemdConn, error) {
		conn, err := dbus.NewWithContext(context.WithoutCancel(ctx))
		if err != nil {
			return nil, fmt.Errorf("%w (is systemd running as PID 1 and the agent root or allowed by polkit?)", err)
		}
		return conn, nil
	}, unit, log)
}

// Close closes the D-Bus connection. The units keep running.
func (s *Systemd) Close() { s.conn.Close() }

// UnitTemplate returns a unit-naming function substituting each {index} in
// pattern, e.g. "web@{index}.service" names process 2 "web@2.service".
func UnitTemplate(pattern string) func(index int) string {
	return func(index int) string {
		return strings.ReplaceAll(pattern, "{index}", strconv.Itoa(index))
	}
}
