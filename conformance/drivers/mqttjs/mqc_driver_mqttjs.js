#!/usr/bin/env node
'use strict'
/* mqc_driver_mqttjs.js: MQTT.js behind the client driver protocol (../PROTOCOL.md).

   Node's event loop is the driver's one loop: stdin lines are queued and run one command at a
   time (each a Promise answered by exactly one ack), while MQTT.js keeps its own turns
   (keep-alive, acks) on the same loop. The library never reconnects by itself
   (reconnectPeriod 0) and never resubscribes (resubscribe false): the runner decides.
   What a packet carried (reason codes, properties) is read from MQTT.js's own
   'packetreceive' event, so the driver reports what the library parsed, not a guess. */

const path = require('path')

let mqtt
try {
  mqtt = require('mqtt')
} catch (e) {
  process.stdout.write(JSON.stringify({ event: 'error', error: 'MQTT.js (npm package mqtt) is not installed: ' + e.message }) + '\n')
  process.exit(1)
}

const LINE_MAX = 1 << 20

// snake_case (PROTOCOL.md) <-> MQTT.js property names; kind: n = integer (max), b = a byte that
// MQTT.js carries as a boolean (only 0 and 1 can be expressed), s = string, x = binary, u = pairs
const PROPS = {
  payload_format_indicator: ['payloadFormatIndicator', 'b'],
  message_expiry_interval: ['messageExpiryInterval', 'n', 0xFFFFFFFF],
  content_type: ['contentType', 's'],
  response_topic: ['responseTopic', 's'],
  correlation_data: ['correlationData', 'x'],
  subscription_identifier: ['subscriptionIdentifier', 'n', 268435455],
  session_expiry_interval: ['sessionExpiryInterval', 'n', 0xFFFFFFFF],
  assigned_client_identifier: ['assignedClientIdentifier', 's'],
  server_keep_alive: ['serverKeepAlive', 'n', 0xFFFF],
  authentication_method: ['authenticationMethod', 's'],
  authentication_data: ['authenticationData', 'x'],
  request_problem_information: ['requestProblemInformation', 'b'],
  will_delay_interval: ['willDelayInterval', 'n', 0xFFFFFFFF],
  request_response_information: ['requestResponseInformation', 'b'],
  response_information: ['responseInformation', 's'],
  server_reference: ['serverReference', 's'],
  reason_string: ['reasonString', 's'],
  receive_maximum: ['receiveMaximum', 'n', 0xFFFF],
  topic_alias_maximum: ['topicAliasMaximum', 'n', 0xFFFF],
  topic_alias: ['topicAlias', 'n', 0xFFFF],
  maximum_qos: ['maximumQoS', 'n', 0xFF],
  retain_available: ['retainAvailable', 'b'],
  user_property: ['userProperties', 'u'],
  maximum_packet_size: ['maximumPacketSize', 'n', 0xFFFFFFFF],
  wildcard_subscription_available: ['wildcardSubscriptionAvailable', 'b'],
  subscription_identifier_available: ['subscriptionIdentifiersAvailable', 'b'],
  shared_subscription_available: ['sharedSubscriptionAvailable', 'b']
}
const SNAKE = {}
for (const [k, v] of Object.entries(PROPS)) SNAKE[v[0]] = k

class CmdError extends Error {}

process.stdout.on('error', () => process.exit(0)) // EPIPE: the runner is gone

function emit (ev) {
  try {
    process.stdout.write(JSON.stringify(ev) + '\n')
  } catch (e) {
    process.exit(0) // the runner is gone: nobody is left to report to
  }
}

function isInt (v) { return typeof v === 'number' && Number.isInteger(v) }

