using System.Collections.Concurrent;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Accord.Server.Security;

/// <summary>
/// Counts every call that carries no signed envelope against its remote address. Signed calls are
/// counted against their party once the signature verifies (<see cref="SignedRequestReader.AuthenticateAsync"/>),
/// so that nobody can spend another party's budget; the monitoring stream counts its hello there and its reports per batch.
/// </summary>
public sealed class RateLimitInterceptor(RequestLimiter limiter) : Interceptor
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> EnvelopeFields = new();

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!IsSigned(request))
        {
            limiter.TakeRead(context);
        }

        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!IsSigned(request))
        {
            limiter.TakeRead(context);
        }

        return continuation(request, responseStream, context);
    }

    /// <summary>Whether the request carries an accord.v1.Envelope (any field of that type, set).</summary>
    public static bool IsSigned(object request)
    {
        if (request is not IMessage message)
        {
            return false;
        }

        var fields = EnvelopeFields.GetOrAdd(message.Descriptor, d =>
            [.. d.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.Message && !f.IsRepeated && f.MessageType == Envelope.Descriptor)]);
        return fields.Any(f => f.Accessor.GetValue(message) is not null);
    }
}
