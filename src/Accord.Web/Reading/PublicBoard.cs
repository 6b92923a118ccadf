using Accord.Client;
using Accord.Protos.V1;

namespace Accord.Web.Reading;

/// <summary>What the public board shows: every party, commitment and agreement, optionally narrowed by an id prefix.</summary>
public sealed record PublicBoard(IReadOnlyList<PartyRecord> Parties, IReadOnlyList<CommitmentRecord> Commitments, IReadOnlyList<AgreementRecord> Agreements)
{
    /// <summary>Reads every page of the three listings.</summary>
    public static async Task<PublicBoard> ReadAsync(AccordServers servers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var parties = await Listings.PartiesAsync(servers.Registry, cancellationToken);
        var commitments = await Listings.CommitmentsAsync(servers.Registry, cancellationToken: cancellationToken);
        var agreements = await Listings.AgreementsAsync(servers.Registry, cancellationToken: cancellationToken);
        return new PublicBoard(parties, commitments, agreements);
    }

    /// <summary>
    /// Only the records whose id starts with <paramref name="prefix"/> (a party's commitments and agreements stay
    /// when the prefix names the party); everything when it is empty.
    /// </summary>
    public PublicBoard Narrowed(string? prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return this;
        }

        var p = prefix.Trim();
        bool Starts(string id) => id.StartsWith(p, StringComparison.OrdinalIgnoreCase);
        return new PublicBoard(
            [.. Parties.Where(x => Starts(x.PartyId))],
            [.. Commitments.Where(x => Starts(x.CommitmentId) || Starts(x.PartyId))],
            [.. Agreements.Where(x => Starts(x.AgreementId) || x.PartyIds.Any(Starts))]);
    }
}