function field (c, key, kind, dflt, lo, hi) {
  const v = c[key]
  if (v === undefined || v === null) return dflt
  if (kind === 'int') {
    if (!isInt(v)) throw new CmdError(`field '${key}' must be an integer`)
    if (lo !== undefined && (v < lo || v > hi)) throw new CmdError(`field '${key}' = ${v} is outside ${lo}..${hi}`)
  } else if (kind === 'bool') {
    if (typeof v !== 'boolean') throw new CmdError(`field '${key}' must be true or false`)
  } else if (kind === 'str') {
    if (typeof v !== 'string') throw new CmdError(`field '${key}' must be a string`)
  } else if (kind === 'secs') {
    if (typeof v !== 'number' || !(v >= 0 && v <= 3600)) throw new CmdError(`field '${key}' must be a number of seconds in 0..3600`)
  }
  return v
}

function payloadOf (c) {
  if (c.payload_hex !== undefined && c.payload_hex !== null) {
    if (typeof c.payload_hex !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(c.payload_hex)) {
      throw new CmdError("field 'payload_hex' must be a string of hex digit pairs")
    }
    return Buffer.from(c.payload_hex, 'hex')
  }
  if (c.payload === undefined || c.payload === null) return Buffer.alloc(0)
  if (typeof c.payload !== 'string') throw new CmdError("field 'payload' must be a string (use payload_hex for bytes)")
  return Buffer.from(c.payload, 'utf8')
}

function propsToSend (j, v5) {
  if (j === undefined || j === null) return undefined
  if (typeof j !== 'object' || Array.isArray(j)) throw new CmdError("'props' must be an object keyed by property name")
  if (Object.keys(j).length === 0) return undefined
  if (!v5) throw new CmdError("'props' needs MQTT 5.0")
  const out = {}
  for (const [name, value] of Object.entries(j)) {
    const d = PROPS[name]
    if (!d) throw new CmdError(`unknown property '${name}'`)
    const [js, kind, max] = d
    if (kind === 'n') {
      if (!isInt(value) || value < 0 || value > max) throw new CmdError(`property '${name}' must be an integer in 0..${max}`)
      out[js] = value
    } else if (kind === 'b') {
      // MQTT.js (mqtt-packet) carries these bytes as booleans: 0 and 1 only
      if (value !== 0 && value !== 1) throw new CmdError(`property '${name}' = ${value}: MQTT.js can send only 0 or 1`)
      out[js] = value === 1
    } else if (kind === 's') {
      if (typeof value !== 'string') throw new CmdError(`property '${name}' must be a string`)
      out[js] = value
    } else if (kind === 'x') {
      if (typeof value === 'string') out[js] = Buffer.from(value, 'utf8')
      else if (value && typeof value.hex === 'string' && /^([0-9a-fA-F]{2})*$/.test(value.hex)) out[js] = Buffer.from(value.hex, 'hex')
      else throw new CmdError(`'${name}' must be a string or {"hex":"..."}`)
    } else {
      if (!Array.isArray(value) || !value.every(p => Array.isArray(p) && p.length === 2 && p.every(s => typeof s === 'string'))) {
        throw new CmdError("'user_property' must be a list of [key, value] pairs")
      }
      // MQTT.js keeps user properties in an object (key -> value or list of values): it
      // writes all values of one key together, in first-seen key order. A list that
      // interleaves keys would go out reordered, so it is refused rather than altered.
      const obj = {}
      const seen = []
      for (const [k, v] of value) {
        if (Object.prototype.hasOwnProperty.call(obj, k)) {
          if (seen[seen.length - 1] !== k) throw new CmdError("'user_property': MQTT.js cannot send this order (values of one key must be adjacent)")
          obj[k] = [].concat(obj[k], v)
        } else {
          obj[k] = v
          seen.push(k)
        }
      }
      out[js] = obj
    }
  }
  return out
}

function textOrHex (obj, key, buf) {
  const s = buf.toString('utf8')
  if (Buffer.from(s, 'utf8').equals(buf)) obj[key] = s
  else obj[key + '_hex'] = buf.toString('hex')
}

