package api

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDurationJSONRoundTrip(t *testing.T) {
	for _, d := range []time.Duration{0, time.Nanosecond, 90 * time.Second, 15 * time.Minute, 36 * time.Hour, -5 * time.Second} {
		b, err := json.Marshal(Duration(d))
		if err != nil {
			t.Fatalf("marshal %s: %v", d, err)
		}
		if want := `"` + d.String() + `"`; string(b) != want {
			t.Errorf("marshal %s = %s, want %s", d, b, want)
		}
		var back Duration
		if err := json.Unmarshal(b, &back); err != nil || back.D() != d {
			t.Errorf("unmarshal %s = %s, %v; want %s", b, back.D(), err, d)
		}
	}
}

func TestDurationUnmarshalAcceptsGoSyntax(t *testing.T) {
	var d Duration
	if err := json.Unmarshal([]byte(`"1h2m3.5s"`), &d); err != nil || d.D() != time.Hour+2*time.Minute+3500*time.Millisecond {
		t.Fatalf("got %s, %v", d.D(), err)
	}
}

func TestDurationUnmarshalRejects(t *testing.T) {
	for _, in := range []string{`90`, `"90"`, `"ninety seconds"`, `""`, `true`, `{"s": 1}`} {
		d := Duration(time.Minute)
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("%s accepted as %s", in, d.D())
		}
		if d.D() != time.Minute {
			t.Errorf("%s: failed unmarshal changed the value to %s", in, d.D())
		}
	}
}

func TestDurationOmitEmpty(t *testing.T) {
	b, err := json.Marshal(struct {
		A Duration `json:"a,omitempty"`
		B Duration `json:"b,omitempty"`
	}{B: Duration(time.Second)})
	if err != nil || string(b) != `{"b":"1s"}` {
		t.Fatalf("got %s, %v", b, err)
	}
}

func TestPauseOf(t *testing.T) {
	cases := []struct {
		pause   string
		d       time.Duration
		manual  bool
		wantErr bool
	}{
		{"", 0, false, false},
		{"manual", 0, true, false},
		{"60s", time.Minute, false, false},
		{"1m30s", 90 * time.Second, false, false},
		{"soon", 0, false, true},
		{"60", 0, false, true},
	}
	for _, tc := range cases {
		d, manual, err := Step{Weight: 10, Pause: tc.pause}.PauseOf()
		if d != tc.d || manual != tc.manual || (err != nil) != tc.wantErr {
			t.Errorf("PauseOf(%q) = %s, %v, %v; want %s, %v, err %v", tc.pause, d, manual, err, tc.d, tc.manual, tc.wantErr)
		}
	}
}

func TestDurationNullLeavesUnset(t *testing.T) {
	var s struct {
		D Duration `json:"d"`
	}
	s.D = Duration(time.Second)
	if err := DecodeStrict([]byte(`{"d": null}`), &s); err != nil {
		t.Fatalf("null duration: %v", err)
	}
	if s.D != Duration(time.Second) {
		t.Errorf("null changed the value to %s", s.D.D())
	}
}
