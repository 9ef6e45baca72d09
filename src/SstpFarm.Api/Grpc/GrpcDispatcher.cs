using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using SstpFarm.Api.Security;

namespace SstpFarm.Api.Grpc;

/// <summary>
/// Serves one HTTP/2 request as a gRPC call: checks the request, routes it, authenticates and
/// authorizes the caller, runs the method under its deadline and the caller's cancellation, and
/// ends with the status — Trailers-Only when no message went out (PROTOCOL-HTTP2.md "Responses").
/// </summary>
internal sealed class GrpcDispatcher
{
    private const string GenericInternalMessage = "internal error (see the server log)";

    /// <summary>Longer timeouts (grpc-timeout allows 99,999,999 hours) are treated as this: beyond any call, within a timer's range.</summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(30);

    private readonly GrpcMethodTable _methods;
    private readonly ApiAuthenticator _authenticator;
    private readonly int _maxReceiveMessageSize;
    private readonly int _maxSendMessageSize;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;

    public GrpcDispatcher(GrpcMethodTable methods, ApiAuthenticator authenticator, int maxReceiveMessageSize, int maxSendMessageSize, ILogger logger, CancellationToken stopping)
    {
        _methods = methods;
        _authenticator = authenticator;
        _maxReceiveMessageSize = maxReceiveMessageSize;
        _maxSendMessageSize = maxSendMessageSize;
        _stopping = stopping;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext http)
    {
        HttpRequest request = http.Request;
        HttpResponse response = http.Response;

        // PROTOCOL-HTTP2.md: a request whose content-type does not start with application/grpc gets HTTP 415.
        if (!HttpMethods.IsPost(request.Method) || !GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            response.StatusCode = StatusCodes.Status426UpgradeRequired;
            return;
        }

        response.ContentType = GrpcProtocol.ContentType;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // Streams are unbounded; each message is held to the receive limit instead.
            bodySize.MaxRequestBodySize = null;
        }

        string path = request.Path.Value ?? string.Empty;
        string peer = http.Connection.RemoteIpAddress is { } address ? $"{address}:{http.Connection.RemotePort}" : "unknown";
        if (!_methods.TryGet(path, out GrpcMethod? method))
        {
            Finish(http, null, GrpcStatusCode.Unimplemented, $"unknown method {path}");
            return;
        }

        string? encoding = request.Headers[GrpcProtocol.EncodingHeader];
        if (!string.IsNullOrEmpty(encoding) && encoding != GrpcProtocol.IdentityEncoding)
        {
            response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.IdentityEncoding;
            Finish(http, null, GrpcStatusCode.Unimplemented, $"grpc-encoding '{encoding}' is not supported (identity only)");
            return;
        }

        TimeSpan? timeout = null;
        string? timeoutText = request.Headers[GrpcProtocol.TimeoutHeader];
        if (!string.IsNullOrEmpty(timeoutText))
        {
            // The spec gives no rule for a malformed value; like grpc-go we fail the call rather than run it without a deadline.
            if (!GrpcTimeout.TryParse(timeoutText, out TimeSpan parsed))
            {
                Finish(http, null, GrpcStatusCode.Internal, "malformed grpc-timeout");
                return;
            }

            timeout = parsed > MaxTimeout ? MaxTimeout : parsed;
        }

        X509Certificate2? certificate = http.Connection.ClientCertificate;
        ApiCaller? caller = _authenticator.Authenticate(request.Headers.Authorization, certificate, http.Connection.RemoteIpAddress, out string reason);
        if (caller is null)
        {
            ApiLog.Unauthenticated(_logger, path, peer, reason);
            Finish(http, null, GrpcStatusCode.Unauthenticated, reason);
            return;
        }

        if (method.Access == ApiAccess.Admin && caller.Role != ApiRole.Admin)
        {
            ApiLog.PermissionDenied(_logger, path, peer, caller.Name);
            Finish(http, null, GrpcStatusCode.PermissionDenied, $"{path} needs the admin role; '{caller.Name}' has read");
            return;
        }