function propsToJson (p) {
  const out = {}
  if (!p) return out
  for (const [js, value] of Object.entries(p)) {
    const name = SNAKE[js] || js
    const kind = PROPS[name] ? PROPS[name][1] : null
    if (kind === 'u') {
      const pairs = []
      for (const [k, v] of Object.entries(value)) {
        for (const one of [].concat(v)) pairs.push([k, String(one)])
      }
      out[name] = pairs
    } else if (kind === 'x') {
      out[name] = { hex: Buffer.from(value).toString('hex') }
    } else if (kind === 'b') {
      out[name] = value ? 1 : 0
    } else if (name === 'subscription_identifier') {
      const ids = [].concat(value)
      out[name] = ids.length === 1 ? ids[0] : ids
    } else if (Buffer.isBuffer(value)) {
      textOrHex(out, name, value)
    } else {
      out[name] = value
    }
  }
  return out
}

function sleep (ms) { return new Promise(resolve => setTimeout(resolve, ms)) }

class Driver {
  constructor () {
    this.client = null
    this.opts = null // the options object MQTT.js's stream builder reads host and port from
    this.v5 = false
    this.up = false // CONNACK 0 seen and the connection not closed since
    this.connectOp = null
    this.disconnectOp = null
    this.waiting = new Map() // messageId -> pending subscribe / unsubscribe op
    this.acks = new Map() // messageId -> last PUBACK / PUBREC / PUBCOMP packet seen
    this.lastError = null
    this.serverDisconnect = null
  }

  // ---- one pending command: resolved by a library event, the connection's end, or its timeout
  op (id, kind) {
    let resolve
    const p = new Promise(r => { resolve = r })
    return { id, kind, done: false, promise: p, finish: (r) => { if (!resolve) return; const f = resolve; resolve = null; r.done = true; f(r) } }
  }

  async await (op, timeout, ack) {
    let timer
    const t = new Promise(resolve => { timer = setTimeout(() => resolve(null), timeout * 1000) })
    const r = await Promise.race([op.promise, t])
    clearTimeout(timer)
    if (r === null) {
      op.finish = () => {} // a late answer still gives its event, never a second ack
      ack.error = 'timeout'
      return null
    }
    ack.ok = !!r.ok
    if (r.error) ack.error = r.error
    return r
  }

