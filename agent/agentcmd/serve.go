package agentcmd

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/asgctl/asgctl/agent/internal/config"
	"github.com/asgctl/asgctl/agent/internal/daemon"
	"github.com/asgctl/asgctl/agent/internal/instance"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// serve builds the agent's parts from cfg and runs it until ctx ends.
func serve(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	var md instance.Metadata
	if cfg.InstanceID == "" || cfg.Region == "" || cfg.LifecycleHook != "" {
		md = instance.NewMetadata("")
	}
	id, err := instance.Identify(ctx, md, cfg.InstanceID, cfg.Region)
	if err != nil {
		return err
	}
	log = log.With("instance", id.InstanceID)
	if err := checkSecrets(cfg); err != nil {
		return err
	}
	kv, err := consulkv.NewConsul(consulkv.ConsulConfig{Address: cfg.Consul.Address, TokenFile: cfg.Consul.TokenFile, CallTimeout: consulCallTimeout})
	if err != nil {
		return fmt.Errorf("consul: %w", err)
	}
	aws, err := newAWS(ctx, id.Region, log)
	if err != nil {
		return err
	}
	fetcher, err := newFetcher(cfg, aws.s3, log)
	if err != nil {
		return err
	}
	driver, closeDriver, err := newDriver(cfg, log)
	if err != nil {
		return err
	}
	defer closeDriver()
	sup, closeSup, err := newSupervisor(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeSup()
	a, err := daemon.New(daemon.Deps{
		Config: cfg, InstanceID: id.InstanceID, KV: kv, Clock: clock.Real{}, Log: log,
		Fetcher: fetcher, Driver: driver, Supervisor: sup,
		CompleteLaunch: completeLaunch(cfg, md, aws.autoscaling, id.InstanceID, log),
	})
	if err != nil {
		return err
	}
	log.Info("agent starting", "release_dir", cfg.Dirs.Releases, "rotation", cfg.Rotation.Driver, "supervisor", cfg.Supervisor.Driver, "processes", cfg.Processes)
	return a.Run(ctx)
}

// completeLaunch returns the launch lifecycle completion, nil without a hook.
func completeLaunch(cfg *config.Config, md instance.Metadata, as instance.LifecycleAPI, id string, log *slog.Logger) func(context.Context) error {
	if cfg.LifecycleHook == "" {
		return nil
	}
	c := &instance.Completer{API: as, Clock: clock.Real{}, Log: log}
	return func(ctx context.Context) error {
		group, err := instance.GroupName(ctx, md)
		if err != nil {
			return err
		}
		return c.CompleteLaunch(ctx, cfg.LifecycleHook, group, id)
	}
}

// consulCallTimeout bounds each Consul call of the agent (a blocking query
// gets its wait on top): a Consul agent that hangs is then an error the
// watch retries, and the box keeps serving its last good release.
const consulCallTimeout = 30 * time.Second
