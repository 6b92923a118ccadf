using Accord.Core.Agreements;
using Accord.Core.Commitments;
using Accord.Negotiation.Agreements;
using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Tests;

public sealed class DealAgreementTests
{
    [Theory]
    [InlineData("Per-run compute cap (FLOP)", DealTermKind.ComputeCap)]
    [InlineData("compute_cap", DealTermKind.ComputeCap)]
    [InlineData("Pause length (months)", DealTermKind.PauseMonths)]
    [InlineData("pause_months", DealTermKind.PauseMonths)]
    [InlineData("Monitoring coverage", DealTermKind.Coverage)]
    [InlineData("Inspection notice", DealTermKind.NoticeHours)]
    [InlineData("notice_hours", DealTermKind.NoticeHours)]
    [InlineData("Sanction", null)]
    [InlineData("Compute reporting", null)]
    public void KindOf_IssueName_MapsByNormalizedWords(string issue, DealTermKind? kind) =>
        Assert.Equal(kind, DealCommitments.KindOf(issue));

    [Fact]
    public void Normalize_PauseTreatyCapIssue_LowercaseWordsJoinedByUnderscores() =>
        Assert.Equal("per_run_compute_cap_flop_", DealCommitments.Normalize("Per-run compute cap (FLOP)"));

    [Fact]
    public void Map_PauseTreatyNashPoint_OneCommitmentPerIssue()
    {
        var d = TestDomains.PauseTreaty;

        var terms = DealCommitments.Map(d, d.OutcomeOf("3e26", "6", "99%", "24 hours"));

        Assert.Equal(new TrainingRunComputeCap(3e26, new ComputeMeasure(CountingBasis.EstimatedFromUtilization, Precision.Bf16)), terms[0].Terms);
        Assert.Equal(new PauseWindow(0, null, new PauseForMonths(6), null), terms[1].Terms);
        Assert.Equal(new MonitoringCoverage(0.99, TimeSpan.FromHours(1)), terms[2].Terms);
        Assert.Equal(new InspectionAccess(TimeSpan.FromHours(24), InspectionType.Challenge, 0), terms[3].Terms);
        Assert.All(terms, t => Assert.Empty(CommitmentValidator.ValidateTerms(t.Terms)));
    }

    [Fact]
    public void Map_NoCapAndNoPause_NoCommitmentWithANote()
    {
        var d = TestDomains.PauseTreaty;

        var terms = DealCommitments.Map(d, d.OutcomeOf("no cap", "0", "50%", "7 days"));

        Assert.Equal((DealTermKind.ComputeCap, (CommitmentTerms?)null, "no cap agreed"), (terms[0].Kind!.Value, terms[0].Terms, terms[0].Note));
        Assert.Equal((DealTermKind.PauseMonths, (CommitmentTerms?)null, "no pause agreed"), (terms[1].Kind!.Value, terms[1].Terms, terms[1].Note));
        Assert.Equal(new InspectionAccess(TimeSpan.FromHours(168), InspectionType.Challenge, 0), terms[3].Terms);
    }

    [Fact]
    public void Map_DurationsAndBarePercentages_ConvertedToMonthsAndShares()
    {
        var d = new NegotiationDomain(
            "units",
            [Issue.Discrete("pause", ["1 year", "6 months"]), Issue.Discrete("coverage", ["95", "0.5"]), Issue.Discrete("sanction", ["1"])],
            [Party("a"), Party("b")]);

        var terms = DealCommitments.Map(d, new Outcome([0, 0, 0]));
        var other = DealCommitments.Map(d, new Outcome([1, 1, 0]));

        Assert.Equal(new PauseForMonths(12), ((PauseWindow)terms[0].Terms!).End);
        Assert.Equal(0.95, ((MonitoringCoverage)terms[1].Terms!).MinShare, 12);
        Assert.Null(terms[2].Kind);
        Assert.Equal(new PauseForMonths(6), ((PauseWindow)other[0].Terms!).End);
        Assert.Equal(0.5, ((MonitoringCoverage)other[1].Terms!).MinShare);
    }

    [Fact]
    public void Draft_LabsOnly_TextListsTermsAndEachLabsCommitments()
    {
        var d = TestDomains.PauseTreaty;
        var deal = Deal(d, "3e26", "0", "99%", "24 hours");

        var draft = DealAgreement.Draft("pause-2027", null, deal);

        Assert.Equal(["state-x", "lab-y"], draft.Draft.PartyIds);
        Assert.IsType<AllParties>(draft.Draft.Rule);
        Assert.Empty(AgreementValidator.Validate(draft.Draft));
        Assert.Equal("PauseTreaty: the deal of negotiation session s-1", draft.Draft.Title);
        Assert.Equal(
            "Agreement pause-2027, as negotiated in Accord session s-1 on the domain \"PauseTreaty\" (stacked alternating offers; agreed in round 90).\n" +
            "\nParties:\n- state-x, for ConcernedState\n- lab-y, for FrontierLab\n" +
            "\nTerms:\n- Per-run compute cap (FLOP) = 3e26\n- Pause length (months) = 0\n- Monitoring coverage = 99%\n- Inspection notice = 24 hours\n" +
            "\nCommitments each lab registers in the Accord registry, each binding once state-x, lab-y have signed pause-2027:\n" +
            "- lab-y: No training run above 3e26 FLOP (BF16, estimated from utilization)\n" +
            "- lab-y: At least 99% of declared devices report in every window of 1 hour\n" +
            "- lab-y: Admit challenge inspections with notice of at most 1 day, with no yearly limit\n" +
            "\nTerms that give no commitment:\n- Pause length (months) = 0: no pause agreed\n",
            draft.Draft.Text);
        Assert.All(draft.Commitments, c => Assert.Equal(new ActivationCondition("pause-2027", new AllOfParties(["state-x", "lab-y"])), c.Condition));
        Assert.Equal(
            "accord commit run-cap --max-flop 3e26 --title 'pause-2027: Per-run compute cap (FLOP) = 3e26' --if-signed pause-2027 --by state-x,lab-y",
            draft.Commitments[0].Command);
        Assert.Equal(
            "accord commit inspection --notice 24h --type challenge --title 'pause-2027: Inspection notice = 24 hours' --if-signed pause-2027 --by state-x,lab-y",
            draft.Commitments[2].Command);
    }

    [Fact]
    public void Draft_TitleGiven_TextUnchanged()
    {
        var deal = Deal(TestDomains.PauseTreaty, "1e26", "6", "80%", "7 days");

        var a = DealAgreement.Draft("x", null, deal);
        var b = DealAgreement.Draft("x", "A better title", deal);

        Assert.Equal("A better title", b.Draft.Title);
        Assert.Equal(a.Draft.Text, b.Draft.Text);
        Assert.Equal(a.Commitments, b.Commitments);
    }

    private static NegotiatedDeal Deal(NegotiationDomain d, params string[] labels) => new(
        "s-1",
        d.Name,
        "stacked alternating offers",
        90,
        DealCommitments.Map(d, d.OutcomeOf(labels)),
        [new DealParty("ConcernedState", "state-x", false), new DealParty("FrontierLab", "lab-y", true)]);

    private static PartyPreferences Party(string name) =>
        new(name, [1.0, 1.0, 1.0], [new LinearValueFunction(true), new LinearValueFunction(true), new LinearValueFunction(true)], 0, 1, []);
}
