package awsapitest

import "testing"

func TestContractSim(t *testing.T) {
	Run(t, NewSimBackend)
}
