#!/usr/bin/env python3
"""A proxy in front of a real broker that announces limits it does not have:
every MQTT 5.0 CONNACK it forwards gets Maximum QoS 1, Retain Available 0 and
Maximum Packet Size 1000 added. 3.x CONNACKs pass unchanged (nothing can tell a
3.x client a limit). Used by limits_test.sh to show that 5.0 limits bind 5.0
cases only, and that the suite never sends a packet above an announced
Maximum Packet Size and then grades the refusal.

usage: limits_proxy.py UPSTREAM_PORT   (prints the port it listens on)"""
import socket, sys, threading

UP = int(sys.argv[1])
ADDED = bytes([0x24, 1,            # Maximum QoS 1
               0x25, 0,            # Retain Available 0
               0x27, 0, 0, 0x03, 0xE8])  # Maximum Packet Size 1000


def varint(n):
    out = bytearray()
    while True:
        b, n = n % 128, n // 128
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_varint(b, i):
    n, mul = 0, 1
    while True:
        if i >= len(b):
            return None, i
        n += (b[i] & 0x7F) * mul
        mul *= 128
        i += 1
        if not b[i - 1] & 0x80:
            return n, i


def frames(buf):
    """Splits off complete packets; returns (packets, rest)."""
    out = []
    while len(buf) >= 2:
        rl, i = read_varint(buf, 1)
        if rl is None or len(buf) < i + rl:
            break
        out.append(buf[:i + rl])
        buf = buf[i + rl:]
    return out, buf


def with_limits(pkt):
    _, i = read_varint(pkt, 1)
    body = pkt[i:]
    plen, j = read_varint(body, 2)
    props = ADDED + body[j:j + plen]
    nb = body[:2] + varint(len(props)) + props + body[j + plen:]
    return bytes([pkt[0]]) + varint(len(nb)) + nb


def pump_up(cli, srv, state):
    while True:
        d = cli.recv(65536)
        if not d:
            break
        if state["level"] is None and len(d) >= 9 and d[0] >> 4 == 1:
            _, i = read_varint(d, 1)
            nlen = d[i] << 8 | d[i + 1]
            state["level"] = d[i + 2 + nlen] if len(d) > i + 2 + nlen else 0
        srv.sendall(d)
    srv.shutdown(socket.SHUT_WR)


def pump_down(srv, cli, state):
    buf, first = b"", True
    while True:
        d = srv.recv(65536)
        if not d:
            break
        if not first:
            cli.sendall(d)
            continue
        buf += d
        pk, buf = frames(buf)
        if not pk:
            continue
        first = False
        if pk[0][0] >> 4 == 2 and state["level"] == 5:
            pk[0] = with_limits(pk[0])
        cli.sendall(b"".join(pk) + buf)
        buf = b""
    cli.shutdown(socket.SHUT_WR)


def serve(cli):
    srv = socket.create_connection(("127.0.0.1", UP))
    state = {"level": None}
    def down():
        try:
            pump_down(srv, cli, state)
        except OSError:
            pass  # the case closed its end first
    t = threading.Thread(target=down, daemon=True)
    t.start()
    try:
        pump_up(cli, srv, state)
    except OSError:
        pass
    t.join(30)
    cli.close()
    srv.close()


ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(64)
print(ls.getsockname()[1], flush=True)
while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
