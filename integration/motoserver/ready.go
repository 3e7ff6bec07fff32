package motoserver

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// readyPoll is how often waitReady asks whether the server answers.
const readyPoll = 100 * time.Millisecond

// errExitedEarly means moto_server exited before it answered; usually
// another process took the port.
var errExitedEarly = errors.New(Binary + " exited before it answered")

// waitReady polls GET url/moto-api/ until it answers 200, the process exits
// or within passes.
func waitReady(url string, p *process, within time.Duration) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	tick := time.NewTicker(readyPoll)
	defer tick.Stop()
	var last error
	for {
		if last = ping(client, url); last == nil {
			return nil
		}
		select {
		case <-p.exited:
			return errExitedEarly
		case <-deadline.C:
			return fmt.Errorf("no answer within %v: %v", within, last)
		case <-tick.C:
		}
	}
}

func ping(client *http.Client, url string) error {
	resp, err := client.Get(url + "/moto-api/")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /moto-api/: %s", resp.Status)
	}
	return nil
}
