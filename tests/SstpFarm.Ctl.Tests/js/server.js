// A canned operator API served by @grpc/grpc-js + @grpc/proto-loader (a gRPC stack nobody here
// wrote), for the sstpfarmctl tests. Usage: node server.js PROTO_ROOT CONFIG_JSON
// CONFIG_JSON: {"token": "...", "tls": {"ca": FILE, "cert": FILE, "key": FILE, "clientCerts": bool}}
// stdout, one JSON object per line: {"listening": PORT} once bound, then {"call": PATH,
// "authorization": ..., "timeout": ..., "request": {...}} per call and {"cancelled": PATH} when
// a caller goes away (cancel or deadline) before the call ended.
'use strict';
const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [protoRoot, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson || '{}');
const files = [
  'sstpfarm/v1/nodes.proto', 'sstpfarm/v1/sessions.proto', 'sstpfarm/v1/pools.proto',
  'sstpfarm/v1/ticket_keys.proto', 'sstpfarm/v1/users.proto', 'grpc/health/v1/health.proto',
];
const definition = protoLoader.loadSync(files, { includeDirs: [protoRoot], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const loaded = grpc.loadPackageDefinition(definition);
const v1 = loaded.sstpfarm.v1;

function out(object) { process.stdout.write(JSON.stringify(object) + '\n'); }
const at = seconds => ({ seconds: String(seconds), nanos: 0 });
const error = (code, details) => Object.assign(new Error(details), { code, details });
const NOT_FOUND = grpc.status.NOT_FOUND;

// ---- canned farm ----
const nodes = {
  n1: { node_id: 'n1', admin_state: 'NODE_ADMIN_STATE_ACTIVE', health: 'NODE_HEALTH_ALIVE', started_at: at(1795000000), last_heartbeat_at: at(1795000100), session_count: 3, load: 0.25, version: '1.0.0' },
  n2: { node_id: 'n2', admin_state: 'NODE_ADMIN_STATE_DRAINING', health: 'NODE_HEALTH_DEAD', started_at: at(1795000000), last_heartbeat_at: at(1795000050), session_count: 2, load: 0.5, version: '1.0.1' },
};
const session = (id, user, node, inner, n) => ({
  session_id: id, user_name: user, node_id: node, inner_address: inner, client_address: '198.51.100.' + n, client_port: 40000 + n,
  started_at: at(1795000200 + n), bytes_in: String(1024 * n), bytes_out: String(2048 * n), updated_at: at(1795000300 + n),
});
const sessions = [
  session('s1', 'alice', 'n1', '10.8.0.11', 1), session('s2', 'alice', 'n2', '10.8.0.12', 2),
  session('s3', 'bob', 'n1', '10.8.0.13', 3), session('s4', 'carol', 'n1', '', 4), session('s5', 'dave', 'n2', '10.8.0.15', 5),
];
const pools = {
  default: { pool: 'default', networks: ['10.8.0.0/24'], usable: '254', leased: '4', cooling_down: '1', static_reserved: '2', available_now: '247' },
  lab: { pool: 'lab', networks: ['10.9.0.0/28', 'fd00:9::/120'], usable: '270', leased: '0', cooling_down: '0', static_reserved: '0', available_now: '270' },
};
const leases = sessions.filter(s => s.inner_address).map((s, i) => ({
  address: s.inner_address, session_id: s.session_id, user_name: s.user_name, node_id: s.node_id,
  kind: ['LEASE_KIND_DYNAMIC', 'LEASE_KIND_STICKY', 'LEASE_KIND_STATIC'][i % 3], granted_at: at(1795000400 + i),
}));
let ticketVersion = 7;
const users = [
  { name: 'alice', static_address: '', reversible_secret: false },
  { name: 'bob', static_address: '10.8.0.200', reversible_secret: true },
];

// Paging as the real API does it: an opaque token (here the offset), page_size 0 = 100.
function page(items, request, field) {
  const size = request.page_size > 0 ? Math.min(request.page_size, 1000) : 100;
  const start = request.page_token ? parseInt(request.page_token, 10) : 0;
  if (isNaN(start)) throw error(grpc.status.INVALID_ARGUMENT, 'malformed page_token');
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? String(start + size) : '';
  return { [field]: slice, next_page_token: next, total_size: items.length };
}

function nodeById(id) {
  if (id === 'forbidden') throw error(grpc.status.PERMISSION_DENIED, 'the token\'s role may not read nodes');
  if (id === 'odd-message') throw error(NOT_FOUND, 'nœud «n9» introuvable: 100% sûr');
  if (id === 'huge') return Object.assign({}, nodes.n1, { node_id: 'huge', version: 'x'.repeat(100000) });
  if (id === 'broken') throw error(grpc.status.INTERNAL, 'directory read failed');
  const node = nodes[id];
  if (!node) throw error(NOT_FOUND, `no node ${id}`);
  return node;
}

function matches(s, r) {
  return (!r.user_name || s.user_name === r.user_name) && (!r.node_id || s.node_id === r.node_id) && (!r.inner_address || s.inner_address === r.inner_address);
}

const unaryHandlers = {
  NodeService: {
    ListNodes: () => ({ nodes: Object.values(nodes), directory_version: '42' }),
    GetNode: r => nodeById(r.node_id),
    DrainNode: r => Object.assign({}, nodeById(r.node_id), { admin_state: 'NODE_ADMIN_STATE_DRAINING' }),
    ResumeNode: r => Object.assign({}, nodeById(r.node_id), { admin_state: 'NODE_ADMIN_STATE_ACTIVE' }),
  },
  SessionService: {
    ListSessions: r => {
      if (r.inner_address && !/^[0-9a-f.:]+$/i.test(r.inner_address)) throw error(grpc.status.INVALID_ARGUMENT, `inner_address '${r.inner_address}' is not an IP address`);
      return page(sessions.filter(s => matches(s, r)), r, 'sessions');
    },
    GetSession: r => {
      const s = sessions.find(x => x.session_id === r.session_id);
      if (!s) throw error(NOT_FOUND, `no live session ${r.session_id}`);
      return s;
    },
    DisconnectSession: r => {
      const s = sessions.find(x => x.session_id === r.session_id);
      if (!s) throw error(NOT_FOUND, `no live session ${r.session_id}`);
      return { node_id: s.node_id };
    },
    DisconnectUser: r => {
      const own = sessions.filter(s => s.user_name === r.user_name);
      return { session_count: own.length, node_ids: [...new Set(own.map(s => s.node_id))] };
    },
  },
  PoolService: {
    ListPools: () => ({ pools: Object.values(pools) }),
    GetPoolUsage: r => {
      const p = pools[r.pool || 'default'];
      if (!p) throw error(NOT_FOUND, `no pool ${r.pool}`);
      return p;
    },
    ListLeases: r => page(leases.filter(l => (!r.user_name || l.user_name === r.user_name) && (!r.node_id || l.node_id === r.node_id)), r, 'leases'),
  },
  TicketKeyService: {
    GetTicketKeyStatus: () => ticketStatus(),
    RotateTicketKeys: () => { ticketVersion++; return ticketStatus(); },
  },
  UserService: {
    ListUsers: () => ({ users }),
    AddUser: r => {
      if (users.some(u => u.name.toLowerCase() === r.name.toLowerCase())) throw error(grpc.status.ALREADY_EXISTS, `user ${r.name} exists`);
      return { name: r.name, static_address: r.static_address, reversible_secret: r.keep_reversible_secret };
    },
    SetPassword: r => {
      const u = users.find(x => x.name === r.name);
      if (!u) throw error(NOT_FOUND, `no user ${r.name}`);
      return Object.assign({}, u, { reversible_secret: r.keep_reversible_secret });
    },
    RemoveUser: r => {
      if (!users.some(u => u.name === r.name)) throw error(NOT_FOUND, `no user ${r.name}`);
      return {};
    },
  },
};

function ticketStatus() {
  const fp = n => (n * 0x1111).toString(16).padStart(16, '0');
  return {
    version: String(ticketVersion), rotated_at: at(1795000000), next_rotation_at: at(1795003600),
    keys: [{ role: 'TICKET_KEY_ROLE_PREVIOUS', fingerprint: fp(ticketVersion - 1) }, { role: 'TICKET_KEY_ROLE_CURRENT', fingerprint: fp(ticketVersion) }, { role: 'TICKET_KEY_ROLE_NEXT', fingerprint: fp(ticketVersion + 1) }],
  };
}

function authorize(call) {
  if (!config.token) return null;
  const header = call.metadata.get('authorization')[0];
  if (header === undefined) return error(grpc.status.UNAUTHENTICATED, 'credentials required');
  const match = /^bearer (.*)$/i.exec(String(header));
  return match && match[1] === config.token ? null : error(grpc.status.UNAUTHENTICATED, 'the bearer token is not valid');
}

// grpc-js emits 'cancelled' after a call that ended normally too: only one still running counts.
function log(path, call) {
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() : Number(deadline);
  const remaining = Number.isFinite(ms) ? ms - Date.now() : null;
  out({ call: path, authorization: call.metadata.get('authorization')[0] || null, deadline_ms: remaining, request: call.request });
  const state = { done: false };
  call.on('cancelled', () => { if (!state.done) out({ cancelled: path }); });
  return state;
}

function unary(service, name, handler) {
  const path = `/sstpfarm.v1.${service}/${name}`;
  return (call, respond) => {
    const state = log(path, call);
    const callback = (e, response) => { state.done = true; respond(e, response); };
    const denied = authorize(call);
    if (denied) return callback(denied);
    if (call.request.node_id === 'slow' || call.request.name === 'slow') {
      // Answers late: the caller's deadline passes first.
      return setTimeout(() => callback(null, nodes.n1), 20000);
    }
    try { callback(null, handler(call.request)); } catch (e) { callback(e); }
  };
}

function watch(call) {
  const path = '/sstpfarm.v1.SessionService/WatchSessions';
  const state = log(path, call);
  const denied = authorize(call);
  if (denied) {
    state.done = true;
    return call.emit('error', denied);
  }
  const r = call.request;
  const now = () => at(Math.floor(Date.now() / 1000));
  let ended = false;
  call.on('cancelled', () => { ended = true; });
  if (r.include_existing) {
    for (const s of sessions.filter(x => matches(x, r))) call.write({ kind: 'KIND_EXISTING', session: s, at: now() });
  }
  const fresh = session('s9', r.user_name || 'erin', r.node_id || 'n1', '', 9);
  const steps = [
    () => call.write({ kind: 'KIND_STARTED', session: fresh, at: now() }),
    () => call.write({ kind: 'KIND_ADDRESS_ASSIGNED', session: Object.assign({}, fresh, { inner_address: '10.8.0.19' }), at: now() }),
    () => call.write({ kind: 'KIND_ENDED', session: Object.assign({}, fresh, { inner_address: '10.8.0.19' }), at: now() }),
  ];
  let i = 0;
  const timer = setInterval(() => {
    if (ended) return clearInterval(timer);
    if (i < steps.length) return steps[i++]();
    if (r.node_id === 'fail') {
      ended = state.done = true;
      clearInterval(timer);
      return call.emit('error', error(grpc.status.UNAVAILABLE, 'the event feed lost its control plane'));
    }
    if (r.user_name === 'finite') {
      ended = state.done = true;
      clearInterval(timer);
      return call.end();
    }
    // Otherwise: stay open, quiet, until the caller cancels or its deadline passes.
  }, 50);
}

function health(call, callback) {
  log('/grpc.health.v1.Health/Check', call).done = true;
  const denied = authorize(call);
  if (denied) return callback(denied);
  const known = { '': 'SERVING', 'sstpfarm.v1.SessionService': 'SERVING', 'sstpfarm.v1.Draining': 'NOT_SERVING' };
  const status = known[call.request.service];
  if (status === undefined) return callback(error(NOT_FOUND, `unknown service ${call.request.service}`));
  callback(null, { status });
}

const server = new grpc.Server();
for (const [service, methods] of Object.entries(unaryHandlers)) {
  const implementation = {};
  for (const [name, handler] of Object.entries(methods)) implementation[name] = unary(service, name, handler);
  if (service === 'SessionService') implementation.WatchSessions = watch;
  server.addService(v1[service].service, implementation);
}
server.addService(loaded.grpc.health.v1.Health.service, { Check: health, Watch: call => call.end() });

let credentials = grpc.ServerCredentials.createInsecure();
if (config.tls) {
  const read = f => fs.readFileSync(f);
  credentials = grpc.ServerCredentials.createSsl(read(config.tls.ca), [{ cert_chain: read(config.tls.cert), private_key: read(config.tls.key) }], !!config.tls.clientCerts);
}
server.bindAsync('127.0.0.1:0', credentials, (e, port) => {
  if (e) { out({ crash: String(e) }); process.exit(1); }
  out({ listening: port });
});
process.on('uncaughtException', e => { out({ crash: String(e && e.stack || e) }); process.exit(1); });
