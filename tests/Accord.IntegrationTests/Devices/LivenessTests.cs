using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Devices;

/// <summary>A device that stops reporting is marked silent, at a time that follows from its last report; the silence becomes evidence.</summary>
public sealed class LivenessTests : IAsyncLifetime
{
    private readonly AccordServerFixture _server = new()
    {
        Configure = options =>
        {
            options.Monitoring.ReportInterval = TimeSpan.FromSeconds(1);
            options.Monitoring.SilenceMultiple = 2;
            options.Monitoring.LivenessSweep = TimeSpan.FromMilliseconds(200);
        },
    };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Device_StopsReporting_MarkedSilentAtLastEndPlusTwoIntervalsThenSilenceRecordedWhenItResumes()
    {
        var kit = await DeviceKit.CreateAsync(_server);
        var reporter = await kit.ReadyDeviceAsync();
        reporter.IntervalEnd = DateTimeOffset.UtcNow.AddSeconds(-1);
        var ack = (await kit.StreamAsync(kit.Lab, [reporter.Sign(reporter.Next(length: TimeSpan.FromMilliseconds(500)))]))[0];
        Assert.Equal(ReportOutcome.Accepted, ack.Results[0].Outcome);
        reporter.Nonce = ack.Challenges[0].Nonce.ToByteArray();

        var silent = await WaitForSilence(kit, reporter.Device.DeviceId, TimeSpan.FromSeconds(20));

        Assert.Equal(silent.LastReportEnd.ToDateTimeOffset().AddSeconds(2), silent.SilentSince.ToDateTimeOffset());
        reporter.IntervalEnd = silent.SilentSince.ToDateTimeOffset().AddMilliseconds(10);
        var resumed = (await kit.StreamAsync(kit.Lab, [reporter.Sign(reporter.Next(length: TimeSpan.FromMilliseconds(50)))]))[0];
        Assert.Equal(ReportOutcome.Accepted, resumed.Results[0].Outcome);
        var after = (await kit.Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = reporter.Device.DeviceId })).Device;
        Assert.Null(after.SilentSince);
        var gap = Assert.Single(after.Gaps, g => g.Kind == "silent");
        Assert.Equal(silent.SilentSince, gap.From);
    }

    private static async Task<DeviceRecord> WaitForSilence(DeviceKit kit, string deviceId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var device = (await kit.Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = deviceId })).Device;
            if (device.SilentSince is not null)
            {
                return device;
            }

            Assert.True(DateTime.UtcNow < deadline, "the device was never marked silent");
            await Task.Delay(100);
        }
    }
}
