// Package freeport finds TCP ports on 127.0.0.1 that were free a moment
// ago, for the tests and the sandbox that start servers on loopback. It
// picks them at random below the kernel's ephemeral range, where no
// outgoing connection is ever given a source port: a port picked inside
// that range can be taken by any client's connection (a load generator
// opens hundreds) before the server binds it. A port found free can still
// be taken by another process that picked it too; callers that can,
// retry. It imports only the standard library.
package freeport

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
)

// attempts bounds each search.
const attempts = 200

// lowest is the lowest port picked; below it are well-known services.
const lowest = 10000

// rangeFile holds the kernel's ephemeral port range ("32768\t60999").
const rangeFile = "/proc/sys/net/ipv4/ip_local_port_range"

// ceiling is the first port of the ephemeral range (32768 when unknown).
func ceiling() int {
	data, err := os.ReadFile(rangeFile)
	if err != nil {
		return 32768
	}
	first, err := strconv.Atoi(strings.Fields(string(data) + " x")[0])
	if err != nil || first <= lowest+1000 {
		return 32768
	}
	return first
}

// Distinct returns n different loopback ports that were all free at once
// (each held open until the last is found).
func Distinct(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := listenFree(1, ports)
		if err != nil {
			return nil, err
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// One returns one free loopback port.
func One() (int, error) {
	ports, err := Distinct(1)
	if err != nil {
		return 0, err
	}
	return ports[0], nil
}

// Consecutive returns the first of n consecutive free loopback ports, none
// of them in avoid (ports the caller already picked).
func Consecutive(n int, avoid ...int) (int, error) {
	top := ceiling()
	for range attempts {
		first := lowest + rand.IntN(top-lowest-n)
		if allFree(first, n, avoid) {
			return first, nil
		}
	}
	return 0, errors.New("no run of consecutive free loopback ports found below the ephemeral range")
}

// listenFree listens on a random free port below the ephemeral range whose
// run of n ports avoids avoid.
func listenFree(n int, avoid []int) (net.Listener, error) {
	top := ceiling()
	var last error
	for range attempts {
		p := lowest + rand.IntN(top-lowest-n)
		if slices.Contains(avoid, p) {
			continue
		}
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err == nil {
			return l, nil
		}
		last = err
	}
	return nil, fmt.Errorf("find a free port below %d: %w", top, last)
}

func allFree(first, n int, avoid []int) bool {
	for p := first; p < first+n; p++ {
		if slices.Contains(avoid, p) {
			return false
		}
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			return false
		}
		l.Close()
	}
	return true
}
