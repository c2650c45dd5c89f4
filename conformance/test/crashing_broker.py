#!/usr/bin/env python3
"""A minimal MQTT 3.1.1 broker for the --spawn test: answers CONNECT and
PINGREQ, and dies of SIGSEGV when a PUBLISH names a topic containing "crash",
so the test knows exactly which case kills it."""
import os, signal, socket, sys, threading

def serve(conn):
    buf = b""
    while True:
        data = conn.recv(4096)
        if not data:
            return
        buf += data
        while len(buf) >= 2:
            rl, mul, i = 0, 1, 1
            while i < len(buf) and buf[i] & 0x80:
                rl += (buf[i] & 0x7F) * mul; mul *= 128; i += 1
            if i >= len(buf):
                break
            rl += buf[i] * mul
            if len(buf) < i + 1 + rl:
                break
            ptype, body, buf = buf[0] >> 4, buf[i + 1:i + 1 + rl], buf[i + 1 + rl:]
            if ptype == 1:
                conn.sendall(b"\x20\x02\x00\x00")
            elif ptype == 12:
                conn.sendall(b"\xd0\x00")
            elif ptype == 3 and b"crash" in body:
                os.kill(os.getpid(), signal.SIGSEGV)
            elif ptype == 14:
                conn.close()
                return

ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", int(sys.argv[1])))
ls.listen(16)
while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
