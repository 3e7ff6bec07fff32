// Package awsapi owns the controller's view of AWS: narrow, SDK-shaped,
// consumer-owned interfaces listing only the operations asgctl calls, and the
// one place where AWS errors are classified. Backends live beside it: the real
// SDK clients (awssdk), the simulated cloud (simaws) and the
// contract suite that holds them to the same behaviour (awsapitest).
//
// It may import the aws-sdk-go-v2 service types and smithy-go, nothing that
// performs I/O on its own.
package awsapi
