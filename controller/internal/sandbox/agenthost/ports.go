package agenthost

import (
	"fmt"
	"net"
)

// ports returns a free loopback traffic address and the first of n
// consecutive free ports for the service processes.
func ports(n int) (string, int, error) {
	listen, err := freePort()
	if err != nil {
		return "", 0, err
	}
	for range 50 {
		base, err := freePort()
		if err != nil {
			return "", 0, err
		}
		if base != listen && base+n < 65535 && allFree(base, n, listen) {
			return fmt.Sprintf("127.0.0.1:%d", listen), base, nil
		}
	}
	return "", 0, fmt.Errorf("no %d consecutive free loopback ports", n)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func allFree(first, n, except int) bool {
	for p := first; p < first+n; p++ {
		if p == except {
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
