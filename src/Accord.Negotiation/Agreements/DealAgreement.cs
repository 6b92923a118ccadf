using System.Globalization;
using System.Text;
using Accord.Core.Agreements;
using Accord.Core.Commitments;

namespace Accord.Negotiation.Agreements;

/// <summary>A party to a negotiated agreement.</summary>
/// <param name="Seat">The party's name in the domain.</param>
/// <param name="PartyId">The registry party that held the seat.</param>
/// <param name="IsLab">Whether the registry party is a lab (only labs register commitments).</param>
public sealed record DealParty(string Seat, string PartyId, bool IsLab);

/// <summary>What the agreement is drafted from.</summary>
/// <param name="SessionId">The negotiation session.</param>
/// <param name="Domain">The domain's name.</param>
/// <param name="Protocol">The protocol, in words (e.g. "stacked alternating offers").</param>
/// <param name="Rounds">The rounds played.</param>
/// <param name="Terms">The deal, issue by issue (<see cref="DealCommitments.Map"/>).</param>
/// <param name="Parties">The parties, in seat order.</param>
public sealed record NegotiatedDeal(string SessionId, string Domain, string Protocol, int Rounds, IReadOnlyList<DealTerm> Terms, IReadOnlyList<DealParty> Parties);

/// <summary>A commitment one lab is expected to register once the deal is an agreement.</summary>
/// <param name="PartyId">The lab.</param>
/// <param name="Issue">The issue it comes from.</param>
/// <param name="Title">The commitment's title.</param>
/// <param name="Terms">Its terms.</param>
/// <param name="Condition">Its activation condition: every party to the agreement has signed.</param>
/// <param name="Description">The commitment in words.</param>
/// <param name="Command">The <c>accord commit</c> command line that registers it (without --key and --server).</param>
public sealed record PartyCommitment(string PartyId, string Issue, string Title, CommitmentTerms Terms, ActivationCondition Condition, string Description, string Command);

/// <summary>The agreement proposal a deal stands for.</summary>
/// <param name="Draft">Agreement id, title, text, parties (seat order) and rule (all parties).</param>
/// <param name="Commitments">The commitments each lab is expected to register, lab by lab in seat order, then issue order.</param>
public sealed record DealAgreementDraft(AgreementDraft Draft, IReadOnlyList<PartyCommitment> Commitments);

/// <summary>
/// Drafts the registry agreement for an agreed deal: its text states the session, each party and its
/// seat, each issue = value, and the commitments every lab party registers conditioned on every
/// party signing the agreement. The text is a function of the agreement id and the deal only (not
/// of the title), so a server can check that a signed proposal carries exactly it.
/// </summary>
public static class DealAgreement
{
    /// <summary>The title used when none is given.</summary>
    public static string DefaultTitle(string domain, string sessionId) => Clip($"{domain}: the deal of negotiation session {sessionId}", AgreementLimits.MaxTitleLength);

    /// <summary>The draft for <paramref name="deal"/> as agreement <paramref name="agreementId"/>.</summary>
    public static DealAgreementDraft Draft(string agreementId, string? title, NegotiatedDeal deal)
    {
        ArgumentNullException.ThrowIfNull(agreementId);
        ArgumentNullException.ThrowIfNull(deal);
        var partyIds = deal.Parties.Select(p => p.PartyId).ToArray();
        var condition = new ActivationCondition(agreementId, new AllOfParties(partyIds));
        var commitments = new List<PartyCommitment>();
        foreach (var party in deal.Parties.Where(p => p.IsLab))
        {
            foreach (var term in deal.Terms)
            {
                if (term.Terms is { } terms)
                {
                    var commitmentTitle = Clip($"{agreementId}: {term.Issue} = {term.Value}", CommitmentLimits.MaxTitleLength);
                    commitments.Add(new PartyCommitment(party.PartyId, term.Issue, commitmentTitle, terms, condition, CommitmentText.Describe(terms), Command(commitmentTitle, terms, condition)));
                }
            }
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Agreement {agreementId}, as negotiated in Accord session {deal.SessionId} on the domain \"{deal.Domain}\" ({deal.Protocol}; agreed in round {deal.Rounds}).\n");
        text.Append("\nParties:\n");
        foreach (var p in deal.Parties)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {p.PartyId}, for {p.Seat}\n");
        }

        text.Append("\nTerms:\n");
        foreach (var term in deal.Terms)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {term.Issue} = {term.Value}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nCommitments each lab registers in the Accord registry, each binding once {string.Join(", ", partyIds)} have signed {agreementId}:\n");
        if (commitments.Count == 0)
        {
            text.Append("- none (no term maps to a commitment, or no party is a lab)\n");
        }

        foreach (var c in commitments)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {c.PartyId}: {c.Description}\n");
        }

        var unmapped = deal.Terms.Where(t => t.Kind is not null && t.Terms is null).ToArray();
        if (unmapped.Length > 0)
        {
            text.Append("\nTerms that give no commitment:\n");
            foreach (var t in unmapped)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {t.Issue} = {t.Value}: {t.Note}\n");
            }
        }

        var draft = new AgreementDraft(agreementId, string.IsNullOrEmpty(title) ? DefaultTitle(deal.Domain, deal.SessionId) : title, text.ToString(), partyIds, new AllParties());
        return new DealAgreementDraft(draft, commitments);
    }

    /// <summary>The <c>accord commit</c> command line for <paramref name="terms"/> (the kinds a deal maps to).</summary>
    public static string Command(string title, CommitmentTerms terms, ActivationCondition condition)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(condition);
        var kind = terms switch
        {
            TrainingRunComputeCap t => $"run-cap --max-flop {CommitmentText.Flop(t.MaxFlop)}",
            PauseWindow { End: PauseForMonths m } t => $"pause --above {CommitmentText.Flop(t.ScopeMinFlop)} --months {m.Months.ToString(CultureInfo.InvariantCulture)}",
            MonitoringCoverage t => $"coverage --min-share {t.MinShare.ToString("R", CultureInfo.InvariantCulture)} --window {Hours(t.Window)}",
            InspectionAccess t => $"inspection --notice {Hours(t.NoticePeriod)} --type {(t.Type == InspectionType.Challenge ? "challenge" : "routine")}",
            _ => throw new ArgumentException($"no command for {terms.Kind}", nameof(terms)),
        };
        var when = condition.Requirement is AllOfParties all ? $"--by {string.Join(',', all.PartyIds)}" : string.Empty;
        return $"accord commit {kind} --title {Quote(title)} --if-signed {condition.AgreementId} {when}".TrimEnd();
    }

    private static string Hours(TimeSpan span) => span.TotalHours.ToString("R", CultureInfo.InvariantCulture) + "h";

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}
