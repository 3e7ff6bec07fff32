package rotate

import (
	"net"
	"net/http"
	"net/http/httputil"
	"strings"
)

// setForwarded sets the forwarding headers of the outbound request. What a
// proxy in front (a load balancer terminating TLS) said about the client is
// kept; this hop adds only what is missing, and its peer to the lists:
//   - X-Forwarded-For: the inbound list with the peer's IP appended;
//   - X-Forwarded-Proto, -Port, -Host: the inbound value, else this hop's
//     scheme, listen port and request Host;
//   - Forwarded (RFC 7239): the inbound list with a for= element for the
//     peer appended; none is made up when the request had none.
//
// The reverse proxy strips Forwarded and X-Forwarded-For, -Host and -Proto
// from the outbound request before this runs, so they are read from r.In.
func setForwarded(r *httputil.ProxyRequest, listenPort string) {
	in, out := r.In.Header, r.Out.Header
	peer, _, err := net.SplitHostPort(r.In.RemoteAddr)
	if err != nil {
		peer = ""
	}
	setList(out, "X-Forwarded-For", in.Values("X-Forwarded-For"), peer)
	if fwd := in.Values("Forwarded"); len(fwd) > 0 {
		setList(out, "Forwarded", fwd, forwardedFor(peer))
	}
	proto := "http"
	if r.In.TLS != nil {
		proto = "https"
	}
	keepOrSet(out, in, "X-Forwarded-Proto", proto)
	keepOrSet(out, in, "X-Forwarded-Port", listenPort)
	keepOrSet(out, in, "X-Forwarded-Host", r.In.Host)
}

// setList sets key to the prior comma-separated values, joined into one,
// with last appended when it is not empty.
func setList(h http.Header, key string, prior []string, last string) {
	if last != "" {
		prior = append(prior[:len(prior):len(prior)], last)
	}
	if len(prior) == 0 {
		h.Del(key)
		return
	}
	h.Set(key, strings.Join(prior, ", "))
}

// keepOrSet copies key's inbound values, or sets it to value when the
// request had none.
func keepOrSet(out, in http.Header, key, value string) {
	if v := in.Values(key); len(v) > 0 {
		out[http.CanonicalHeaderKey(key)] = append([]string(nil), v...)
		return
	}
	if value != "" {
		out.Set(key, value)
	}
}

// forwardedFor is the RFC 7239 for= element naming ip: bare for IPv4, and
// quoted with brackets for IPv6 (section 6). Empty when ip is unknown.
func forwardedFor(ip string) string {
	switch {
	case ip == "":
		return ""
	case strings.Contains(ip, ":"):
		return `for="[` + ip + `]"`
	default:
		return "for=" + ip
	}
}
