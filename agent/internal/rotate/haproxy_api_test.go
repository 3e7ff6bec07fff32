package rotate

import "testing"

func TestParseShowStat(t *testing.T) {
	out := "# pxname,svname,qcur,qmax,scur,smax,status,\n" +
		"fe,FRONTEND,,,3,5,OPEN,\n" +
		"app,p0,0,0,2,4,UP,\n" +
		"app,p1,0,0,0,1,DRAIN,\n" +
		"app,p2,0,0,0,0,UP 1/2,\n" +
		"app,p3,0,0,0,0,MAINT,\n" +
		"app,BACKEND,0,0,2,5,UP,\n" +
		"other,p0,0,0,9,9,DOWN,\n"
	stats, err := parseShowStat(out, "app")
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 4 || stats["p0"].scur != 2 || stats["p1"].status != "DRAIN" {
		t.Fatalf("stats = %+v", stats)
	}
	want := map[string]bool{"p0": true, "p1": false, "p2": true, "p3": false}
	for name, serving := range want {
		if stats[name].serving() != serving {
			t.Errorf("%s serving = %v, want %v", name, !serving, serving)
		}
	}
	if _, err := parseShowStat("Unknown command\n", "app"); err == nil {
		t.Fatal("want an error for output without the stat header")
	}
}
