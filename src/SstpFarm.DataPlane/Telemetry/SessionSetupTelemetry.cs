using System.Diagnostics;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.DataPlane.Sessions;

namespace SstpFarm.DataPlane.Telemetry;

/// <summary>
/// One connection's setup, accept to network phase: the root span <c>sstp.session.setup</c> with a child
/// span per stage, the stage durations and the final <c>result</c>. Created at accept, it becomes the
/// ambient <see cref="Activity.Current"/> of the connection's flow, so the logs of that connection (and
/// of the session after it) carry its trace id. Without a listener no span exists and only two clock
/// reads per stage remain. Calls come in order from the handshake, then under the session's gate.
/// </summary>
internal sealed class SessionSetupTelemetry
{
    private const string RootSpan = "sstp.session.setup";

    private readonly NodeMetrics _metrics;
    private readonly long _startTimestamp;
    private readonly Activity? _root;
    private Activity? _stageSpan;
    private SetupStage? _stage;
    private long _stageTimestamp;

    public SessionSetupTelemetry(NodeMetrics metrics)
    {
        _metrics = metrics;
        _startTimestamp = Stopwatch.GetTimestamp();
        _root = DataPlaneTelemetry.Source.StartActivity(RootSpan, ActivityKind.Server);
    }

    /// <summary>True once the setup ended (up or failed); later events belong to the session's end.</summary>
    public bool Finished { get; private set; }

    /// <summary>The current stage, if one started.</summary>
    public SetupStage? Stage => _stage;

    /// <summary>Ends the current stage (recording its duration) and starts <paramref name="stage"/>.</summary>
    public void Enter(SetupStage stage)
    {
        if (Finished || _stage == stage)
        {
            return;
        }

        long now = EndStage(ActivityStatusCode.Ok);
        _stage = stage;
        _stageTimestamp = now;
        if (_root is not null)
        {
            Activity? ambient = Activity.Current;
            _stageSpan = DataPlaneTelemetry.Source.StartActivity(TelemetryNames.Of(stage).Span, ActivityKind.Internal, _root.Context);
            Activity.Current = ambient;
        }
    }

    /// <summary>The session is up (IPCP opened): the last stage and the total are recorded, result <c>ok</c>.</summary>
    public void Succeed()
    {
        if (Finished)
        {
            return;
        }

        long now = EndStage(ActivityStatusCode.Ok);
        _metrics.RecordStageDuration("total", NodeMetrics.Seconds(_startTimestamp, now));
        Finish("ok", ActivityStatusCode.Ok, null);
    }

    /// <summary>The connection ended during setup; the unfinished stage records no duration.</summary>
    public void Fail(ConnectionCloseReason reason, IpAllocationStatus? allocation = null, bool draining = false, Exception? error = null)
    {
        if (Finished)
        {
            return;
        }

        if (_stage == SetupStage.Tls)
        {
            _metrics.RecordTlsFailure(TelemetryNames.TlsFailure(reason, error));
        }

        _metrics.RecordKeepaliveTimeout(reason);
        string result = TelemetryNames.SetupResult(reason, allocation, draining);
        if (_stageSpan is not null)
        {
            _stageSpan.SetStatus(ActivityStatusCode.Error, result);
            Stop(_stageSpan);
            _stageSpan = null;
        }

        Finish(result, ActivityStatusCode.Error, reason.ToString());
    }

    private long EndStage(ActivityStatusCode status)
    {
        long now = Stopwatch.GetTimestamp();
        if (_stage is SetupStage previous)
        {
            _metrics.RecordStageDuration(TelemetryNames.Of(previous).Stage, NodeMetrics.Seconds(_stageTimestamp, now));
        }

        if (_stageSpan is not null)
        {
            _stageSpan.SetStatus(status);
            Stop(_stageSpan);
            _stageSpan = null;
        }

        return now;
    }

    private void Finish(string result, ActivityStatusCode status, string? reason)
    {
        Finished = true;
        _metrics.RecordSetup(result);
        if (_root is not null)
        {
            _root.SetTag("result", result);
            if (reason is not null)
            {
                _root.SetTag("sstpfarm.close_reason", reason);
            }

            _root.SetStatus(status, status == ActivityStatusCode.Error ? result : null);
            Stop(_root);
        }
    }

    /// <summary>Stops a span without changing the calling flow's ambient activity (Stop would reset it to the span's parent).</summary>
    private static void Stop(Activity span)
    {
        Activity? ambient = Activity.Current;
        span.Stop();
        Activity.Current = ambient;
    }
}
