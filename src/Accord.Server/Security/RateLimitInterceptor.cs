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

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var signed = Admit(request, context);
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e) when (signed && IsUnverified(e))
        {
            limiter.ChargeUnverified(context);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var signed = Admit(request, context);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RpcException e) when (signed && IsUnverified(e))
        {
            limiter.ChargeUnverified(context);
            throw;
        }
    }

    /// <summary>
    /// An unsigned call takes from its address's bucket. A signed one is charged to its party later, once its
    /// signature verifies; but an address whose signed calls keep failing authentication (unknown party or
    /// key, bad signature, malformed) pays for them from its own bucket, and is refused while that is empty.
    /// </summary>
    private bool Admit(object request, ServerCallContext context)
    {
        if (!IsSigned(request))
        {
            limiter.TakeRead(context);
            return false;
        }

        limiter.RequireUnverifiedAllowance(context);
        return true;
    }

    private static bool IsUnverified(RpcException e) => e.StatusCode is StatusCode.Unauthenticated or StatusCode.InvalidArgument;

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
