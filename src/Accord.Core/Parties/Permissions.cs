// Who may do what (docs/api.md, "Who may do what"): every role and ownership rule of the API, in one
// table. Services check the role when they authenticate a request; the grain that holds the subject
// (a device, a commitment, a seat, an agreement) checks ownership. Both call Permissions.Check.
using Accord.Core.Common;

namespace Accord.Core.Parties;

/// <summary>Something a party asks Accord to do, or to show, that not every party may.</summary>
public enum PartyAction
{
    /// <summary>Trust a manufacturer root (DeviceService.AddTrustRoot).</summary>
    AddTrustRoot,

    /// <summary>Revoke a certificate (DeviceService.RevokeCertificate).</summary>
    RevokeCertificate,

    /// <summary>Enrol a device (DeviceService.EnrolDevice).</summary>
    EnrolDevice,

    /// <summary>Certify a device's reporting key (DeviceService.SubmitReportingKey).</summary>
    SubmitReportingKey,

    /// <summary>Ask, signed, for a challenge nobody else can evict (DeviceService.GetChallenge with an envelope).</summary>
    RequestChallenge,

    /// <summary>Open the monitoring stream and send a device's reports (MonitoringService.Stream).</summary>
    StreamReports,

    /// <summary>Make a commitment (RegistryService.RegisterCommitment).</summary>
    RegisterCommitment,

    /// <summary>Withdraw a commitment (RegistryService.WithdrawCommitment).</summary>
    WithdrawCommitment,

    /// <summary>Attest a pause's condition (RegistryService.AttestCondition).</summary>
    AttestCondition,

    /// <summary>Sign an agreement (RegistryService.SignAgreement).</summary>
    SignAgreement,

    /// <summary>Give notice of a training run (ComplianceService.NotifyTraining).</summary>
    NotifyTraining,

    /// <summary>Issue a verdict (ComplianceService.IssueVerdict).</summary>
    IssueVerdict,

    /// <summary>Have the compliance ledger's findings and their evidence prepared for a verdict (ComplianceService.PrepareVerdict).</summary>
    PrepareVerdict,

    /// <summary>Read a party's per-run details (ComplianceService.GetRunDetails).</summary>
    ReadRunDetails,

    /// <summary>Watch a party's violations, or everyone's (ComplianceService.WatchViolations).</summary>
    WatchViolations,

    /// <summary>Read a device's monitoring report bytes from the log (TransparencyLogService.GetEntries).</summary>
    ReadReportBytes,

    /// <summary>Read a device's totals: reports, FLOP, active seconds (DeviceService.GetDevice, ListDevices).</summary>
    ReadDeviceTotals,

    /// <summary>See a negotiation seat's utilities (NegotiationService.GetSession, WatchSession, SubmitMove).</summary>
    ReadSeatUtilities,

    /// <summary>Move for a human seat (NegotiationService.SubmitMove).</summary>
    SubmitMove,

    /// <summary>Start or resume a negotiation session (NegotiationService.RunSession).</summary>
    RunSession,
}

/// <summary>The party asking, with its roles.</summary>
/// <param name="PartyId">The authenticated party id.</param>
/// <param name="Roles">
/// Its roles; null where they are not known (a grain holds only the party id): then only ownership is
/// checked, the roles having been checked where the request was authenticated.
/// </param>
public sealed record ActingParty(string PartyId, IReadOnlyList<PartyRole>? Roles)
{
    /// <summary>A party whose roles are stored by name (as <c>PartyState.Roles</c>); names of no role are ignored.</summary>
    public static ActingParty WithRoleNames(string partyId, IEnumerable<string> roleNames)
    {
        ArgumentNullException.ThrowIfNull(roleNames);
        var roles = new List<PartyRole>();
        foreach (var name in roleNames)
        {
            if (Enum.TryParse<PartyRole>(name, ignoreCase: false, out var role) && Enum.IsDefined(role) && !int.TryParse(name, out _))
            {
                roles.Add(role);
            }
        }

        return new ActingParty(partyId, roles);
    }

