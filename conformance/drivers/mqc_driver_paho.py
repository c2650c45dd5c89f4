#!/usr/bin/python3
"""mqc_driver_paho.py: paho-mqtt for Python behind the client driver protocol (PROTOCOL.md).

One thread: select() on stdin and the client's socket, with paho's loop_read /
loop_write / loop_misc called by hand, so the library never reconnects by itself.
Works with paho-mqtt 1.6 (Debian 12) and 2.x (asks for the 1.x callback API).
"""
import json
import os
import select
import sys
import time

try:
    import paho.mqtt.client as mqtt
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties
    from paho.mqtt.reasoncodes import ReasonCodes
except ImportError as exc:  # say why on the protocol channel, not only as a traceback
    sys.stdout.write(json.dumps({"event": "error", "error": "paho-mqtt is not installed: %s" % exc}) + "\n")
    sys.exit(1)

LINE_MAX = 1 << 20
V5_NAMES = {"maximum_qos": "MaximumQoS"}  # the one name that is not plain CamelCase
BINARY = {"correlation_data", "authentication_data"}
# Largest value of each numeric property (MQTT 5.0 §2.2.2.2); paho checks none of them
# before packing, so a wrong type would only blow up inside publish().
NUMERIC = {"payload_format_indicator": 0xFF, "message_expiry_interval": 0xFFFFFFFF,
           "subscription_identifier": 268435455, "session_expiry_interval": 0xFFFFFFFF,
           "server_keep_alive": 0xFFFF, "request_problem_information": 0xFF,
           "will_delay_interval": 0xFFFFFFFF, "request_response_information": 0xFF,
           "receive_maximum": 0xFFFF, "topic_alias_maximum": 0xFFFF, "topic_alias": 0xFFFF,
           "maximum_qos": 0xFF, "retain_available": 0xFF, "maximum_packet_size": 0xFFFFFFFF,
           "wildcard_subscription_available": 0xFF, "subscription_identifier_available": 0xFF,
           "shared_subscription_available": 0xFF}


def camel(name):
    return V5_NAMES.get(name) or "".join(w.capitalize() for w in name.split("_"))


SNAKE = {camel(n): n for n in [
    "payload_format_indicator", "message_expiry_interval", "content_type", "response_topic",
    "correlation_data", "subscription_identifier", "session_expiry_interval",
    "assigned_client_identifier", "server_keep_alive", "authentication_method",
    "authentication_data", "request_problem_information", "will_delay_interval",
    "request_response_information", "response_information", "server_reference",
    "reason_string", "receive_maximum", "topic_alias_maximum", "topic_alias", "maximum_qos",
    "retain_available", "user_property", "maximum_packet_size",
    "wildcard_subscription_available", "subscription_identifier_available",
    "shared_subscription_available"]}


class CmdError(Exception):
    pass


def emit(ev):
    try:
        sys.stdout.write(json.dumps(ev, separators=(",", ":")) + "\n")
        sys.stdout.flush()
    except OSError:
        os._exit(0)  # the runner is gone: nobody is left to report to


