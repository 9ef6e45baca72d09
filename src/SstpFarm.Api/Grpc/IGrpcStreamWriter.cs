namespace SstpFarm.Api.Grpc;

/// <summary>Sends the messages of a server-streaming call; each write is flushed to the caller.</summary>
public interface IGrpcStreamWriter<in TMessage>
{
    ValueTask WriteAsync(TMessage message, CancellationToken cancellationToken);
}
