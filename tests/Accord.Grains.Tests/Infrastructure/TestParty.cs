using System.Security.Cryptography;
using Accord.Client;
using Accord.Core.Keys;
using Accord.Grains.Abstractions.Agreements;
using Accord.Grains.Abstractions.Common;
using Accord.Grains.Abstractions.Parties;
using Accord.Protos.V1;
using Google.Protobuf;

namespace Accord.Grains.Tests.Infrastructure;

/// <summary>
/// A party with a fresh unique id and a real Ed25519 key, building the signed envelopes the grains store.
/// The grains do not verify signatures; they parse the payload bytes, which are real protobuf.
/// </summary>
public sealed class TestParty : IDisposable
{
    private TestParty(string id) => Id = id;

    public string Id { get; }

    public PartyKeyPair Key { get; } = PartyKeyPair.Generate();

    /// <summary>A party whose id is <paramref name="name"/> plus a fresh suffix, unique in the shared cluster.</summary>
    public static TestParty Create(string name) => new($"{name}-{Guid.NewGuid():N}");

    public RequestHeader Header(DateTimeOffset issuedAt) => RequestSigning.Header(Id, issuedAt);

    public StoredEnvelope Sign<T>(T payload)
        where T : IMessage<T>
    {
        var envelope = RequestSigning.Sign(payload, Key);
        return new StoredEnvelope
        {
            PayloadType = envelope.PayloadType,
            Payload = envelope.Payload.ToByteArray(),
            Signatures = [.. envelope.Signatures.Select(s => new StoredSignature { KeyId = s.KeyId, Sig = s.Sig.ToByteArray() })],
        };
    }

    public PartyRegistrationCommand Registration(DateTimeOffset issuedAt)
    {
        var payload = new PartyRegistration
        {
            Header = Header(issuedAt),
            DisplayName = $"Test party {Id}",
            Roles = { PartyRole.Lab },
            PublicKey = ByteString.CopyFrom(Key.PublicKey.ToBytes()),
        };
        return new PartyRegistrationCommand
        {
            DisplayName = payload.DisplayName,
            Roles = ["Lab"],
            PublicKey = Key.PublicKey.ToBytes(),
            Registration = Sign(payload),
            IssuedAt = issuedAt,
            Nonce = payload.Header.Nonce,
        };
    }

    /// <summary>A signed commitment statement and the id the registry gives it (a hash of the payload).</summary>
    public (string Id, StoredEnvelope Statement) Statement(DateTimeOffset issuedAt, CommitmentTerms terms, ActivationCondition? condition = null)
    {
        var statement = Sign(new CommitmentStatement { Header = Header(issuedAt), Title = "test commitment", Terms = terms, Condition = condition });
        return (Core.Registry.Identifiers.CommitmentIdFor(statement.Payload), statement);
    }

    public StoredEnvelope Withdrawal(DateTimeOffset issuedAt, string commitmentId) =>
        Sign(new CommitmentWithdrawal { Header = Header(issuedAt), CommitmentId = commitmentId, Reason = "test withdrawal" });

    public StoredEnvelope Attestation(DateTimeOffset issuedAt, string commitmentId, string condition) =>
        Sign(new ConditionAttestation { Header = Header(issuedAt), CommitmentId = commitmentId, Condition = condition, Statement = "seen" });

    /// <summary>A proposal of a fresh agreement among <paramref name="parties"/>; threshold null means all must sign.</summary>
    public (string AgreementId, AgreementProposalCommand Command) Proposal(DateTimeOffset issuedAt, IReadOnlyList<TestParty> parties, int? threshold = null)
    {
        var payload = new AgreementProposal
        {
            Header = Header(issuedAt),
            AgreementId = $"agreement-{Guid.NewGuid():N}",
            Title = "test agreement",
            Text = "The parties pause together.",
            PartyIds = { parties.Select(p => p.Id) },
            Rule = threshold is { } k ? new ActivationRule { Threshold = (uint)k } : new ActivationRule { All = true },
        };
        return (payload.AgreementId, new AgreementProposalCommand
        {
            ProposedBy = Id,
            PartyIds = [.. payload.PartyIds],
            Threshold = threshold ?? parties.Count,
            Proposal = Sign(payload),
        });
    }

    /// <summary>This party's signature over the proposal's exact terms (or over <paramref name="digest"/> when given).</summary>
    public (byte[] Digest, StoredEnvelope Signature) Signature(DateTimeOffset issuedAt, string agreementId, StoredEnvelope proposal, byte[]? digest = null)
    {
        var terms = digest ?? SHA256.HashData(proposal.Payload);
        return (terms, Sign(new AgreementSignature { Header = Header(issuedAt), AgreementId = agreementId, TermsDigest = ByteString.CopyFrom(terms) }));
    }

    public void Dispose() => Key.Dispose();
}
