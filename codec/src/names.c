/* Names to values: snake_case property keys derived from the property table
 * (props.c), packet types and reason codes by the names the codec prints. */
#include <ctype.h>
#include <string.h>

#include "mqttcodec.h"

size_t mqtt_prop_key(uint8_t id, char *buf, size_t len)
{
    const char *name = mqtt_prop_name(id);
    size_t n = name ? strlen(name) : 0;
    if (len)
        buf[0] = 0;
    if (!name || n + 1 > len)
        return 0;
    for (size_t i = 0; i < n; i++)
        buf[i] = name[i] == ' ' ? '_' : (char)tolower((unsigned char)name[i]);
    buf[n] = 0;
    return n;
}

/* "Maximum QoS" equals "maximum_qos" and "MAXIMUM QOS". */
static int same_name(const char *printed, const char *given)
{
    for (; *printed && *given; printed++, given++) {
        char a = *printed == ' ' ? '_' : (char)tolower((unsigned char)*printed);
        char b = *given == ' ' ? '_' : (char)tolower((unsigned char)*given);
        if (a != b)
            return 0;
    }
    return *printed == *given;
}

int mqtt_prop_by_key(const char *key)
{
    if (!key)
        return -1;
    char buf[MQTT_PROP_KEY_MAX];
    for (unsigned id = 1; id < 0x80; id++)
        if (mqtt_prop_key((uint8_t)id, buf, sizeof buf) && !strcmp(buf, key))
            return (int)id;
    return -1;
}

int mqtt_type_by_name(const char *name)
{
    for (int t = 0; name && t < 16; t++)
        if (!strcmp(mqtt_type_name((mqtt_type)t), name))
            return t;
    return -1;
}

int mqtt_reason_by_name(const char *name, mqtt_type t)
{
    for (int code = 0; name && code < 256; code++) {
        const char *r = mqtt_reason_name((uint8_t)code, t);
        if (r && same_name(r, name))
            return code;
    }
    return -1;
}
