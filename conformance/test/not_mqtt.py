#!/usr/bin/env python3
"""not_mqtt.py MODE: a loopback listener that is not an MQTT broker, for the
runner's preflight test. Prints its port, then serves until stdin closes or
60 s have passed (a bounded life: a test that dies leaves nothing behind).

  http    reads what the client sends and answers like an HTTP server (400 and close)
  close   accepts and closes at once
  silent  accepts, reads, never answers
"""
import select
import socket
import sys
import time

mode = sys.argv[1]
assert mode in ("http", "close", "silent"), mode
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 0))
ls.listen(16)
print(ls.getsockname()[1], flush=True)
conns = []
end = time.monotonic() + 60
while time.monotonic() < end:
    r, _, _ = select.select([ls, sys.stdin] + conns, [], [], 1.0)
    if sys.stdin in r and not sys.stdin.buffer.read1(256):
        break
    if ls in r:
        c, _ = ls.accept()
        if mode == "close":
            c.close()
        else:
            conns.append(c)
    for c in [c for c in r if c in conns]:
        data = c.recv(4096)
        if not data:
            conns.remove(c)
            c.close()
        elif mode == "http":
            c.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            conns.remove(c)
            c.close()
