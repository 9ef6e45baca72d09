using System.Net;

namespace SstpFarm.Api.Grpc;

/// <summary>What a handler knows about the call besides its request message.</summary>
/// <param name="Method">The full method path, e.g. <c>/sstpfarm.v1.SessionService/ListSessions</c>.</param>
/// <param name="Caller">Who called, as authentication established it (token name, certificate subject, or "loopback").</param>
/// <param name="Peer">The caller's address.</param>
/// <param name="Deadline">From <c>grpc-timeout</c>; null when the caller set none.</param>
/// <param name="CancellationToken">Fires when the caller cancels, the connection drops, the deadline passes, or the server stops.</param>
public sealed record GrpcCallContext(string Method, string Caller, IPEndPoint? Peer, DateTimeOffset? Deadline, CancellationToken CancellationToken);
