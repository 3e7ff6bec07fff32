package rotate

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// haproxyCmdTimeout caps one runtime API exchange when ctx has no earlier
// deadline.
const haproxyCmdTimeout = 5 * time.Second

// haproxyCmd sends one command to the HAProxy runtime API on a unix socket
// (non-interactive mode: HAProxy answers and closes) and returns the reply.
func haproxyCmd(ctx context.Context, socket, cmd string) (string, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", socket)
	if err != nil {
		return "", fmt.Errorf("haproxy runtime API %s: %w", socket, err)
	}
	defer conn.Close()
	deadline := time.Now().Add(haproxyCmdTimeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	_ = conn.SetDeadline(deadline)
	if _, err := io.WriteString(conn, cmd+"\n"); err != nil {
		return "", fmt.Errorf("haproxy runtime API %s: send %q: %w", socket, cmd, err)
	}
	out, err := io.ReadAll(conn)
	if err != nil {
		return string(out), fmt.Errorf("haproxy runtime API %s: read reply to %q: %w (got %q)", socket, cmd, err, out)
	}
	return string(out), nil
}

// haproxyServerStat is what the driver reads from one `show stat` row.
type haproxyServerStat struct {
	status string // UP, DOWN, DRAIN, MAINT, "UP 1/2", "no check", ...
	scur   int    // current sessions
}

// serving reports whether HAProxy routes new requests to the server.
func (s haproxyServerStat) serving() bool {
	return s.status == "UP" || strings.HasPrefix(s.status, "UP ") || s.status == "no check"
}

// parseShowStat returns the server rows of backend from `show stat` CSV
// output, keyed by server name.
func parseShowStat(out, backend string) (map[string]haproxyServerStat, error) {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "# ")))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, fmt.Errorf("parse haproxy show stat: %v (output %q)", err, truncate(out, 200))
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, need := range []string{"pxname", "svname", "scur", "status"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("parse haproxy show stat: no %q column (output %q)", need, truncate(out, 200))
		}
	}
	stats := map[string]haproxyServerStat{}
	for _, row := range rows[1:] {
		if len(row) <= col["status"] || len(row) <= col["scur"] || row[col["pxname"]] != backend {
			continue
		}
		name := row[col["svname"]]
		if name == "FRONTEND" || name == "BACKEND" {
			continue
		}
		scur, err := strconv.Atoi(row[col["scur"]])
		if err != nil {
			return nil, fmt.Errorf("parse haproxy show stat: server %s/%s scur %q: %w", backend, name, row[col["scur"]], err)
		}
		stats[name] = haproxyServerStat{status: row[col["status"]], scur: scur}
	}
	return stats, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
