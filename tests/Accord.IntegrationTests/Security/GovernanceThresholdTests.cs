using Accord.Client.Governance;
using Accord.Core.Keys;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Server.Hosting;
using Accord.Testing;
using Accord.Testing.Server;
using Grpc.Core;

namespace Accord.IntegrationTests.Security;

/// <summary>A server whose governance body is three configured keys, two of which must sign: one signature grants nothing.</summary>
public sealed class GovernanceThresholdTests : IAsyncLifetime, IDisposable
{
    private readonly PartyKeyPair[] _keys = [PartyKeyPair.Generate(), PartyKeyPair.Generate(), PartyKeyPair.Generate()];
    private readonly AccordServerFixture _server;

    public GovernanceThresholdTests() => _server = new AccordServerFixture
    {
        Configure = o =>
        {
            o.Governance.Keys = [.. _keys.Select(k => Convert.ToBase64String(k.PublicKey.ToBytes()))];
            o.Governance.Threshold = 2;
        },
    };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    [Fact]
    public async Task TwoOfThree_OneSignatureRefused_TwoGrant_NoKeyFileInTheDataDirectory()
    {
        var body = await _server.Registry.GetGovernanceAsync(new GetGovernanceRequest());
        Assert.Equal((2u, 3, 0UL), (body.Threshold, body.Keys.Count, body.LastSequence));
        Assert.False(File.Exists(Path.Combine(_server.DataDirectory, "governance.key")));
        var party = new TestParty(_server.Registry, "candidate-" + Guid.NewGuid().ToString("N")[..8], PartyRole.Unspecified);
        await _server.Registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = party.Sign(party.Registration()) });

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "GOVERNANCE_THRESHOLD_NOT_MET",
            () => GovernanceActs.GrantRoleAsync(_server.Registry, party.Id, PartyRole.Inspector, "one signer", [_keys[1]], CancellationToken.None));
        Assert.Equal(0UL, (await _server.Registry.GetGovernanceAsync(new GetGovernanceRequest())).LastSequence);

        var granted = await GovernanceActs.GrantRoleAsync(_server.Registry, party.Id, PartyRole.Inspector, "two signers", [_keys[0], _keys[2]], CancellationToken.None);

        Assert.Equal(1UL, granted.Sequence);
        Assert.Equal([PartyRole.Inspector], granted.Party.Roles);
    }

    [Theory]
    [InlineData("not-base64!", 1, "is not a base64 raw 32-byte Ed25519 public key")]
    [InlineData(null, 2, "threshold must be 1 to 1")]
    public void BadGovernanceConfiguration_StopsTheServerWithOneLine(string? key, int threshold, string expected)
    {
        using var data = new TempDirectory("accord-governance-config-");
        var e = Assert.Throws<InvalidOperationException>(() => AccordServerHost.Build([], o =>
        {
            o.DataDirectory = data.Path;
            o.Port = 0;
            o.Governance.Keys = [key ?? Convert.ToBase64String(_keys[0].PublicKey.ToBytes())];
            o.Governance.Threshold = threshold;
        }));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
