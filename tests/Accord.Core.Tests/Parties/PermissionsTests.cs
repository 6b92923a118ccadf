using System.Text;
using Accord.Core.Common;
using Accord.Core.Parties;

namespace Accord.Core.Tests.Parties;

public sealed class PermissionsTests
{
    private const string TableBegin = "<!-- permissions table: generated from Accord.Core.Parties.Permissions; PermissionsTests checks it -->";
    private const string TableEnd = "<!-- end of permissions table -->";

    private static readonly ActingParty LabA = new("lab-a", [PartyRole.Lab]);
    private static readonly ActingParty Inspector = new("insp", [PartyRole.Inspector]);
    private static readonly ActingParty Negotiator = new("neg", [PartyRole.Negotiator]);

    public static TheoryData<PartyAction> Actions
    {
        get
        {
            var data = new TheoryData<PartyAction>();
            foreach (var action in Enum.GetValues<PartyAction>())
            {
                data.Add(action);
            }

            return data;
        }
    }

    public static TheoryData<PartyAction, PartyRole> ActionsByRole
    {
        get
        {
            var data = new TheoryData<PartyAction, PartyRole>();
            foreach (var action in Enum.GetValues<PartyAction>())
            {
                foreach (var role in Enum.GetValues<PartyRole>())
                {
                    data.Add(action, role);
                }
            }

            return data;
        }
    }

    [Theory]
    [InlineData(PartyAction.EnrolDevice)]
    [InlineData(PartyAction.SubmitReportingKey)]
    [InlineData(PartyAction.StreamReports)]
    [InlineData(PartyAction.NotifyTraining)]
    public void Check_LabActionByAnInspector_NotALab(PartyAction action)
    {
        Assert.Equal(new Refusal(RefusalCode.PermissionDenied, "NOT_A_LAB", "party 'insp' is not a lab"), Permissions.Check(action, Inspector));
        Assert.Null(Permissions.Check(action, LabA));
    }

    [Theory]
    [InlineData(PartyAction.AddTrustRoot)]
    [InlineData(PartyAction.RevokeCertificate)]
    [InlineData(PartyAction.AttestCondition)]
    [InlineData(PartyAction.IssueVerdict)]
    public void Check_InspectorActionByALab_NotAnInspector(PartyAction action)
    {
        Assert.Equal(new Refusal(RefusalCode.PermissionDenied, "NOT_AN_INSPECTOR", "party 'lab-a' is not an inspector"), Permissions.Check(action, LabA));
        Assert.Null(Permissions.Check(action, Inspector));
    }

    [Fact]
    public void Check_RegisterCommitmentByANonLab_NamesItsRoles()
    {
        var party = new ActingParty("both", [PartyRole.Inspector, PartyRole.Negotiator]);

        Assert.Equal(
            new Refusal(RefusalCode.PermissionDenied, "NOT_A_LAB", "only a lab can make commitments; party 'both' is inspector, negotiator"),
            Permissions.Check(PartyAction.RegisterCommitment, party));
    }

    [Fact]
    public void Check_AnotherLabsDevice_NotOwnerNamingTheDevice()
    {
        var device = PermissionSubject.Of("GPU-1", "lab-b");

        Assert.Equal(
            new Refusal(RefusalCode.PermissionDenied, "NOT_OWNER", "device GPU-1 is not enrolled by 'lab-a'", "certificate"),
            Permissions.Check(PartyAction.SubmitReportingKey, LabA, device));
        Assert.Equal(
            new Refusal(RefusalCode.PermissionDenied, "NOT_OWNER", "device GPU-1 is not enrolled by 'lab-a'"),
            Permissions.Check(PartyAction.StreamReports, ActingParty.ById("lab-a"), device));
        Assert.Null(Permissions.Check(PartyAction.StreamReports, LabA, PermissionSubject.Of("GPU-1", "lab-a")));
    }

