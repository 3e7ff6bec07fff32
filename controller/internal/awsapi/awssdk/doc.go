// Package awssdk owns the real AWS backend of the awsapi interfaces: clients
// from aws-sdk-go-v2 built on the SDK's standard configuration chain (env,
// shared config and profiles, instance role; AWS_ENDPOINT_URL and its
// per-service variants are honoured by the SDK itself), assumed-role
// credentials per service account (STS, optional external ID, cached until
// near expiry), the SDK's standard retryer as the one owner of per-call
// retries, a client-side token bucket per AWS throttling bucket, region and
// account, batching of DescribeAutoScalingGroups across services, call and
// throttle counters, and access-denied errors that name the missing IAM
// action (awsapi.Explain).
//
// It may import the standard library, controller/clock,
// controller/internal/awsapi, controller/api (tag keys), aws-sdk-go-v2 (core,
// config, credentials and the service clients) and smithy-go. Tests may also
// use simaws, clocktest, the motoserver harness and moto_server.
package awssdk
