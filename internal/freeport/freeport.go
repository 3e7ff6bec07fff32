// Package freeport finds TCP ports on 127.0.0.1 that were free a moment
// ago, for the tests and the sandbox that start servers on loopback. A
// port found free can be taken by another process before the caller binds
// it; callers that can, retry. It imports only the standard library.
package freeport

import (
	"errors"
	"fmt"
	"net"
	"slices"
)

// attempts bounds the search for a run of consecutive free ports.
const attempts = 50

// Distinct returns n different loopback ports that were all free at once
// (each held open until the last is found).
func Distinct(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
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
	for range attempts {
		first, err := One()
		if err != nil {
			return 0, err
		}
		if first+n <= 65535 && allFree(first, n, avoid) {
			return first, nil
		}
	}
	return 0, errors.New("no run of consecutive free loopback ports found")
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
