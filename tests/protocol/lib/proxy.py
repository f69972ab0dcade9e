#!/usr/bin/env python3
"""proxy.py PORTFILE LOGFILE [FROM TO] — a minimal forward HTTP proxy for the proxy tests: it relays
plain HTTP requests in absolute form ("GET http://host:port/path") and logs one line per request, so
a test can tell that sseadm's traffic went through it. With FROM and TO, every answer's body has
FROM replaced by TO: a server answer ossemu will not give (a value OSS may add one day). Test-only;
loopback only."""
import http.client
import http.server
import sys
import urllib.parse


class Relay(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def relay(self):
        url = urllib.parse.urlsplit(self.path)
        if url.scheme != "http" or url.hostname not in ("localhost", "127.0.0.1"):
            self.send_error(403, "only http to loopback")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("proxy-connection", "connection", "keep-alive")}
        upstream = http.client.HTTPConnection("127.0.0.1", url.port or 80, timeout=10)
        target = url.path + ("?" + url.query if url.query else "")
        upstream.request(self.command, target, body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        if len(sys.argv) > 4:
            data = data.replace(sys.argv[3].encode(), sys.argv[4].encode())
        with open(sys.argv[2], "a") as log:
            log.write("%s %s %d\n" % (self.command, self.path, answer.status))
        self.send_response(answer.status)
        for k, v in answer.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_PUT = do_DELETE = relay

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Relay)
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % server.server_address[1])
server.serve_forever()
