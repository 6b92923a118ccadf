using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Security;

/// <summary>
/// Privacy as documented: a device's totals (reports, FLOP, active seconds) are per-device detail, shown to its
/// lab and to inspectors and withheld from anyone else, anonymous or another lab; the rest of the record is public.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DeviceTotalsPrivacyTests(AccordServerFixture server)
{
    [Fact]
    public async Task GetAndListDevices_TotalsShownToItsLabAndInspectorsOnly()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        await kit.StreamAsync(kit.Lab, [reporter.NextSigned(), reporter.NextSigned(), reporter.NextSigned()]);
        var otherLab = await TestParty.RegisterAsync(server.Registry, "lab");
        var id = reporter.Device.DeviceId;

        var asLab = await kit.ReadDeviceAsync(id);
        var asInspector = await kit.ReadDeviceAsync(id, kit.Inspector);
        var asOtherLab = await kit.ReadDeviceAsync(id, otherLab);
        var asAnyone = (await kit.Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = id })).Device;
        var listed = (await kit.Devices.ListDevicesAsync(new ListDevicesRequest { PartyId = kit.Lab.Id })).Devices.Single(d => d.DeviceId == id);

        Assert.Equal(3ul, asLab.Reports);
        Assert.True(asLab.TotalFlop > 0);
        Assert.False(asLab.TotalsWithheld);
        Assert.Equal(asLab.Reports, asInspector.Reports);
        Assert.Equal(asLab.TotalFlop, asInspector.TotalFlop);
        foreach (var hidden in new[] { asOtherLab, asAnyone, listed })
        {
            Assert.True(hidden.TotalsWithheld);
            Assert.Equal(0ul, hidden.Reports);
            Assert.Equal(0d, hidden.TotalFlop);
            Assert.Equal(0d, hidden.TotalActiveSeconds);

            // What is public stays: who operates it, its model, chain and reporting position.
            Assert.Equal(kit.Lab.Id, hidden.PartyId);
            Assert.Equal(asLab.LastSequence, hidden.LastSequence);
            Assert.Equal(asLab.ReportingKeyId, hidden.ReportingKeyId);
        }
    }
}