    /// <summary>A party known only by id: <see cref="Permissions.Check"/> checks ownership only.</summary>
    public static ActingParty ById(string partyId) => new(partyId, null);
}

/// <summary>What an action is on, and whose it is.</summary>
/// <param name="Id">The device id, commitment id, seat number, agreement id or party id; empty for everyone's.</param>
/// <param name="Owners">The parties it belongs to (a device's or commitment's party, a seat's party, an agreement's parties); empty when it is no one party's.</param>
public sealed record PermissionSubject(string Id, IReadOnlyList<string> Owners)
{
    /// <summary>Everything of this kind, every party's (a feed of all violations, every device's reports): only the roles that see all may.</summary>
    public static PermissionSubject Everyone { get; } = new(string.Empty, []);

    /// <summary><paramref name="id"/>, belonging to <paramref name="owner"/>.</summary>
    public static PermissionSubject Of(string id, string owner) => new(id, [owner]);

    /// <summary>A party's own things (its run details, its violations).</summary>
    public static PermissionSubject Party(string partyId) => new(partyId, [partyId]);
}

/// <summary>The one table of who may do what, and the refusal when not.</summary>
public static class Permissions
{
    /// <summary>Written in the table for a role that may.</summary>
    public const string Yes = "yes";

    /// <summary>Written in the table for a role that may not.</summary>
    public const string No = "no";

    /// <summary>Written in the table for a role that may on everyone's.</summary>
    public const string Any = "any";

