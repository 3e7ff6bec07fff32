// Package motoserver owns the moto_server test harness: it starts moto's
// server mode (an independent AWS emulator, pip install "moto[server]") on a
// free loopback port, waits until it answers, resets it between tests
// (POST /moto-api/reset), hands out a real aws-sdk-go-v2 configuration that
// points at it (plus CloudWatchProtocol for CloudWatch clients), and stops
// the whole process group at the end. A test package shares one server
// (Shared, or StartMain from TestMain).
//
// A missing moto_server skips the calling test, and fails it when CI=true.
//
// It is used only by tests. It may import the standard library, testing,
// the aws-sdk-go-v2 core, credentials and cloudwatch packages and smithy-go;
// of this module only internal/testenv and internal/freeport.
package motoserver
