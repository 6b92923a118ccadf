// The AR4SI trustworthiness vector (IETF draft-ietf-rats-ar4si, "Trustworthiness Claims" and
// "Trustworthiness Tiers"): eight claims, each a signed 8-bit value whose range is its tier
// (none -1 to 1, affirming 2 to 31 and -32 to -2, warning 32 to 95 and -96 to -33,
// contraindicated 96 to 127 and -128 to -97).
namespace Accord.Core.Verdicts;

/// <summary>An AR4SI trustworthiness tier; the value is the lowest claim value of the tier's positive range.</summary>
public enum TrustTier
{
    /// <summary>No claim (AR4SI values -1 to 1): the evidence is insufficient for a conclusion.</summary>
    None = 0,

    /// <summary>Affirming (2 to 31): the evidence supports this aspect.</summary>
    Affirming = 2,

    /// <summary>Warning (32 to 95): the relying party must judge this aspect itself.</summary>
    Warning = 32,

    /// <summary>Contraindicated (96 to 127): the evidence shows the attester is not trustworthy here.</summary>
    Contraindicated = 96,
}

/// <summary>One AR4SI trustworthiness claim value; its tier follows from its range.</summary>
/// <param name="Value">The AR4SI claim value, -128 to 127.</param>
public readonly record struct TrustClaim(sbyte Value)
{
    /// <summary>0: no claim is made.</summary>
    public static readonly TrustClaim NoClaim = new(0);

    /// <summary>2: instance-identity "recognized and not compromised"; hardware "genuine"; sourced-data "from attesters in the affirming tier".</summary>
    public static readonly TrustClaim Affirmed = new(2);

    /// <summary>32: the lowest warning value. Accord sends it for every warning (hardware "unsafe", sourced-data "untrusted sources"; AR4SI names no warning value for instance-identity).</summary>
    public static readonly TrustClaim Warned = new(32);

    /// <summary>96: instance-identity "recognized but not trustworthy"; hardware "contraindicated"; sourced-data "contraindicated sources".</summary>
    public static readonly TrustClaim Untrustworthy = new(96);

    /// <summary>97: instance-identity and hardware "not recognized" (the chain ends at no trusted root).</summary>
    public static readonly TrustClaim Unrecognized = new(97);

    /// <summary>99: "cryptographic validation of the evidence has failed" (any claim).</summary>
    public static readonly TrustClaim CryptoValidationFailed = new(99);

    /// <summary>The tier of this value's range.</summary>
    public TrustTier Tier => Value switch
    {
        >= -1 and <= 1 => TrustTier.None,
        (>= 2 and <= 31) or (>= -32 and <= -2) => TrustTier.Affirming,
        (>= 32 and <= 95) or (>= -96 and <= -33) => TrustTier.Warning,
        _ => TrustTier.Contraindicated,
    };
}

/// <summary>The eight AR4SI trustworthiness claims about one attester (here: one accelerator).</summary>
public sealed record TrustworthinessVector(
    TrustClaim InstanceIdentity,
    TrustClaim Configuration,
    TrustClaim Executables,
    TrustClaim FileSystem,
    TrustClaim Hardware,
    TrustClaim RuntimeOpaque,
    TrustClaim StorageOpaque,
    TrustClaim SourcedData)
{
    /// <summary>The claims in AR4SI order with their names.</summary>
    public IReadOnlyList<(string Name, TrustClaim Claim)> Claims =>
    [
        ("instance-identity", InstanceIdentity),
        ("configuration", Configuration),
        ("executables", Executables),
        ("file-system", FileSystem),
        ("hardware", Hardware),
        ("runtime-opaque", RuntimeOpaque),
        ("storage-opaque", StorageOpaque),
        ("sourced-data", SourcedData),
    ];

    /// <summary>
    /// The worst tier: contraindicated if any claim is, else warning if any is, else affirming
    /// if any is, else none. A vector with nothing but "none" is never affirming.
    /// </summary>
    public TrustTier Overall
    {
        get
        {
            var tiers = Claims.Select(c => c.Claim.Tier).ToList();
            return tiers.Contains(TrustTier.Contraindicated) ? TrustTier.Contraindicated
                : tiers.Contains(TrustTier.Warning) ? TrustTier.Warning
                : tiers.Contains(TrustTier.Affirming) ? TrustTier.Affirming
                : TrustTier.None;
        }
    }
}

/// <summary>An inspector's appraisal of one device.</summary>
/// <param name="DeviceId">The device id.</param>
/// <param name="Trustworthiness">The AR4SI vector.</param>
/// <param name="Warnings">One line per claim that is not affirming or none, saying why.</param>
/// <param name="RootSha256">The trusted root the identity chain verified to, when it was anchored.</param>
public sealed record DeviceAppraisal(string DeviceId, TrustworthinessVector Trustworthiness, IReadOnlyList<string> Warnings, string? RootSha256);
