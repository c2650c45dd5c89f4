/* v5 reason codes (§2.4) and the per-packet tables that say who may send
 * which code. */
#include "internal.h"

/* Who may send a code in a packet: bit 0 client, bit 1 server. */
#define CL 1
#define SV 2
#define BO 3

typedef struct rc {
    uint8_t code;
    uint8_t who;
} rc;

static const rc connack_rc[] = {{0x00, SV}, {0x80, SV}, {0x81, SV}, {0x82, SV}, {0x83, SV}, {0x84, SV},
                                {0x85, SV}, {0x86, SV}, {0x87, SV}, {0x88, SV}, {0x89, SV}, {0x8A, SV},
                                {0x8C, SV}, {0x90, SV}, {0x95, SV}, {0x97, SV}, {0x99, SV}, {0x9A, SV},
                                {0x9B, SV}, {0x9C, SV}, {0x9D, SV}, {0x9F, SV}};
static const rc puback_rc[] = {{0x00, BO}, {0x10, BO}, {0x80, BO}, {0x83, BO}, {0x87, BO},
                               {0x90, BO}, {0x91, BO}, {0x97, BO}, {0x99, BO}};
static const rc pubrel_rc[] = {{0x00, BO}, {0x92, BO}};
static const rc suback_rc[] = {{0x00, SV}, {0x01, SV}, {0x02, SV}, {0x80, SV}, {0x83, SV}, {0x87, SV},
                               {0x8F, SV}, {0x91, SV}, {0x97, SV}, {0x9E, SV}, {0xA1, SV}, {0xA2, SV}};
static const rc unsuback_rc[] = {{0x00, SV}, {0x11, SV}, {0x80, SV}, {0x83, SV},
                                 {0x87, SV}, {0x8F, SV}, {0x91, SV}};
/* DISCONNECT "Sent by" column of v5 §3.14.2.1. */
static const rc disconnect_rc[] = {
    {0x00, BO}, {0x04, CL}, {0x80, BO}, {0x81, BO}, {0x82, BO}, {0x83, BO}, {0x87, SV}, {0x89, SV},
    {0x8B, SV}, {0x8D, SV}, {0x8E, SV}, {0x8F, SV}, {0x90, BO}, {0x93, BO}, {0x94, BO}, {0x95, BO},
    {0x96, BO}, {0x97, BO}, {0x98, BO}, {0x99, BO}, {0x9A, SV}, {0x9B, SV}, {0x9C, SV}, {0x9D, SV},
    {0x9E, SV}, {0x9F, SV}, {0xA0, SV}, {0xA1, SV}, {0xA2, SV}};
/* AUTH §3.15.2.1: Success from the server, Continue either way, Re-authenticate from the client. */
static const rc auth_rc[] = {{0x00, SV}, {0x18, BO}, {0x19, CL}};

static int lookup(const rc *t, size_t n, uint8_t code)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].code == code)
            return t[i].who;
    return 0;
}

#define LOOK(t) lookup(t, sizeof t / sizeof t[0], code)

/* 0: not in the table; else the CL/SV mask. */
int mqtt_reason_who(mqtt_type t, uint8_t code)
{
    switch (t) {
    case MQTT_CONNACK: return LOOK(connack_rc);
    case MQTT_PUBACK:
    case MQTT_PUBREC: return LOOK(puback_rc);
    case MQTT_PUBREL:
    case MQTT_PUBCOMP: return LOOK(pubrel_rc);
    case MQTT_SUBACK: return LOOK(suback_rc);
    case MQTT_UNSUBACK: return LOOK(unsuback_rc);
    case MQTT_DISCONNECT: return LOOK(disconnect_rc);
    case MQTT_AUTH: return LOOK(auth_rc);
    default: return 0;
    }
}

bool mqtt_reason_allowed(mqtt_type t, uint8_t code, mqtt_direction dir)
{
    int who = mqtt_reason_who(t, code);
    return who & (dir == MQTT_C2S ? CL : SV);
}

const char *mqtt_reason_name(uint8_t code, mqtt_type t)
{
    switch (code) {
    case 0x00:
        return t == MQTT_SUBACK ? "Granted QoS 0" : t == MQTT_DISCONNECT ? "Normal disconnection" : "Success";
    case 0x01: return "Granted QoS 1";
    case 0x02: return "Granted QoS 2";
    case 0x04: return "Disconnect with Will Message";
    case 0x10: return "No matching subscribers";
    case 0x11: return "No subscription existed";
    case 0x18: return "Continue authentication";
    case 0x19: return "Re-authenticate";
    case 0x80: return "Unspecified error";
    case 0x81: return "Malformed Packet";
    case 0x82: return "Protocol Error";
    case 0x83: return "Implementation specific error";
    case 0x84: return "Unsupported Protocol Version";
    case 0x85: return "Client Identifier not valid";
    case 0x86: return "Bad User Name or Password";
    case 0x87: return "Not authorized";
    case 0x88: return "Server unavailable";
    case 0x89: return "Server busy";
    case 0x8A: return "Banned";
    case 0x8B: return "Server shutting down";
    case 0x8C: return "Bad authentication method";
    case 0x8D: return "Keep Alive timeout";
    case 0x8E: return "Session taken over";
    case 0x8F: return "Topic Filter invalid";
    case 0x90: return "Topic Name invalid";
    case 0x91: return "Packet Identifier in use";
    case 0x92: return "Packet Identifier not found";
    case 0x93: return "Receive Maximum exceeded";
    case 0x94: return "Topic Alias invalid";
    case 0x95: return "Packet too large";
    case 0x96: return "Message rate too high";
    case 0x97: return "Quota exceeded";
    case 0x98: return "Administrative action";
    case 0x99: return "Payload format invalid";
    case 0x9A: return "Retain not supported";
    case 0x9B: return "QoS not supported";
    case 0x9C: return "Use another server";
    case 0x9D: return "Server moved";
    case 0x9E: return "Shared Subscriptions not supported";
    case 0x9F: return "Connection rate exceeded";
    case 0xA0: return "Maximum connect time";
    case 0xA1: return "Subscription Identifiers not supported";
    case 0xA2: return "Wildcard Subscriptions not supported";
    default: return "(reserved)";
    }
}
