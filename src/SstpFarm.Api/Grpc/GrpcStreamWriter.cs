using Google.Protobuf;

namespace SstpFarm.Api.Grpc;

/// <summary>Streams messages of one call, each flushed at once (dependencies.md: flush every streamed message).</summary>
internal sealed class GrpcStreamWriter<TMessage>(GrpcCall call) : IGrpcStreamWriter<TMessage>
    where TMessage : IMessage<TMessage>
{
    private int _writing;

    public async ValueTask WriteAsync(TMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Interlocked.Exchange(ref _writing, 1) != 0)
        {
            throw new InvalidOperationException("one write at a time: await the previous WriteAsync first");
        }

        try
        {
            await call.WriteMessageAsync(message, flush: true, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }
}