  // ---- library events
  attach (client) {
    client.on('packetreceive', (p) => {
      if (client !== this.client) return
      if (p.cmd === 'connack') {
        const rc = this.v5 ? p.reasonCode : p.returnCode
        // Reported from the CONNACK itself: MQTT.js emits 'connect' only after it has
        // re-sent its whole outgoing store on a resumed session, and it sends a stored
        // PUBREL only after the PUBACK of the PUBLISH before it, so 'connect' can come
        // much later than the CONNACK, or never.
        const op = this.connectOp
        this.connectOp = null
        if (rc === 0) this.up = true
        if (!op) return
        if (rc === 0) {
          const ev = { event: 'connected', id: op.id, session_present: !!p.sessionPresent, reason: 0 }
          if (this.v5) ev.props = propsToJson(p.properties)
          emit(ev)
          op.finish({ ok: true })
        } else {
          op.finish({ ok: false, error: 'CONNACK refused', reason: rc, props: this.v5 ? propsToJson(p.properties) : undefined })
        }
      } else if (p.cmd === 'puback' || p.cmd === 'pubrec' || p.cmd === 'pubcomp') {
        this.acks.set(p.messageId, p)
      } else if (p.cmd === 'suback' || p.cmd === 'unsuback') {
        const op = this.waiting.get(p.messageId)
        if (op && op.kind === p.cmd) {
          this.waiting.delete(p.messageId)
          const ev = { event: p.cmd === 'suback' ? 'subscribed' : 'unsubscribed', id: op.id }
          if (p.cmd === 'suback' || this.v5) ev.reasons = (p.granted || []).map(g => (typeof g === 'object' ? g.qos : g))
          if (this.v5) ev.props = propsToJson(p.properties)
          emit(ev)
          op.finish({ ok: true })
        }
      } else if (p.cmd === 'disconnect') {
        this.serverDisconnect = p
      }
    })
    client.on('message', (topic, payload, packet) => {
      if (client !== this.client) return
      const ev = { event: 'message', topic: String(topic), payload_hex: Buffer.from(payload).toString('hex') }
      const text = Buffer.from(payload).toString('utf8')
      if (Buffer.from(text, 'utf8').equals(Buffer.from(payload)) && !text.includes('\0')) ev.payload = text
      ev.qos = packet.qos
      ev.retain = !!packet.retain
      ev.dup = !!packet.dup
      if (packet.qos > 0) ev.mid = packet.messageId
      if (this.v5) ev.props = propsToJson(packet.properties)
      emit(ev)
    })
    client.on('error', (e) => {
      if (client !== this.client) return
      this.lastError = e
      process.stderr.write('MQTT.js error: ' + e.message + '\n')
    })
    client.on('close', () => {
      if (client !== this.client) return
      const wasUp = this.up
      this.up = false
      for (const op of this.waiting.values()) op.finish({ ok: false, error: 'connection closed' })
      this.waiting.clear()
      if (this.connectOp) {
        const op = this.connectOp
        this.connectOp = null
        op.finish({ ok: false, error: 'connection closed before CONNACK' + (this.lastError ? ': ' + this.lastError.message : '') })
        return
      }
      if (this.disconnectOp) {
        const op = this.disconnectOp
        this.disconnectOp = null
        op.finish({ ok: true })
        return
      }
      if (this.client.disconnecting) return // the runner's own disconnect: no connection_lost
      if (!wasUp) return
      const ev = { event: 'connection_lost' }
      const d = this.serverDisconnect
      if (d) {
        ev.cause = 'server sent DISCONNECT'
        if (this.v5) {
          ev.reason = d.reasonCode || 0
          ev.props = propsToJson(d.properties)
        }
      } else {
        ev.cause = this.lastError ? this.lastError.message : 'connection lost'
      }
      emit(ev)
    })
  }

  drop () {
    if (this.client) {
      const c = this.client
      this.client = null
      try { c.end(true) } catch (e) { /* already gone */ } // forced: no DISCONNECT is sent
    }
    this.up = false
    this.connectOp = this.disconnectOp = null
    this.waiting.clear()
    this.acks.clear()
  }

