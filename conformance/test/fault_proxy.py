#!/usr/bin/env python3
"""A proxy in front of a real broker (mosquitto) that breaks one behaviour, so
the fault tests know exactly what is wrong with the "broker" they run against.

usage: fault_proxy.py MODE LISTEN_PORT UPSTREAM_PORT

Every packet is framed in both directions; a mode rewrites, delays, drops or
answers packets in place of the broker. Everything else passes unchanged.

modes (one fault each):
  ping-late     PINGRESP comes 3 s after the PINGREQ (the PINGREQ still reaches
                the broker, so its keep-alive is served)
  suback-qos0   every subscription is asked of the broker at QoS 0, so SUBACK
                grants QoS 0 for everything (and delivery follows); only the
                capability probe's subscription is left alone
  refuse-second the second CONNECT of each case (client ids share the case's
                prefix up to the first '-') is refused with a CONNACK
                (3.x code 5, 5.0 0x87) and the connection closed
  no-retain     the RETAIN flag of a client's PUBLISH is dropped: nothing is
                ever stored (breaks only the retained-message statements)
  keepalive-coarse
                the broker's keep-alive is put out of the way (Keep Alive
                65535 upstream);
                the proxy closes idle clients itself, on a sweep every 3 s at
                whole seconds, once more than 1.5 x Keep Alive whole seconds have
                passed since their last complete packet
  qos2-puback   subscriptions are downgraded to QoS 1 at most, and a client's
                QoS 2 PUBLISH reaches the broker as QoS 1: it is answered PUBACK
  dot-level     '.' in Topic Names, Topic Filters and Will Topics is a level
                separator (it is turned into '/' on the way to the broker)
"""
import socket, sys, threading, time

MODE, LPORT, UPORT = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
MODES = {"ping-late", "suback-qos0", "refuse-second", "no-retain", "keepalive-coarse",
         "qos2-puback", "dot-level"}
if MODE not in MODES:
    sys.exit("unknown mode " + MODE)

lock = threading.Lock()
connects = {}          # case prefix -> CONNECTs seen (refuse-second)
clients = []           # live Pair objects (keepalive-coarse)


RAW = "raw"


def frame(buf):
    """(packet, rest) for the first whole packet in buf, or (None, buf); (RAW,
    buf) when the bytes cannot be framed or announce a packet too big to hold
    back (malformed and oversized cases): the connection then passes bytes
    through unchanged, so the broker sees exactly what the client sent."""
    rl, mul, i = 0, 1, 1
    while i < len(buf) and buf[i] & 0x80:
        rl += (buf[i] & 0x7F) * mul
        mul *= 128
        i += 1
        if i > 4:
            return RAW, buf
    if i >= len(buf):
        return None, buf
    rl += buf[i] * mul
    if rl > 1 << 20:
        return RAW, buf
    end = i + 1 + rl
    if len(buf) < end:
        return None, buf
    return bytearray(buf[:end]), buf[end:]


def body_at(pkt):
    """offset of the variable header."""
    i = 1
    while pkt[i] & 0x80:
        i += 1
    return i + 1


def vbi(b, i):
    n, mul = 0, 1
    while True:
        n += (b[i] & 0x7F) * mul
        mul *= 128
        i += 1
        if not b[i - 1] & 0x80:
            return n, i


