using Accord.Core.Requests;

namespace Accord.Grains.Common;

/// <summary>Turns a freshness verdict from Core into the rejection a caller sees.</summary>
public static class Freshness
{
    public static Rejection? RejectionFor(FreshnessVerdict verdict, DateTimeOffset issuedAt, DateTimeOffset now, TimeSpan skew) => verdict switch
    {
        FreshnessVerdict.Fresh => null,
        FreshnessVerdict.TooOld => Rejection.Of(RejectionCode.FailedPrecondition, "STALE_REQUEST",
            $"request issued at {issuedAt:O} is older than the allowed clock skew of {skew} (server time {now:O})", "header.issued_at"),
        FreshnessVerdict.TooNew => Rejection.Of(RejectionCode.FailedPrecondition, "FUTURE_REQUEST",
            $"request issued at {issuedAt:O} is further in the future than the allowed clock skew of {skew} (server time {now:O})", "header.issued_at"),
        FreshnessVerdict.Replayed => Rejection.Of(RejectionCode.AlreadyExists, "REPLAYED_NONCE",
            "this nonce was already used by this party inside the freshness window", "header.nonce"),
        _ => Rejection.Of(RejectionCode.InvalidArgument, "MALFORMED_NONCE",
            $"nonce must be {RequestFreshness.MinNonceLength} to {RequestFreshness.MaxNonceLength} printable ASCII characters", "header.nonce"),
    };
}
