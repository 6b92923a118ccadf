using System.Security.Cryptography;
using Accord.Client;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Google.Protobuf;

namespace Accord.Testing;

/// <summary>A party with a real Ed25519 key that builds and sends signed requests.</summary>
public sealed class TestParty(RegistryService.RegistryServiceClient registry, string id, PartyRole role)
{
    public string Id { get; } = id;

    public PartyKeyPair Key { get; } = PartyKeyPair.Generate();

    public PartyRole Role { get; } = role;

    public static async Task<TestParty> RegisterAsync(RegistryService.RegistryServiceClient registry, string prefix, PartyRole role = PartyRole.Lab)
    {
        var party = new TestParty(registry, $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 9, 64)], role);
        await party.RegisterSelfAsync();
        return party;
    }

    /// <summary>Registers the party; a role other than lab is then granted by the test governance body.</summary>
    public async Task RegisterSelfAsync()
    {
        await registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = Sign(Registration()) });
        if (Role != PartyRole.Lab)
        {
            await TestGovernance.GrantAsync(registry, Id, Role);
        }
    }

    /// <summary>The party's registration: a lab claims its role; any other claims none, to be granted it.</summary>
    public PartyRegistration Registration()
    {
        var registration = new PartyRegistration
        {
            Header = RequestSigning.Header(Id),
            DisplayName = $"Test party {Id}",
            PublicKey = ByteString.CopyFrom(Key.PublicKey.ToBytes()),
        };
        if (Role == PartyRole.Lab)
        {
            registration.Roles.Add(Role);
        }

        return registration;
    }

    public Envelope Sign<T>(T payload)
        where T : IMessage<T> => RequestSigning.Sign(payload, Key);

    public CommitmentStatement Statement(CommitmentTerms terms, ActivationCondition? condition = null, RequestHeader? header = null) => new()
    {
        Header = header ?? RequestSigning.Header(Id),
        Title = "test commitment",
        Terms = terms,
        Condition = condition,
    };

    public async Task<CommitmentRecord> CommitAsync(CommitmentTerms terms, ActivationCondition? condition = null) =>
        (await registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = Sign(Statement(terms, condition)) })).Commitment;

    public async Task<AgreementRecord> ProposeAsync(string agreementId, IEnumerable<string> parties, uint? threshold = null)
    {
        var proposal = new AgreementProposal
        {
            Header = RequestSigning.Header(Id),
            AgreementId = agreementId,
            Title = "test agreement",
            Text = "terms",
            Rule = threshold is { } k ? new ActivationRule { Threshold = k } : new ActivationRule { All = true },
            PartyIds = { parties },
        };
        return (await registry.ProposeAgreementAsync(new ProposeAgreementRequest { Envelope = Sign(proposal) })).Agreement;
    }

    public Envelope SignatureOn(AgreementRecord agreement) => Sign(new AgreementSignature
    {
        Header = RequestSigning.Header(Id),
        AgreementId = agreement.AgreementId,
        TermsDigest = ByteString.CopyFrom(SHA256.HashData(agreement.Proposal.Payload.Span)),
    });

    public async Task<AgreementRecord> SignAsync(AgreementRecord agreement) =>
        (await registry.SignAgreementAsync(new SignAgreementRequest { Envelope = SignatureOn(agreement) })).Agreement;

    public static CommitmentTerms Pause(double aboveFlop = 1e26, uint months = 6) =>
        new() { PauseWindow = new PauseWindow { ScopeMinFlop = aboveFlop, DurationMonths = months } };
}