  // ---- commands
  async connect (id, c, ack) {
    const resume = field(c, 'resume', 'bool', false)
    if (resume) {
      if (!this.client) throw new CmdError('resume: no library client to resume (connect without resume first)')
      if (this.up || (this.client.stream && !this.client.stream.destroyed)) throw new CmdError('resume: the connection is still up (the server closes it, or disconnect)')
      if (c.client_id !== undefined && c.client_id !== null && field(c, 'client_id', 'str', '') !== this.client.options.clientId) {
        throw new CmdError(`resume: client_id must be the resumed client's (${JSON.stringify(this.client.options.clientId)})`)
      }
      if (c.version !== undefined && c.version !== null && (c.version === '5.0') !== this.v5) {
        throw new CmdError(`resume: version must be the resumed client's (${this.v5 ? '5.0' : '3.1.1'})`)
      }
    }
    const host = field(c, 'host', 'str', '127.0.0.1')
    const port = field(c, 'port', 'int', null, 1, 65535)
    if (port === null) throw new CmdError("connect needs 'port'")
    const version = resume ? (this.v5 ? '5.0' : '3.1.1') : field(c, 'version', 'str', '3.1.1')
    if (version !== '3.1.1' && version !== '5.0') throw new CmdError('version must be "3.1.1" or "5.0"')
    const v5 = version === '5.0'
    const clientId = resume ? this.client.options.clientId : field(c, 'client_id', 'str', '')
    const clean = field(c, 'clean', 'bool', true)
    const keepalive = field(c, 'keepalive', 'int', 60, 0, 65535)
    const username = field(c, 'username', 'str', undefined)
    const password = field(c, 'password', 'str', undefined)
    const timeout = field(c, 'timeout', 'secs', 5)
    const properties = propsToSend(c.props, v5)
    let will
    if (c.will !== undefined && c.will !== null) {
      const w = c.will
      if (typeof w !== 'object' || typeof w.topic !== 'string') throw new CmdError("'will' must be an object with a string 'topic'")
      will = { topic: w.topic, payload: payloadOf(w), qos: field(w, 'qos', 'int', 0, 0, 2), retain: field(w, 'retain', 'bool', false) }
      const wp = propsToSend(w.props, v5)
      if (wp) will.properties = wp
    }
    if (!clean && clientId === '') throw new CmdError("client_id: MQTT.js refuses an empty client id with clean false ('Missing clientId for unclean clients')")
    const fields = { protocolVersion: v5 ? 5 : 4, clientId, clean, keepalive, username, password: password === undefined ? undefined : Buffer.from(password, 'utf8'), will, properties }
    if (!resume) this.drop() // the previous connection goes, without DISCONNECT
    this.lastError = null
    this.serverDisconnect = null
    const op = this.connectOp = this.op(id, 'connect')
    if (resume) {
      // reconnect() on the same MqttClient, handing it its own stores: without them it would
      // start from empty stores and forget every unacknowledged message (client.js reconnect)
      const cl = this.client
      Object.assign(cl.options, fields)
      if (!will) delete cl.options.will
      this.opts.host = this.opts.hostname = host
      this.opts.port = port
      cl.reconnect({ incomingStore: cl.incomingStore, outgoingStore: cl.outgoingStore })
    } else {
      this.v5 = v5
      this.opts = {
        protocol: 'mqtt', host, hostname: host, port, reconnectPeriod: 0, resubscribe: false,
        connectTimeout: Math.max(timeout * 1000, 30000), ...fields
      }
      if (!will) delete this.opts.will
      let cl
      try {
        cl = mqtt.connect(this.opts)
      } catch (e) {
        this.connectOp = null
        throw new CmdError('MQTT.js refused the connect: ' + e.message)
      }
      this.client = cl
      this.attach(cl)
    }
    const r = await this.await(op, timeout, ack)
    if (r && !r.ok && r.reason !== undefined) {
      ack.reason = r.reason
      if (r.props) ack.props = r.props
    }
  }

  connected () {
    if (!this.client || !this.up) throw new CmdError('not connected')
  }

