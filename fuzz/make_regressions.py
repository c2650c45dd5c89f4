#!/usr/bin/env python3
"""Writes corpus/regressions/<name>.bin + <name>.meta: codec-level triggers of
known MQTT CVEs and parser bugs, in the harness input format (2-byte header:
version/direction/policy, chunking; see fuzz/harness_input.h), and the verdict
the codec must reach for them. The bytes are spelled out field by field below
so each can be checked against the spec; sources are the advisories, issue
threads and fix commits named in each entry.

    fuzz/make_regressions.py [OUTDIR]     (default: corpus/regressions)

Crash inputs stored by fuzz/overnight (crash-*.bin) are not written here and
are left alone."""
import os
import sys

V31, V311, V5 = 0, 1, 2
C2S, S2C = 0, 4
SMALL_MAX_PACKET = 0x80  # policy toggle: max_packet_size = 256


def s(text):
    """UTF-8 string / binary data with its 2-byte length prefix."""
    b = text.encode() if isinstance(text, str) else bytes(text)
    return len(b).to_bytes(2, "big") + b


def vbi(n):
    out = bytearray()
    while True:
        byte, n = n % 128, n // 128
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def pkt(first, body):
    return bytes([first]) + vbi(len(body)) + body


def u16(n):
    return n.to_bytes(2, "big")


def u32(n):
    return n.to_bytes(4, "big")


H = bytes.fromhex
VNAME = {V31: "3.1", V311: "3.1.1", V5: "5.0"}

CONNECT_V5 = pkt(0x10, s("MQTT") + b"\x05\x02" + u16(60) + b"\x03\x21" + u16(20) + s(""))

