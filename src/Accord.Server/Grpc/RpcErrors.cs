using Accord.Core.Common;
using Accord.Core.Registry;
using Accord.Grains.Abstractions.Common;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Accord.Server.Grpc;

/// <summary>
/// Builds the errors clients see: a gRPC status, a one-line message, and google.rpc details
/// (ErrorInfo with a stable reason such as "REPLAYED_NONCE"; BadRequest with the offending fields).
/// </summary>
public static class RpcErrors
{
    /// <summary>The ErrorInfo domain of every Accord error.</summary>
    public const string Domain = "accord.v1";

    public static RpcException Of(StatusCode code, string reason, string message, params FieldViolation[] violations)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = Domain }));
        if (violations.Length > 0)
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(badRequest));
        }

        return status.ToRpcException();
    }

    /// <summary>
    /// RESOURCE_EXHAUSTED with reason RATE_LIMITED: the ErrorInfo carries "retry_after_ms", a google.rpc.RetryInfo
    /// the delay, and the trailer "retry-after" the whole seconds to wait (as HTTP's Retry-After).
    /// </summary>
    public static RpcException RateLimited(string message, TimeSpan retryAfter)
    {
        var status = new Google.Rpc.Status { Code = (int)StatusCode.ResourceExhausted, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo
        {
            Reason = "RATE_LIMITED",
            Domain = Domain,
            Metadata = { ["retry_after_ms"] = ((long)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }));
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        var trailers = new Metadata
        {
            { "grpc-status-details-bin", status.ToByteArray() },
            { "retry-after", ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        return new RpcException(new global::Grpc.Core.Status(StatusCode.ResourceExhausted, message), trailers);
    }

    public static RpcException Invalid(IReadOnlyList<FieldViolation> violations, string reason = "INVALID_ARGUMENT") =>
        Of(StatusCode.InvalidArgument, reason, string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")), [.. violations]);

    public static RpcException Invalid(string field, string description, string reason = "INVALID_ARGUMENT") =>
        Invalid([new FieldViolation(field, description)], reason);

    /// <summary>Throws INVALID_ARGUMENT on <paramref name="field"/> unless the value is a party or agreement id.</summary>
    /// <summary>
    /// Refuses INVALID_ARGUMENT, naming <paramref name="field"/>, a text of fewer than <paramref name="min"/> or more than
    /// <paramref name="max"/> characters, or one holding a control character (newlines only where <paramref name="allowNewlines"/>).
    /// </summary>
    public static void RequireText(string field, string value, int min, int max, bool allowNewlines = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length < min || value.Length > max)
        {
            throw Invalid(field, $"must be {min} to {max} characters");
        }

        if (Core.Registry.TextRules.ControlCharacter(value, allowNewlines) is { } control)
        {
            throw Invalid(field, control);
        }
    }

    public static void RequireSlug(string? value, string field)
    {
        if (!Identifiers.IsValidSlug(value))
        {
            throw Invalid(field, "must be 1 to 64 of [a-z0-9._-], starting with a letter or digit");
        }
    }

    public static RpcException From(Rejection rejection)
    {
        var code = rejection.Code switch
        {
            RejectionCode.InvalidArgument => StatusCode.InvalidArgument,
            RejectionCode.NotFound => StatusCode.NotFound,
            RejectionCode.AlreadyExists => StatusCode.AlreadyExists,
            RejectionCode.PermissionDenied => StatusCode.PermissionDenied,
            RejectionCode.FailedPrecondition => StatusCode.FailedPrecondition,
            RejectionCode.Unauthenticated => StatusCode.Unauthenticated,
            RejectionCode.OutOfRange => StatusCode.OutOfRange,
            RejectionCode.ResourceExhausted => StatusCode.ResourceExhausted,
            _ => StatusCode.Internal,
        };
        return rejection.Field is { } field
            ? Of(code, rejection.Reason, rejection.Message, new FieldViolation(field, rejection.Message))
            : Of(code, rejection.Reason, rejection.Message);
    }

    /// <summary>A refusal of a rule in Core, as <see cref="From(Rejection)"/> answers its grain-side form.</summary>
    public static RpcException From(Refusal refusal) => From(Rejection.From(refusal));

    /// <summary>The value a Core rule allows, or its refusal thrown as an RpcException.</summary>
    public static T OrThrow<T>(Checked<T> checkedValue) =>
        checkedValue.Refusal is { } refusal ? throw From(refusal) : checkedValue.Value!;

    /// <summary>The value of an outcome, or the rejection thrown as an RpcException.</summary>
    public static T OrThrow<T>(this Outcome<T> outcome) =>
        outcome.Rejection is { } rejection ? throw From(rejection) : outcome.Value!;
}
