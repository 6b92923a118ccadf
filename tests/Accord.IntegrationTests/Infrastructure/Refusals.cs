using Google.Rpc;
using Grpc.Core;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>Asserts that a call is refused with a given status and ErrorInfo reason.</summary>
public static class Refusals
{
    public static async Task<RpcException> AssertRefusedAsync(StatusCode code, string reason, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, e.StatusCode);
        Assert.Equal(reason, e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.False(string.IsNullOrWhiteSpace(e.Status.Detail));
        return e;
    }

    public static IReadOnlyList<string> ViolatedFields(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
}
