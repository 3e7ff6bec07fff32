package api

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeExamples(t *testing.T) {
	if _, err := DecodeDesired(readTestdata(t, "desired.json")); err != nil {
		t.Errorf("desired: %v", err)
	}
	r, err := DecodeRollout(readTestdata(t, "rollout.json"))
	if err != nil {
		t.Fatalf("rollout: %v", err)
	}
	if r.Phase != PhaseShifting || r.Step != 2 || len(r.Weights) != 2 {
		t.Errorf("rollout decoded wrongly: %+v", r)
	}
}

func TestDecodeUnknownFieldNamesIt(t *testing.T) {
	cases := []struct {
		name   string
		decode func([]byte) error
		file   string
		field  string
	}{
		{"spec top level", decodeSpecErr, "spec.json", "colour"},
		{"desired", decodeDesiredErr, "desired.json", "approved"},
		{"rollout", decodeRolloutErr, "rollout.json", "stepp"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := withField(t, readTestdata(t, tc.file), tc.field)
			err := tc.decode(data)
			if err == nil || !strings.Contains(err.Error(), `unknown field "`+tc.field+`"`) {
				t.Fatalf("err = %v, want it to name field %q", err, tc.field)
			}
		})
	}
}

func TestDecodeSpecNestedUnknownField(t *testing.T) {
	data := bytes.Replace(readTestdata(t, "spec.json"), []byte(`"desired": 3`), []byte(`"desired": 3, "maximum": 9`), 1)
	_, err := DecodeSpec(data)
	if err == nil || !strings.Contains(err.Error(), `unknown field "maximum"`) {
		t.Fatalf("err = %v, want it to name field maximum", err)
	}
}

func TestDecodeRejectsTrailingData(t *testing.T) {
	valid := readTestdata(t, "desired.json")
	for _, tail := range []string{`{}`, `x`, `]`, `"more"`, `null`} {
		if _, err := DecodeDesired(append(append([]byte(nil), valid...), tail...)); err == nil {
			t.Errorf("trailing %q accepted", tail)
		}
	}
	if _, err := DecodeDesired(append(append([]byte(nil), valid...), " \n\t"...)); err != nil {
		t.Errorf("trailing whitespace rejected: %v", err)
	}
}

func TestDecodeRejectsInvalidValue(t *testing.T) {
	data := bytes.Replace(readTestdata(t, "spec.json"), []byte(`"name": "web"`), []byte(`"name": "WEB"`), 1)
	_, err := DecodeSpec(data)
	var ve *ValidationError
	if !errors.As(err, &ve) || !hasProblem(ve.Problems, "name", `"WEB"`) {
		t.Fatalf("err = %v, want a *ValidationError about name", err)
	}
	if _, err := DecodeRollout([]byte(`{"version": 1}`)); !errors.As(err, &ve) || ve.Kind != "rollout record" {
		t.Fatalf("empty rollout: err = %v, want a rollout *ValidationError", err)
	}
	if _, err := DecodeDesired([]byte(`null`)); !errors.As(err, &ve) || ve.Kind != "desired state" {
		t.Fatalf("null desired: err = %v, want a desired *ValidationError", err)
	}
}

func TestDecodeRejectsBadDuration(t *testing.T) {
	data := bytes.Replace(readTestdata(t, "spec.json"), []byte(`"30s"`), []byte(`"30 seconds"`), 1)
	_, err := DecodeSpec(data)
	if err == nil || !strings.Contains(err.Error(), `"30 seconds"`) {
		t.Fatalf("err = %v, want it to quote the bad duration", err)
	}
}

func TestDecodeRejectsOversize(t *testing.T) {
	valid := readTestdata(t, "spec.json")
	padded := append(bytes.Repeat([]byte(" "), MaxValueBytes+1-len(valid)), valid...)
	if len(padded) != MaxValueBytes+1 {
		t.Fatalf("test setup: %d bytes", len(padded))
	}
	for name, decode := range map[string]func([]byte) error{
		"spec": decodeSpecErr, "desired": decodeDesiredErr, "rollout": decodeRolloutErr,
	} {
		err := decode(padded)
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "262144-byte limit") {
			t.Errorf("%s: err = %v, want ErrTooLarge naming the limit", name, err)
		}
	}
	if _, err := DecodeSpec(padded[1:]); err != nil {
		t.Errorf("value of exactly MaxValueBytes rejected: %v", err)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	want := exampleSpec(t)
	data, err := Encode(want)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	got, err := DecodeSpec(data)
	if err != nil {
		t.Fatalf("DecodeSpec(Encode(spec)): %v\n%s", err, data)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip changed the spec:\n got %+v\nwant %+v", got, want)
	}
	r := exampleRollout(t)
	data, err = Encode(r)
	if err != nil {
		t.Fatalf("Encode rollout: %v", err)
	}
	if back, err := DecodeRollout(data); err != nil || !reflect.DeepEqual(back, r) {
		t.Fatalf("rollout round trip: err %v\n got %+v\nwant %+v", err, back, r)
	}
}

func TestEncodeRejectsOversize(t *testing.T) {
	s := exampleSpec(t)
	s.Alarms = []string{strings.Repeat("a", MaxValueBytes)}
	if _, err := Encode(s); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Encode of an oversize spec: err = %v, want ErrTooLarge", err)
	}
	if _, err := Encode(func() {}); err == nil || errors.Is(err, ErrTooLarge) {
		t.Fatalf("Encode of a func: err = %v, want a marshal error", err)
	}
}

func decodeSpecErr(b []byte) error    { _, err := DecodeSpec(b); return err }
func decodeDesiredErr(b []byte) error { _, err := DecodeDesired(b); return err }
func decodeRolloutErr(b []byte) error { _, err := DecodeRollout(b); return err }

// withField inserts "name": 1 as the first field of a JSON object.
func withField(t *testing.T, obj []byte, name string) []byte {
	t.Helper()
	i := bytes.IndexByte(obj, '{')
	if i < 0 {
		t.Fatalf("not an object: %s", obj)
	}
	out := append([]byte(nil), obj[:i+1]...)
	out = append(out, `"`+name+`": 1,`...)
	return append(out, obj[i+1:]...)
}