    [Fact]
    public void Check_RoleBeforeOwnership()
    {
        Assert.Equal("NOT_A_LAB", Permissions.Check(PartyAction.SubmitReportingKey, Inspector, PermissionSubject.Of("GPU-1", "lab-b"))?.Reason);
    }

    [Fact]
    public void Check_RolesUnknown_OnlyOwnershipChecked()
    {
        Assert.Null(Permissions.Check(PartyAction.EnrolDevice, ActingParty.ById("anyone")));
        Assert.Null(Permissions.Check(PartyAction.SubmitReportingKey, ActingParty.ById("lab-a"), PermissionSubject.Of("GPU-1", "lab-a")));
        Assert.Equal("NOT_OWNER", Permissions.Check(PartyAction.SubmitReportingKey, ActingParty.ById("lab-b"), PermissionSubject.Of("GPU-1", "lab-a"))?.Reason);
    }

    [Fact]
    public void Check_WithdrawAnotherPartysCommitment_NotOwner()
    {
        Assert.Equal(
            new Refusal(RefusalCode.PermissionDenied, "NOT_OWNER", "party 'lab-b' cannot withdraw a commitment of party 'lab-a'", "commitment_id"),
            Permissions.Check(PartyAction.WithdrawCommitment, ActingParty.ById("lab-b"), PermissionSubject.Of("c1", "lab-a")));
    }

    [Fact]
    public void Check_SignAnAgreementNotNamedIn_NotAParty()
    {
        var agreement = new PermissionSubject("deal-1", ["lab-a", "lab-b"]);

        Assert.Null(Permissions.Check(PartyAction.SignAgreement, ActingParty.ById("lab-b"), agreement));
        Assert.Equal(
            new Refusal(RefusalCode.PermissionDenied, "NOT_A_PARTY", "party 'lab-c' is not a party to agreement 'deal-1'", "header.party_id"),
            Permissions.Check(PartyAction.SignAgreement, ActingParty.ById("lab-c"), agreement));
    }

    [Fact]
    public void Check_MoveForAnotherPartysSeat_NotSeatOwner()
    {
        Assert.Equal(
            new Refusal(RefusalCode.PermissionDenied, "NOT_SEAT_OWNER", "seat 1 belongs to party 'lab-a', not 'neg'", "header.party_id"),
            Permissions.Check(PartyAction.SubmitMove, ActingParty.ById("neg"), PermissionSubject.Of("1", "lab-a")));
    }

    [Fact]
    public void Check_RunDetails_OwnPartyOrInspector()
    {
        var ofLabB = PermissionSubject.Party("lab-b");

        Assert.Null(Permissions.Check(PartyAction.ReadRunDetails, new ActingParty("lab-b", [PartyRole.Lab]), ofLabB));
        Assert.Null(Permissions.Check(PartyAction.ReadRunDetails, Inspector, ofLabB));
        Assert.Equal(
            new Refusal(RefusalCode.PermissionDenied, "NOT_PERMITTED", "per-run details of 'lab-b' are visible only to that party and to inspectors"),
            Permissions.Check(PartyAction.ReadRunDetails, LabA, ofLabB));
    }

    [Fact]
    public void Check_WatchEveryonesViolations_InspectorsOnly()
    {
        Assert.Null(Permissions.Check(PartyAction.WatchViolations, Inspector, PermissionSubject.Everyone));
        Assert.Null(Permissions.Check(PartyAction.WatchViolations, LabA, PermissionSubject.Party("lab-a")));
        Assert.Equal(
            new Refusal(RefusalCode.PermissionDenied, "NOT_PERMITTED", "a party that is not an inspector may watch only its own violations"),
            Permissions.Check(PartyAction.WatchViolations, LabA, PermissionSubject.Everyone));
        Assert.Equal("NOT_PERMITTED", Permissions.Check(PartyAction.WatchViolations, Negotiator, PermissionSubject.Party("lab-a"))?.Reason);
    }

