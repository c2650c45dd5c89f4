#!/usr/bin/env python3
"""A test double for client mode: a driver (conformance/drivers/PROTOCOL.md)
around a tiny hand-written MQTT client, with ways to misbehave on purpose.

usage: fake_driver.py [MODE]
  MODE at start:  ok (default) | never-hello | garbage | exit-early
Per case, the command {"cmd":"mode","mode":M} switches to:
  crash_on_connack  SIGSEGV when the next CONNACK arrives
  hang              stop reading commands (never acks again)
  exit              exit with status 3 at once, unasked
  bad_connect       the next CONNECT has the reserved flag bit set (MQTT-3.1.2-3)
  crash_on_quit     SIGSEGV when told to quit (a crash after the scenario ended)
Only what the engine tests need: connect, subscribe, publish (QoS 0/1),
disconnect, wait, quit; 3.1.1 and 5.0.
"""
import json
import os
import select
import signal
import socket
import struct
import sys
import time


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def log(msg):
    sys.stderr.write("fake driver: %s\n" % msg)
    sys.stderr.flush()


def vbi(n):
    b = bytearray()
    while True:
        d, n = n % 128, n // 128
        b.append(d | (0x80 if n else 0))
        if not n:
            return bytes(b)


def mstr(s):
    b = s.encode() if isinstance(s, str) else s
    return struct.pack(">H", len(b)) + b


def packet(first, body):
    return bytes([first]) + vbi(len(body)) + body


