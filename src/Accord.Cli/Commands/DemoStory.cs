using System.Security.Cryptography;
using Accord.Cli.Output;
using Accord.Client;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>What the demo ended with, for the caller to check.</summary>
public sealed record DemoOutcome(AgreementRecord Agreement, IReadOnlyList<CommitmentRecord> Commitments, string RefusedReplay, IReadOnlyList<(string Id, PartyKeyPair Key)> Labs);

/// <summary>
/// The demo's story: three labs register; each signs "I pause runs above 1e26 FLOP for 6 months if the
/// other two do"; the agreement, and with it every pause, activates only when the third signature lands.
/// </summary>
public sealed class DemoStory(RegistryService.RegistryServiceClient registry, IAnsiConsole console)
{
    private static readonly (string Id, string Name)[] Labs =
    [
        ("aurora-labs", "Aurora Labs"),
        ("borealis-ai", "Borealis AI"),
        ("cirrus-research", "Cirrus Research"),
    ];

    public async Task<DemoOutcome> RunAsync(string suffix = "", CancellationToken cancellationToken = default)
    {
        var keys = Labs.Select(_ => PartyKeyPair.Generate()).ToArray();
        var ids = Labs.Select(l => l.Id + suffix).ToArray();
        var agreementId = "pause-accord" + suffix;

        Step(1, "Three labs register, each with its own Ed25519 key");
        var parties = new List<PartyRecord>();
        for (var i = 0; i < Labs.Length; i++)
        {
            var registration = new PartyRegistration
            {
                Header = RequestSigning.Header(ids[i]),
                DisplayName = Labs[i].Name,
                PublicKey = ByteString.CopyFrom(keys[i].PublicKey.ToBytes()),
                Roles = { PartyRole.Lab },
            };
            parties.Add((await registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = RequestSigning.Sign(registration, keys[i]) }, cancellationToken: cancellationToken)).Party);
        }

        console.Write(Tables.Parties(parties));

        Step(2, $"{Labs[0].Name} proposes the pause agreement; it activates only when all three have signed");
        var proposal = new AgreementProposal
        {
            Header = RequestSigning.Header(ids[0]),
            AgreementId = agreementId,
            Title = "Frontier Pause Accord",
            Text = "Each party pauses training runs above 1e26 FLOP for six months, if the other two do the same.",
            Rule = new ActivationRule { All = true },
            PartyIds = { ids },
        };
        var agreement = (await registry.ProposeAgreementAsync(new ProposeAgreementRequest { Envelope = RequestSigning.Sign(proposal, keys[0]) }, cancellationToken: cancellationToken)).Agreement;
        console.Write(Tables.Agreement(agreement));

        Step(3, "Each lab signs a conditional pause: \"I pause runs above 1e26 FLOP for 6 months if the other two do\"");
        var commitmentIds = new List<string>();
        for (var i = 0; i < Labs.Length; i++)
        {
            var statement = new CommitmentStatement
            {
                Header = RequestSigning.Header(ids[i]),
                Title = "Conditional six-month pause above 1e26 FLOP",
                Terms = new CommitmentTerms { PauseWindow = new PauseWindow { ScopeMinFlop = 1e26, DurationMonths = 6 } },
                Condition = new ActivationCondition { AgreementId = agreementId, Parties = new PartySet { PartyIds = { ids } } },
            };
            var response = await registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = RequestSigning.Sign(statement, keys[i]) }, cancellationToken: cancellationToken);
            commitmentIds.Add(response.Commitment.CommitmentId);
        }

        console.Write(Tables.Commitments(await Load(commitmentIds, cancellationToken)));

        Step(4, "The labs sign the agreement's exact terms, one by one");
        var digest = ByteString.CopyFrom(SHA256.HashData(agreement.Proposal.Payload.Span));
        Envelope? lastSignature = null;
        for (var i = 0; i < Labs.Length; i++)
        {
            var signature = new AgreementSignature { Header = RequestSigning.Header(ids[i]), AgreementId = agreementId, TermsDigest = digest };
            lastSignature = RequestSigning.Sign(signature, keys[i]);
            agreement = (await registry.SignAgreementAsync(new SignAgreementRequest { Envelope = lastSignature }, cancellationToken: cancellationToken)).Agreement;
            var commitments = await Load(commitmentIds, cancellationToken);
            console.MarkupLine($"  {Printable.Markup(Labs[i].Name)} signs: agreement {Tables.AgreementStatusText(agreement)}; pauses active: {commitments.Count(c => c.Status == CommitmentStatus.Active)}/{commitments.Count}");
        }

        var final = await Load(commitmentIds, cancellationToken);
        console.Write(Tables.Agreement(agreement));
        console.Write(Tables.Commitments(final));

        Step(5, "Every request is signed, timestamped and single-use: a replayed signature is refused");
        string refused;
        try
        {
            await registry.SignAgreementAsync(new SignAgreementRequest { Envelope = lastSignature }, cancellationToken: cancellationToken);
            refused = "accepted (unexpected)";
        }
        catch (RpcException e)
        {
            refused = CommandRunner.Describe(e);
        }

        console.MarkupLine($"  replay of {Printable.Markup(Labs[^1].Name)}'s signature: [red]{Printable.Markup(refused)}[/]");
        return new DemoOutcome(agreement, final, refused, [.. ids.Zip(keys)]);
    }

    private async Task<List<CommitmentRecord>> Load(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var records = new List<CommitmentRecord>();
        foreach (var id in ids)
        {
            records.Add((await registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = id }, cancellationToken: cancellationToken)).Commitment);
        }

        return records;
    }

    private void Step(int n, string text)
    {
        console.WriteLine();
        console.MarkupLine($"[bold]{n}. {Printable.Markup(text)}[/]");
    }
}