    [Fact]
    public void Allows_ReportBytes_InspectorAllLabItsOwnDevices()
    {
        Assert.True(Permissions.Allows(PartyAction.ReadReportBytes, Inspector, PermissionSubject.Everyone));
        Assert.False(Permissions.Allows(PartyAction.ReadReportBytes, LabA, PermissionSubject.Everyone));
        Assert.True(Permissions.Allows(PartyAction.ReadReportBytes, LabA, PermissionSubject.Of("GPU-1", "lab-a")));
        Assert.False(Permissions.Allows(PartyAction.ReadReportBytes, LabA, PermissionSubject.Of("GPU-2", "lab-b")));
    }

    [Fact]
    public void WithRoleNames_StoredNames_ParsedAndUnknownIgnored()
    {
        var party = ActingParty.WithRoleNames("p", ["Lab", "Inspector", "lab", "7", "Pilot"]);

        Assert.Equal([PartyRole.Lab, PartyRole.Inspector], party.Roles);
    }

    /// <summary>The table's words say what <see cref="Permissions.Check"/> does, for a party holding that one role.</summary>
    [Theory]
    [MemberData(nameof(ActionsByRole))]
    public void Describe_EachActionAndRole_AgreesWithCheck(PartyAction action, PartyRole role)
    {
        var actor = new ActingParty("me", [role]);
        var own = PermissionSubject.Of("x", "me");
        var others = PermissionSubject.Of("x", "someone-else");

        var words = Permissions.Describe(action, role);

        switch (words)
        {
            case Permissions.No:
                Assert.NotNull(Permissions.Check(action, actor));
                break;
            case Permissions.Yes:
                Assert.Null(Permissions.Check(action, actor, others));
                break;
            case Permissions.Any:
                Assert.Null(Permissions.Check(action, actor, PermissionSubject.Everyone));
                break;
            default:
                Assert.Null(Permissions.Check(action, actor, own));
                Assert.NotNull(Permissions.Check(action, actor, others));
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void Reasons_EachAction_WhatCheckRefusesWith(PartyAction action)
    {
        var reasons = Permissions.Reasons(action);

        Assert.NotEmpty(reasons);
        foreach (var role in Enum.GetValues<PartyRole>())
        {
            var refusal = Permissions.Check(action, new ActingParty("me", [role]), PermissionSubject.Everyone);
            if (refusal is not null)
            {
                Assert.Contains(refusal.Reason, reasons);
                Assert.Equal(RefusalCode.PermissionDenied, refusal.Code);
            }
        }
    }

    [Fact]
    public void DocsApi_PermissionsTable_IsTheGeneratedOne()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "api.md"));
        var begin = docs.IndexOf(TableBegin, StringComparison.Ordinal);
        var end = docs.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs/api.md needs the permissions table between its markers:\n{TableBegin}\n{Table()}{TableEnd}");

        var written = docs[(begin + TableBegin.Length)..end].Trim('\n').ReplaceLineEndings("\n");

        Assert.True(written == Table().TrimEnd('\n'), $"docs/api.md's permissions table is out of date; it should read:\n{Table()}");
    }

    /// <summary>The table as docs/api.md holds it: one row per action, one column per role.</summary>
    private static string Table()
    {
        var roles = Enum.GetValues<PartyRole>();
        var table = new StringBuilder();
        table.Append("| action | RPC | ").AppendJoin(" | ", roles.Select(r => r.ToString().ToLowerInvariant())).Append(" | refused with |\n");
        table.Append("|---|---|").Append(string.Concat(roles.Select(_ => "---|"))).Append("---|\n");
        foreach (var action in Enum.GetValues<PartyAction>())
        {
            table.Append($"| `{action}` | `{Permissions.Rpc(action)}` | ")
                .AppendJoin(" | ", roles.Select(r => Permissions.Describe(action, r)))
                .Append(" | ")
                .AppendJoin(", ", Permissions.Reasons(action).Select(r => $"`{r}`"))
                .Append(" |\n");
        }

        return table.ToString();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Accord.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Accord.sln above '{AppContext.BaseDirectory}'.");
    }
}
