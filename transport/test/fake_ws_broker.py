#!/usr/bin/env python3
"""A deliberately imperfect MQTT-over-WebSocket server for transport tests.

usage: fake_ws_broker.py MODE PORTFILE
Listens on 127.0.0.1 (a free port, written to PORTFILE) and serves each connection in a
thread until killed. MODE says how it misbehaves:
  bad-status   answers the upgrade with 404
  bad-accept   answers 101 with a wrong Sec-WebSocket-Accept
  hangup       closes the TCP connection without answering the upgrade
  no-protocol  a correct upgrade without Sec-WebSocket-Protocol, then plain MQTT
  text         a correct upgrade, then every answer in a text frame (MQTT-6.0.0-1)
  fragment     a correct upgrade, then every answer cut into 1-byte fragments with a
               ping between fragments (RFC 6455 allows control frames there)
  close        a correct upgrade, then a close frame (1011) instead of the CONNACK to any
               CONNECT but the runner's probe and liveness checks (client id mqcprobe*,
               mqcalive*)
  good         a correct upgrade and binary frames
The MQTT side is minimal: CONNECT -> CONNACK 0, SUBSCRIBE -> SUBACK, PINGREQ -> PINGRESP,
DISCONNECT -> close; anything else is ignored.
"""
import base64, hashlib, os, socket, struct, sys, threading

MODE, PORTFILE = sys.argv[1], sys.argv[2]
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def recv_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError
        b += c
    return b


def read_frame(s):
    h = recv_exact(s, 2)
    op, ln, masked = h[0] & 15, h[1] & 127, h[1] & 128
    if ln == 126:
        ln = struct.unpack(">H", recv_exact(s, 2))[0]
    elif ln == 127:
        ln = struct.unpack(">Q", recv_exact(s, 8))[0]
    key = recv_exact(s, 4) if masked else b"\0\0\0\0"
    data = bytes(b ^ key[i % 4] for i, b in enumerate(recv_exact(s, ln)))
    return op, data


def frame(op, data, fin=True):
    n = len(data)
    head = bytes([(0x80 if fin else 0) | op])
    if n < 126:
        head += bytes([n])
    elif n < 65536:
        head += bytes([126]) + struct.pack(">H", n)
    else:
        head += bytes([127]) + struct.pack(">Q", n)
    return head + data


def send_mqtt(s, data):
    if MODE == "text":
        s.sendall(frame(1, data))
    elif MODE == "fragment":
        out = b""
        for i in range(len(data)):
            out += frame(2 if i == 0 else 0, data[i:i + 1], fin=i == len(data) - 1)
            if i < len(data) - 1:
                out += frame(9, b"hi")
        s.sendall(out)
    else:
        s.sendall(frame(2, data))


def packets(buf):
    """Whole MQTT packets at the start of buf: (list, rest)."""
    out = []
    while len(buf) >= 2:
        mult, ln, i = 1, 0, 1
        while True:
            if i >= len(buf):
                return out, buf
            ln += (buf[i] & 127) * mult
            mult *= 128
            i += 1
            if not buf[i - 1] & 128:
                break
        if len(buf) < i + ln:
            break
        out.append((buf[0], buf[i:i + ln]))
        buf = buf[i + ln:]
    return out, buf


def serve(s):
    try:
        req = b""
        while b"\r\n\r\n" not in req:
            c = s.recv(4096)
            if not c:
                return
            req += c
        if MODE == "hangup":
            return
        if MODE == "bad-status":
            s.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            return
        key = b""
        for line in req.split(b"\r\n"):
            if line.lower().startswith(b"sec-websocket-key:"):
                key = line.split(b":", 1)[1].strip()
        accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
        if MODE == "bad-accept":
            accept = base64.b64encode(b"x" * 20)
        resp = (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                b"Sec-WebSocket-Accept: " + accept + b"\r\n")
        if MODE != "no-protocol" and b"mqtt" in req.lower():
            resp += b"Sec-WebSocket-Protocol: mqtt\r\n"
        s.sendall(resp + b"\r\n")
        buf, v5 = b"", False
        while True:
            op, data = read_frame(s)
            if op == 8:
                s.sendall(frame(8, data[:2]))
                return
            if op not in (0, 1, 2):
                continue
            pk, buf = packets(buf + data)
            for first, body in pk:
                t = first >> 4
                if t == 1:
                    nl = struct.unpack(">H", body[:2])[0]
                    v5 = body[2 + nl] == 5
                    i = 2 + nl + 4
                    if v5:  # skip the properties (a variable byte integer length)
                        mult, pl = 1, 0
                        while True:
                            pl += (body[i] & 127) * mult
                            mult *= 128
                            i += 1
                            if not body[i - 1] & 128:
                                break
                        i += pl
                    cl = struct.unpack(">H", body[i:i + 2])[0]
                    cid = body[i + 2:i + 2 + cl]
                    if MODE == "close" and not cid.startswith((b"mqcprobe", b"mqcalive")):
                        s.sendall(frame(8, struct.pack(">H", 1011) + b"going away"))
                        return
                    send_mqtt(s, b"\x20\x03\x00\x00\x00" if v5 else b"\x20\x02\x00\x00")
                elif t == 8:
                    pid = body[:2]
                    send_mqtt(s, b"\x90\x04" + pid + b"\x00\x02" if v5 else b"\x90\x03" + pid + b"\x02")
                elif t == 12:
                    send_mqtt(s, b"\xd0\x00")
                elif t == 14:
                    return
    except (EOFError, OSError):
        pass
    finally:
        s.close()


ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 0))
ls.listen(64)
tmp = PORTFILE + ".tmp"
with open(tmp, "w") as f:
    f.write(str(ls.getsockname()[1]))
os.rename(tmp, PORTFILE)
while True:
    conn, _ = ls.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
