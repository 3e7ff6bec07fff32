package awssdk

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// credentialsExpiryWindow is how long before expiry assumed-role
// credentials are refreshed (with up to half of it as jitter), so no call
// is signed with credentials about to expire.
const credentialsExpiryWindow = 2 * time.Minute

// credKey identifies one assumed role: the same role with the same external
// ID shares one credentials cache across services and Regions.
type credKey struct{ roleARN, externalID string }

// roleCredentialsLocked returns the cached credentials provider for a role,
// making it on first use. The caller holds f.mu.
func (f *Factory) roleCredentialsLocked(region, roleARN, externalID string) aws.CredentialsProvider {
	k := credKey{roleARN, externalID}
	if c, ok := f.creds[k]; ok {
		return c
	}
	stsRegion := f.opts.Region
	if stsRegion == "" {
		stsRegion = region
	}
	cfg := f.base.Copy()
	cfg.Region = stsRegion
	client := sts.NewFromConfig(cfg, func(o *sts.Options) {
		o.APIOptions = append(o.APIOptions, limitCalls(gate{limiters: f.limiters, region: stsRegion, principal: principalOf("")}))
		// One attempt: AssumeRole runs inside an API call's attempt, and
		// that call's retries cover it; retrying here too would multiply
		// the attempts (and the wait) of an unreachable endpoint.
		o.Retryer = aws.NopRetryer{}
	})
	provider := stscreds.NewAssumeRoleProvider(client, roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = f.opts.SessionName
		if externalID != "" {
			o.ExternalID = aws.String(externalID)
		}
	})
	c := aws.NewCredentialsCache(provider, func(o *aws.CredentialsCacheOptions) {
		o.ExpiryWindow = credentialsExpiryWindow
		o.ExpiryWindowJitterFrac = 0.5
	})
	f.creds[k] = c
	return c
}
