using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace SstpFarm.Api.Grpc;

/// <summary>
/// The message I/O of one call over the HTTP/2 request and response bodies: length-prefixed
/// messages in (with the receive limit), length-prefixed messages out. Status and headers are the
/// dispatcher's business; this class only counts what it wrote, so the dispatcher knows whether
/// the answer can still be Trailers-Only.
/// </summary>
internal sealed class GrpcCall(PipeReader requestBody, PipeWriter responseBody, int maxReceiveMessageSize, int maxSendMessageSize)
{
    private int _messagesWritten;

    public int MessagesWritten => Volatile.Read(ref _messagesWritten);

    /// <summary>The next request message, or null at the end of the request stream.</summary>
    public async ValueTask<T?> ReadMessageAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        while (true)
        {
            ReadResult result = await requestBody.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            switch (GrpcFrame.TryRead(buffer, maxReceiveMessageSize, out ReadOnlySequence<byte> payload, out SequencePosition consumed, out GrpcFrameError error))
            {
                case OperationStatus.Done:
                    try
                    {
                        return parser.ParseFrom(payload);
                    }
                    catch (InvalidProtocolBufferException)
                    {
                        throw new GrpcException(GrpcStatusCode.Internal, $"the request message is not a valid {typeof(T).Name}");
                    }
                    finally
                    {
                        requestBody.AdvanceTo(consumed);
                    }

                case OperationStatus.InvalidData:
                    requestBody.AdvanceTo(buffer.Start);
                    throw error switch
                    {
                        GrpcFrameError.TooLarge => new GrpcException(GrpcStatusCode.ResourceExhausted, $"request message larger than the limit of {maxReceiveMessageSize} bytes"),
                        GrpcFrameError.Compressed => new GrpcException(GrpcStatusCode.Unimplemented, "compressed messages are not supported (grpc-accept-encoding: identity)"),
                        _ => new GrpcException(GrpcStatusCode.Internal, "invalid message framing (Compressed-Flag not 0 or 1)"),
                    };

                default:
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        requestBody.AdvanceTo(buffer.End);
                        return buffer.IsEmpty ? default : throw new GrpcException(GrpcStatusCode.Internal, "the request stream ended inside a message");
                    }

                    requestBody.AdvanceTo(buffer.Start, buffer.End);
                    break;
            }
        }
    }

    /// <summary>Exactly one request message followed by the end of the stream (unary and server-streaming methods).</summary>
    public async ValueTask<T> ReadSingleAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        T request = await ReadMessageAsync(parser, cancellationToken)
            ?? throw new GrpcException(GrpcStatusCode.Internal, "the request stream ended without a message");
        return await ReadMessageAsync(parser, cancellationToken) is null
            ? request
            : throw new GrpcException(GrpcStatusCode.Internal, "more than one request message for a method that takes one");
    }

    public async IAsyncEnumerable<T> ReadAllAsync<T>(MessageParser<T> parser, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        while (await ReadMessageAsync(parser, cancellationToken) is { } message)
        {
            yield return message;
        }
    }

    public async ValueTask WriteMessageAsync(IMessage message, bool flush, CancellationToken cancellationToken)
    {
        int size = message.CalculateSize();
        if (size > maxSendMessageSize)
        {
            throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"response message larger than the limit of {maxSendMessageSize} bytes");
        }

        int length = GrpcFrame.HeaderLength + size;
        Span<byte> span = responseBody.GetSpan(length)[..length];
        GrpcFrame.WriteHeader(span, size);
        message.WriteTo(span[GrpcFrame.HeaderLength..]);
        responseBody.Advance(length);
        Interlocked.Increment(ref _messagesWritten);
        if (flush)
        {
            await responseBody.FlushAsync(cancellationToken);
        }
    }
}
