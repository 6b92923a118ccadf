using Accord.Negotiation.Agents;
using Accord.Negotiation.Analysis;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;
using Microsoft.Extensions.Time.Testing;

namespace Accord.Negotiation.Tests;

public sealed class StrategyAgentTests
{
    [Fact]
    public void Run_BoulwareVsBoulwareOnPauseTreaty_ReachesAgreement()
    {
        var result = NegotiationRunner.Run(TestDomains.PauseTreaty, ["boulware", "boulware"], new ProtocolOptions { MaxRounds = 100, Seed = 1 });

        Assert.True(result.Agreement, result.EndReason);
        Assert.Equal("agreement", result.EndReason);
        Assert.All(result.Metrics.Advantages, a => Assert.True(a >= 0));
        Assert.True(result.Metrics.NashProduct > 0);
        Assert.Equal(result.Deal, result.Trace[^1].Offer);
    }

    [Fact]
    public void Target_Curves_FollowTheDocumentedFormula()
    {
        Assert.Equal(1.0, TimeBasedNegotiator.Target(1, 0.3, 0.2, 0), 12);
        Assert.Equal(0.3, TimeBasedNegotiator.Target(1, 0.3, 0.2, 1), 12);
        Assert.Equal(1 - (0.7 * Math.Pow(0.5, 5)), TimeBasedNegotiator.Target(1, 0.3, 0.2, 0.5), 12);
        Assert.Equal(0.65, TimeBasedNegotiator.Target(1, 0.3, 1, 0.5), 12);
        Assert.Equal(1 - (0.7 * Math.Sqrt(0.5)), TimeBasedNegotiator.Target(1, 0.3, 2, 0.5), 12);
    }

    [Fact]
    public void Run_AgentsNeverAcceptBelowReservation_OverManySeedsAndPairs()
    {
        var domains = new[] { TestDomains.PauseTreaty }.Concat(Enumerable.Range(0, 6).Select(s => RandomDomains.Make(s, s % 3 == 2 ? 3 : 2))).ToArray();
        var sessions = 0;
        foreach (var domain in domains)
        {
            var n = domain.Parties.Count;
            for (var seed = 0; seed < 3; seed++)
            {
                var rng = new Random(seed * 31 + n);
                foreach (var first in AgentFactory.StrategyNames)
                {
                    foreach (var second in AgentFactory.StrategyNames)
                    {
                        var names = Enumerable.Range(0, n).Select(i => i == 0 ? first : i == 1 ? second : AgentFactory.StrategyNames[rng.Next(5)]).ToArray();
                        var result = NegotiationRunner.Run(domain, names, new ProtocolOptions { MaxRounds = 30, Seed = seed, ComputeMetrics = false });
                        sessions++;
                        foreach (var e in result.Trace.Where(e => e.Kind == ActionKind.Accept))
                        {
                            Assert.True(domain.UtilityOf(e.Party).IsAcceptable(e.Offer!), $"{e.Agent} accepted below its reservation in {domain.Name} (seed {seed}).");
                        }

                        if (result.Agreement)
                        {
                            Assert.All(Enumerable.Range(0, n), p => Assert.True(domain.UtilityOf(p).IsAcceptable(result.Deal!)));
                        }
                    }
                }
            }
        }

        Assert.True(sessions >= 500);
    }

    [Fact]
    public void Run_SameSeed_IsDeterministic()
    {
        var a = NegotiationRunner.Run(TestDomains.PauseTreaty, ["micro", "conceder"], new ProtocolOptions { Seed = 7 });
        var b = NegotiationRunner.Run(TestDomains.PauseTreaty, ["micro", "conceder"], new ProtocolOptions { Seed = 7 });

        Assert.Equal(a.Trace.Select(e => (e.Kind, e.Offer)), b.Trace.Select(e => (e.Kind, e.Offer)));
        Assert.Equal(a.Deal, b.Deal);
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("conceder")]
    [InlineData("tit-for-tat")]
    [InlineData("micro")]
    public void Run_EachAgentAgainstConceder_Agrees(string agent)
    {
        var result = NegotiationRunner.Run(TestDomains.PauseTreaty, [agent, "conceder"], new ProtocolOptions { Seed = 3 });

        Assert.True(result.Agreement, $"{agent}: {result.EndReason}");
    }