    private static readonly Dictionary<PartyAction, Rule> Rules = new()
    {
        [PartyAction.AddTrustRoot] = Role(PartyRole.Inspector, "DeviceService.AddTrustRoot"),
        [PartyAction.RevokeCertificate] = Role(PartyRole.Inspector, "DeviceService.RevokeCertificate"),
        [PartyAction.EnrolDevice] = Role(PartyRole.Lab, "DeviceService.EnrolDevice"),
        [PartyAction.SubmitReportingKey] = Role(PartyRole.Lab, "DeviceService.SubmitReportingKey") with
        {
            Access = Access.Owner,
            Owned = "own device",
            NotOwner = (actor, subject) => new(RefusalCode.PermissionDenied, "NOT_OWNER",
                $"device {subject.Id} is not enrolled by '{actor.PartyId}'", "certificate"),
        },
        [PartyAction.RequestChallenge] = Role(PartyRole.Lab, "DeviceService.GetChallenge (signed)") with
        {
            Access = Access.Owner,
            Owned = "own device, or one not enrolled with evidence",
            NotOwner = (actor, subject) => new(RefusalCode.PermissionDenied, "NOT_OWNER",
                $"device {subject.Id} is not enrolled by '{actor.PartyId}'", "envelope"),
        },
        [PartyAction.StreamReports] = Role(PartyRole.Lab, "MonitoringService.Stream") with
        {
            Access = Access.Owner,
            Owned = "own devices",
            NotOwner = (actor, subject) => new(RefusalCode.PermissionDenied, "NOT_OWNER",
                $"device {subject.Id} is not enrolled by '{actor.PartyId}'"),
        },
        [PartyAction.RegisterCommitment] = Role(PartyRole.Lab, "RegistryService.RegisterCommitment") with
        {
            NotInRole = actor => new(RefusalCode.PermissionDenied, "NOT_A_LAB",
                $"only a lab can make commitments; party '{actor.PartyId}' is {string.Join(", ", actor.Roles ?? []).ToLowerInvariant()}"),
        },
        [PartyAction.WithdrawCommitment] = Owned("RegistryService.WithdrawCommitment", "own commitment",
            (actor, subject) => new(RefusalCode.PermissionDenied, "NOT_OWNER",
                $"party '{actor.PartyId}' cannot withdraw a commitment of party '{string.Join(", ", subject.Owners)}'", "commitment_id")),
        [PartyAction.AttestCondition] = Role(PartyRole.Inspector, "RegistryService.AttestCondition"),
        [PartyAction.SignAgreement] = Owned("RegistryService.SignAgreement", "named in it",
            (actor, subject) => new(RefusalCode.PermissionDenied, "NOT_A_PARTY",
                $"party '{actor.PartyId}' is not a party to agreement '{subject.Id}'", "header.party_id")),
        [PartyAction.NotifyTraining] = Role(PartyRole.Lab, "ComplianceService.NotifyTraining"),
        [PartyAction.IssueVerdict] = Role(PartyRole.Inspector, "ComplianceService.IssueVerdict"),
        [PartyAction.PrepareVerdict] = Role(PartyRole.Inspector, "ComplianceService.PrepareVerdict"),
        [PartyAction.ReadRunDetails] = Owned("ComplianceService.GetRunDetails", "own",
            (_, subject) => new(RefusalCode.PermissionDenied, "NOT_PERMITTED",
                $"per-run details of '{subject.Id}' are visible only to that party and to inspectors")) with { Access = Access.OwnerOrInspector },
        [PartyAction.WatchViolations] = Owned("ComplianceService.WatchViolations", "own",
            (_, _) => new(RefusalCode.PermissionDenied, "NOT_PERMITTED",
                "a party that is not an inspector may watch only its own violations")) with { Access = Access.OwnerOrInspector },
        [PartyAction.ReadReportBytes] = Owned("TransparencyLogService.GetEntries", "own devices'",
            (_, subject) => new(RefusalCode.PermissionDenied, "NOT_PERMITTED",
                $"the reports of device {subject.Id} are visible only to its party and to inspectors")) with { Access = Access.OwnerOrInspector },
        [PartyAction.ReadDeviceTotals] = Owned("DeviceService.GetDevice", "own devices'",
            (_, subject) => new(RefusalCode.PermissionDenied, "NOT_PERMITTED",
                $"the totals of device {subject.Id} are visible only to its party and to inspectors")) with { Access = Access.OwnerOrInspector },
        [PartyAction.ReadSeatUtilities] = Owned("NegotiationService.GetSession", "own seat",
            (_, subject) => new(RefusalCode.PermissionDenied, "NOT_PERMITTED",
                $"the utilities of seat {subject.Id} are its party's private preferences")),
        [PartyAction.RunSession] = Owned("NegotiationService.RunSession", "own session (created it or holds a seat)",
            (actor, subject) => new(RefusalCode.PermissionDenied, "NOT_PERMITTED",
                $"party '{actor.PartyId}' neither created session '{subject.Id}' nor holds one of its seats", "header.party_id")),
        [PartyAction.SubmitMove] = Owned("NegotiationService.SubmitMove", "own seat",
            (actor, subject) => new(RefusalCode.PermissionDenied, "NOT_SEAT_OWNER",
                $"seat {subject.Id} belongs to party '{string.Join(", ", subject.Owners)}', not '{actor.PartyId}'", "header.party_id")),
    };

    private enum Access
    {
        // Any party in the role.
        Anyone,

        // Only a party the subject belongs to.
        Owner,

        // A party the subject belongs to, or an inspector.
        OwnerOrInspector,
    }

