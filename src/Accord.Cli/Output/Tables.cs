using Accord.Core.Commitments;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Accord.Cli.Output;

/// <summary>Readable tables of registry records.</summary>
public static class Tables
{
    public static Table Parties(IEnumerable<PartyRecord> parties)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("party", "name", "roles", "key id");
        foreach (var p in parties)
        {
            table.AddRow(
                Printable.Markup(p.PartyId),
                Printable.Markup(p.DisplayName),
                p.Roles.Count == 0 ? "none" : string.Join(", ", p.Roles.Select(Role)),
                Short(p.Keys.FirstOrDefault()?.KeyId ?? ""));
        }

        return table;
    }

    public static Table Commitments(IEnumerable<CommitmentRecord> commitments)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("commitment", "party", "promise", "condition", "status", "ends");
        foreach (var c in commitments)
        {
            table.AddRow(
                Short(c.CommitmentId),
                Printable.Markup(c.PartyId),
                Printable.Markup(Promise(c.Terms)),
                Printable.Markup(Condition(c.Condition)),
                Status(c.Status),
                c.EndsAt is null ? "-" : c.EndsAt.ToDateTimeOffset().ToString("yyyy-MM-dd"));
        }

        return table;
    }

    public static IRenderable Agreement(AgreementRecord a)
    {
        var signers = a.Signatures.Select(s => s.PartyId).ToHashSet();
        var table = new Table().Border(TableBorder.Rounded).AddColumns("party", "signed", "when");
        foreach (var party in a.PartyIds)
        {
            var signature = a.Signatures.FirstOrDefault(s => s.PartyId == party);
            table.AddRow(
                Printable.Markup(party),
                signers.Contains(party) ? "[green]yes[/]" : "[grey]not yet[/]",
                signature is null ? "-" : signature.SignedAt.ToDateTimeOffset().ToString("u"));
        }

        return new Rows(new Markup($"[bold]{Printable.Markup(a.AgreementId)}[/]: {Printable.Markup(a.Title)} — {AgreementStatusText(a)}"), table);
    }

    public static Table Agreements(IEnumerable<AgreementRecord> agreements)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("agreement", "title", "parties", "status", "commitments");
        foreach (var a in agreements)
        {
            table.AddRow(
                Printable.Markup(a.AgreementId),
                Printable.Markup(a.Title),
                Printable.Markup(string.Join(", ", a.PartyIds)),
                AgreementStatusText(a),
                a.CommitmentIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return table;
    }

    public static string AgreementStatusText(AgreementRecord a)
    {
        var needed = a.Rule.RuleCase == ActivationRule.RuleOneofCase.Threshold ? (int)a.Rule.Threshold : a.PartyIds.Count;
        return a.Status == AgreementStatus.Active
            ? $"[green]active[/] ({a.Signatures.Count}/{a.PartyIds.Count} signed, {needed} needed)"
            : $"[yellow]proposed[/] ({a.Signatures.Count}/{a.PartyIds.Count} signed, {needed} needed)";
    }

    public static string Promise(Protos.V1.CommitmentTerms terms) => CommitmentWords.Promise(terms);

    public static string Condition(Protos.V1.ActivationCondition? condition) => CommitmentWords.Condition(condition);

    public static string Status(Protos.V1.CommitmentStatus status) => status switch
    {
        Protos.V1.CommitmentStatus.Active => "[green]active[/]",
        Protos.V1.CommitmentStatus.Pending => "[yellow]pending[/]",
        Protos.V1.CommitmentStatus.Withdrawn => "[grey]withdrawn[/]",
        Protos.V1.CommitmentStatus.Fulfilled => "[blue]fulfilled[/]",
        Protos.V1.CommitmentStatus.Breached => "[red]breached[/]",
        _ => "unknown",
    };

    public static string Short(string id) => id.Length > 12 ? id[..12] : id;

    private static string Role(PartyRole role) => CommitmentWords.Role(role);
}
