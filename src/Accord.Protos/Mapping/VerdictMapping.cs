// Core AR4SI appraisals (IETF draft-ietf-rats-ar4si) to their protobuf form in
// protos/accord/v1/verdicts.proto: each claim is sent as its tier, whose enum value is the AR4SI
// tier value (none 0, affirming 2, warning 32, contraindicated 96).
using CoreVerdicts = Accord.Core.Verdicts;

namespace Accord.Protos.Mapping;

/// <summary>Maps verdict parts between Core and the wire.</summary>
public static class VerdictMapping
{
    /// <summary>The proto tier of a Core tier (same numbers; none is TRUST_TIER_UNSPECIFIED, 0).</summary>
    public static V1.TrustTier ToProto(CoreVerdicts.TrustTier tier) => tier switch
    {
        CoreVerdicts.TrustTier.None => V1.TrustTier.Unspecified,
        CoreVerdicts.TrustTier.Affirming => V1.TrustTier.Affirming,
        CoreVerdicts.TrustTier.Warning => V1.TrustTier.Warning,
        CoreVerdicts.TrustTier.Contraindicated => V1.TrustTier.Contraindicated,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Not an AR4SI tier."),
    };

    /// <summary>The proto vector: each claim's tier.</summary>
    public static V1.TrustworthinessVector ToProto(CoreVerdicts.TrustworthinessVector vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return new V1.TrustworthinessVector
        {
            InstanceIdentity = ToProto(vector.InstanceIdentity.Tier),
            Configuration = ToProto(vector.Configuration.Tier),
            Executables = ToProto(vector.Executables.Tier),
            FileSystem = ToProto(vector.FileSystem.Tier),
            Hardware = ToProto(vector.Hardware.Tier),
            RuntimeOpaque = ToProto(vector.RuntimeOpaque.Tier),
            StorageOpaque = ToProto(vector.StorageOpaque.Tier),
            SourcedData = ToProto(vector.SourcedData.Tier),
        };
    }

    /// <summary>The proto appraisal: device id, vector, warnings and the root's SHA-256.</summary>
    public static V1.DeviceAppraisal ToProto(CoreVerdicts.DeviceAppraisal appraisal)
    {
        ArgumentNullException.ThrowIfNull(appraisal);
        var proto = new V1.DeviceAppraisal
        {
            DeviceId = appraisal.DeviceId,
            Trustworthiness = ToProto(appraisal.Trustworthiness),
            RootSha256 = appraisal.RootSha256 ?? string.Empty,
        };
        proto.Warnings.AddRange(appraisal.Warnings);
        return proto;
    }
}
