package releases

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// IDInUseError is a claim refused: the release id already names another
// artifact.
type IDInUseError struct {
	ID   string
	Have api.ReleaseID // what the registry holds
	Want string        // the sha256 the claim was for
}

// Error names the id, what it names and the digest refused.
func (e *IDInUseError) Error() string {
	return fmt.Sprintf("release id %s already names %s (sha256 %s), not sha256 %s: an id names one artifact forever",
		e.ID, e.Have.Artifact, e.Have.SHA256, e.Want)
}

// Claim records in svc's id registry that rec's release id names rec's
// artifact, unless it is recorded already (check-and-set on absence). A
// record for the same sha256 is fine; one for another sha256 is an
// *IDInUseError. Claim writes nothing in either case.
func Claim(ctx context.Context, kv consulkv.KV, svc string, rec *api.Release) error {
	key := api.KeyReleaseID(svc, rec.Release)
	claim := api.ReleaseID{Version: api.ReleaseIDVersion, Release: rec.Release, Artifact: rec.Artifact, SHA256: rec.SHA256,
		CreatedAt: rec.CreatedAt.UTC(), CreatedBy: rec.CreatedBy}
	if err := claim.Validate(); err != nil {
		return fmt.Errorf("claim %s: %w", key, err)
	}
	data, err := api.Encode(claim)
	if err != nil {
		return fmt.Errorf("claim %s: %w", key, err)
	}
	for range 3 { // absent, then present: a claim deleted in between is claimed again
		ok, err := kv.CAS(ctx, key, data, 0)
		if err != nil {
			return fmt.Errorf("claim %s: %w", key, err)
		}
		if ok {
			return nil
		}
		have, err := readClaim(ctx, kv, key)
		if err != nil || have == nil {
			if err != nil {
				return err
			}
			continue
		}
		if have.SHA256 != rec.SHA256 {
			return &IDInUseError{ID: rec.Release, Have: *have, Want: rec.SHA256}
		}
		return nil
	}
	return fmt.Errorf("claim %s: it keeps appearing and disappearing; try again", key)
}

// readClaim reads one id registry record (nil when absent).
func readClaim(ctx context.Context, kv consulkv.KV, key string) (*api.ReleaseID, error) {
	e, _, err := kv.Get(ctx, key, &consulkv.QueryOptions{Consistent: true})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	if e == nil {
		return nil, nil
	}
	r, err := api.DecodeReleaseID(e.Value)
	if err != nil {
		return nil, fmt.Errorf("%s holds a value asgctl cannot read (fix or delete the key): %w", key, err)
	}
	return r, nil
}
