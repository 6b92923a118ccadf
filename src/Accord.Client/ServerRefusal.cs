// What an Accord server said when it refused a call or a report: the gRPC status code, the ErrorInfo reason of the
// google.rpc.Status in the grpc-status-details-bin trailer (gRPC "richer error model"), its detail; and the one rule
// on whether trying again can help.
using Grpc.Core;

namespace Accord.Client;

/// <summary>Whether trying again can cure a refusal.</summary>
public enum RefusalKind
{
    /// <summary>The server or the network is down or busy: the same request may succeed later.</summary>
    Transient,

    /// <summary>The request was stale or out of step (an epoch, a challenge, a key's validity): a fresh one may succeed.</summary>
    Curable,

    /// <summary>No retry can cure it (not the owner, an unknown device or party, a bad signature, a malformed request): someone must act.</summary>
    Final,
}

/// <summary>A refusal by the server: a call's status and ErrorInfo reason, or a report's rejection reason.</summary>
/// <param name="Status">The gRPC status of a refused call; null for a report rejected inside an acknowledged batch.</param>
/// <param name="Reason">The ErrorInfo reason (a call) or the result's reason (a report), if any.</param>
/// <param name="Detail">The server's words.</param>
public sealed record ServerRefusal(StatusCode? Status, string? Reason, string Detail)
{
    // Reasons no retry cures, whatever status carries them (report rejections carry no status at all).
    private static readonly HashSet<string> FinalReasons = new(StringComparer.Ordinal)
    {
        "NOT_OWNER", "NOT_A_PARTY", "NOT_A_LAB", "NOT_PERMITTED", "UNKNOWN_DEVICE", "NOT_ENROLLED", "REVOKED",
        "UNKNOWN_PARTY", "UNKNOWN_KEY", "UNSIGNED", "BAD_SIGNATURE",
    };

    private static readonly HashSet<StatusCode> FinalStatuses =
        [StatusCode.PermissionDenied, StatusCode.NotFound, StatusCode.Unauthenticated, StatusCode.InvalidArgument, StatusCode.Unimplemented];

    private static readonly HashSet<StatusCode> TransientStatuses =
        [StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.Internal, StatusCode.Unknown, StatusCode.ResourceExhausted, StatusCode.Aborted, StatusCode.Cancelled];

    /// <summary>The refusal a failed call carries.</summary>
    public static ServerRefusal Of(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.StatusCode, RpcErrorDetails.Reason(e), e.Status.Detail);
    }

    /// <summary>A report the server rejected in an acknowledged batch.</summary>
    public static ServerRefusal OfReport(string reason, string message) => new(null, reason, message);

    /// <summary>
    /// Whether <paramref name="e"/> never reached an Accord server's rules: the connection failed or timed out (UNAVAILABLE,
    /// DEADLINE_EXCEEDED or CANCELLED without an ErrorInfo reason). Such a failure is not a refusal: reconnect.
    /// </summary>
    public static bool IsConnectionFailure(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled && RpcErrorDetails.Reason(e) is null;
    }

    /// <summary>Whether trying again can cure <paramref name="e"/> (the one rule; see <see cref="Kind"/>).</summary>
    public static RefusalKind KindOf(RpcException e) => Of(e).Kind;

    /// <summary>
    /// The one rule: a final reason (not the owner, unknown device or party or key, revoked, unsigned or badly signed) or a
    /// final status (PERMISSION_DENIED, NOT_FOUND, UNAUTHENTICATED, INVALID_ARGUMENT, UNIMPLEMENTED) is
    /// <see cref="RefusalKind.Final"/>; UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, RESOURCE_EXHAUSTED, ABORTED and
    /// CANCELLED are <see cref="RefusalKind.Transient"/>; the rest (FAILED_PRECONDITION, ALREADY_EXISTS, OUT_OF_RANGE, and
    /// a report's other reasons) <see cref="RefusalKind.Curable"/>.
    /// </summary>
    public RefusalKind Kind =>
        Reason is { } reason && FinalReasons.Contains(reason) ? RefusalKind.Final
        : Status is not { } status ? RefusalKind.Curable
        : FinalStatuses.Contains(status) ? RefusalKind.Final
        : TransientStatuses.Contains(status) ? RefusalKind.Transient
        : RefusalKind.Curable;

    /// <summary>The status as gRPC names it: PERMISSION_DENIED, NOT_FOUND (or REJECTED for a report).</summary>
    public string StatusName => Status is { } status ? NameOf(status) : "REJECTED";

    /// <summary>A status code as gRPC names it: "DEADLINE_EXCEEDED" for <see cref="StatusCode.DeadlineExceeded"/>.</summary>
    public static string NameOf(StatusCode status) =>
        System.Text.RegularExpressions.Regex.Replace(status.ToString(), "(?<=[a-z])([A-Z])", "_$1").ToUpperInvariant();

    /// <summary>"PERMISSION_DENIED (NOT_OWNER): party 'lab-b' cannot ..." (the reason in brackets when there is one).</summary>
    public override string ToString() => Reason is null ? $"{StatusName}: {Detail}" : $"{StatusName} ({Reason}): {Detail}";
}