# name: (version, direction, policy bits, wire bytes, expected, stmt, code, source, description)
R = {
    "cve-2021-28166-client-connack-reserved-flags": (
        V5, C2S, 0, H("10100004") + b"MQTT" + H("0502003c0321001400002902000 1e000".replace(" ", "")),
        "reject", None, "E_WRONG_DIRECTION",
        "CVE-2021-28166, Eclipse Mosquitto issue #2163 (found by FUME)",
        "v5 CONNECT, then a CONNACK sent by the client with reserved flag bits 1001 (0x29), "
        "then DISCONNECT. Server-only type and reserved flags; the direction is checked first."),
    "cve-2021-28166-client-connack": (
        V5, C2S, 0, CONNECT_V5 + H("20020000"),
        "reject", None, "E_WRONG_DIRECTION",
        "CVE-2021-28166 (variant with valid flags)",
        "A CONNACK from the client with correct flags: rejected for its direction alone."),
    "cve-2021-34432-empty-topic-v311": (
        V311, C2S, 0, H("30020000"), "reject", None, "E_TOPIC_EMPTY",
        "CVE-2021-34432, Eclipse Mosquitto 2.0.8 (FUME)",
        "PUBLISH with a zero-length Topic Name (3.1.1): topics are at least one character."),
    "cve-2021-34432-empty-topic-v5": (
        V5, C2S, 0, H("3003000000"), "reject", None, "E_TOPIC_EMPTY",
        "CVE-2021-34432, Eclipse Mosquitto 2.0.8 (FUME)",
        "v5 PUBLISH with a zero-length Topic Name and no Topic Alias property."),
    "cve-2023-0809-huge-rl-first-packet": (
        V311, C2S, 0, H("30ffffff7f") + b"abc", "incomplete", None, None,
        "CVE-2023-0809, Eclipse Mosquitto 2.0.16",
        "First packet a PUBLISH (not CONNECT) announcing Remaining Length 268435455: the "
        "framer must ask for more bytes without reading or allocating them."),
    "cve-2023-0809-huge-rl-limited": (
        V5, C2S, SMALL_MAX_PACKET, H("30ffffff7f") + b"abc", "reject", None, "E_PACKET_TOO_LARGE",
        "CVE-2023-0809, Eclipse Mosquitto 2.0.16",
        "Same bytes with a maximum packet size of 256: refused as soon as the length is known."),
    "cve-2017-7651-huge-rl-connect": (
        V311, C2S, SMALL_MAX_PACKET, H("10ffffff7f"), "reject", None, "E_PACKET_TOO_LARGE",
        "CVE-2017-7651, Eclipse Mosquitto 1.4.15",
        "CONNECT announcing Remaining Length 268435455 with a 256-byte packet limit."),
    "cve-2026-21888-5-byte-property-length": (
        V5, C2S, 0, pkt(0x10, s("MQTT") + b"\x05\x02" + u16(60) + H("ffffffff7f") + s("")),
        "reject", None, "E_VBI_TOO_LONG",
        "CVE-2026-21888, NanoMQ <= 0.24.6 get_var_integer()",
        "v5 CONNECT whose Property Length is a 5-byte Variable Byte Integer FF FF FF FF 7F."),
    "paho-c-985-connack-property-length-overrun": (
        V5, S2C, 0, H("200b000080ffff0a2700989680"), "reject", None, "E_TRUNCATED",
        "eclipse/paho.mqtt.c issue #985 (<= 1.3.1); bytes from the project's CVE notes, thread not re-read",
        "v5 CONNACK whose Property Length (80 FF FF 0A, about 21 million) runs far past the "
        "11-byte packet."),
    "paho-c-986-connack-user-property-overrun": (
        V5, S2C, 0, H("200b0000082200 0a2600989680".replace(" ", "")), "reject", None, "E_TRUNCATED",
        "eclipse/paho.mqtt.c issue #986 (<= 1.3.1); bytes from the project's CVE notes, thread not re-read",
        "v5 CONNACK: Topic Alias Maximum 10, then a User Property whose name length 0x0098 "
        "runs past the property block."),
    "mqtt-c-topic-length-beyond-packet": (
        V311, S2C, 0, H("3007ffff4142434445"), "reject", None, "E_TRUNCATED",
        "LiamBindle/MQTT-C issues #158/#203/#204/#206",
        "PUBLISH whose topic length 0xFFFF is larger than the 7-byte packet (RL - tlen - 2 "
        "underflowed in MQTT-C)."),
    "cve-2019-17210-topic-length-beyond-packet": (
        V311, C2S, 0, H("3005001061626300"), "reject", None, "E_TRUNCATED",
        "CVE-2019-17210, Arm Mbed OS MQTT (Paho embedded readMQTTLenString)",
        "PUBLISH whose topic length 16 exceeds the 5 bytes of the packet."),
    "wolfmqtt-545-truncated-connack": (
        V311, S2C, 0, H("200200"), "incomplete", None, None,
        "wolfSSL/wolfMQTT issue #545 (<= 2.0.0)",
        "CONNACK announcing 2 bytes and delivering 1: the framer waits instead of reading "
        "past the buffer."),
    "wolfmqtt-545-connack-rl1": (
        V311, S2C, 0, H("200100"), "reject", None, "E_REMAINING_LENGTH",
        "wolfSSL/wolfMQTT issue #545 (<= 2.0.0)",
        "3.1.1 CONNACK with Remaining Length 1 (it is always 2)."),
    "wolfmqtt-545-pubcomp-length-cut": (
        V5, S2C, 0, H("7080"), "incomplete", None, None,
        "wolfSSL/wolfMQTT issue #545 (<= 2.0.0)",
        "PUBCOMP whose Remaining Length stops after a continuation bit: more bytes needed."),
    "wolfmqtt-553-puback-reason-past-end": (
        V5, C2S, 0, H("40030001"), "incomplete", None, None,
        "wolfSSL/wolfMQTT issue #553 (superseded by #552)",
        "v5 PUBACK announcing a reason code (RL 3) whose bytes end after the packet id."),
    "wolfmqtt-394-string-pair-truncated": (
        V5, S2C, 0, pkt(0x20, H("0000") + b"\x05" + H("260001") + b"k"), "reject", None, "E_TRUNCATED",
        "wolfSSL/wolfMQTT issue #394",
        "v5 CONNACK whose User Property ends after its name: the value is missing."),
    "wolfmqtt-reserved-disconnect-flags": (
        V311, C2S, 0, H("e100"), "reject", None, "E_FIXED_FLAGS",
        "wolfSSL/wolfMQTT #495-#535 family",
        "DISCONNECT with reserved flag bit 0 set (E1 00)."),
    "mqtt-275-rl-2097152-accepted": (
        V311, C2S, 0, H("3080808001") + b"\x00\x01a", "incomplete", None, None,
        "OASIS MQTT-275 (3.1.1 non-normative decode algorithm)",
        "Remaining Length 80 80 80 01 = 2,097,152 is a valid 4-byte length: framed, not rejected."),
    "mqtt-275-rl-max-accepted": (
        V311, C2S, 0, H("30ffffff7f"), "incomplete", None, None,
        "OASIS MQTT-275", "Remaining Length FF FF FF 7F = 268,435,455, the maximum: valid."),
    "mqtt-275-rl-5-bytes": (
        V311, C2S, 0, H("30ffffffff7f"), "reject", None, "E_VBI_TOO_LONG",
        "OASIS MQTT-275; mosquitto tests 'remaining length 5 bytes'",
        "Remaining Length of five bytes FF FF FF FF 7F."),
    "mqtt-275-rl-5-bytes-v5": (
        V5, C2S, 0, H("108080808001"), "reject", None, "E_VBI_TOO_LONG",
        "OASIS MQTT-275; mosquitto tests 'remaining length 5 bytes'",
        "v5 CONNECT whose Remaining Length has five bytes 80 80 80 80 01 (268,435,456)."),
    "mqtt-275-rl-non-minimal": (
        V5, C2S, 0, H("308000"), "reject", None, "E_VBI_NOT_MINIMAL",
        "MQTT 5.0 [MQTT-1.5.5-1]", "Remaining Length 0 spelled with two bytes 80 00."),
    "mqtt-275-rl-128-boundary": (
        V311, C2S, 0, pkt(0x30, s("a") + b"p" * 125), "accept", None, None,
        "OASIS MQTT-275 boundaries", "PUBLISH with Remaining Length 128 (80 01), the first 2-byte length."),
    "mqtt-275-rl-127-boundary": (
        V311, C2S, 0, pkt(0x30, s("a") + b"p" * 124), "accept", None, None,
        "OASIS MQTT-275 boundaries", "PUBLISH with Remaining Length 127 (7F), the last 1-byte length."),
    "mqtt-275-rl-16384-boundary": (
        V5, C2S, 0, pkt(0x30, s("a") + b"\x00" + b"p" * 16380), "accept", None, None,
        "OASIS MQTT-275 boundaries", "v5 PUBLISH with Remaining Length 16384 (80 80 01), the first 3-byte length."),
    "mongoose-cve-2019-19307-rl-near-2-32": (
        V311, C2S, 0, H("30ffffffff0f"), "reject", None, "E_VBI_TOO_LONG",
        "CVE-2019-19307, Cesanta Mongoose <= 6.16",
        "Remaining Length bytes FF FF FF FF 0F (about 2^32): five bytes, rejected, no overflow."),
    "cve-2024-10525-suback-no-codes-v311": (
        V311, S2C, 0, H("90020001"), "reject", None, "E_NO_CODES",
        "CVE-2024-10525, Eclipse Mosquitto client library 2.0.19 (commit 8ab20b4b)",
        "SUBACK with a packet id and no return code."),
    "cve-2024-10525-suback-no-codes-v5": (
        V5, S2C, 0, H("9003000100"), "reject", None, "E_NO_CODES",
        "CVE-2024-10525, Eclipse Mosquitto client library 2.0.19",
        "v5 SUBACK with an empty property block and no reason code."),
    "oss-fuzz-379779807-suback-props-no-codes": (
        V5, S2C, 0, pkt(0x90, u16(1) + b"\x03" + H("1f0000")), "reject", None, "E_NO_CODES",
        "OSS-Fuzz 379779807, mosquitto client library (commit 6aad551e)",
        "v5 SUBACK with a property (empty Reason String) but zero reason codes."),
    "mosquitto-2325-reserved-type-0": (
        V311, C2S, 0, H("0000"), "reject", None, "E_RESERVED_TYPE",
        "Eclipse Mosquitto #2325 (commit b1f2b7bf)", "Packet type 0 (reserved)."),
    "mosquitto-2325-reserved-type-15-v311": (
        V311, C2S, 0, H("f000"), "reject", None, "E_RESERVED_TYPE",
        "Eclipse Mosquitto #2325 (commit b1f2b7bf)", "Packet type 15 in 3.1.1, where AUTH does not exist."),
    "cve-2023-3592-will-props-session-expiry": (
        V5, C2S, 0, pkt(0x10, s("MQTT") + b"\x05\x06" + u16(60) + b"\x00" + s("c")
                         + b"\x05\x11" + u32(10) + s("t") + s("x")),
        "reject", None, "E_PROP_NOT_ALLOWED",
        "CVE-2023-3592, Eclipse Mosquitto 2.0.16 (commit 00b24e0e)",
        "v5 CONNECT whose Will Properties contain Session Expiry Interval (0x11), a property "
        "not defined for Will Properties."),
    "cve-2017-7653-overlong-utf8-topic": (
        V311, C2S, 0, pkt(0x30, s(H("61c080")) + b"x"), "reject", None, "E_UTF8_ILL_FORMED",
        "CVE-2017-7653, Eclipse Mosquitto 1.5",
        "PUBLISH topic 'a' C0 80: an overlong encoding of U+0000."),
    "cve-2017-7653-surrogate-topic": (
        V311, C2S, 0, pkt(0x30, s(H("eda080")) + b"x"), "reject", None, "E_UTF8_SURROGATE",
        "CVE-2017-7653, Eclipse Mosquitto 1.5",
        "PUBLISH topic ED A0 80: the UTF-8 encoding of surrogate U+D800."),
    "cve-2025-68699-share-without-filter": (
        V5, C2S, 0, pkt(0x82, u16(1) + b"\x00" + s("$share/ab") + b"\x00"), "reject", None,
        "E_SHARE_SYNTAX",
        "CVE-2025-68699, NanoMQ 0.24.6",
        "v5 SUBSCRIBE to '$share/ab': a shared subscription without the second '/' and filter."),
    "nanomq-cwe-119-fields-beyond-rl": (
        V311, C2S, 0, H("10070004") + b"MQTT" + H("04c2003c000b") + b"test-python" + s("admin") + s("password"),
        "reject", None, "E_TRUNCATED",
        "NanoMQ CWE-119 (kept as a mosquitto CONNECT test)",
        "CONNECT whose Remaining Length 7 ends inside the variable header; the rest of the "
        "fields lie beyond it and must not be read as part of the packet."),
    "tinymqtt-cve-2025-56352-empty-id-persistent": (
        V311, C2S, 0, pkt(0x10, s("MQTT") + b"\x04\x00" + u16(60) + s("")), "reject", None,
        "E_CLIENT_ID_EMPTY_PERSIST",
        "CVE-2025-56352, tinyMQTT",
        "3.1.1 CONNECT with an empty Client Identifier and CleanSession 0."),
    "haproxy-1310-empty-client-id-clean": (
        V311, C2S, 0, pkt(0x10, s("MQTT") + b"\x04\x02" + u16(60) + s("")), "accept", None, None,
        "HAProxy issue #1310",
        "3.1.1 CONNECT with an empty Client Identifier and CleanSession 1: allowed [MQTT-3.1.3-6]."),
    "haproxy-1310-long-string": (
        V311, C2S, 0, pkt(0x10, s("MQTT") + b"\x04\x02" + u16(60) + s("c" * 200)), "accept", None, None,
        "HAProxy issue #1310",
        "Client Identifier of 200 bytes: lengths above 127 must not be sign-extended."),
    "paho-c-1703-property-length-vbi-cut": (
        V5, S2C, 0, H("2003000080"), "reject", None, "E_TRUNCATED",
        "eclipse-paho/paho.mqtt.c issue #1703 (MQTTProperties_read)",
        "v5 CONNACK whose body ends inside the Property Length VBI (continuation byte 0x80 last): "
        "the decoder must not read the byte after the packet."),
    "mqttjs-162-connack-rl1-pipelined": (
        V5, S2C, 0, H("200100c000"), "reject", None, "E_TRUNCATED",
        "mqttjs/mqtt-packet PR #162 (review: '20 01 00 | C0 00')",
        "v5 CONNACK with Remaining Length 1 followed by a PINGRESP: the reason code must not be "
        "taken from the next packet."),
    "mqttjs-162-connack-rl0-pipelined": (
        V5, S2C, 0, H("2000c000"), "reject", None, "E_TRUNCATED",
        "mqttjs/mqtt-packet PR #162",
        "v5 CONNACK with Remaining Length 0 followed by a PINGRESP."),
    "sol-puback-before-connect": (
        V311, C2S, 0, H("40020001"), "accept", None, None,
        "sol broker reports (2026)",
        "PUBACK as a first packet: well-formed; the codec is stateless and accepts it "
        "(sessions are the broker's business)."),
}


