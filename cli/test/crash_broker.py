#!/usr/bin/env python3
# usage: crash_broker.py  (prints its loopback port, then serves until killed or crashed)
# A broker double for replaying crash captures: CONNACK to CONNECT, PINGRESP to PINGREQ,
# and on a PUBLISH whose payload holds b"boom" it dies at once (exit 1, no reply).
import os
import socket
import sys
import threading


def packets(buf):
    """Splits whole MQTT packets off buf: (list of (type, body), rest)."""
    out = []
    while len(buf) >= 2:
        n, mul, i = 0, 1, 1
        while i < len(buf) and i < 5:
            n += (buf[i] & 127) * mul
            mul *= 128
            i += 1
            if not buf[i - 1] & 128:
                break
        else:
            break
        if len(buf) < i + n:
            break
        out.append((buf[0] >> 4, buf[i:i + n]))
        buf = buf[i + n:]
    return out, buf


def serve(c):
    buf = b""
    while True:
        try:
            d = c.recv(65536)
        except OSError:  # the replay resets its connections
            d = b""
        if not d:
            c.close()
            return
        pkts, buf = packets(buf + d)
        for t, body in pkts:
            try:
                if t == 1:
                    c.sendall(b"\x20\x02\x00\x00")
                elif t == 12:
                    c.sendall(b"\xd0\x00")
            except OSError:
                return
            if t == 3 and b"boom" in body:
                os._exit(1)


s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1], flush=True)
while True:
    conn, _ = s.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
