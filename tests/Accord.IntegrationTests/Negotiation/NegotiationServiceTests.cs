using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Grpc.Core;

namespace Accord.IntegrationTests.Negotiation;

/// <summary>NegotiationService over real gRPC: sessions run by agents, turned into registry agreements the parties sign.</summary>
[Collection(ServerCollection.Name)]
public sealed class NegotiationServiceTests(AccordServerFixture server)
{
    [Fact]
    public async Task ThreePartySession_BoulwareLinearConceder_EndsInAgreementThatEveryPartySignsUntilActive()
    {
        var labs = new[] { await Lab("frontier"), await Lab("safety"), await Lab("open") };
        var negotiator = await TestParty.RegisterAsync(server.Registry, "negotiator", PartyRole.Negotiator);
        var create = NegotiationData.ThreeLabs(Id("three"), ("boulware", labs[0].Id), ("linear", labs[1].Id), ("conceder", labs[2].Id));

        var created = (await server.Negotiation.CreateSessionAsync(create, await NegotiationData.CreatorAsync(server))).Session;
        var run = (await server.Negotiation.RunSessionAsync(created.SessionId, await NegotiationData.CreatorAsync(server))).Session;

        Assert.Equal(SessionStatus.Created, created.Status);
        Assert.Equal(SessionStatus.Finished, run.Status);
        Assert.True(run.Outcome.Agreement);
        Assert.Equal(new[] { "1e27", "3", "99%" }, run.Outcome.Deal);
        Assert.Equal(3, run.Outcome.Metrics.Utilities.Count);
        Assert.Equal(run.Outcome.Metrics.Rounds, (uint)run.Trace.Max(e => e.Round) + 1);
        Assert.Equal(TraceAction.Accept, run.Trace[^1].Action);

        var agreementId = Id("deal");
        var draft = await server.Negotiation.DraftSessionAgreementAsync(new DraftSessionAgreementRequest { SessionId = created.SessionId, AgreementId = agreementId, Title = "Three-lab compute deal" });
        var proposal = draft.Proposal;
        proposal.Header = RequestSigning.Header(negotiator.Id);
        var proposed = await server.Negotiation.ProposeSessionAgreementAsync(new ProposeSessionAgreementRequest { SessionId = created.SessionId, Envelope = negotiator.Sign(proposal) });

        var agreement = proposed.Agreement;
        Assert.Equal(AgreementStatus.Proposed, agreement.Status);
        Assert.Equal(labs.Select(l => l.Id), agreement.PartyIds);
        Assert.Equal(negotiator.Id, agreement.ProposedBy);
        Assert.True(agreement.Rule.All);
        Assert.Contains("- compute_cap = 1e27\n", agreement.Text);
        Assert.Contains("- pause_months = 3\n", agreement.Text);
        Assert.Contains("- coverage = 99%\n", agreement.Text);
        Assert.Contains($"- {labs[1].Id}: Pause all training runs for 3 months from activation\n", agreement.Text);
        Assert.NotNull(proposed.Receipt);
        Assert.Equal(9, proposed.Commitments.Count);
        Assert.Equal(draft.Commitments, proposed.Commitments);

        // Each lab registers the commitments the deal names for it, conditioned on the agreement, with its own key.
        var commitmentIds = new List<string>();
        foreach (var c in proposed.Commitments)
        {
            var lab = labs.Single(l => l.Id == c.PartyId);
            var statement = new CommitmentStatement { Header = RequestSigning.Header(lab.Id), Title = c.Title, Terms = c.Terms, Condition = c.Condition };
            var registered = (await server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = lab.Sign(statement) })).Commitment;
            Assert.Equal(CommitmentStatus.Pending, registered.Status);
            commitmentIds.Add(registered.CommitmentId);
        }

        var cap = proposed.Commitments.First(c => c.Issue == "compute_cap");
        Assert.Equal(1e27, cap.Terms.TrainingRunCap.MaxFlop);
        Assert.StartsWith("accord commit run-cap --max-flop 1e27 ", cap.Command);
        Assert.Equal(0.99, proposed.Commitments.First(c => c.Issue == "coverage").Terms.MonitoringCoverage.MinShare);
        Assert.Equal(3u, proposed.Commitments.First(c => c.Issue == "pause_months").Terms.PauseWindow.DurationMonths);

        foreach (var lab in labs[..2])
        {
            Assert.Equal(AgreementStatus.Proposed, (await lab.SignAsync(agreement)).Status);
        }

        var signed = await labs[2].SignAsync(agreement);

        Assert.Equal(AgreementStatus.Active, signed.Status);
        Assert.Equal(labs.Select(l => l.Id), signed.Signatures.Select(s => s.PartyId));
        foreach (var id in commitmentIds)
        {
            Assert.Equal(CommitmentStatus.Active, (await server.Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = id })).Commitment.Status);
        }
    }

    [Fact]
    public async Task WatchSession_FinishedSession_StreamsEveryMoveThenTheOutcome()
    {
        var labs = new[] { await Lab("w1"), await Lab("w2"), await Lab("w3") };
        var session = (await server.Negotiation.CreateSessionAsync(NegotiationData.ThreeLabs(Id("watch"), ("boulware", labs[0].Id), ("linear", labs[1].Id), ("conceder", labs[2].Id)), await NegotiationData.CreatorAsync(server))).Session;
        var run = (await server.Negotiation.RunSessionAsync(session.SessionId, await NegotiationData.CreatorAsync(server))).Session;

        var events = await Watch(session.SessionId, 0);
        var tail = await Watch(session.SessionId, run.EventCount - 2);

        Assert.Equal((int)run.EventCount, events.Count);
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (uint)i), events.Select(e => e.Index));
        Assert.Equal(run.Trace, events.Where(e => e.EventCase == SessionEvent.EventOneofCase.Move).Select(e => e.Move));
        Assert.Equal(SessionEvent.EventOneofCase.Ended, events[^1].EventCase);
        Assert.Equal(run.Outcome, events[^1].Ended);
        Assert.Equal(events[^2..], tail);
    }

    [Fact]
    public async Task GeniusDomain_MediatedProtocol_ReachesTheNashPoint()
    {
        var labs = new[] { await Lab("state"), await Lab("lab") };
        var folder = SharedFolder.PauseTreaty;
        var genius = new GeniusDomain { DomainXml = await File.ReadAllTextAsync(Path.Combine(folder, "PauseTreaty-domain.xml")), Name = "PauseTreaty" };
        foreach (var party in new[] { "ConcernedState", "FrontierLab" })
        {
            genius.Profiles.Add(new GeniusProfile { PartyName = party, Xml = await File.ReadAllTextAsync(Path.Combine(folder, $"PauseTreaty-{party}.xml")) });
        }

        var request = new SessionCreation
        {
            SessionId = Id("genius"),
            Genius = genius,
            Seats = { new Seat { Agent = "boulware", PartyId = labs[0].Id }, new Seat { Agent = "boulware", PartyId = labs[1].Id } },
            Options = new NegotiationSettings { Protocol = NegotiationProtocol.Mediated },
        };

        await server.Negotiation.CreateSessionAsync(request, await NegotiationData.CreatorAsync(server));
        var run = (await server.Negotiation.RunSessionAsync(request.SessionId, await NegotiationData.CreatorAsync(server))).Session;

        Assert.Equal(new[] { "ConcernedState", "FrontierLab" }, run.Seats.Select(s => s.Name));
        Assert.True(run.Outcome.Agreement);
        Assert.Equal(new[] { "3e26", "6", "99%", "24 hours" }, run.Outcome.Deal);
        Assert.Equal(0, run.Outcome.Metrics.NashDistance, 9);
        Assert.Contains("Nash bargaining point", run.Outcome.Explanation);
        Assert.Equal(-1, run.Trace[0].Party);
    }

    [Fact]
    public async Task ProposeSessionAgreement_TextNotTheDeal_InvalidArgument()
    {
        var labs = new[] { await Lab("t1"), await Lab("t2"), await Lab("t3") };
        var session = (await server.Negotiation.CreateSessionAsync(NegotiationData.ThreeLabs(Id("tamper"), ("boulware", labs[0].Id), ("linear", labs[1].Id), ("conceder", labs[2].Id)), await NegotiationData.CreatorAsync(server))).Session;
        await server.Negotiation.RunSessionAsync(session.SessionId, await NegotiationData.CreatorAsync(server));
        var draft = await server.Negotiation.DraftSessionAgreementAsync(new DraftSessionAgreementRequest { SessionId = session.SessionId, AgreementId = Id("tampered") });
        var proposal = draft.Proposal;
        proposal.Header = RequestSigning.Header(labs[0].Id);
        proposal.Text = proposal.Text.Replace("1e27", "1e28", StringComparison.Ordinal);

        var e = await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "NOT_THE_DEAL",
            () => server.Negotiation.ProposeSessionAgreementAsync(new ProposeSessionAgreementRequest { SessionId = session.SessionId, Envelope = labs[0].Sign(proposal) }).ResponseAsync);

        Assert.Contains("text", Refusals.ViolatedFields(e));
        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_AGREEMENT",
            () => server.Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = proposal.AgreementId }).ResponseAsync);
    }

    private async Task<List<SessionEvent>> Watch(string sessionId, uint from)
    {
        using var call = server.Negotiation.WatchSession(new WatchSessionRequest { SessionId = sessionId, FromIndex = from });
        var events = new List<SessionEvent>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            events.Add(call.ResponseStream.Current.Event);
        }

        return events;
    }

    private Task<TestParty> Lab(string prefix) => TestParty.RegisterAsync(server.Registry, prefix);

    private static string Id(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
