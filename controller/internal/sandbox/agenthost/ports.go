package agenthost

import (
	"fmt"

	"github.com/asgctl/asgctl/internal/freeport"
)

// ports returns a free loopback traffic address and the first of n
// consecutive free ports for the service processes.
func ports(n int) (string, int, error) {
	listen, err := freeport.One()
	if err != nil {
		return "", 0, err
	}
	base, err := freeport.Consecutive(n, listen)
	if err != nil {
		return "", 0, err
	}
	return fmt.Sprintf("127.0.0.1:%d", listen), base, nil
}