# The statement each reject must cite, as numbered by the version in use
# (3.1.1 / 5.0 number the same rule differently; sections where the spec has
# no number). Checked by the fuzz_regression_verdicts test.
STMT = {
    "paho-c-1703-property-length-vbi-cut": "§2.2.2.1",
    "mqttjs-162-connack-rl1-pipelined": "§3.2.2",
    "mqttjs-162-connack-rl0-pipelined": "§3.2.2",
    "cve-2017-7651-huge-rl-connect": "§2.2.3",
    "cve-2017-7653-overlong-utf8-topic": "MQTT-1.5.3-1",
    "cve-2017-7653-surrogate-topic": "MQTT-1.5.3-1",
    "cve-2019-17210-topic-length-beyond-packet": "MQTT-3.3.2-1",
    "cve-2021-28166-client-connack": "§2.1.2",
    "cve-2021-28166-client-connack-reserved-flags": "§2.1.2",
    "cve-2021-34432-empty-topic-v311": "MQTT-4.7.3-1",
    "cve-2021-34432-empty-topic-v5": "§3.3.2.1",
    "cve-2023-0809-huge-rl-limited": "§3.1.2.11.4",
    "cve-2023-3592-will-props-session-expiry": "§2.2.2.2",
    "cve-2024-10525-suback-no-codes-v311": "MQTT-3.8.4-5",
    "cve-2024-10525-suback-no-codes-v5": "MQTT-3.8.4-6",
    "cve-2025-68699-share-without-filter": "MQTT-4.8.2-2",
    "cve-2026-21888-5-byte-property-length": "§2.2.2.1",
    "mongoose-cve-2019-19307-rl-near-2-32": "§2.2.3",
    "mosquitto-2325-reserved-type-0": "§2.2.1",
    "mosquitto-2325-reserved-type-15-v311": "§2.2.1",
    "mqtt-275-rl-5-bytes": "§2.2.3",
    "mqtt-275-rl-5-bytes-v5": "§1.5.5",
    "mqtt-275-rl-non-minimal": "MQTT-1.5.5-1",
    "mqtt-c-topic-length-beyond-packet": "MQTT-3.3.2-1",
    "nanomq-cwe-119-fields-beyond-rl": "§3.1.2",
    "oss-fuzz-379779807-suback-props-no-codes": "MQTT-3.8.4-6",
    "paho-c-985-connack-property-length-overrun": "§2.2.2.1",
    "paho-c-986-connack-user-property-overrun": "§2.2.2.2",
    "tinymqtt-cve-2025-56352-empty-id-persistent": "MQTT-3.1.3-7",
    "wolfmqtt-394-string-pair-truncated": "§2.2.2.1",
    "wolfmqtt-545-connack-rl1": "§3.2.1",
    "wolfmqtt-reserved-disconnect-flags": "MQTT-3.14.1-1",
}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "corpus", "regressions")
    os.makedirs(out, exist_ok=True)
    for name, (ver, d, pol, wire, expected, stmt, code, source, desc) in sorted(R.items()):
        stmt = stmt or STMT.get(name)
        if expected == "reject" and not stmt:
            sys.exit(f"{name}: a reject needs a statement id")
        header = bytes([ver | d | pol, 0])
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(header + wire)
        lines = [f"source: {source}", f"description: {desc}", f"version: {VNAME[ver]}",
                 f"direction: {'s2c' if d else 'c2s'}", f"expected: {expected}"]
        if stmt:
            lines.append(f"stmt: {stmt}")
        if code:
            lines.append(f"code: {code}")
        if pol & SMALL_MAX_PACKET:
            lines.append("policy: max_packet_size=256")
        with open(os.path.join(out, name + ".meta"), "w") as f:
            f.write("\n".join(lines) + "\n")
    print(f"regressions: wrote {len(R)} inputs to {out}")


if __name__ == "__main__":
    main()
