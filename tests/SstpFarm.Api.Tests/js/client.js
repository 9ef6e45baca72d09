// Drives the operator API with @grpc/grpc-js + @grpc/proto-loader (a gRPC stack nobody here
// wrote). Usage: node client.js ADDRESS PROTO_ROOT SCENARIO [TOKEN]
// Prints one JSON object per line: {"event": ...} while streaming, and {"result": ...} at the end,
// where a failed call is {"code": N, "details": "..."}.
'use strict';
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const path = require('path');

const [address, protoRoot, scenario, token] = process.argv.slice(2);
const files = [
  'sstpfarm/v1/nodes.proto', 'sstpfarm/v1/sessions.proto', 'sstpfarm/v1/pools.proto',
  'sstpfarm/v1/ticket_keys.proto', 'sstpfarm/v1/users.proto',
  'grpc/health/v1/health.proto', 'grpc/reflection/v1alpha/reflection.proto',
].map(f => path.join(protoRoot, f));
const definition = protoLoader.loadSync(files, { includeDirs: [protoRoot], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const loaded = grpc.loadPackageDefinition(definition);
const v1 = loaded.sstpfarm.v1;
const credentials = grpc.credentials.createInsecure();
const client = (Service) => new Service(address, credentials);

function metadata() {
  const m = new grpc.Metadata();
  if (token) m.set('authorization', 'Bearer ' + token);
  return m;
}

function out(object) { process.stdout.write(JSON.stringify(object) + '\n'); }

function unary(service, method, request, options = {}) {
  return new Promise(resolve => {
    service[method](request, metadata(), options, (error, response) => {
      resolve(error ? { code: error.code, details: error.details } : response);
    });
  });
}

// Streams until `stopWhen(event, events)` says so (then cancels), or the call ends by itself.
function stream(service, method, request, options, stopWhen) {
  return new Promise(resolve => {
    const events = [];
    const call = service[method](request, metadata(), options);
    let cancelled = false;
    call.on('data', event => {
      events.push(event);
      out({ event });
      if (!cancelled && stopWhen(event, events)) {
        cancelled = true;
        call.cancel();
        resolve({ events, cancelled: true });
      }
    });
    call.on('error', error => { if (!cancelled) resolve({ events, code: error.code, details: error.details }); });
    call.on('end', () => { if (!cancelled) resolve({ events, code: 0 }); });
  });
}

const deadline = ms => ({ deadline: new Date(Date.now() + ms) });

const scenarios = {
  async 'list-sessions'() {
    const sessions = client(v1.SessionService);
    const first = await unary(sessions, 'ListSessions', { page_size: 2 });
    const second = await unary(sessions, 'ListSessions', { page_size: 2, page_token: first.next_page_token });
    const byUser = await unary(sessions, 'ListSessions', { user_name: 'bob' });
    return { first, second, byUser };
  },
  async 'errors'() {
    const sessions = client(v1.SessionService);
    const users = client(v1.UserService);
    return {
      notFound: await unary(sessions, 'GetSession', { session_id: 'no-such-session' }),
      badAddress: await unary(sessions, 'ListSessions', { inner_address: '10.0.0.300' }),
      badToken: await unary(sessions, 'ListSessions', { page_token: '!!' }),
      badUser: await unary(users, 'AddUser', { name: ' padded ', password: 'secret' }),
      tooLarge: await unary(sessions, 'ListSessions', { user_name: 'x'.repeat(5 * 1024 * 1024) }),
      unimplemented: await new Promise(resolve => new grpc.Client(address, credentials).makeUnaryRequest(
        '/sstpfarm.v1.SessionService/NoSuchMethod', x => x, x => x, Buffer.alloc(0), metadata(),
        (error, response) => resolve(error ? { code: error.code, details: error.details } : { unexpected: true }))),
    };
  },
  async 'admin'() {
    const sessions = client(v1.SessionService);
    const nodes = client(v1.NodeService);
    const users = client(v1.UserService);
    const keys = client(v1.TicketKeyService);
    const pools = client(v1.PoolService);
    return {
      disconnect: await unary(sessions, 'DisconnectSession', { session_id: 's-0001' }),
      disconnectUser: await unary(sessions, 'DisconnectUser', { user_name: 'bob' }),
      nodes: await unary(nodes, 'ListNodes', {}),
      drain: await unary(nodes, 'DrainNode', { node_id: 'node-a' }),
      drainUnknown: await unary(nodes, 'DrainNode', { node_id: 'node-z' }),
      resume: await unary(nodes, 'ResumeNode', { node_id: 'node-a' }),
      addUser: await unary(users, 'AddUser', { name: 'carol', password: 'pa55word', static_address: '10.0.0.50' }),
      addAgain: await unary(users, 'AddUser', { name: 'Carol', password: 'pa55word' }),
      listUsers: await unary(users, 'ListUsers', {}),
      removeMissing: await unary(users, 'RemoveUser', { name: 'nobody' }),
      keys: await unary(keys, 'GetTicketKeyStatus', {}),
      rotated: await unary(keys, 'RotateTicketKeys', {}),
      pools: await unary(pools, 'ListPools', {}),
      leases: await unary(pools, 'ListLeases', { pool: '' }),
    };
  },
  async 'watch'() {
    // Existing sessions first, then waits for one live event, then cancels.
    return stream(client(v1.SessionService), 'WatchSessions', { include_existing: true, user_name: 'alice' }, deadline(20000),
      (event) => event.kind !== 'KIND_EXISTING');
  },
  async 'watch-deadline'() {
    return stream(client(v1.SessionService), 'WatchSessions', { user_name: 'nobody' }, deadline(300), () => false);
  },
  async 'unary-deadline'() {
    return unary(client(v1.NodeService), 'ListNodes', {}, deadline(300));
  },
  async 'auth'() {
    const nodes = client(v1.NodeService);
    return { list: await unary(nodes, 'ListNodes', {}), drain: await unary(nodes, 'DrainNode', { node_id: 'node-a' }) };
  },
  async 'health'() {
    const health = client(loaded.grpc.health.v1.Health);
    const overall = await unary(health, 'Check', { service: '' });
    const unknown = await unary(health, 'Check', { service: 'no.such.Service' });
    const watch = await stream(health, 'Watch', { service: 'sstpfarm.node' }, deadline(20000), (event, events) => events.length === 2);
    return { overall, unknown, watch };
  },
  async 'reflection'() {
    const reflection = client(loaded.grpc.reflection.v1alpha.ServerReflection);
    return new Promise(resolve => {
      const call = reflection.ServerReflectionInfo(metadata());
      const responses = [];
      call.on('data', response => {
        responses.push(response);
        if (responses.length === 3) call.end();
      });
      call.on('end', () => resolve({ responses: responses.map(r => ({
        kind: r.message_response,
        services: r.list_services_response ? r.list_services_response.service.map(s => s.name) : undefined,
        files: r.file_descriptor_response ? r.file_descriptor_response.file_descriptor_proto.length : undefined,
        error: r.error_response ? r.error_response.error_code : undefined,
      })) }));
      call.on('error', error => resolve({ code: error.code, details: error.details }));
      call.write({ list_services: '*' });
      call.write({ file_containing_symbol: 'sstpfarm.v1.SessionService' });
      call.write({ file_by_filename: 'no/such.proto' });
    });
  },
};

scenarios[scenario]().then(result => { out({ result }); process.exit(0); }, error => { out({ crash: String(error && error.stack || error) }); process.exit(2); });
