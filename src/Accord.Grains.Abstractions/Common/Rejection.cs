using Accord.Core.Common;

namespace Accord.Grains.Abstractions.Common;

/// <summary>Why a grain refused a command; the gRPC layer maps the code to a status.</summary>
public enum RejectionCode
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    FailedPrecondition,
    Unauthenticated,
    OutOfRange,
    ResourceExhausted,
}

/// <summary>A refusal with a machine-readable reason (e.g. "REPLAYED_NONCE") and a sentence for people.</summary>
[GenerateSerializer, Immutable, Alias("accord.rejection")]
public sealed record Rejection
{
    [Id(0)] public required RejectionCode Code { get; init; }
    [Id(1)] public required string Reason { get; init; }
    [Id(2)] public required string Message { get; init; }
    [Id(3)] public string? Field { get; init; }

    public static Rejection Of(RejectionCode code, string reason, string message, string? field = null) =>
        new() { Code = code, Reason = reason, Message = message, Field = field };

    /// <summary>A refusal of a rule in Core, as grains return it: the same code, reason, message and field.</summary>
    public static Rejection From(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var code = refusal.Code switch
        {
            RefusalCode.InvalidArgument => RejectionCode.InvalidArgument,
            RefusalCode.NotFound => RejectionCode.NotFound,
            RefusalCode.AlreadyExists => RejectionCode.AlreadyExists,
            RefusalCode.PermissionDenied => RejectionCode.PermissionDenied,
            RefusalCode.FailedPrecondition => RejectionCode.FailedPrecondition,
            RefusalCode.Unauthenticated => RejectionCode.Unauthenticated,
            RefusalCode.OutOfRange => RejectionCode.OutOfRange,
            RefusalCode.ResourceExhausted => RejectionCode.ResourceExhausted,
            _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.Code, "Not a defined refusal code."),
        };
        return Of(code, refusal.Reason, refusal.Message, refusal.Field);
    }
}

/// <summary>Either a value or a rejection; grains return this instead of throwing across the wire.</summary>
[GenerateSerializer, Immutable, Alias("accord.outcome`1")]
public sealed record Outcome<T>
{
    [Id(0)] public T? Value { get; init; }
    [Id(1)] public Rejection? Rejection { get; init; }
    /// <summary>Where the accepted signed object was logged, for commands that log one.</summary>
    [Id(2)] public Log.LogReceipt? Receipt { get; init; }

    public static Outcome<T> Ok(T value, Log.LogReceipt? receipt = null) => new() { Value = value, Receipt = receipt };
    public static Outcome<T> Refuse(Rejection rejection) => new() { Rejection = rejection };
    public static implicit operator Outcome<T>(Rejection rejection) => Refuse(rejection);
    public static implicit operator Outcome<T>(Refusal refusal) => Refuse(Rejection.From(refusal));
}
