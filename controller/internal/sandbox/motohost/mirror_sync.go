package motohost

import (
	"context"
	"fmt"
)

// Sync reads the service's groups once and starts and stops instances so
// the Host runs exactly the ones in a group and not terminating. A new
// instance whose AMI EC2 does not report yet is left for the next Sync.
// When the groups cannot be read nothing changes.
func (m *Mirror) Sync(ctx context.Context) error {
	m.syncMu.Lock()
	defer m.syncMu.Unlock()
	members, err := readMembers(ctx, m.cfg.AutoScaling, m.cfg.Service)
	if err != nil {
		return err
	}
	starts, stops := diff(m.Instances(), members)
	var startErr error
	if len(starts) > 0 {
		startErr = m.start(ctx, starts)
	}
	m.stop(stops)
	return startErr
}

// start starts ids with the AMIs EC2 reports for them, then counts them
// hosted.
func (m *Mirror) start(ctx context.Context, ids []string) error {
	amis, err := readAMIs(ctx, m.cfg.EC2, ids)
	if err != nil {
		return fmt.Errorf("read the amis of new instances of service %q: %w", m.cfg.Service, err)
	}
	for _, id := range ids {
		ami, ok := amis[id]
		if !ok {
			m.cfg.Log.Debug("moto mirror: instance not visible in EC2 yet", "service", m.cfg.Service, "instance_id", id)
			continue
		}
		m.cfg.Host.Start(id, ami)
		m.mu.Lock()
		m.hosted[id] = struct{}{}
		m.mu.Unlock()
		m.cfg.Log.Info("moto mirror started instance", "service", m.cfg.Service, "instance_id", id, "ami", ami)
	}
	return nil
}

// stop counts ids no longer hosted (so the Overlay leaves them out at
// once), then stops them.
func (m *Mirror) stop(ids []string) {
	for _, id := range ids {
		m.mu.Lock()
		delete(m.hosted, id)
		m.mu.Unlock()
		m.cfg.Host.Stop(id)
		m.cfg.Log.Info("moto mirror stopped instance", "service", m.cfg.Service, "instance_id", id)
	}
}
