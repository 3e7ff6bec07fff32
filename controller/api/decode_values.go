package api

import (
	"encoding/json"
	"errors"
	"fmt"
)

// MaxValueBytes bounds every value asgctl reads from or writes to Consul.
// Consul's own limit is 512 KB; we stay far below it so a runaway value is
// caught by us with a clear message rather than by Consul.
const MaxValueBytes = 256 << 10

// ErrTooLarge is wrapped by the errors Encode and the Decode functions return
// for values over MaxValueBytes.
var ErrTooLarge = errors.New("value too large")

// validator is a wire type with a Validate method.
type validator interface{ Validate() error }

// DecodeSpec strictly decodes and validates a ServiceSpec. A validation
// failure is a *ValidationError.
func DecodeSpec(data []byte) (*ServiceSpec, error) {
	var s ServiceSpec
	if err := decodeValid("service spec", data, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// DecodeDesired strictly decodes and validates a desired-state request.
func DecodeDesired(data []byte) (*Desired, error) {
	var d Desired
	if err := decodeValid("desired state", data, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// DecodeRollout strictly decodes and validates a Rollout record.
func DecodeRollout(data []byte) (*Rollout, error) {
	var r Rollout
	if err := decodeValid("rollout record", data, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// Encode marshals v as JSON and refuses results over MaxValueBytes.
func Encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	if err := checkSize(fmt.Sprintf("encoded %T", v), len(b)); err != nil {
		return nil, err
	}
	return b, nil
}

func decodeValid(kind string, data []byte, v validator) error {
	if err := checkSize(kind, len(data)); err != nil {
		return err
	}
	if err := DecodeStrict(data, v); err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	return v.Validate()
}

func checkSize(what string, n int) error {
	if n > MaxValueBytes {
		return fmt.Errorf("%s is %d bytes, over the %d-byte limit: %w", what, n, MaxValueBytes, ErrTooLarge)
	}
	return nil
}

// cloneJSON deep-copies a JSON-shaped value (wire types only) through its
// encoding; nil stays nil.
func cloneJSON[T any](v T) T {
	var out T
	b, err := json.Marshal(v)
	if err != nil {
		panic("api: clone of a wire value: " + err.Error())
	}
	if err := json.Unmarshal(b, &out); err != nil {
		panic("api: clone of a wire value: " + err.Error())
	}
	return out
}