class Client:
    def __init__(self):
        self.sock = None
        self.v5 = False
        self.buf = b""
        self.modes = set()
        self.next_pid = 1
        self.pending_pub = {}  # packet id -> command id

    # --- network
    def send(self, b):
        self.sock.sendall(b)

    def frames(self):
        """Whole packets buffered so far."""
        res = []
        while len(self.buf) >= 2:
            mult, rl, i = 1, 0, 1
            while True:
                if i >= len(self.buf):
                    return res
                c = self.buf[i]
                rl += (c & 127) * mult
                mult *= 128
                i += 1
                if not c & 128:
                    break
            if len(self.buf) < i + rl:
                return res
            res.append((self.buf[0], self.buf[i:i + rl]))
            self.buf = self.buf[i + rl:]
        return res

    def pump(self, timeout):
        """Reads for up to timeout; handles unsolicited packets; returns the rest."""
        if not self.sock:
            return []
        r, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not r:
            return []
        data = self.sock.recv(65536)
        if not data:
            self.sock.close()
            self.sock = None
            out({"event": "connection_lost", "cause": "closed by server"})
            return []
        self.buf += data
        rest = []
        for first, body in self.frames():
            if not self.unsolicited(first, body):
                rest.append((first, body))
        return rest

    def skip_props(self, body, off):
        if not self.v5 or off >= len(body):
            return off
        n, mult = 0, 1
        while True:
            c = body[off]
            off += 1
            n += (c & 127) * mult
            mult *= 128
            if not c & 128:
                break
        return off + n

    def unsolicited(self, first, body):
        t = first >> 4
        if t == 3:  # PUBLISH from the server
            qos = (first >> 1) & 3
            tl = struct.unpack(">H", body[:2])[0]
            topic = body[2:2 + tl].decode("utf-8", "replace")
            off = 2 + tl
            pid = None
            if qos:
                pid = struct.unpack(">H", body[off:off + 2])[0]
                off += 2
            off = self.skip_props(body, off)
            payload = body[off:]
            if qos == 1:
                self.send(packet(0x40, struct.pack(">H", pid)))
            ev = {"event": "message", "topic": topic, "payload_hex": payload.hex(), "qos": qos,
                  "retain": bool(first & 1), "dup": bool(first & 8)}
            try:
                ev["payload"] = payload.decode("utf-8")
            except UnicodeDecodeError:
                pass
            if pid is not None:
                ev["mid"] = pid
            out(ev)
            return True
        if t == 4:  # PUBACK
            pid = struct.unpack(">H", body[:2])[0]
            cid = self.pending_pub.pop(pid, None)
            out({"event": "published", "id": cid, "mid": pid, "qos": 1})
            return True
        if t == 13:  # PINGRESP
            return True
        return False

    def wait_for(self, ptype, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.sock:
            for first, body in self.pump(end - time.monotonic()):
                if first >> 4 == ptype:
                    return first, body
        return None

    # --- commands
    def connect(self, c):
        if self.sock:
            self.sock.close()
        self.v5 = c.get("version") == "5.0"
        self.buf = b""
        self.sock = socket.create_connection((c.get("host", "127.0.0.1"), c["port"]), timeout=5)
        self.sock.setblocking(True)
        flags = 0x02 if c.get("clean", True) else 0
        if "bad_connect" in self.modes:
            flags |= 0x01  # reserved bit: a malformed CONNECT
            self.modes.discard("bad_connect")
        body = mstr("MQTT") + bytes([5 if self.v5 else 4, flags]) + struct.pack(">H", c.get("keepalive", 60))
        if self.v5:
            body += b"\x00"
        body += mstr(c.get("client_id", ""))
        self.send(packet(0x10, body))
        got = self.wait_for(2, c.get("timeout", 5))
        if not got:
            return {"ok": False, "error": "timeout"}
        if "crash_on_connack" in self.modes:
            log("CONNACK received: crashing on purpose")
            os.kill(os.getpid(), signal.SIGSEGV)
        _, body = got
        sp, rc = bool(body[0] & 1), body[1]
        if rc != 0:
            return {"ok": False, "error": "refused", "reason": rc}
        out({"event": "connected", "id": c["id"], "session_present": sp, "reason": rc})
        return {"ok": True}

    def subscribe(self, c):
        subs = c.get("subs") or [{"filter": c["filter"], "qos": c.get("qos", 0)}]
        pid = self.next_pid
        self.next_pid += 1
        body = struct.pack(">H", pid) + (b"\x00" if self.v5 else b"")
        for s in subs:
            body += mstr(s["filter"]) + bytes([s.get("qos", 0)])
        self.send(packet(0x82, body))
        got = self.wait_for(9, c.get("timeout", 5))
        if not got:
            return {"ok": False, "error": "timeout"}
        _, b = got
        off = self.skip_props(b, 2)
        out({"event": "subscribed", "id": c["id"], "reasons": list(b[off:])})
        return {"ok": True}

    def publish(self, c):
        qos = c.get("qos", 0)
        payload = bytes.fromhex(c["payload_hex"]) if "payload_hex" in c else c.get("payload", "").encode()
        body = mstr(c["topic"])
        pid = None
        if qos:
            pid = self.next_pid
            self.next_pid += 1
            body += struct.pack(">H", pid)
            self.pending_pub[pid] = c["id"]
        body += (b"\x00" if self.v5 else b"") + payload
        self.send(packet(0x30 | (qos << 1) | (1 if c.get("retain") else 0), body))
        if not qos:
            out({"event": "published", "id": c["id"], "qos": 0})
        return {"ok": True, "mid": pid or 0}

    def disconnect(self, c):
        if self.sock:
            self.send(b"\xe0\x01\x00" if self.v5 else b"\xe0\x00")
            self.sock.close()
            self.sock = None
        return {"ok": True}

    def wait(self, c):
        end = time.monotonic() + c.get("seconds", 0)
        while time.monotonic() < end:
            if self.sock:
                self.pump(end - time.monotonic())
            else:
                time.sleep(max(0, end - time.monotonic()))
        return {"ok": True}


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "ok"
    if mode == "exit-early":
        log("exiting before hello on purpose")
        sys.exit(3)
    if mode == "never-hello":
        log("never saying hello")
        time.sleep(3600)
    if mode == "garbage":
        sys.stdout.write("this is not a JSON line\n")
        sys.stdout.flush()
        time.sleep(3600)
    out({"event": "hello", "driver": "fake", "library": "fake-mqtt 0.1",
         "versions": ["3.1.1", "5.0"], "unsupported": ["publish.props", "will.props"]})
    cl = Client()
    pending = b""
    while True:
        fds = [0] + ([cl.sock] if cl.sock else [])
        r, _, _ = select.select(fds, [], [])
        if cl.sock and cl.sock in r:
            cl.pump(0)
        if 0 not in r:
            continue
        data = os.read(0, 65536)
        if not data:
            return 0
        pending += data
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            try:
                c = json.loads(line)
            except ValueError:
                out({"event": "error", "error": "not JSON"})
                continue
            name = c.get("cmd")
            if name == "quit" and "crash_on_quit" in cl.modes:
                log("quit received: crashing on purpose")
                os.kill(os.getpid(), signal.SIGSEGV)
            if name == "quit":
                out({"event": "ack", "id": c.get("id"), "ok": True})
                return 0
            if "hang" in cl.modes:
                log("hanging on purpose")
                time.sleep(3600)
            if name == "mode":
                if c.get("mode") == "exit":
                    log("exiting on purpose")
                    sys.exit(3)
                cl.modes.add(c.get("mode"))
                res = {"ok": True}
            elif name in ("connect", "subscribe", "publish", "disconnect", "wait"):
                try:
                    res = getattr(cl, name)(c)
                except (OSError, KeyError, ValueError) as e:
                    res = {"ok": False, "error": str(e)}
            else:
                res = {"ok": False, "error": "unknown command"}
            res.update({"event": "ack", "id": c.get("id")})
            out(res)


if __name__ == "__main__":
    sys.exit(main())
