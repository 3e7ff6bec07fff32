package freeport_test

import (
	"fmt"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/internal/freeport"
)

func TestDistinctPortsCanAllBeBound(t *testing.T) {
	ports, err := freeport.Distinct(5)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range ports {
		if slices.Contains(ports[:i], p) {
			t.Fatalf("port %d twice in %v", p, ports)
		}
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			t.Fatalf("port %d not free: %v", p, err)
		}
		defer l.Close()
	}
}

func TestConsecutiveAvoidsAndSkipsTakenPorts(t *testing.T) {
	first, err := freeport.Consecutive(4)
	if err != nil {
		t.Fatal(err)
	}
	// Hold the second port of that run: a new search must not return a
	// run that contains it, nor one containing an avoided port.
	held, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", first+1))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	avoid, err := freeport.One()
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		got, err := freeport.Consecutive(4, avoid)
		if err != nil {
			t.Fatal(err)
		}
		if (got <= first+1 && first+1 < got+4) || (got <= avoid && avoid < got+4) {
			t.Fatalf("run %d..%d contains the held port %d or the avoided %d", got, got+3, first+1, avoid)
		}
	}
}

// Ports come from below the kernel's ephemeral range, where outgoing
// connections never take them.
func TestPortsAreBelowTheEphemeralRange(t *testing.T) {
	ports, err := freeport.Distinct(20)
	if err != nil {
		t.Fatal(err)
	}
	first, err := freeport.Consecutive(4)
	if err != nil {
		t.Fatal(err)
	}
	top := 32768
	if data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(data)); len(f) == 2 {
			top, _ = strconv.Atoi(f[0])
		}
	}
	for _, p := range append(ports, first, first+3) {
		if p < 10000 || p >= top {
			t.Fatalf("port %d is not between 10000 and the ephemeral range (from %d)", p, top)
		}
	}
}