    /// <summary>
    /// Whether <paramref name="actor"/> may do <paramref name="action"/> on <paramref name="subject"/>: null when it
    /// may, else the refusal (status, reason, message and field as the API documents them). Checks, in order:
    /// <list type="number">
    /// <item>the role the action needs (<c>NOT_A_LAB</c>, <c>NOT_AN_INSPECTOR</c>), when <see cref="ActingParty.Roles"/> is known;</item>
    /// <item>ownership (<c>NOT_OWNER</c>, <c>NOT_A_PARTY</c>, <c>NOT_SEAT_OWNER</c>, <c>NOT_PERMITTED</c>), when a
    /// <paramref name="subject"/> is given: the actor must be one of its owners, or, where the action allows it,
    /// an inspector. <see cref="PermissionSubject.Everyone"/> has no owner: only inspectors pass.</item>
    /// </list>
    /// Without a subject only the role is checked: the stage where a request is authenticated, before the grain
    /// that holds the subject checks the rest with <see cref="ActingParty.ById"/>.
    /// </summary>
    public static Refusal? Check(PartyAction action, ActingParty actor, PermissionSubject? subject = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rule = RuleOf(action);
        if (actor.Roles is { } roles && rule.Role is { } role && !roles.Contains(role))
        {
            return rule.NotInRole(actor);
        }

        if (subject is null || rule.Access == Access.Anyone)
        {
            return null;
        }

        if (subject.Owners.Contains(actor.PartyId, StringComparer.Ordinal))
        {
            return null;
        }

        if (rule.Access == Access.OwnerOrInspector && actor.Roles?.Contains(PartyRole.Inspector) == true)
        {
            return null;
        }

        return rule.NotOwner!(actor, subject);
    }

    /// <summary>Whether <see cref="Check"/> allows.</summary>
    public static bool Allows(PartyAction action, ActingParty actor, PermissionSubject? subject = null) =>
        Check(action, actor, subject) is null;

    /// <summary>
    /// What a party in <paramref name="role"/> alone may do, as the table in docs/api.md writes it: <see cref="Yes"/>,
    /// <see cref="No"/>, <see cref="Any"/> (everyone's), or whose (e.g. "own device").
    /// </summary>
    public static string Describe(PartyAction action, PartyRole role)
    {
        var rule = RuleOf(action);
        if (rule.Role is { } needed && needed != role)
        {
            return No;
        }

        return rule.Access switch
        {
            Access.Anyone => Yes,
            Access.OwnerOrInspector when role == PartyRole.Inspector => Any,
            _ => rule.Owned,
        };
    }

    /// <summary>The reasons <see cref="Check"/> can refuse <paramref name="action"/> with, role first.</summary>
    public static IReadOnlyList<string> Reasons(PartyAction action)
    {
        var rule = RuleOf(action);
        var probe = new ActingParty("p", []);
        var reasons = new List<string>();
        if (rule.Role is not null)
        {
            reasons.Add(rule.NotInRole(probe).Reason);
        }

        if (rule.Access != Access.Anyone)
        {
            reasons.Add(rule.NotOwner!(probe, PermissionSubject.Everyone).Reason);
        }

        return reasons;
    }

    /// <summary>The RPC <paramref name="action"/> is, as <c>Service.Method</c>.</summary>
    public static string Rpc(PartyAction action) => RuleOf(action).Rpc;

    private static Rule RuleOf(PartyAction action) =>
        Rules.TryGetValue(action, out var rule) ? rule : throw new ArgumentOutOfRangeException(nameof(action), action, "Not a defined action.");

    private static Rule Role(PartyRole role, string rpc) => new(rpc, role, Access.Anyone, Yes, RoleRefusal(role), null);

    private static Rule Owned(string rpc, string owned, Func<ActingParty, PermissionSubject, Refusal> notOwner) =>
        new(rpc, null, Access.Owner, owned, _ => throw new InvalidOperationException("No role to refuse."), notOwner);

    private static Func<ActingParty, Refusal> RoleRefusal(PartyRole role) => role switch
    {
        PartyRole.Lab => actor => new(RefusalCode.PermissionDenied, "NOT_A_LAB", $"party '{actor.PartyId}' is not a lab"),
        PartyRole.Inspector => actor => new(RefusalCode.PermissionDenied, "NOT_AN_INSPECTOR", $"party '{actor.PartyId}' is not an inspector"),
        _ => actor => new(RefusalCode.PermissionDenied, "NOT_A_NEGOTIATOR", $"party '{actor.PartyId}' is not a negotiator"),
    };

    private sealed record Rule(
        string Rpc,
        PartyRole? Role,
        Access Access,
        string Owned,
        Func<ActingParty, Refusal> NotInRole,
        Func<ActingParty, PermissionSubject, Refusal>? NotOwner);
}
