package motoserver

import (
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"
)

// CloudWatchProtocol is a cloudwatch client option every CloudWatch client
// pointed at moto needs: aws-sdk-go-v2 speaks Smithy RPC v2 CBOR to
// CloudWatch by default, which moto 5 does not serve (404 on
// /service/GraniteServiceVersion20100801/operation/...); AWS serves awsQuery
// too, and so does moto.
//
//	cw := cloudwatch.NewFromConfig(srv.Config(t), motoserver.CloudWatchProtocol)
func CloudWatchProtocol(o *cloudwatch.Options) {
	o.Protocol = awsquery.New(schemas.GraniteServiceVersion20100801)
}