  async subscribe (id, c, ack, sub) {
    this.connected()
    const key = sub ? 'subs' : 'filters'
    let entries = c[key]
    if (entries === undefined || entries === null) {
      if (c.filter === undefined) throw new CmdError(`needs '${key}' or 'filter'`)
      entries = sub ? [c] : [c.filter]
    }
    // An empty list goes to MQTT.js as it is: whether it refuses a SUBSCRIBE / UNSUBSCRIBE
    // without filters is what a client scenario checks.
    if (!Array.isArray(entries) || entries.length > 64) throw new CmdError(`'${key}' must be a list of 0..64 entries`)
    const timeout = field(c, 'timeout', 'secs', 5)
    const properties = propsToSend(c.props, this.v5)
    const op = this.op(id, sub ? 'suback' : 'unsuback')
    const client = this.client
    const before = client.getLastMessageId()
    let sent = false
    let refused = null
    // MQTT.js refuses an invalid filter through the callback (on setImmediate) before any
    // packet id is taken; a SUBACK with failure codes also ends in the callback with an
    // error, after 'packetreceive' has given the codes (handled in attach).
    const cb = (err) => { if (err && !sent) refused = err }
    let args
    if (sub) {
      const topics = {}
      for (const s of entries) {
        if (!s || typeof s !== 'object' || typeof s.filter !== 'string') throw new CmdError("each subscription needs a string 'filter'")
        const o = { qos: field(s, 'qos', 'int', 0, 0, 2) }
        const nl = field(s, 'no_local', 'bool', false)
        const rap = field(s, 'rap', 'bool', false)
        const rh = field(s, 'rh', 'int', 0, 0, 2)
        if (this.v5) Object.assign(o, { nl, rap, rh })
        else if (nl || rap || rh) throw new CmdError('no_local / rap / rh need MQTT 5.0')
        if (Object.prototype.hasOwnProperty.call(topics, s.filter)) throw new CmdError(`subs: MQTT.js cannot put filter '${s.filter}' twice in one SUBSCRIBE`)
        topics[s.filter] = o
      }
      args = topics
    } else {
      if (!entries.every(f => typeof f === 'string')) throw new CmdError("'filters' entries must be strings")
      args = entries
    }
    if (sub) client.subscribe(args, properties ? { properties } : {}, cb)
    else client.unsubscribe(args, properties ? { properties } : {}, cb)
    const m = client.getLastMessageId()
    sent = m !== before
    if (!sent) {
      await new Promise(resolve => setImmediate(resolve))
      if (refused) throw new CmdError(`MQTT.js refused the ${sub ? 'subscribe' : 'unsubscribe'}: ${refused.message}`)
      ack.error = `${sub ? 'subscribe' : 'unsubscribe'}: MQTT.js sent nothing`
      return
    }
    this.waiting.set(m, op)
    await this.await(op, timeout, ack)
  }

  publish (id, c, ack) {
    this.connected()
    const topic = field(c, 'topic', 'str', null)
    if (topic === null) throw new CmdError("publish needs 'topic'")
    const qos = field(c, 'qos', 'int', 0, 0, 2)
    const retain = field(c, 'retain', 'bool', false)
    const payload = payloadOf(c)
    const properties = propsToSend(c.props, this.v5)
    const before = this.client.getLastMessageId()
    let mid = null
    let refused = null
    let sync = true
    const client = this.client
    client.publish(topic, payload, properties ? { qos, retain, properties } : { qos, retain }, (err, packet) => {
      if (sync && err) { refused = err; return }
      if (client !== this.client) return
      const ack2 = mid !== null ? this.acks.get(mid) : undefined
      if (mid !== null) this.acks.delete(mid)
      const failed = ack2 && ack2.reasonCode >= 0x80
      if (err && !failed) {
        emit({ event: 'error', id, error: 'publish: ' + err.message })
        return
      }
      const ev = { event: 'published', id, mid: mid || 0, qos }
      if (this.v5 && ack2) {
        ev.reason = ack2.reasonCode || 0
        ev.props = propsToJson(ack2.properties)
      }
      emit(ev)
    })
    sync = false
    if (refused) throw new CmdError('MQTT.js refused the publish: ' + refused.message)
    if (qos > 0) {
      const after = this.client.getLastMessageId()
      mid = after !== before ? after : null
    }
    ack.ok = true
    ack.mid = mid || 0
  }

  async disconnect (id, c, ack) {
    this.connected()
    const reason = field(c, 'reason', 'int', 0, 0, 255)
    const timeout = field(c, 'timeout', 'secs', 5)
    const properties = propsToSend(c.props, this.v5)
    if (!this.v5 && reason) throw new CmdError('a DISCONNECT reason needs MQTT 5.0')
    const op = this.disconnectOp = this.op(id, 'disc')
    const o = this.v5 ? { reasonCode: reason } : {}
    if (properties) o.properties = properties
    const stream = this.client.stream
    // MQTT.js half-closes after writing DISCONNECT (stream.end()); 'close' needs the peer
    // too, so the command is done when our side has finished writing.
    const done = () => { if (this.disconnectOp === op) { this.disconnectOp = null; this.up = false; op.finish({ ok: true }) } }
    stream.once('finish', done)
    stream.once('close', done)
    this.client.end(false, o, () => {})
    await this.await(op, timeout, ack)
  }