def text_or_hex(obj, key, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    try:
        obj[key] = data.decode("utf-8")
    except UnicodeDecodeError:
        obj[key + "_hex"] = data.hex()


def payload_of(c):
    if c.get("payload_hex") is not None:
        try:
            return bytes.fromhex(c["payload_hex"])
        except (TypeError, ValueError):
            raise CmdError("field 'payload_hex' must be a string of hex digit pairs")
    p = c.get("payload")
    if p is None:
        return b""
    if not isinstance(p, str):
        raise CmdError("field 'payload' must be a string (use payload_hex for bytes)")
    return p.encode("utf-8")


def field(c, key, kind, default, lo=None, hi=None):
    v = c.get(key)
    if v is None:
        return default
    if kind is int and (isinstance(v, bool) or not isinstance(v, int)):
        raise CmdError("field '%s' must be an integer" % key)
    if kind is bool and not isinstance(v, bool):
        raise CmdError("field '%s' must be true or false" % key)
    if kind is str and not isinstance(v, str):
        raise CmdError("field '%s' must be a string" % key)
    if kind is float:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 3600:
            raise CmdError("field '%s' must be a number of seconds in 0..3600" % key)
        return float(v)
    if lo is not None and not lo <= v <= hi:
        raise CmdError("field '%s' = %d is outside %d..%d" % (key, v, lo, hi))
    return v


def props_to_send(j, packet_type, v5):
    if j is None or j == {}:
        return None
    if not v5:
        raise CmdError("'props' needs MQTT 5.0")
    if not isinstance(j, dict):
        raise CmdError("'props' must be an object keyed by property name")
    props = Properties(packet_type)
    for name, value in j.items():
        if camel(name) not in SNAKE:
            raise CmdError("unknown property '%s'" % name)
        if name == "user_property":
            if not isinstance(value, list) or not all(
                    isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in value):
                raise CmdError("'user_property' must be a list of [key, value] pairs")
            value = [(k, v) for k, v in value]
        elif name in NUMERIC:
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= NUMERIC[name]:
                raise CmdError("property '%s' must be an integer in 0..%d" % (name, NUMERIC[name]))
        elif name not in BINARY and not isinstance(value, str):
            raise CmdError("property '%s' must be a string" % name)
        elif name in BINARY:
            if isinstance(value, dict) and isinstance(value.get("hex"), str):
                try:
                    value = bytes.fromhex(value["hex"])
                except ValueError:
                    raise CmdError("'%s' has invalid hex" % name)
            elif isinstance(value, str):
                value = value.encode("utf-8")
            else:
                raise CmdError("'%s' must be a string or {\"hex\":\"...\"}" % name)
        try:
            setattr(props, camel(name), value)
        except Exception as e:  # paho validates names per packet and value types
            raise CmdError("paho refused property %s: %s" % (name, e))
    return props


def props_to_json(props):
    out = {}
    if props is None:
        return out
    for cname, value in props.json().items():
        name = SNAKE.get(cname, cname)
        raw = getattr(props, cname, value)
        if name == "user_property":
            pairs = []
            for k, v in raw:
                pk, pv = {}, {}
                text_or_hex(pk, "v", k)
                text_or_hex(pv, "v", v)
                pairs.append([pk.get("v", {"hex": pk.get("v_hex")}), pv.get("v", {"hex": pv.get("v_hex")})])
            out[name] = pairs
        elif name in BINARY:
            out[name] = {"hex": bytes(raw).hex()}
        elif name == "subscription_identifier":
            ids = raw if isinstance(raw, list) else [raw]
            out[name] = ids[0] if len(ids) == 1 else ids
        elif isinstance(raw, (bytes, str)):
            text_or_hex(out, name, raw)
        else:
            out[name] = raw
    return out


def code(rc):
    return rc.value if isinstance(rc, ReasonCodes) else int(rc)


class Op:
    def __init__(self, cid, kind):
        self.id, self.kind, self.done, self.ok = cid, kind, False, False
        self.error, self.reason, self.mid, self.qos, self.data = "", None, None, 0, None


class Driver:
    def __init__(self):
        self.client = None
        self.v5 = False
        self.ops = []
        self.connect_op = None
        self.disconnect_op = None
        self.publishing = None
        self.client_id, self.clean = "", True  # of self.client, for resume

    # ---- the library's socket ----
    def sock(self):
        return self.client.socket() if self.client else None

    def service(self, readable, writable):
        c = self.client
        try:
            if readable:
                c.loop_read()
            if c.socket() and (writable or c.want_write()):
                c.loop_write()
            if c.socket():
                c.loop_misc()
        except Exception as e:
            # paho 1.6 raises from inside its read loop on some malformed packets (a
            # 5.0 CONNACK without a property length: IndexError). An application's
            # loop would die there; the driver reports it as the connection's end and
            # stays up for the next command.
            sys.stderr.write("paho raised while reading: %r\n" % e)
            emit({"event": "connection_lost", "cause": "library raised %s: %s" % (type(e).__name__, e)})
            self.drop()

    def pump(self, deadline, op=None):
        while not (op and op.done):
            left = deadline - time.monotonic()
            if left <= 0:
                return
            s = self.sock()
            if s is None:
                if op:
                    return
                time.sleep(left)  # the `wait` command with no connection: just the time
                return
            w = [s] if self.client.want_write() else []
            r, w, _ = select.select([s], w, [], min(left, 0.25))
            self.service(bool(r), bool(w))

    def finish(self, op, deadline, ack):
        self.pump(deadline, op)
        if not op.done:
            ack["error"] = "connection closed" if self.sock() is None else "timeout"
            return
        ack["ok"] = op.ok
        if op.error:
            ack["error"] = op.error

    def find(self, kind, mid):
        for op in self.ops:
            if op.kind == kind and op.mid == mid and not op.done:
                return op
        return None

    # ---- callbacks (1.x callback API) ----
    def on_connect(self, client, userdata, flags, rc, properties=None):
        op, self.connect_op = self.connect_op, None
        if op is None:
            return
        rc = code(rc)
        if rc == 0:
            ev = {"event": "connected", "id": op.id,
                  "session_present": bool(flags.get("session present")), "reason": rc}
            if self.v5:
                ev["props"] = props_to_json(properties)
            emit(ev)
        elif self.v5:
            op.data = props_to_json(properties)
        op.done, op.ok, op.reason = True, rc == 0, rc
        op.error = "" if rc == 0 else "CONNACK refused"

    def on_disconnect(self, client, userdata, rc, properties=None):
        if self.disconnect_op:
            self.disconnect_op.done = self.disconnect_op.ok = True
            self.disconnect_op = None
            return
        if self.connect_op:
            op, self.connect_op = self.connect_op, None
            op.done, op.error = True, "connection closed before CONNACK"
            return
        ev = {"event": "connection_lost"}
        rc = code(rc)
        if self.v5 and isinstance(properties, Properties) or (self.v5 and rc >= 0x80):
            ev.update(cause="server sent DISCONNECT", reason=rc, props=props_to_json(properties))
        else:
            ev["cause"] = mqtt.error_string(rc) if rc else "connection lost"
        emit(ev)

    def on_subscribe(self, client, userdata, mid, granted, properties=None):
        op = self.find("sub", mid)
        ev = {"event": "subscribed", "reasons": [code(g) for g in granted]}
        if op:
            ev["id"] = op.id
            op.done = op.ok = True
        if self.v5:
            ev["props"] = props_to_json(properties)
        emit(ev)

    def on_unsubscribe(self, client, userdata, mid, properties=None, reasons=None):
        op = self.find("unsub", mid)
        ev = {"event": "unsubscribed"}
        if op:
            ev["id"] = op.id
            op.done = op.ok = True
        if self.v5:
            rl = reasons if isinstance(reasons, list) else ([reasons] if reasons is not None else [])
            ev["reasons"] = [code(r) for r in rl]
            ev["props"] = props_to_json(properties)
        emit(ev)

    def on_publish(self, client, userdata, mid):
        op = self.find("pub", mid)
        if op is None and self.publishing is not None and not self.publishing.done:
            op = self.publishing  # QoS 0 completes inside publish() itself
        ev = {"event": "published", "mid": mid}
        if op:
            ev.update(id=op.id, qos=op.qos)
            op.done = op.ok = True
        emit(ev)

    def on_message(self, client, userdata, msg):
        ev = {"event": "message"}
        text_or_hex(ev, "topic", msg._topic)  # bytes: a non-UTF-8 topic must not raise
        ev["payload_hex"] = bytes(msg.payload).hex()
        try:
            text = bytes(msg.payload).decode("utf-8")
            if "\0" not in text:
                ev["payload"] = text
        except UnicodeDecodeError:
            pass
        ev.update(qos=msg.qos, retain=bool(msg.retain), dup=bool(msg.dup))
        if msg.qos > 0:
            ev["mid"] = msg.mid
        if self.v5:
            ev["props"] = props_to_json(getattr(msg, "properties", None))
        emit(ev)

    # ---- commands ----
    def drop(self):
        if self.client:
            s = self.client.socket()
            if s:
                s.close()  # no DISCONNECT: the runner asked for a new connection
            self.client = None
        self.ops, self.connect_op, self.disconnect_op = [], None, None

    def new_op(self, cid, kind):
        op = Op(cid, kind)
        self.ops.append(op)
        return op

    def resume_check(self, c, clean):
        """resume (PROTOCOL.md): connect() again on the same Client. paho 1.6.1 keeps
        _out_messages across a lost connection; reconnect() resets them
        (_messages_reconnect_reset_out: QoS 1 and QoS 2 before PUBREC to "publish" with
        DUP 1, QoS 2 awaiting PUBCOMP to "resend PUBREL", or with a clean session every
        QoS 2 back to PUBLISH) and _handle_connack sends them whatever Session Present
        says; nothing is discarded on a clean reconnect. 3.1.1's clean_session is fixed
        at Client(); 5.0's clean_start is a connect() argument."""
        if self.client is None:
            raise CmdError("resume: no library client to resume (connect without resume first)")
        if self.sock() is not None:
            raise CmdError("resume: the connection is still up (the server closes it, or disconnect)")
        if c.get("client_id") is not None and field(c, "client_id", str, "") != self.client_id:
            raise CmdError("resume: client_id must be the resumed client's (%r)" % self.client_id)
        if c.get("version") is not None and (field(c, "version", str, "") == "5.0") != self.v5:
            raise CmdError("resume: version must be the resumed client's (%s)" % ("5.0" if self.v5 else "3.1.1"))
        if not self.v5 and clean != self.clean:
            raise CmdError("resume: clean=%s refused: paho fixes a 3.1.1 clean_session at Client() (it was %s)"
                           % (str(clean).lower(), str(self.clean).lower()))

    def connect(self, cid, c, ack):
        resume = field(c, "resume", bool, False)
        if resume:
            self.resume_check(c, field(c, "clean", bool, True))
            c = dict(c, client_id=self.client_id, version="5.0" if self.v5 else "3.1.1")
        else:
            self.drop()
        host = field(c, "host", str, "127.0.0.1")
        port = field(c, "port", int, None, 1, 65535)
        if port is None:
            raise CmdError("connect needs 'port'")
        version = field(c, "version", str, "3.1.1")
        if version not in ("3.1.1", "5.0"):
            raise CmdError('version must be "3.1.1" or "5.0"')
        self.v5 = version == "5.0"
        client_id = field(c, "client_id", str, "")
        clean = field(c, "clean", bool, True)
        keepalive = field(c, "keepalive", int, 60, 0, 65535)
        user = field(c, "username", str, None)
        password = field(c, "password", str, None)
        timeout = field(c, "timeout", float, 5.0)
        props = props_to_send(c.get("props"), PacketTypes.CONNECT, self.v5)
        kw = {"client_id": client_id, "protocol": mqtt.MQTTv5 if self.v5 else mqtt.MQTTv311}
        if not self.v5:
            kw["clean_session"] = clean
        if hasattr(mqtt, "CallbackAPIVersion"):  # paho-mqtt 2.x
            kw["callback_api_version"] = mqtt.CallbackAPIVersion.VERSION1
        if resume:
            client = self.client
            client.will_clear()  # the resume's own will (or none), as for a new client
            client.username_pw_set(user, password)  # None clears an earlier one
        else:
            # TLS / WebSocket runs (mqttcheck client --tls / --ws): how to reach the runner
            tr = c.get("transport") or {}
            if not isinstance(tr, dict):
                raise CmdError("'transport' must be an object")
            if tr.get("ws_path") is not None:
                kw["transport"] = "websockets"
            client = mqtt.Client(**kw)
            if tr.get("ws_path") is not None:
                client.ws_set_options(path=field(tr, "ws_path", str, "/mqtt"))
            if field(tr, "tls", bool, False):
                client.tls_set(ca_certs=field(tr, "cafile", str, None))
            self.client_id, self.clean = client_id, clean
            for name in ("connect", "disconnect", "subscribe", "unsubscribe", "publish", "message"):
                setattr(client, "on_" + name, getattr(self, "on_" + name))
        if not resume and (user is not None or password is not None):
            client.username_pw_set(user, password)
        will = c.get("will")
        if will is not None:
            if not isinstance(will, dict) or not isinstance(will.get("topic"), str):
                raise CmdError("'will' must be an object with a string 'topic'")
            wprops = props_to_send(will.get("props"), PacketTypes.WILLMESSAGE, self.v5)
            try:
                client.will_set(will["topic"], payload_of(will), field(will, "qos", int, 0, 0, 2),
                                field(will, "retain", bool, False), wprops)
            except ValueError as e:
                raise CmdError("paho refused the will: %s" % e)
        # connect() opens TCP synchronously; bound that by the command's timeout too
        # (2.x has a property for it, 1.6 only the attribute behind it).
        if hasattr(type(client), "connect_timeout"):
            client.connect_timeout = max(timeout, 0.001)
        else:
            client._connect_timeout = max(timeout, 0.001)
        self.client = client
        self.connect_op = self.disconnect_op = None
        op = self.connect_op = self.new_op(cid, "connect")
        deadline = time.monotonic() + timeout
        try:
            kwc = {"properties": props} if self.v5 else {}
            if self.v5:
                kwc["clean_start"] = clean
            client.connect(host, port, keepalive, **kwc)
        except (OSError, ValueError) as e:
            self.connect_op = None
            ack["error"] = "connect failed: %s" % e
            return
        self.finish(op, deadline, ack)
        if op.done and not op.ok and op.reason:
            ack["reason"] = op.reason
            if op.data:
                ack["props"] = op.data

    def connected(self):
        if not self.client or self.sock() is None:
            raise CmdError("not connected")

    def subscribe(self, cid, c, ack, sub):
        self.connected()
        key = "subs" if sub else "filters"
        entries = c.get(key)
        if entries is None:
            if "filter" not in c:
                raise CmdError("needs '%s' or 'filter'" % key)
            entries = [c] if sub else [c.get("filter")]
        # An empty list goes to paho as it is: whether it refuses a SUBSCRIBE / UNSUBSCRIBE
        # without filters is what a client scenario checks.
        if not isinstance(entries, list) or len(entries) > 64:
            raise CmdError("'%s' must be a list of 0..64 entries" % key)
        timeout = field(c, "timeout", float, 5.0)
        props = props_to_send(c.get("props"), PacketTypes.SUBSCRIBE if sub else PacketTypes.UNSUBSCRIBE, self.v5)
        if sub:
            topics = []
            for s in entries:
                if not isinstance(s, dict) or not isinstance(s.get("filter"), str):
                    raise CmdError("each subscription needs a string 'filter'")
                qos = field(s, "qos", int, 0, 0, 2)
                nl, rap = field(s, "no_local", bool, False), field(s, "rap", bool, False)
                rh = field(s, "rh", int, 0, 0, 2)
                if self.v5:
                    topics.append((s["filter"], mqtt.SubscribeOptions(qos=qos, noLocal=nl, retainAsPublished=rap,
                                                                      retainHandling=rh)))
                elif nl or rap or rh:
                    raise CmdError("no_local / rap / rh need MQTT 5.0")
                else:
                    topics.append((s["filter"], qos))
        elif not all(isinstance(f, str) for f in entries):
            raise CmdError("'filters' entries must be strings")
        try:  # paho checks filters and QoS itself and raises ValueError
            if sub:
                rc, mid = self.client.subscribe(topics, properties=props) if self.v5 else self.client.subscribe(topics)
            else:
                rc, mid = self.client.unsubscribe(entries, properties=props) if self.v5 else \
                    self.client.unsubscribe(entries)
        except ValueError as e:
            raise CmdError("paho refused the %s: %s" % ("subscribe" if sub else "unsubscribe", e))
        if rc != mqtt.MQTT_ERR_SUCCESS:
            ack["error"] = "%s: %s" % ("subscribe" if sub else "unsubscribe", mqtt.error_string(rc))
            return
        op = self.new_op(cid, "sub" if sub else "unsub")
        op.mid = mid
        self.finish(op, time.monotonic() + timeout, ack)

    def publish(self, cid, c, ack):
        self.connected()
        topic = field(c, "topic", str, None)
        if topic is None:
            raise CmdError("publish needs 'topic'")
        qos = field(c, "qos", int, 0, 0, 2)
        retain = field(c, "retain", bool, False)
        payload = payload_of(c)
        props = props_to_send(c.get("props"), PacketTypes.PUBLISH, self.v5)
        op = self.new_op(cid, "pub")
        op.qos = qos
        self.publishing = op
        try:
            info = self.client.publish(topic, payload, qos, retain, props) if self.v5 else \
                self.client.publish(topic, payload, qos, retain)
        except ValueError as e:
            raise CmdError("paho refused the publish: %s" % e)
        finally:
            self.publishing = None
        op.mid = info.mid
        if info.rc != mqtt.MQTT_ERR_SUCCESS:
            op.done = True
            ack["error"] = "publish: %s" % mqtt.error_string(info.rc)
            return
        ack["ok"] = True
        ack["mid"] = info.mid

    def disconnect(self, cid, c, ack):
        self.connected()
        reason = field(c, "reason", int, 0, 0, 255)
        timeout = field(c, "timeout", float, 5.0)
        props = props_to_send(c.get("props"), PacketTypes.DISCONNECT, self.v5)
        if not self.v5 and reason:
            raise CmdError("a DISCONNECT reason needs MQTT 5.0")
        op = self.disconnect_op = self.new_op(cid, "disc")
        if self.v5:
            rc = self.client.disconnect(ReasonCodes(PacketTypes.DISCONNECT, identifier=reason), props)
        else:
            rc = self.client.disconnect()
        if rc != mqtt.MQTT_ERR_SUCCESS:
            self.disconnect_op = None
            ack["error"] = "disconnect: %s" % mqtt.error_string(rc)
            return
        self.finish(op, time.monotonic() + timeout, ack)

    def run_line(self, line):
        if not line.strip():
            return True
        try:
            c = json.loads(line)
        except ValueError as e:
            emit({"event": "error", "error": "not a JSON object: %s" % e})
            return True
        if not isinstance(c, dict):
            emit({"event": "error", "error": "not a JSON object: other JSON value"})
            return True
        cid = c.get("id")
        if isinstance(cid, bool) or not isinstance(cid, int):
            emit({"event": "error", "error": "command without an integer 'id'"})
            return True
        ack = {"event": "ack", "id": cid, "ok": False}
        cmd = c.get("cmd")
        go_on = True
        try:
            if not isinstance(cmd, str):
                emit({"event": "error", "id": cid, "error": "missing 'cmd'"})
                raise CmdError("missing 'cmd'")
            if cmd == "quit":
                ack["ok"], go_on = True, False
            elif cmd == "wait":
                self.pump(time.monotonic() + field(c, "seconds", float, 0.0))
                ack["ok"] = True
            elif cmd == "connect":
                self.connect(cid, c, ack)
            elif cmd in ("subscribe", "unsubscribe"):
                self.subscribe(cid, c, ack, cmd == "subscribe")
            elif cmd == "publish":
                self.publish(cid, c, ack)
            elif cmd == "disconnect":
                self.disconnect(cid, c, ack)
            else:
                raise CmdError("unknown command '%s'" % cmd)
        except CmdError as e:
            ack["error"] = str(e)
        except Exception as e:  # a library surprise must cost one command, not the driver
            sys.stderr.write("command %d raised %r\n" % (cid, e))
            ack["error"] = "driver error: %s: %s" % (type(e).__name__, e)
        if not ack["ok"] and "error" not in ack:
            ack["error"] = "failed"
        if ack["ok"]:
            ack.pop("error", None)
        emit(ack)
        return go_on


def main(argv):
    for a in argv[1:]:
        if a in ("-h", "--help"):
            print("usage: %s  (commands as JSON lines on stdin, events on stdout; see PROTOCOL.md)" % argv[0])
            return 0
        sys.stderr.write("%s: unknown argument '%s' (the driver takes none)\n" % (argv[0], a))
        return 2
    version = getattr(mqtt, "__version__", None) or __import__("paho.mqtt").mqtt.__version__
    emit({"event": "hello", "driver": "python-paho", "library": "paho-mqtt (Python) %s" % version,
          "versions": ["3.1.1", "5.0"],
          # The 1.x callback API's on_publish gets only the mid; a 3.1.1 clean_session
          # is fixed at Client() (refused on 3.1.1 only; 5.0 resumes with either flag).
          "unsupported": ["published.reason", "published.props", "connect.resume_clean_change"],
          "features": ["connect.resume"]})
    d = Driver()
    buf = b""
    discarding = False
    eof = False
    while True:
        while b"\n" in buf or (eof and buf):
            line, sep, buf = buf.partition(b"\n")
            if discarding:
                discarding = not sep
                continue
            if not d.run_line(line.decode("utf-8", "replace")):
                d.drop()
                return 0
        if eof:
            d.drop()
            return 0
        if len(buf) > LINE_MAX:
            emit({"event": "error", "error": "command line longer than %d bytes: ignored" % LINE_MAX})
            buf, discarding = b"", True
        s = d.sock()
        rl = [0] + ([s] if s else [])
        wl = [s] if s and d.client.want_write() else []
        r, w, _ = select.select(rl, wl, [], 0.25 if s else None)
        if s:
            d.service(s in r, s in w)
        if 0 in r:
            chunk = os.read(0, 65536)
            if not chunk:
                eof = True
            buf += chunk


if __name__ == "__main__":
    sys.exit(main(sys.argv))
