using Accord.Client;
using Accord.Client.Governance;
using Accord.Core.Keys;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Google.Protobuf;
using Grpc.Core;

namespace Accord.IntegrationTests.Security;

/// <summary>
/// Roles other than lab are granted, not claimed (security finding 1): a party that claims inspector is refused and
/// nothing is stored; the governance body's signed acts grant and remove roles in sequence, each logged; an act
/// without its signatures, out of turn, or replayed changes nothing; one inspector cannot revoke the root another
/// relies on, and governance lifts a revocation so that honest enrolments work again.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class GovernedRolesTests(AccordServerFixture server)
{
    [Fact]
    public async Task RegisterParty_ClaimingInspector_RefusedNotSelfGranted_NothingStoredOrLogged()
    {
        var attacker = new TestParty(server.Registry, "self-insp-" + Guid.NewGuid().ToString("N")[..8], PartyRole.Lab);
        var registration = attacker.Registration();
        registration.Roles.Add(PartyRole.Inspector);
        var before = await LogSizeAsync();

        var e = await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "ROLE_NOT_SELF_GRANTED",
            () => server.Registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = attacker.Sign(registration) }).ResponseAsync);

        Assert.Contains("roles[1]", Refusals.ViolatedFields(e));
        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_PARTY", () => server.Registry.GetPartyAsync(new GetPartyRequest { PartyId = attacker.Id }).ResponseAsync);
        Assert.Equal(before, await LogSizeAsync());
    }

    [Fact]
    public async Task SelfRegisteredLab_CannotActAsInspector_TrustRevokeOrJudge()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var attacker = kit.Lab;
        var root = kit.Manufacturer.RootDer;

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_AN_INSPECTOR", () => kit.Devices.AddTrustRootAsync(new AddTrustRootRequest
        {
            Envelope = attacker.Sign(new TrustRootAddition { Header = RequestSigning.Header(attacker.Id), CertificateDer = ByteString.CopyFrom(OtherRoot()), Label = "mine" }),
        }).ResponseAsync);
        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_AN_INSPECTOR", () => kit.Devices.RevokeCertificateAsync(new RevokeCertificateRequest
        {
            Envelope = attacker.Sign(new TrustRevocation { Header = RequestSigning.Header(attacker.Id), CertificateSha256 = Sha256(root), Reason = "sabotage" }),
        }).ResponseAsync);

        var trust = await kit.Devices.ListTrustAsync(new ListTrustRequest());
        Assert.Contains(trust.Roots, r => r.CertificateSha256 == Sha256(root));
        Assert.DoesNotContain(trust.Revocations, r => r.CertificateSha256 == Sha256(root));
    }

    [Fact]
    public async Task Grant_SignedByGovernance_MakesAnInspector_LoggedAndInTheRecord_RevokeTakesItAway()
    {
        var party = await NoRolesAsync("grantee");

        var granted = await TestGovernance.GrantAsync(server.Registry, party.Id, PartyRole.Inspector);

        Assert.Equal([PartyRole.Inspector], granted.Party.Roles);
        var change = Assert.Single(granted.Party.RoleChanges);
        Assert.Equal((granted.Sequence, PartyRole.Inspector, true, granted.Receipt.Index), (change.Sequence, change.Role, change.Granted, change.LogIndex));
        var logged = (await server.Log.GetEntriesAsync(new GetEntriesRequest { Start = granted.Receipt.Index, Count = 1 })).Entries[0];
        Assert.Equal(GovernanceAct.Descriptor.FullName, Envelope.Parser.ParseFrom(logged.Entry).PayloadType);
        Assert.Equal(party.Id, GovernanceAct.Parser.ParseFrom(Envelope.Parser.ParseFrom(logged.Entry).Payload).GrantRole.PartyId);

        // Now an inspector: it may trust a root.
        await new DeviceService.DeviceServiceClient(server.Channel).AddTrustRootAsync(new AddTrustRootRequest
        {
            Envelope = party.Sign(new TrustRootAddition { Header = RequestSigning.Header(party.Id), CertificateDer = ByteString.CopyFrom(OtherRoot()), Label = "granted" }),
        });

        var revoked = await GovernanceActs.EnactAsync(server.Registry, s => GovernanceActs.RevokeRole(s, party.Id, PartyRole.Inspector, "term ended"), [TestGovernance.Key], CancellationToken.None);

        Assert.Empty(revoked.Party.Roles);
        Assert.Equal([true, false], revoked.Party.RoleChanges.Select(c => c.Granted));
        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_AN_INSPECTOR", () => new DeviceService.DeviceServiceClient(server.Channel).AddTrustRootAsync(new AddTrustRootRequest
        {
            Envelope = party.Sign(new TrustRootAddition { Header = RequestSigning.Header(party.Id), CertificateDer = ByteString.CopyFrom(OtherRoot()), Label = "after" }),
        }).ResponseAsync);
    }

    [Fact]
    public async Task Grant_NotSignedByGovernance_OutOfTurnOrReplayed_RefusedAndChangesNothing()
    {
        var party = await NoRolesAsync("pretender");
        using var impostor = PartyKeyPair.Generate();
        var next = (await server.Registry.GetGovernanceAsync(new GetGovernanceRequest())).LastSequence + 1;

        // Signed by the party itself, or by any key that is not the body's: below the threshold.
        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "GOVERNANCE_THRESHOLD_NOT_MET",
            () => Govern(GovernanceActs.Sign(GovernanceActs.GrantRole(next, party.Id, PartyRole.Inspector, "self"), [impostor, party.Key])));

        // The body's signature over a forged payload does not verify.
        var forged = GovernanceActs.Sign(GovernanceActs.GrantRole(next, "someone-else", PartyRole.Inspector, "forged"), [TestGovernance.Key]);
        forged.Payload = GovernanceActs.GrantRole(next, party.Id, PartyRole.Inspector, "forged").ToByteString();
        await Refusals.AssertRefusedAsync(StatusCode.Unauthenticated, "BAD_SIGNATURE", () => Govern(forged));

        // A real act, replayed once applied.
        var act = await GovernanceActs.EnactAsync(server.Registry, s => GovernanceActs.GrantRole(s, party.Id, PartyRole.Negotiator, "real"), [TestGovernance.Key], CancellationToken.None);
        var logged = Envelope.Parser.ParseFrom((await server.Log.GetEntriesAsync(new GetEntriesRequest { Start = act.Receipt.Index, Count = 1 })).Entries[0].Entry);
        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "GOVERNANCE_SEQUENCE", () => Govern(logged));

        // Far out of turn.
        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "GOVERNANCE_SEQUENCE",
            () => Govern(GovernanceActs.Sign(GovernanceActs.GrantRole(act.Sequence + 1000, party.Id, PartyRole.Inspector, "later"), [TestGovernance.Key])));

        var record = (await server.Registry.GetPartyAsync(new GetPartyRequest { PartyId = party.Id })).Party;
        Assert.Equal([PartyRole.Negotiator], record.Roles);
        Assert.Single(record.RoleChanges);
    }

    [Fact]
    public async Task RevokeRoot_OfAnotherInspector_Refused_GovernanceLiftsARevocation_EnrolmentWorksAgain()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var rogue = await TestParty.RegisterAsync(server.Registry, "rogue", PartyRole.Inspector);
        var root = Sha256(kit.Manufacturer.RootDer);

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "ROOT_OF_ANOTHER_INSPECTOR", () => kit.Devices.RevokeCertificateAsync(new RevokeCertificateRequest
        {
            Envelope = rogue.Sign(new TrustRevocation { Header = RequestSigning.Header(rogue.Id), CertificateSha256 = root, Reason = "sabotage" }),
        }).ResponseAsync);

        // A device certificate any inspector may revoke; governance can lift it.
        var device = kit.NewDevice();
        var deviceSha = Sha256(device.ChainDer[0]);
        await kit.Devices.RevokeCertificateAsync(new RevokeCertificateRequest
        {
            Envelope = rogue.Sign(new TrustRevocation { Header = RequestSigning.Header(rogue.Id), CertificateSha256 = deviceSha, Reason = "mistaken" }),
        });
        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "REVOKED", () => kit.EnrolAsync(device));

        var lifted = await GovernanceActs.EnactAsync(server.Registry, s => GovernanceActs.ReinstateCertificate(s, deviceSha, "revoked in error"), [TestGovernance.Key], CancellationToken.None);

        Assert.True(lifted.Receipt.Index > 0);
        Assert.DoesNotContain((await kit.Devices.ListTrustAsync(new ListTrustRequest())).Revocations, r => r.CertificateSha256 == deviceSha);
        Assert.Equal(device.DeviceId, (await kit.EnrolAsync(device)).DeviceId);
        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "NOT_REVOKED",
            () => GovernanceActs.EnactAsync(server.Registry, s => GovernanceActs.ReinstateCertificate(s, deviceSha, "again"), [TestGovernance.Key], CancellationToken.None));
    }

    private async Task<TestParty> NoRolesAsync(string prefix)
    {
        var party = new TestParty(server.Registry, prefix + "-" + Guid.NewGuid().ToString("N")[..8], PartyRole.Unspecified);
        var registered = await server.Registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = party.Sign(party.Registration()) });
        Assert.Empty(registered.Party.Roles);
        return party;
    }

    private Task<GovernResponse> Govern(Envelope envelope) => server.Registry.GovernAsync(new GovernRequest { Envelope = envelope }).ResponseAsync;

    private async Task<long> LogSizeAsync() => (await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize;

    private static byte[] OtherRoot() => Accord.DevTools.TestManufacturer.Create("Other Fab " + Guid.NewGuid().ToString("N")[..6], DateTimeOffset.UtcNow).RootDer;

    private static string Sha256(byte[] der) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(der));
}
