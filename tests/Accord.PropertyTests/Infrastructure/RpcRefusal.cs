using Google.Rpc;
using Grpc.Core;

namespace Accord.PropertyTests.Infrastructure;

/// <summary>What every refusal by the server looks like: a specific status and an ErrorInfo reason.</summary>
internal static class RpcRefusal
{
    /// <summary>Fails unless <paramref name="e"/> has one of <paramref name="codes"/> and an accord.v1 ErrorInfo with a reason.</summary>
    public static string Check(RpcException e, params StatusCode[] codes)
    {
        Assert.True(codes.Contains(e.StatusCode), $"status {e.StatusCode} ({e.Status.Detail}) is not one of {string.Join(", ", codes)}");
        var info = e.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("accord.v1", info.Domain);
        Assert.False(string.IsNullOrWhiteSpace(info.Reason), "ErrorInfo without a reason");
        return info.Reason;
    }

    /// <summary>Any status a refusal may carry: never OK, Unknown or Internal.</summary>
    public static readonly StatusCode[] Specific =
    [
        StatusCode.InvalidArgument, StatusCode.Unauthenticated, StatusCode.PermissionDenied, StatusCode.NotFound,
        StatusCode.AlreadyExists, StatusCode.FailedPrecondition, StatusCode.OutOfRange,
    ];
}