    [Fact]
    public void Run_ThreeParties_AgreeWhenAllOthersAcceptInARow()
    {
        var domain = RandomDomains.Make(11, 3);

        var result = NegotiationRunner.Run(domain, ["linear", "conceder", "linear"], new ProtocolOptions { Seed = 2 });

        Assert.True(result.Agreement, result.EndReason);
        var last = result.Trace.TakeLast(3).ToArray();
        Assert.Equal(ActionKind.Offer, last[0].Kind);
        Assert.All(last.Skip(1), e => Assert.Equal(ActionKind.Accept, e.Kind));
        Assert.Equal(3, result.Metrics.Utilities.Count);
    }

    [Fact]
    public void Run_TimeDeadline_EndsOnTheFakeClock()
    {
        var clock = new FakeTimeProvider();
        var agents = new INegotiationAgent[] { new Stubborn(clock), new Stubborn(clock) };

        var result = NegotiationRunner.Run(TestDomains.PauseTreaty, agents, new ProtocolOptions { MaxRounds = 1000, TimeLimit = TimeSpan.FromSeconds(10), Time = clock });

        Assert.False(result.Agreement);
        Assert.Equal("deadline (time)", result.EndReason);
        Assert.Equal(10, result.Trace.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Elapsed);
        Assert.Equal(0.5, result.Trace[5].Time, 12);
    }

    [Fact]
    public void Metrics_NoDeal_GivesReservationsAndZeroAdvantage()
    {
        var clock = new FakeTimeProvider();
        var result = NegotiationRunner.Run(TestDomains.PauseTreaty, [new Stubborn(clock), new Stubborn(clock)], new ProtocolOptions { MaxRounds = 5 });
        var a = NegotiationRunner.AnalysisOf(TestDomains.PauseTreaty);

        Assert.Equal("deadline (rounds)", result.EndReason);
        Assert.Equal([0.25, 0.3], result.Metrics.Utilities);
        Assert.Equal([0.0, 0.0], result.Metrics.Advantages);
        Assert.Equal(0, result.Metrics.NashProduct);
        Assert.Equal(OutcomeSpaceAnalysis.Distance([0.25, 0.3], a.Nash!.Utilities), result.Metrics.NashDistance, 12);
    }

    [Fact]
    public void Create_UnknownName_Throws()
    {
        Assert.Throws<ArgumentException>(() => AgentFactory.Create("hardliner"));
        Assert.IsType<AiMediator>(AgentFactory.Create("mediator"));
        Assert.IsType<TitForTatNegotiator>(AgentFactory.Create("TFT"));
    }

    /// <summary>Always offers its best outcome and advances the fake clock by a second per move.</summary>
    private sealed class Stubborn(FakeTimeProvider clock) : INegotiator
    {
        private NegotiatorContext? _context;

        public string Name => "stubborn";

        public void Initialize(NegotiatorContext context) => _context = context;

        public ValueTask<NegotiationAction> ActAsync(NegotiationState state, CancellationToken cancellationToken = default)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var u = _context!.Utility;
            return ValueTask.FromResult(NegotiationAction.Propose(new Outcome(state.Domain.Issues.Select((_, i) => u.BestValue(i)))));
        }

        public ValueTask<TextFeedback> ReviewAsync(NegotiationState state, Outcome text, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new TextFeedback(false, FeedbackReason.WantsMore));
    }
}

/// <summary>Small random domains for property tests.</summary>
internal static class RandomDomains
{
    public static NegotiationDomain Make(int seed, int parties, int issues = 3, int values = 4)
    {
        var rng = new Random(seed);
        var issueList = Enumerable.Range(0, issues).Select(i => Issue.Discrete($"i{i}", Enumerable.Range(0, values).Select(v => $"v{v}"))).ToArray();
        var prefs = Enumerable.Range(0, parties).Select(p =>
        {
            var w = Enumerable.Range(0, issues).Select(_ => rng.NextDouble() + 0.1).ToArray();
            var s = w.Sum();
            return new PartyPreferences(
                $"p{p}",
                w.Select(x => x / s).ToArray(),
                issueList.Select(i => (ValueFunction)new TableValueFunction(i.Labels.ToDictionary(l => l, _ => Math.Round(rng.NextDouble(), 3)))).ToArray(),
                Math.Round(rng.NextDouble() * 0.5, 2),
                1.0,
                []);
        }).ToArray();
        return new NegotiationDomain($"random-{seed}-{parties}", issueList, prefs);
    }
}
