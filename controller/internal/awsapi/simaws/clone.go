package simaws

import "encoding/json"

// cloneJSON returns a deep copy of v made through encoding/json, for the
// SDK's nested input types that the Cloud keeps: a caller may change its
// input after the call, and must not reach the Cloud's state through an
// output. It panics on a value that does not survive the round trip, which
// the SDK's plain data types always do.
func cloneJSON[T any](v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		panic("simaws: clone: " + err.Error())
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		panic("simaws: clone: " + err.Error())
	}
	return out
}
