using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Agreements;

/// <summary>One agreement, keyed by agreement id.</summary>
[Alias("accord.agreement")]
public interface IAgreementGrain : IGrainWithStringKey
{
    /// <summary>Records a proposal; refused if the id is taken.</summary>
    [Alias("propose")]
    Task<Outcome<AgreementState>> Propose(AgreementProposalCommand command, CancellationToken cancellationToken = default);

    /// <summary>Records a party's signature over the exact terms; activates the agreement when its rule is met.</summary>
    [Alias("sign")]
    Task<Outcome<AgreementState>> Sign(string partyId, byte[] termsDigest, StoredEnvelope signature, CancellationToken cancellationToken = default);

    /// <summary>Attaches a commitment whose activation condition names this agreement (idempotent); returns the agreement with its signatures so far.</summary>
    [Alias("attach-commitment")]
    Task<Outcome<AgreementState>> AttachCommitment(string commitmentId, CancellationToken cancellationToken = default);

    /// <summary>The agreement, or null when unknown. Read-only, so it may interleave with a signature in progress.</summary>
    [Alias("get")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<AgreementState?> Get();
}