        await RunAsync(http, method, caller, peer, timeout);
    }

    private async Task RunAsync(HttpContext http, GrpcMethod method, ApiCaller caller, string peer, TimeSpan? timeout)
    {
        long started = Stopwatch.GetTimestamp();
        using Activity? activity = ApiTelemetry.Source.StartActivity(method.Path.TrimStart('/'), ActivityKind.Server);
        activity?.SetTag("rpc.system", "grpc");
        activity?.SetTag("rpc.service", method.Service);
        activity?.SetTag("rpc.method", method.Name);
        using var deadline = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping, deadline.Token);
        if (timeout is { } t)
        {
            deadline.CancelAfter(t);
        }

        var call = new GrpcCall(http.Request.BodyReader, http.Response.BodyWriter, _maxReceiveMessageSize, _maxSendMessageSize);
        var peerEndPoint = http.Connection.RemoteIpAddress is { } address ? new System.Net.IPEndPoint(address, http.Connection.RemotePort) : null;
        var context = new GrpcCallContext(method.Path, caller.Name, peerEndPoint, timeout is null ? null : DateTimeOffset.UtcNow + timeout.Value, linked.Token);
        GrpcStatusCode status = GrpcStatusCode.OK;
        string? message = null;
        try
        {
            linked.Token.ThrowIfCancellationRequested();
            await method.InvokeAsync(call, context);
        }
        catch (GrpcException e)
        {
            (status, message) = (e.Status, e.Message);
        }
        catch (Exception e) when (linked.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            (status, message) = (GrpcStatusCode.Cancelled, "cancelled");
        }
        catch (Exception e)
        {
            ApiLog.CallFailed(_logger, method.Path, caller.Name, e);
            (status, message) = (GrpcStatusCode.Internal, GenericInternalMessage);
        }

        long elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (http.RequestAborted.IsCancellationRequested)
        {
            // RST_STREAM or a dropped connection: nobody is left to read a status.
            ApiLog.CallCancelled(_logger, method.Path, caller.Name, elapsedMs);
            return;
        }

        // A stream that ended because its token fired ended for the deadline or the shutdown, not by itself.
        if (linked.IsCancellationRequested && (status != GrpcStatusCode.OK || method.Kind != GrpcMethodKind.Unary))
        {
            (status, message) = deadline.IsCancellationRequested
                ? (GrpcStatusCode.DeadlineExceeded, "deadline exceeded")
                : (GrpcStatusCode.Unavailable, "the server is shutting down");
        }

        activity?.SetTag("rpc.grpc.status_code", (int)status);
        if (status != GrpcStatusCode.OK)
        {
            activity?.SetStatus(ActivityStatusCode.Error, status.ToString());
        }

        ApiTelemetry.RecordCall(method.Path, (int)status);
        ApiLog.CallCompleted(_logger, method.Path, caller.Name, status, elapsedMs);
        if (method.Access == ApiAccess.Admin)
        {
            ApiLog.AdminCall(_logger, method.Path, caller.Name, peer, status);
        }

        Finish(http, call, status, message);
    }

    /// <summary>Sets the status: in the headers (Trailers-Only) when no message was written, else in the trailers.</summary>
    private static void Finish(HttpContext http, GrpcCall? call, GrpcStatusCode status, string? message)
    {
        bool trailersOnly = call is null || call.MessagesWritten == 0;
        string code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string? encoded = string.IsNullOrEmpty(message) ? null : GrpcStatusMessage.Encode(message);
        if (trailersOnly)
        {
            http.Response.Headers[GrpcProtocol.StatusHeader] = code;
            if (encoded is not null)
            {
                http.Response.Headers[GrpcProtocol.MessageHeader] = encoded;
            }

            return;
        }

        http.Response.AppendTrailer(GrpcProtocol.StatusHeader, code);
        if (encoded is not null)
        {
            http.Response.AppendTrailer(GrpcProtocol.MessageHeader, encoded);
        }
    }
}
