// Reads the google.rpc.Status an Accord server sends in the grpc-status-details-bin trailer
// (gRPC "richer error model"): its ErrorInfo reason and RetryInfo delay.
using Google.Rpc;
using Grpc.Core;

namespace Accord.Client;

/// <summary>The details of an Accord error: the ErrorInfo reason and, for RATE_LIMITED, when to try again.</summary>
public static class RpcErrorDetails
{
    /// <summary>The reason of a call refused by a rate limit.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>The ErrorInfo reason the server gave, if any.</summary>
    public static string? Reason(RpcException e) =>
        Details(e)?.Details.Select(d => d.TryUnpack<ErrorInfo>(out var info) ? info.Reason : null).FirstOrDefault(r => r is not null);

    /// <summary>The RetryInfo delay the server gave, if any.</summary>
    public static TimeSpan? RetryDelay(RpcException e) =>
        Details(e)?.Details.Select(d => d.TryUnpack<RetryInfo>(out var retry) ? retry.RetryDelay?.ToTimeSpan() : null).FirstOrDefault(t => t is not null);

    /// <summary>Whether the call was refused by a rate limit (RESOURCE_EXHAUSTED, RATE_LIMITED).</summary>
    public static bool IsRateLimited(RpcException e) => e.StatusCode == StatusCode.ResourceExhausted && Reason(e) == RateLimited;

    private static Google.Rpc.Status? Details(RpcException e)
    {
        if (e.Trailers.GetValueBytes("grpc-status-details-bin") is not { } bytes)
        {
            return null;
        }

        try
        {
            return Google.Rpc.Status.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
