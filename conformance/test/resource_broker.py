#!/usr/bin/env python3
"""A scripted MQTT 3.1.1/5.0 test broker for the resource oracles of
`run --spawn` (resources_test.sh). It answers CONNECT, PUBLISH (QoS 0-2),
PUBREL, SUBSCRIBE, PINGREQ and DISCONNECT, and misbehaves in one way chosen
by MODE, each on a trigger that only one test scenario pulls:

  healthy    nothing
  leak-mem   keeps 1 MiB for every repeated QoS 2 packet id (CVE-2023-28366's
             shape): t/d-qos2-same-id
  leak-fd    keeps a descriptor of every connection closed without
             DISCONNECT: t/b-close-no-disconnect
  spin       starts a busy thread after a malformed packet (a reserved packet
             type): t/c-malformed
  sanitizer  prints a UBSan report (which does not stop the process) when a
             PUBLISH topic holds "boom": t/e-publish-boom
  asan-crash on the same trigger prints an AddressSanitizer report, slowly (as
             a symbolizer does), and exits 1 as ASan does: t/e-publish-boom

One thread serves every connection in the order the kernel reports them
ready (select), so by the time it answers the runner's liveness probe it has
handled the end of every earlier connection: what the runner samples after
that answer does not depend on machine speed."""
import os
import select
import socket
import sys
import threading
import time

MODE, PORT = sys.argv[1], int(sys.argv[2])
kept = []      # leak-mem: the kept copies; leak-fd: the kept descriptors
spinning = []  # spin: the busy thread, once started


def spin():
    while True:
        pass


class Conn:
    def __init__(self, sock):
        self.sock, self.buf, self.v5, self.clean = sock, b"", False, False
        self.qos2_ids = set()


def send(c, data):
    try:
        c.sock.sendall(data)
    except OSError:
        pass


def packet(c, ptype, flags, body):
    """Handles one packet; False when the connection is to be closed."""
    if ptype == 1:  # CONNECT: protocol name, level
        n = int.from_bytes(body[0:2], "big") if len(body) >= 2 else 0
        c.v5 = len(body) > 2 + n and body[2 + n] == 5
        send(c, b"\x20\x03\x00\x00\x00" if c.v5 else b"\x20\x02\x00\x00")
    elif ptype == 3:  # PUBLISH
        qos = (flags >> 1) & 3
        tl = int.from_bytes(body[0:2], "big")
        topic = body[2:2 + tl]
        pid = body[2 + tl:4 + tl]
        if MODE == "sanitizer" and b"boom" in topic:
            # written before the answer, so it is in the log when the case ends
            sys.stderr.write(
                "1700000000: Received PUBLISH from a client (the line before the report)\n"
                "resource_broker.c:42:17: runtime error: load of misaligned address 0x000000000001 "
                "for type 'int', which requires 4 byte alignment\n"
                "0x000000000001: note: pointer points here\n"
                "    #0 0x55d0c0ffee00 in handle_publish resource_broker.c:42\n"
                "    #1 0x55d0c0ffee80 in main resource_broker.c:99\n"
                "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior resource_broker.c:42:17 in handle_publish\n"
                "1700000001: Sending PUBACK (the line after the report)\n")
            sys.stderr.flush()
        if MODE == "asan-crash" and b"boom" in topic:
            pid_ = os.getpid()
            lines = [f"=={pid_}==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc "
                     "0x55d0c0ffee00 bp 0x7ffc00000000 sp 0x7ffc00000008",
                     "READ of size 8 at 0x602000000010 thread T0",
                     "    #0 0x55d0c0ffee00 in handle_publish resource_broker.c:42",
                     "    #1 0x55d0c0ffee80 in main resource_broker.c:99",
                     "SUMMARY: AddressSanitizer: heap-use-after-free resource_broker.c:42 in handle_publish",
                     f"=={pid_}==ABORTING"]
            # the broker stops serving at once, the report takes a while
            for ln in lines:
                sys.stderr.write(ln + "\n")
                sys.stderr.flush()
                time.sleep(0.5)
            os._exit(1)
        if qos == 1:
            send(c, b"\x40\x02" + pid)
        elif qos == 2:
            if MODE == "leak-mem" and pid in c.qos2_ids:
                kept.append(b"\x5a" * (1 << 20))  # written, so resident
            c.qos2_ids.add(pid)
            send(c, b"\x50\x02" + pid)
    elif ptype == 6:  # PUBREL
        send(c, b"\x70\x02" + body[0:2])
    elif ptype == 8:  # SUBSCRIBE: grant QoS 0 to the first filter
        send(c, (b"\x90\x04" + body[0:2] + b"\x00\x00") if c.v5 else (b"\x90\x03" + body[0:2] + b"\x00"))
    elif ptype == 12:
        send(c, b"\xd0\x00")
    elif ptype == 14:
        c.clean = True
        return False
    elif ptype in (0, 15) and not c.v5 or ptype == 0:  # reserved: malformed, close
        if MODE == "spin" and not spinning:
            t = threading.Thread(target=spin, daemon=True)
            t.start()
            spinning.append(t)
        return False
    return True


def frames(c):
    """Yields (type, flags, body) of every complete packet in c.buf."""
    while len(c.buf) >= 2:
        rl, mul, i = 0, 1, 1
        while i < len(c.buf) and c.buf[i] & 0x80:
            rl += (c.buf[i] & 0x7F) * mul
            mul *= 128
            i += 1
        if i >= len(c.buf):
            return
        rl += c.buf[i] * mul
        if len(c.buf) < i + 1 + rl:
            return
        b0, body, c.buf = c.buf[0], c.buf[i + 1:i + 1 + rl], c.buf[i + 1 + rl:]
        yield b0 >> 4, b0 & 15, body


def close(conns, c, by_peer):
    if by_peer and not c.clean and MODE == "leak-fd":
        kept.append(os.dup(c.sock.fileno()))
    del conns[c.sock]
    c.sock.close()


ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", PORT))
ls.listen(64)
conns = {}
while True:
    ready, _, _ = select.select([ls] + list(conns), [], [])
    for s in ready:
        if s is ls:
            cs, _ = ls.accept()
            conns[cs] = Conn(cs)
            continue
        c = conns[s]
        try:
            data = s.recv(65536)
        except OSError:
            data = b""
        if not data:
            close(conns, c, True)
            continue
        c.buf += data
        for ptype, flags, body in frames(c):
            if not packet(c, ptype, flags, body):
                close(conns, c, False)
                break
