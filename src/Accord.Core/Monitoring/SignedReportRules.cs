// Monitoring report admission (docs/attestation.md, "The monitoring stream"): the checks a device applies to
// a signed report before the ordering rules of ReportIngestRules: whose device it is, the reporting key of
// the current epoch, the DSSE Ed25519 signature over the bytes as received (RFC 8032), the key's validity,
// and a challenge the device issued. Pure: state comes in as arguments.
using Accord.Core.Common;
using Accord.Core.Envelopes;
using Accord.Core.Parties;

namespace Accord.Core.Monitoring;

/// <summary>A monitoring report as received: the envelope as signed, and what its payload says.</summary>
/// <param name="Envelope">The envelope, payload bytes exactly as received.</param>
/// <param name="Facts">What the payload says; an interval timestamp that is absent or unreadable reads as <see cref="DateTimeOffset.MinValue"/>.</param>
/// <param name="HasIntervalStart">Whether the payload carries an interval start.</param>
/// <param name="HasIntervalEnd">Whether the payload carries an interval end.</param>
/// <param name="IntervalReadable">False when an interval timestamp it carries is not normalized or outside 0001-01-01 to 9999-12-31.</param>
public sealed record SignedReport(SignedEnvelope Envelope, ReportFacts Facts, bool HasIntervalStart, bool HasIntervalEnd, bool IntervalReadable);

/// <summary>Decides whether a signed report reaches the ordering rules (<see cref="ReportIngestRules.Check"/>).</summary>
public static class SignedReportRules
{
    /// <summary>
    /// Checks <paramref name="report"/>, sent by <paramref name="partyId"/> for <paramref name="deviceId"/> (null
    /// <paramref name="device"/>: not enrolled), in this order, refusing with the first reason that applies:
    /// <list type="number">
    /// <item><c>NOT_ENROLLED</c>: the device is not enrolled.</item>
    /// <item><c>NOT_OWNER</c>: another lab enrolled it (<see cref="Permissions"/>, <see cref="PartyAction.StreamReports"/>).</item>
    /// <item><c>NO_REPORTING_KEY</c>: the device has no certified reporting key.</item>
    /// <item>what <see cref="VerifySignature"/> refuses, under the device's current key.</item>
    /// <item><c>UNKNOWN_CHALLENGE</c>: the report's last challenge nonce is none of the device's remembered challenges
    /// (used or expired ones count: reports may be spooled).</item>
    /// </list>
    /// Only <see cref="Refusal.Reason"/> and <see cref="Refusal.Message"/> travel (in <c>accord.v1.ReportResult</c>).
    /// </summary>
    public static Refusal? Check(EnrolledDevice? device, string deviceId, string partyId, SignedReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (device is null)
        {
            return new Refusal(RefusalCode.NotFound, "NOT_ENROLLED", $"device {deviceId} is not enrolled");
        }

        if (Permissions.Check(PartyAction.StreamReports, ActingParty.ById(partyId), PermissionSubject.Of(device.DeviceId, device.PartyId)) is { } notOwner)
        {
            return notOwner;
        }

        if (device.ReportingKey is not { } key)
        {
            return new Refusal(RefusalCode.FailedPrecondition, "NO_REPORTING_KEY", "the device has no certified reporting key");
        }

        if (VerifySignature(key, report) is { } refused)
        {
            return refused;
        }

        var nonce = report.Facts.LastChallengeNonce ?? [];
        foreach (var challenge in device.Challenges)
        {
            if (challenge.Nonce.AsSpan().SequenceEqual(nonce))
            {
                return null;
            }
        }

        return new Refusal(RefusalCode.FailedPrecondition, "UNKNOWN_CHALLENGE", "the report carries no challenge recently issued to this device");
    }

    /// <summary>
    /// Whether <paramref name="report"/> is signed by <paramref name="key"/> and lies inside its validity, with no server
    /// state, in this order:
    /// <list type="number">
    /// <item><c>WRONG_EPOCH</c> (the report names another epoch than the key's) or <c>WRONG_KEY</c>: no signature carries the
    /// key's id.</item>
    /// <item><c>BAD_SIGNATURE</c>: the key's signature does not verify over the bytes received, or the envelope is malformed.</item>
    /// <item><c>MALFORMED</c>: an interval timestamp the report carries is unreadable.</item>
    /// <item><c>KEY_EXPIRED</c>: the interval ends after the key's not_after (ending exactly then is fine).</item>
    /// <item><c>BEFORE_KEY</c>: the interval starts before the key's not_before (starting exactly then is fine).</item>
    /// </list>
    /// An absent interval timestamp passes here; <see cref="ReportIngestRules.Check"/> refuses it as <c>MALFORMED</c>.
    /// Returns null when none applies.
    /// </summary>
    public static Refusal? VerifySignature(ReportingKey key, SignedReport report)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(report);
        switch (EnvelopeVerifier.Verify(report.Envelope, key.PublicKey))
        {
            case EnvelopeCheck.Valid:
                break;
            case EnvelopeCheck.NoSignatureForKey:
                return Refused(report.Facts.BootEpoch != key.BootEpoch ? "WRONG_EPOCH" : "WRONG_KEY",
                    $"the report is not signed by the reporting key of epoch {key.BootEpoch}");
            default:
                return new Refusal(RefusalCode.Unauthenticated, "BAD_SIGNATURE", "the report's signature does not verify under the reporting key");
        }

        if (!report.IntervalReadable)
        {
            return new Refusal(RefusalCode.InvalidArgument, "MALFORMED", "the report's interval is not a valid pair of timestamps (normalized, 0001-01-01 to 9999-12-31)");
        }

        if (report.HasIntervalEnd && report.Facts.IntervalEnd > key.NotAfter)
        {
            return Refused("KEY_EXPIRED", "the report ends after the reporting key's validity");
        }

        if (report.HasIntervalStart && report.Facts.IntervalStart < key.NotBefore)
        {
            return Refused("BEFORE_KEY", "the report starts before its reporting key was valid");
        }

        return null;
    }

    private static Refusal Refused(string reason, string message) => new(RefusalCode.FailedPrecondition, reason, message);
}
