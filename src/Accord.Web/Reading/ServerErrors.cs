using Accord.Client;
using Grpc.Core;

namespace Accord.Web.Reading;

/// <summary>A failed call to the Accord servers in one sentence for a page.</summary>
public static class ServerErrors
{
    public static string Describe(RpcException error, IReadOnlyList<Uri> servers)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.StatusCode == StatusCode.Unavailable
            ? $"Cannot reach the Accord server at {string.Join(", ", servers)}: {error.Status.Detail}"
            : $"The Accord server refused: {ServerRefusal.Of(error)}";
    }
}
