namespace Accord.Core.Common;

/// <summary>
/// The kind of a refusal, one to one with <c>Accord.Grains.Abstractions.Common.RejectionCode</c> (and so with
/// the gRPC status the server answers): rules in Core refuse with these, grains and services map them.
/// </summary>
public enum RefusalCode
{
    /// <summary>The input itself is wrong (INVALID_ARGUMENT).</summary>
    InvalidArgument,

    /// <summary>The thing named does not exist (NOT_FOUND).</summary>
    NotFound,

    /// <summary>The thing exists already (ALREADY_EXISTS).</summary>
    AlreadyExists,

    /// <summary>The acting party may not do this (PERMISSION_DENIED).</summary>
    PermissionDenied,

    /// <summary>Not in the state this needs (FAILED_PRECONDITION).</summary>
    FailedPrecondition,

    /// <summary>A signature does not verify (UNAUTHENTICATED).</summary>
    Unauthenticated,

    /// <summary>A value outside the range the state allows (OUT_OF_RANGE).</summary>
    OutOfRange,

    /// <summary>A quota of the acting party is used up (RESOURCE_EXHAUSTED).</summary>
    ResourceExhausted,
}

/// <summary>Why a rule says no: a kind, a stable machine-readable reason, a sentence for people, and the field at fault.</summary>
/// <param name="Code">The kind of refusal.</param>
/// <param name="Reason">The stable reason, e.g. <c>STALE_EPOCH</c>; never renamed.</param>
/// <param name="Message">What is wrong, in words a client can show.</param>
/// <param name="Field">The proto field path at fault, or null when no one field is.</param>
public sealed record Refusal(RefusalCode Code, string Reason, string Message, string? Field = null);

/// <summary>What a rule decided: a value when it allows, a <see cref="Refusal"/> when it does not.</summary>
/// <typeparam name="T">What the rule gives when it allows.</typeparam>
public sealed record Checked<T>
{
    private Checked(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    /// <summary>The value when allowed; default when refused.</summary>
    public T? Value { get; }

    /// <summary>Why not; null when allowed.</summary>
    public Refusal? Refusal { get; }

    /// <summary>Whether the rule allows (and <see cref="Value"/> is set).</summary>
    public bool Allowed => Refusal is null;

    /// <summary>Allowed, with <paramref name="value"/>.</summary>
    public static Checked<T> Allow(T value) => new(value, null);

    /// <summary>Refused.</summary>
    public static Checked<T> Refuse(Refusal refusal) => new(default, refusal ?? throw new ArgumentNullException(nameof(refusal)));

    /// <summary>Refused.</summary>
    public static implicit operator Checked<T>(Refusal refusal) => Refuse(refusal);
}