  async run (line) {
    if (!line.trim()) return true
    let c
    try {
      c = JSON.parse(line)
    } catch (e) {
      emit({ event: 'error', error: 'not a JSON object: ' + e.message })
      return true
    }
    if (!c || typeof c !== 'object' || Array.isArray(c)) {
      emit({ event: 'error', error: 'not a JSON object: other JSON value' })
      return true
    }
    const id = c.id
    if (!isInt(id)) {
      emit({ event: 'error', error: "command without an integer 'id'" })
      return true
    }
    const ack = { event: 'ack', id, ok: false }
    let goOn = true
    try {
      const cmd = c.cmd
      if (typeof cmd !== 'string') {
        emit({ event: 'error', id, error: "missing 'cmd'" })
        throw new CmdError("missing 'cmd'")
      }
      if (cmd === 'quit') {
        ack.ok = true
        goOn = false
      } else if (cmd === 'wait') {
        await sleep(field(c, 'seconds', 'secs', 0) * 1000)
        ack.ok = true
      } else if (cmd === 'connect') {
        await this.connect(id, c, ack)
      } else if (cmd === 'subscribe' || cmd === 'unsubscribe') {
        await this.subscribe(id, c, ack, cmd === 'subscribe')
      } else if (cmd === 'publish') {
        this.publish(id, c, ack)
      } else if (cmd === 'disconnect') {
        await this.disconnect(id, c, ack)
      } else {
        throw new CmdError(`unknown command '${cmd}'`)
      }
    } catch (e) {
      if (!(e instanceof CmdError)) process.stderr.write(`command ${id} raised ${e.stack}\n`)
      ack.error = e instanceof CmdError ? e.message : `driver error: ${e.name}: ${e.message}`
      ack.ok = false
    }
    if (!ack.ok && !ack.error) ack.error = 'failed'
    if (ack.ok) delete ack.error
    emit(ack)
    return goOn
  }
}

function main (argv) {
  for (const a of argv) {
    if (a === '-h' || a === '--help') {
      process.stdout.write(`usage: ${path.basename(process.argv[1])}  (commands as JSON lines on stdin, events on stdout; see PROTOCOL.md)\n`)
      return
    }
    process.stderr.write(`${process.argv[1]}: unknown argument '${a}' (the driver takes none)\n`)
    process.exit(2)
  }
  let version = '?'
  try { version = require('mqtt/package.json').version } catch (e) { /* keep '?' */ }
  emit({
    event: 'hello',
    driver: 'mqttjs',
    library: `MQTT.js ${version} (Node.js ${process.versions.node})`,
    versions: ['3.1.1', '5.0'],
    unsupported: [],
    features: ['connect.resume']
  })
  const d = new Driver()
  const lines = []
  let buf = Buffer.alloc(0)
  let discarding = false
  let eof = false
  let busy = false
  const pump = async () => {
    if (busy) return
    busy = true
    while (lines.length) {
      const goOn = await d.run(lines.shift())
      if (!goOn) {
        d.drop()
        process.exit(0)
      }
    }
    busy = false
    if (eof) {
      d.drop()
      process.exit(0)
    }
  }
  process.stdin.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk])
    let i
    while ((i = buf.indexOf(10)) >= 0) {
      const line = buf.subarray(0, i).toString('utf8')
      buf = buf.subarray(i + 1)
      if (discarding) { discarding = false; continue }
      lines.push(line)
    }
    if (buf.length > LINE_MAX) {
      emit({ event: 'error', error: `command line longer than ${LINE_MAX} bytes: ignored` })
      buf = Buffer.alloc(0)
      discarding = true
    }
    pump()
  })
  process.stdin.on('end', () => {
    if (buf.length && !discarding) lines.push(buf.toString('utf8'))
    eof = true
    pump()
  })
}

main(process.argv.slice(2))