class Pair:
    def __init__(self, client):
        self.client, self.up = client, None
        self.v5 = False
        self.keepalive = 0
        self.last = time.time()
        self.out = threading.Lock()   # writes to the client
        self.closed = False

    def to_client(self, data):
        with self.out:
            try:
                self.client.sendall(data)
            except OSError:
                pass

    def close(self):
        self.closed = True
        for s in (self.client, self.up):
            if s:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    # ------------------------------------------------- client -> broker
    def from_client(self, pkt):
        """returns the bytes to forward, or None to stop the connection."""
        ptype = pkt[0] >> 4
        b = body_at(pkt)
        self.last = time.time()
        if ptype == 1 and self.up is None:  # a second CONNECT on a connection is the broker's to judge
            return self.on_connect(pkt, b)
        if ptype == 3:
            qos = (pkt[0] >> 1) & 3
            if MODE == "no-retain":
                pkt[0] &= 0xFE
            if MODE == "qos2-puback" and qos == 2:
                pkt[0] = (pkt[0] & 0xF9) | 0x02
            if MODE == "dot-level":
                n = (pkt[b] << 8) | pkt[b + 1]
                pkt[b + 2:b + 2 + n] = pkt[b + 2:b + 2 + n].replace(b".", b"/")
        elif ptype in (8, 10):
            self.on_filters(pkt, b, ptype == 8)
        elif ptype == 12 and MODE == "ping-late":
            threading.Timer(3.0, self.to_client, args=(b"\xd0\x00",)).start()
        return pkt

    def on_connect(self, pkt, b):
        n = (pkt[b] << 8) | pkt[b + 1]
        lvl = b + 2 + n
        self.v5 = pkt[lvl] == 5
        flags = pkt[lvl + 1]
        self.keepalive = (pkt[lvl + 2] << 8) | pkt[lvl + 3]
        if MODE == "keepalive-coarse" and self.keepalive:
            # the broker's own timer out of the way (65535 s, its default
            # max_keepalive: 0 would make a 5.0 broker impose a Server Keep Alive)
            pkt[lvl + 2] = pkt[lvl + 3] = 0xFF
            with lock:
                clients.append(self)
        i = lvl + 4
        if self.v5:
            plen, i = vbi(pkt, i)
            i += plen
        cl = (pkt[i] << 8) | pkt[i + 1]
        cid = bytes(pkt[i + 2:i + 2 + cl])
        i += 2 + cl
        if MODE == "dot-level" and flags & 0x04:  # the Will Topic is a Topic Name too
            if self.v5:
                plen, i = vbi(pkt, i)
                i += plen
            wl = (pkt[i] << 8) | pkt[i + 1]
            pkt[i + 2:i + 2 + wl] = pkt[i + 2:i + 2 + wl].replace(b".", b"/")
        if MODE == "refuse-second" and b"-" in cid:
            prefix = cid.split(b"-", 1)[0]
            with lock:
                connects[prefix] = connects.get(prefix, 0) + 1
                nth = connects[prefix]
            if nth == 2:
                self.to_client(b"\x20\x03\x00\x87\x00" if self.v5 else b"\x20\x02\x00\x05")
                return None
        return pkt

    def on_filters(self, pkt, b, subscribe):
        i = b + 2
        if self.v5:
            plen, i = vbi(pkt, i)
            i += plen
        while i + 2 <= len(pkt):
            n = (pkt[i] << 8) | pkt[i + 1]
            if MODE == "dot-level":
                pkt[i + 2:i + 2 + n] = pkt[i + 2:i + 2 + n].replace(b".", b"/")
            i += 2 + n
            if subscribe and i < len(pkt):
                # the run's capability probe (filters "mqcprobe/...") is let
                # through, so cases that need QoS 1/2 run into the SUBACK
                # (QoS 3 is left for the broker to refuse)
                if MODE == "suback-qos0" and pkt[i] & 3 in (1, 2) and not pkt[i - n:i].startswith(b"mqcprobe/"):
                    pkt[i] &= 0xFC
                elif MODE == "qos2-puback" and pkt[i] & 3 == 2:
                    pkt[i] = (pkt[i] & 0xFC) | 1
                i += 1

    # ------------------------------------------------- broker -> client
    def from_broker(self, pkt):
        if MODE == "ping-late" and pkt[0] >> 4 == 13:
            return None  # the proxy's own, late, PINGRESP replaces it
        return pkt


def pump_client(p):
    buf = b""
    raw = False
    try:
        while True:
            data = p.client.recv(65536)
            if not data:
                break
            if raw:
                p.up.sendall(data)
                continue
            buf += data
            while True:
                pkt, buf = frame(buf)
                if pkt is RAW or (pkt is not None and p.up is None and pkt[0] >> 4 != 1):
                    # not framable, or no CONNECT first: the broker judges the bytes as sent
                    if pkt is not RAW:
                        buf = bytes(pkt) + buf
                    if p.up is None:
                        p.up = socket.create_connection(("127.0.0.1", UPORT))
                        threading.Thread(target=pump_broker, args=(p,), daemon=True).start()
                    raw = True
                    p.up.sendall(buf)
                    buf = b""
                    break
                if pkt is None:
                    break
                first = p.up is None
                out = p.from_client(pkt)
                if out is None:
                    raise OSError("refused")
                if first:
                    p.up = socket.create_connection(("127.0.0.1", UPORT))
                    threading.Thread(target=pump_broker, args=(p,), daemon=True).start()
                p.up.sendall(out)
    except (OSError, IndexError):
        pass
    p.close()


def pump_broker(p):
    buf = b""
    try:
        while True:
            data = p.up.recv(65536)
            if not data:
                break
            buf += data
            while True:
                pkt, buf = frame(buf)
                if pkt is RAW:
                    p.to_client(buf)
                    buf = b""
                    break
                if pkt is None:
                    break
                out = p.from_broker(pkt)
                if out is not None:
                    p.to_client(bytes(out))
    except OSError:
        pass
    p.close()


def sweeper():
    """keepalive-coarse: one pass every 3 s at a whole second, in whole seconds."""
    while True:
        now = time.time()
        time.sleep(3 - now % 3)
        now = int(time.time())
        with lock:
            live = [c for c in clients if not c.closed]
            clients[:] = live
        for c in live:
            if c.keepalive and now - int(c.last) > c.keepalive * 3 // 2:
                c.close()


if MODE == "keepalive-coarse":
    threading.Thread(target=sweeper, daemon=True).start()
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", LPORT))
ls.listen(128)
while True:
    c, _ = ls.accept()
    threading.Thread(target=pump_client, args=(Pair(c),), daemon=True).start()
